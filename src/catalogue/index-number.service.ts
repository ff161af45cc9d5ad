/** The 索引号 of an agency: its pattern (a setting) and the next free number of a year. */
import type { AuthedUser } from '../accounts/auth.ts';
import { actorOf } from '../agencies/agency.service.ts';
import type { Db, Trx } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { audited } from './audited.ts';
import { indexNumberTaken } from './catalogue.repository.ts';
import { checkIndexPattern, formatIndexNumber } from './catalogue.rules.ts';
import { requireAgency } from './catalogue.service.ts';
import { indexPatternOf, nextIndexSerial, saveIndexPattern } from './index-number.repository.ts';

/**
 * The next free 索引号 of an agency's year. Serials come from the counter row; a number already
 * taken (an imported item kept its old 索引号) is skipped, so a number is never given twice.
 */
export async function newIndexNumber(
  trx: Trx,
  agency: { id: number; creditCode: string | null },
  code: string,
  year: number,
): Promise<string> {
  const pattern = await indexPatternOf(trx, agency.id);
  for (;;) {
    const seq = await nextIndexSerial(trx, agency.id, year);
    const candidate = formatIndexNumber(pattern, { code, credit: agency.creditCode, year, seq });
    if (!(await indexNumberTaken(trx, candidate))) return candidate;
  }
}

/** Sets the 索引号 pattern of the viewer's agency (numbers already given never change). */
export async function saveIndexPatternFor(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  pattern: string,
  now: string,
): Promise<void> {
  const agencyId = requireAgency(viewer);
  const problem = checkIndexPattern(pattern);
  if (problem) throw new FormError({ indexPattern: problem });
  const before = await indexPatternOf(db, agencyId);
  await audited(
    db,
    (trx) => saveIndexPattern(trx, agencyId, pattern, now),
    () => ({
      actor: actorOf(viewer, ip),
      at: now,
      action: 'update',
      entityType: 'catalogue_settings',
      entityId: agencyId,
      agencyId,
      summary: `修改索引号格式为 ${pattern}`,
      before: { indexPattern: before },
      after: { indexPattern: pattern },
    }),
  );
}
