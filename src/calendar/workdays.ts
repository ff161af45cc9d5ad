/**
 * Working-day arithmetic over a {@link Calendar} (docs/domain/deadlines.md#counting).
 *
 * Rule: a day is a working day when it is a 调休上班日, or when it is Monday–Friday and not a 放假日.
 * Periods "自…之日起N个工作日" count from the day after the start date, so `addWorkingDays(d, 0)` is `d`.
 * Both rules are standard practice but UNCONFIRMED as official rules (docs/domain/deadlines.md#counting, docs/decisions/006-legal-choices.md).
 *
 * Outside the range touched by any notice the plain Monday–Friday rule applies, and results that step over
 * a day of a year without a notice are flagged `provisional` (调休 is only known from the annual notice).
 *
 * All functions are O(1) or O(years spanned): they use the prefix counts of the calendar index and a closed
 * form for Monday–Friday outside it, never a day-by-day loop.
 */
import { type Calendar, DayKind, type HolidayNotice, type HolidayPeriod } from './calendar.ts';
import {
  chineseWeekday,
  formatChineseDate,
  fromDayNumber,
  type IsoDate,
  isoWeekday,
  toDayNumber,
  yearOfDayNumber,
} from './dates.ts';

/** Result of a working-day computation. */
export interface WorkingDayResult {
  readonly date: IsoDate;
  /** True when a day stepped over lies in a year the calendar has no notice for. */
  readonly provisional: boolean;
  /** Those years, ascending. */
  readonly provisionalYears: readonly number[];
}

/** 1970-01-05, a Monday: origin of the closed-form Monday–Friday count. */
const MONDAY_ORIGIN = 4;

/** Number of Monday–Friday days in `[MONDAY_ORIGIN, x)` (negative for x before the origin). */
function weekdaysBefore(x: number): number {
  const k = x - MONDAY_ORIGIN;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7, 5);
}

/** The Monday–Friday day `x` with `weekdaysBefore(x) === m`. */
function weekdayWithRank(m: number): number {
  const weeks = Math.floor(m / 5);
  return MONDAY_ORIGIN + weeks * 7 + (m - weeks * 5);
}

/** Number of working days in `[index.start, x)` (negative when x is before the start). */
function countBefore(cal: Calendar, x: number): number {
  const { start, end, prefix } = cal.index;
  if (x <= start) return weekdaysBefore(x) - weekdaysBefore(start);
  if (x <= end) return prefix[x - start] ?? 0;
  return (prefix[end - start] ?? 0) + weekdaysBefore(x) - weekdaysBefore(end);
}

/** The working day `t` with `countBefore(cal, t) === r`. */
function workingDayWithRank(cal: Calendar, r: number): number {
  const { start, end, workDays } = cal.index;
  if (r < 0) return weekdayWithRank(weekdaysBefore(start) + r);
  if (r < workDays.length) return workDays[r] ?? 0;
  return weekdayWithRank(weekdaysBefore(end) + (r - workDays.length));
}

function isWorkingDayNumber(cal: Calendar, n: number): boolean {
  const { start, end, kinds } = cal.index;
  if (n >= start && n < end) {
    const k = kinds[n - start];
    return k === DayKind.weekday || k === DayKind.adjustedWorkday;
  }
  return isoWeekday(n) <= 5;
}

/** Years without a notice among the days `[from, to]` (day numbers; empty when from > to). */
function uncoveredYearsBetween(cal: Calendar, from: number, to: number): number[] {
  if (from > to) return [];
  const out: number[] = [];
  const last = yearOfDayNumber(to);
  for (let y = yearOfDayNumber(from); y <= last; y++) if (!cal.years.has(y)) out.push(y);
  return out;
}

function result(cal: Calendar, from: number, day: number): WorkingDayResult {
  const provisionalYears = uncoveredYearsBetween(cal, from, day);
  return { date: fromDayNumber(day), provisional: provisionalYears.length > 0, provisionalYears };
}

/**
 * Whether a date is a working day.
 *
 * @example isWorkingDay(cal, '2025-09-28') // true (调休上班日, a Sunday)
 */
export function isWorkingDay(cal: Calendar, date: IsoDate): boolean {
  return isWorkingDayNumber(cal, toDayNumber(date));
}

/** Whether the calendar has the notice for the year of `date`. */
export function isCovered(cal: Calendar, date: IsoDate): boolean {
  return cal.years.has(Number(date.slice(0, 4)));
}

/** Years without a notice among the days `[from, to]` (ISO dates, inclusive). */
export function uncoveredYears(cal: Calendar, from: IsoDate, to: IsoDate): number[] {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  return a <= b ? uncoveredYearsBetween(cal, a, b) : uncoveredYearsBetween(cal, b, a);
}

/**
 * The date `n` working days after `date`, counting from the next day (`n = 0` returns `date` itself).
 * Throws `RangeError` for a negative or non-integer `n`.
 *
 * @example addWorkingDays(cal, '2025-09-26', 15).date // '2025-10-23'
 */
