import type { AuthedUser } from '../accounts/auth.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { applicationIdBySerial, applicationSerial } from '../applications/application.repository.ts';
import type { AuditEntry } from '../audit/audit.repository.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db, Executor } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { conflict, notFound } from '../shared/http/errors.ts';
import { deleteCase, findCase, insertCase, listCases, updateCase } from './litigation.repository.ts';
import {
  type CaseListRow,
  caseListRow,
  caseTitle,
  caseToValues,
  type LitigationCase,
  type LitigationForm,
  type LitigationInput,
} from './litigation.rules.ts';
import { documentCounts, listDocuments } from './litigation-documents.repository.ts';

/** The case list of an agency, newest first, with linked application serials and document counts. */
export async function caseList(db: Executor, agencyId: number): Promise<CaseListRow[]> {
  const [cases, counts] = await Promise.all([listCases(db, agencyId), documentCounts(db, agencyId)]);
  return Promise.all(
    cases.map(async (c) =>
      caseListRow(
        c,
        c.applicationId ? await applicationSerial(db, c.applicationId) : null,
        counts.get(c.id) ?? 0,
      ),
    ),
  );
}

/** A case of the agency, or 404. */
export async function caseOf(db: Executor, agencyId: number, caseId: number): Promise<LitigationCase> {
  const c = await findCase(db, agencyId, caseId);
  if (!c) throw notFound('案件');
  return c;
}

/** The form values of a stored case (its linked application by serial). */
export async function caseFormValues(db: Executor, c: LitigationCase): Promise<Record<string, string>> {
  return caseToValues(c, c.applicationId ? await applicationSerial(db, c.applicationId) : null);
}

async function resolve(trx: Executor, agency: Agency, form: LitigationForm): Promise<LitigationInput> {
  const { applicationSerial, ...rest } = form;
  let applicationId: number | null = null;
  if (applicationSerial) {
    applicationId = await applicationIdBySerial(trx, agency.id, applicationSerial);
    if (applicationId === null)
      throw new FormError({
        applicationSerial: `本机关没有编号为“${applicationSerial}”的申请，请核对申请编号`,
      });
  }
  return { ...rest, applicationId };
}

export async function createCase(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  form: LitigationForm,
  now: string,
) {
  return db.transaction().execute(async (trx) => {
    const input = await resolve(trx, agency, form);
    const c = await insertCase(trx, agency.id, input, now, viewer.id);
    await auditCase(
      trx,
      { viewer, ip, agency, now },
      { action: 'create', entityId: c.id, summary: `登记${caseTitle(c)}`, after: c },
    );
    return c;
  });
}

export async function editCase(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  caseId: number,
  form: LitigationForm,
  now: string,
) {
  return db.transaction().execute(async (trx) => {
    const existing = await caseOf(trx, agency.id, caseId);
    const input = await resolve(trx, agency, form);
    const updated = await updateCase(trx, existing, input, now);
    await auditCase(
      trx,
      { viewer, ip, agency, now },
      {
        action: 'update',
        entityId: caseId,
        summary: `修改${caseTitle(updated)}`,
        before: existing,
        after: updated,
      },
    );
    return updated;
  });
}

export async function removeCase(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  caseId: number,
  now: string,
) {
  await db.transaction().execute(async (trx) => {
    const existing = await caseOf(trx, agency.id, caseId);
    if ((await listDocuments(trx, caseId)).length > 0)
      throw conflict('该案件还有上传的文书，请先在“文书”页面删除这些文书，再删除案件。');
    await deleteCase(trx, existing);
    await auditCase(
      trx,
      { viewer, ip, agency, now },
      { action: 'delete', entityId: caseId, summary: `删除${caseTitle(existing)}`, before: existing },
    );
  });
}

/** Records a change to a case of the agency in the audit log (same transaction). */
async function auditCase(
  trx: Executor,
  by: { viewer: AuthedUser; ip: string | null; agency: Agency; now: string },
  change: Pick<AuditEntry, 'action' | 'entityId' | 'summary' | 'before' | 'after'>,
): Promise<void> {
  await appendAudit(trx, {
    actor: actorOf(by.viewer, by.ip),
    at: by.now,
    entityType: 'litigation_case',
    agencyId: by.agency.id,
    ...change,
  });
}
