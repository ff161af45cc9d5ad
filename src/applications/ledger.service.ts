/** The year's ledger of an agency (台账): export as XLSX, and import of a historical ledger. */
import { scopeIncludes } from '../accounts/roles.ts';
import { findAgency } from '../agencies/agency.repository.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/http/errors.ts';
import type { Acting } from './acting.ts';
import { listForLedger, listSerials } from './application.repository.ts';
import { importLedgerRows, isHandlingStaff, loadCase } from './application.service.ts';
import { checkLedger, type ImportCheck, ledgerXlsx } from './ledger.ts';

/**
 * The ledger of an agency in the viewer's scope for `year`. The handling agency's own staff get the full
 * ID and phone numbers (audited); others get them masked.
 */
export async function exportLedger(
  deps: Deps,
  by: Acting,
  agencyId: number | null,
  year: number,
): Promise<{ fileName: string; body: Buffer }> {
  const { db } = deps;
  const agency = agencyId === null ? null : await findAgency(db, agencyId);
  if (!agency || !scopeIncludes(by.viewer.scope, agency.path)) throw notFound('机构');
  const full = isHandlingStaff(by.viewer, { agencyId: agency.id });
  const apps = await listForLedger(db, agency.id, year);
  const cal = await deps.calendar.get(db);
  const entries = [];
  for (const a of apps)
    entries.push({ app: a, extendedBy: (await loadCase(db, cal, a)).deadlines.extendedBy });
  const body = await ledgerXlsx(`${agency.name}${year}年政府信息公开申请办理台账`, entries, full);
  if (full)
    await appendAudit(db, {
      actor: by.actor,
      at: by.now,
      action: 'view_personal',
      entityType: 'application_ledger',
      entityId: `${agency.id}:${year}`,
      agencyId: agency.id,
      summary: `导出 ${year} 年申请台账（含完整证件号码和联系电话，${apps.length} 件）`,
    });
  return { fileName: `${agency.name}-${year}-台账.xlsx`, body };
}

export interface ImportReport {
  readonly ok: boolean;
  readonly rows: number;
  readonly errors: ImportCheck['errors'];
  readonly written: number;
}

/** Checks a historical ledger against the agency's serials; writes it when it is clean and `write` is set. */
export async function importLedger(
  deps: Deps,
  by: Acting,
  agencyId: number,
  file: Buffer,
  write: boolean,
): Promise<ImportReport> {
  const { db } = deps;
  const cal = await deps.calendar.get(db);
  const check = await checkLedger(file, cal, by.today, await listSerials(db, agencyId));
  const ok = check.errors.length === 0;
  const written = ok && write ? await importLedgerRows(db, cal, agencyId, check.rows, by.actor, by.now) : 0;
  return { ok, rows: check.total, errors: check.errors, written };
}
