/**
 * Calendar-month arithmetic for the assessment windows (months, quarters, "3 months unanswered").
 * Pure, on ISO `YYYY-MM-DD` strings; no time zones.
 */
import { addCalendarDays, daysInMonth, type IsoDate } from '../calendar/dates.ts';
import { earlierOf, type Period } from './input.ts';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function ymd(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/**
 * The same day `months` calendar months later (or earlier), clamped to the month's last day, as 民法典
 * 第二百零三条 counts periods in months (2025-11-30 + 3 months = 2026-02-28).
 *
 * @example addMonths('2025-01-31', 1) // '2025-02-28'
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return ymd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** First and last day of the month of `date`. */
export function monthOf(date: IsoDate): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return { from: ymd(y, m, 1), to: ymd(y, m, daysInMonth(y, m)) };
}

/** First and last day of the quarter of `date`. */
export function quarterOf(date: IsoDate): Period {
  const y = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3);
  const last = q * 3 + 3;
  return { from: ymd(y, q * 3 + 1, 1), to: ymd(y, last, daysInMonth(y, last)) };
}

/** The calendar months overlapping `[from, to]`, each clipped to the period. */
export function monthsIn(period: Period): Period[] {
  const out: Period[] = [];
  let cursor = period.from;
  while (cursor <= period.to) {
    const m = monthOf(cursor);
    out.push({ from: cursor, to: earlierOf(m.to, period.to) });
    cursor = addCalendarDays(m.to, 1);
  }
  return out;
}

/** The quarters overlapping `[from, to]` (whole quarters, not clipped). */
export function quartersIn(period: Period): Period[] {
  const out: Period[] = [];
  let cursor = quarterOf(period.from).from;
  while (cursor <= period.to) {
    const q = quarterOf(cursor);
    out.push(q);
    cursor = addCalendarDays(q.to, 1);
  }
  return out;
}
