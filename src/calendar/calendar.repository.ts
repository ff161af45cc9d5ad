import type { Executor } from '../db/database.ts';
import { buildCalendar, type Calendar, type HolidayYearEntry } from './calendar.ts';

export async function loadHolidayEntries(db: Executor): Promise<HolidayYearEntry[]> {
  const rows = await db.selectFrom('holiday_years').select(['year', 'entry_json']).orderBy('year').execute();
  return rows.map((r) => JSON.parse(r.entry_json) as HolidayYearEntry);
}

export async function findHolidayEntry(db: Executor, year: number): Promise<HolidayYearEntry | null> {
  const r = await db
    .selectFrom('holiday_years')
    .select('entry_json')
    .where('year', '=', year)
    .executeTakeFirst();
  return r ? (JSON.parse(r.entry_json) as HolidayYearEntry) : null;
}

export async function saveHolidayEntry(
  db: Executor,
  entry: HolidayYearEntry,
  now: string,
  by: string,
): Promise<void> {
  const exists = await db
    .selectFrom('holiday_years')
    .select('year')
    .where('year', '=', entry.year)
    .executeTakeFirst();
  const values = { entry_json: JSON.stringify(entry), updated_at: now, updated_by: by };
  if (exists) await db.updateTable('holiday_years').set(values).where('year', '=', entry.year).execute();
  else
    await db
      .insertInto('holiday_years')
      .values({ year: entry.year, ...values })
      .execute();
}

async function signature(db: Executor): Promise<string> {
  const r = await db
    .selectFrom('holiday_years')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')])
    .executeTakeFirst();
  return `${Number(r?.n ?? 0)}|${r?.latest ?? ''}`;
}

/**
 * The calendar as stored, rebuilt only when the table changed (any process may change it: the
 * signature query sees that). Cheap enough to call per request.
 */
export class CalendarProvider {
  private cached: { sig: string; calendar: Calendar } | null = null;

  async get(db: Executor): Promise<Calendar> {
    const sig = await signature(db);
    if (this.cached?.sig === sig) return this.cached.calendar;
    const calendar = buildCalendar(await loadHolidayEntries(db));
    this.cached = { sig, calendar };
    return calendar;
  }
}