export function addWorkingDays(cal: Calendar, date: IsoDate, n: number): WorkingDayResult {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`Working days must be a non-negative integer: ${n}`);
  const d = toDayNumber(date);
  if (n === 0) return { date, provisional: false, provisionalYears: [] };
  const t = workingDayWithRank(cal, countBefore(cal, d + 1) + n - 1);
  return result(cal, d + 1, t);
}

/**
 * Number of working days in `(from, to]`, so that `workingDaysBetween(d, addWorkingDays(d, n).date) === n`.
 * Negative when `to` is before `from`.
 *
 * @example workingDaysBetween(cal, '2025-09-26', '2025-10-23') // 15
 */
export function workingDaysBetween(cal: Calendar, from: IsoDate, to: IsoDate): number {
  return countBefore(cal, toDayNumber(to) + 1) - countBefore(cal, toDayNumber(from) + 1);
}

/**
 * The first working day strictly after `date` (same as `addWorkingDays(cal, date, 1)`).
 *
 * @example nextWorkingDay(cal, '2025-09-30').date // '2025-10-09'
 */
export function nextWorkingDay(cal: Calendar, date: IsoDate): WorkingDayResult {
  return addWorkingDays(cal, date, 1);
}

/** The first working day on or after `date`. */
export function workingDayOnOrAfter(cal: Calendar, date: IsoDate): WorkingDayResult {
  const d = toDayNumber(date);
  if (isWorkingDayNumber(cal, d)) return result(cal, d, d);
  return addWorkingDays(cal, date, 1);
}

export type DayType = 'weekday' | 'weekend' | 'holiday' | 'adjusted_workday';

export interface DayDescription {
  readonly date: IsoDate;
  readonly working: boolean;
  readonly type: DayType;
  /** Whether the calendar has the notice for the date's year. */
  readonly covered: boolean;
  readonly holidayName: string | null;
  /** The notice (and its amendments) that make the day a 放假日 or 调休上班日; empty otherwise. */
  readonly notices: readonly HolidayNotice[];
  /** Explanation in Chinese, e.g. `2025年9月28日（星期日）是调休上班日，依据《…》。` */
  readonly reason: string;
}

function findEntry(
  cal: Calendar,
  date: IsoDate,
): { notices: HolidayNotice[]; period: HolidayPeriod | null } | null {
  const y = Number(date.slice(0, 4));
  for (const year of [y, y + 1, y - 1]) {
    const entry = cal.years.get(year);
    if (!entry || !(entry.off.has(date) || entry.work.has(date))) continue;
    const period = entry.periods.find((p) => p.from <= date && date <= p.to) ?? null;
    // Amendments (2019 劳动节 adjustment, 2020 春节 extension) are cited next to the original notice.
    const amendments = entry.amendments.filter((a) => a.changes === undefined || a.changes.includes(date));
    return { notices: [entry.notice, ...amendments], period };
  }
  return null;
}

/**
 * Explains whether a date is a working day and why, in Chinese.
 *
 * @example describeDay(cal, '2025-10-08').reason // '2025年10月8日（星期三）是休息日：国庆节、中秋节放假，依据《…》。'
 */
export function describeDay(cal: Calendar, date: IsoDate): DayDescription {
  const n = toDayNumber(date);
  const covered = isCovered(cal, date);
  const { start, end, kinds } = cal.index;
  const kind =
    n >= start && n < end ? kinds[n - start] : isoWeekday(n) <= 5 ? DayKind.weekday : DayKind.weekend;
  const head = `${formatChineseDate(date)}（${chineseWeekday(date)}）`;
  const uncoveredNote = covered
    ? ''
    : `${Number(date.slice(0, 4))}年节假日安排尚未录入，按周一至周五为工作日暂定，以国务院办公厅通知为准。`;
  if (kind === DayKind.holiday || kind === DayKind.adjustedWorkday) {
    const found = findEntry(cal, date);
    const notices = found?.notices ?? [];
    const by = notices.length > 0 ? `，依据${notices.map((x) => x.title).join('及')}` : '';
    if (kind === DayKind.adjustedWorkday) {
      return {
        date,
        working: true,
        type: 'adjusted_workday',
        covered,
        holidayName: null,
        notices,
        reason: `${head}是工作日（调休上班日）${by}。`,
      };
    }
    const name = found?.period?.name ?? null;
    const what = name ? `${name}放假` : '法定节假日放假';
    return {
      date,
      working: false,
      type: 'holiday',
      covered,
      holidayName: name,
      notices,
      reason: `${head}是休息日：${what}${by}。`,
    };
  }
  if (kind === DayKind.weekend) {
    return {
      date,
      working: false,
      type: 'weekend',
      covered,
      holidayName: null,
      notices: [],
      reason: `${head}是休息日：周末。${uncoveredNote}`,
    };
  }
  return {
    date,
    working: true,
    type: 'weekday',
    covered,
    holidayName: null,
    notices: [],
    reason: `${head}是工作日：周一至周五，且不是放假日。${uncoveredNote}`,
  };
}
