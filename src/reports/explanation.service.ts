import type { AuthedUser } from '../accounts/auth.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../shared/http/errors.ts';
import {
  deleteExplanation,
  findExplanation,
  insertExplanation,
  updateExplanation,
} from './explanation.repository.ts';
import type { Finding } from './rules/findings.ts';

/** Use cases of the "已说明" marks; every change with its audit entry. */

function what(agency: Pick<Agency, 'name'>, year: number, f: Pick<Finding, 'id' | 'rule'> | string): string {
  const id = typeof f === 'string' ? f : f.id;
  return `“${agency.name}”${year}年度报告的问题 ${id}`;
}

/**
 * Marks a finding that occurs now as explained, or replaces the note of its existing mark.
 * The caller has checked the viewer may explain findings of this agency (mayExplain).
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
