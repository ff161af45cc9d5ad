/**
 * Time: the clock, and instants seen in a time zone. Plain calendar dates (YYYY-MM-DD: validity, adding
 * days, 2026年1月5日) are in `calendar/dates.ts`; "today" is `todayIn(clock, timeZone)`.
 */
import { formatChineseDate, isIsoDate } from '../calendar/dates.ts';

/** The only source of "now" in the application. Tests pass a fixed clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (v) => {
      t = new Date(v).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

// Building an Intl.DateTimeFormat costs far more than using one: one per time zone, kept.
const formats = new Map<string, Intl.DateTimeFormat>();

/** The year, month, day, hour, minute and second of an instant on the wall clock of `timeZone`. */
function wallClock(
  instant: Date,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, f);
  }
  const parts = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const p of f.formatToParts(instant))
    if (p.type in parts) parts[p.type as keyof typeof parts] = p.value;
  return parts;
}

/** The calendar date (YYYY-MM-DD) of an instant in the given time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${w.year}-${w.month}-${w.day}`;
}

/**
 * "Today" (YYYY-MM-DD) in the configured time zone, as a function to call per request: the one way
 * the application asks for today's date. Computed once per UTC minute (zone offsets are whole minutes).
 */
export function todayIn(clock: Clock, timeZone: string): () => string {
  let memo = { minute: Number.NaN, date: '' };
  return () => {
    const now = clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== memo.minute) memo = { minute, date: localDate(now, timeZone) };
    return memo.date;
  };
}

/** A human date-time in Chinese for display, e.g. 2026年11月25日 16:05. */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const w = wallClock(d, timeZone);
  return `${formatChineseDate(`${w.year}-${w.month}-${w.day}`)} ${w.hour}:${w.minute}`;
}

/**
 * A date (or the date part of a timestamp) for display, e.g. 2026年1月5日; '—' when there is none.
 *
 * @example formatDate(null) // '—'
 */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const day = date.slice(0, 10);
  return isIsoDate(day) ? formatChineseDate(day) : date;
}

/** The UTC instant at which the local calendar day `date` (YYYY-MM-DD) starts in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = new Date(Date.UTC(y, m - 1, d));
  const w = wallClock(guess, timeZone);
  const asUtc = Date.UTC(+w.year, +w.month - 1, +w.day, +w.hour, +w.minute, +w.second);
  return new Date(guess.getTime() - (asUtc - guess.getTime()));
}
