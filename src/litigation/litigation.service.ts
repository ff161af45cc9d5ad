import type { AuthedUser } from '../accounts/auth.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { AppError, conflict } from '../shared/http/errors.ts';
import {
  applicationIdBySerial,
  deleteCase,
  findCase,
  insertCase,
  updateCase,
} from './litigation.repository.ts';
import {
  LITIGATION_KIND_LABELS,
  type LitigationCase,
  type LitigationForm,
  type LitigationInput,
} from './litigation.rules.ts';
import { listDocuments } from './litigation-documents.repository.ts';

function label(c: Pick<LitigationCase, 'kind' | 'caseNumber' | 'filedOn'>): string {
  return `${LITIGATION_KIND_LABELS[c.kind]}案件${c.caseNumber ? `“${c.caseNumber}”` : `（${c.filedOn}）`}`;
}

async function resolve(
  trx: Db | Parameters<typeof applicationIdBySerial>[0],
  agency: Agency,
  form: LitigationForm,
): Promise<LitigationInput> {
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
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'create',
      entityType: 'litigation_case',
      entityId: c.id,
      agencyId: agency.id,
      summary: `登记${label(c)}`,
      after: c,
    });
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
    const existing = await findCase(trx, agency.id, caseId);
    if (!existing) throw new AppError('not_found', '没有找到该案件。');
    const input = await resolve(trx, agency, form);
    const updated = await updateCase(trx, existing, input, now);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'update',
      entityType: 'litigation_case',
      entityId: caseId,
      agencyId: agency.id,
      summary: `修改${label(updated)}`,
      before: existing,
      after: updated,
    });
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
    const existing = await findCase(trx, agency.id, caseId);
    if (!existing) throw new AppError('not_found', '没有找到该案件。');
    if ((await listDocuments(trx, caseId)).length > 0)
      throw conflict('该案件还有上传的文书，请先在“文书”页面删除这些文书，再删除案件。');
    await deleteCase(trx, existing);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'delete',
      entityType: 'litigation_case',
      entityId: caseId,
      agencyId: agency.id,
      summary: `删除${label(existing)}`,
      before: existing,
    });
  });
}
