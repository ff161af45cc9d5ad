import type { AuthedUser } from '../accounts/auth.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db, Executor } from '../db/database.ts';
import { AppError, notFound } from '../shared/http/errors.ts';
import {
  deleteExplanation,
  findExplanation,
  insertExplanation,
  updateExplanation,
} from './explanation.repository.ts';
import { type Explanation, isFindingId, mayExplain } from './explanation.rules.ts';
import type { AnnualReport } from './report.model.ts';
import { reportFindings } from './report.service.ts';
import type { Finding } from './rules/findings.ts';

/** Use cases of the "已说明" marks; every change with its audit entry. */

/**
 * The finding of a report a mark is about, with its mark: the finding when it occurs now (null when only
 * a stale mark is left). Only supervisors of a parent agency and administrators mark (mayExplain).
 */
export async function explanationTarget(
  db: Executor,
  viewer: AuthedUser,
  target: { agency: Agency; year: number; report: AnnualReport | null },
  findingId: string,
  today: string,
): Promise<{ finding: Finding | null; mark: Explanation | null }> {
  const { agency, year, report } = target;
  if (!mayExplain(viewer, agency.path))
    throw new AppError(
      'forbidden',
      '只有上级机构的政务公开主管或系统管理员可以将下属机构报告中的问题标记为已说明。',
    );
  if (!isFindingId(findingId)) throw notFound('问题');
  const { findings } = await reportFindings(db, agency, year, report, today);
  const finding = findings.find((f) => f.id === findingId) ?? null;
  const mark = await findExplanation(db, agency.id, year, findingId);
  if (!finding && !mark) throw notFound('问题');
  return { finding, mark };
}

function what(agency: Pick<Agency, 'name'>, year: number, f: Pick<Finding, 'id' | 'rule'> | string): string {
  const id = typeof f === 'string' ? f : f.id;
  return `“${agency.name}”${year}年度报告的问题 ${id}`;
}

/**
 * Marks a finding that occurs now as explained, or replaces the note of its existing mark.
 * The caller has the target from explanationTarget (the viewer may explain findings of this agency).
 */
export async function explainFinding(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  year: number,
  finding: Finding,
  note: string,
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await findExplanation(trx, agency.id, year, finding.id);
    if (existing) {
      if (existing.note === note) return;
      await updateExplanation(trx, existing.id, note, now, viewer.id);
      await appendAudit(trx, {
        actor: actorOf(viewer, ip),
        at: now,
        action: 'update',
        entityType: 'report_explanation',
        entityId: existing.id,
        agencyId: agency.id,
        summary: `修改${what(agency, year, finding)}的说明`,
        before: { findingId: finding.id, note: existing.note },
        after: { findingId: finding.id, note },
      });
      return;
    }
    const id = await insertExplanation(
      trx,
      { agencyId: agency.id, year, findingId: finding.id, note },
      now,
      viewer.id,
    );
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'create',
      entityType: 'report_explanation',
      entityId: id,
      agencyId: agency.id,
      summary: `将${what(agency, year, finding)}标记为已说明`,
      after: {
        year,
        findingId: finding.id,
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        note,
      },
    });
  });
}

/** Removes a mark (current or 已失效). */
export async function removeExplanation(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  year: number,
  findingId: string,
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await findExplanation(trx, agency.id, year, findingId);
    if (!existing) throw new AppError('not_found', '没有找到这条说明，可能已被删除。');
    await deleteExplanation(trx, existing.id);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'delete',
      entityType: 'report_explanation',
      entityId: existing.id,
      agencyId: agency.id,
      summary: `取消${what(agency, year, findingId)}的“已说明”标记`,
      before: {
        year,
        findingId,
        note: existing.note,
        createdBy: existing.createdBy,
        createdAt: existing.createdAt,
      },
    });
  });
}
