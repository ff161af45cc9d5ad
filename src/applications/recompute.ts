import type { Calendar } from '../calendar/calendar.ts';
import type { Trx } from '../db/database.ts';
import { recomputeAll } from './application.service.ts';

/**
 * Recomputes the cached deadlines (reply_due, status) of every open application after the
 * working-day calendar changed. Returns how many cases changed. Runs in the caller's transaction.
 */
export async function recomputeOpenApplications(trx: Trx, calendar: Calendar, now: string): Promise<number> {
  return recomputeAll(trx, calendar, now);
}
