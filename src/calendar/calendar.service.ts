import type { AuthedUser } from '../accounts/auth.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { recomputeOpenApplications } from '../applications/recompute.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { refreshDeadlines } from '../catalogue/catalogue.service.ts';
import type { Db } from '../db/database.ts';
import { loadHolidayEntries, saveHolidayEntry } from './calendar.repository.ts';
import { buildCalendar, type HolidayYearEntry } from './calendar.ts';

/**
 * Records the 节假日安排 of a year (replacing `existing`), then recomputes the deadlines of every open
 * application and of the catalogue with the new calendar, audited in the same transaction.
 */
export async function saveHolidayYear(
  db: Db,
  viewer: AuthedUser,
  ip: string,
  entry: HolidayYearEntry,
  existing: HolidayYearEntry | null,
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await saveHolidayEntry(trx, entry, now, viewer.login);
    const calendar = buildCalendar(await loadHolidayEntries(trx));
    const changed = await recomputeOpenApplications(trx, calendar, now);
    await refreshDeadlines(trx, calendar);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: existing ? 'update' : 'create',
      entityType: 'holiday_year',
      entityId: entry.year,
      agencyId: null,
      summary: `${existing ? '修改' : '录入'} ${entry.year} 年节假日安排（${entry.notice.title}），重新计算了 ${changed} 件未办结申请的期限`,
      before: existing ?? undefined,
      after: entry,
    });
  });
}
