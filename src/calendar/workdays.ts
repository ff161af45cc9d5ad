/**
 * Working-day arithmetic over a {@link Calendar} (docs/domain/deadlines.md#counting).
 *
 * Rule: a day is a working day when it is a 调休上班日, or when it is Monday–Friday and not a 放假日.
 * Periods "自…之日起N个工作日" count from the day after the start date, so `addWorkingDays(d, 0)` is `d`.
 * Both rules are standard practice but UNCONFIRMED as official rules (docs/domain/deadlines.md#counting, docs/decisions/006-legal-choices.md).
 *
 * A year without a notice has the statutory holidays of 《全国年节及纪念日放假办法》 as its only 放假日
 * (`statutory-holidays.ts`, 2008–2100; plain Monday–Friday outside that span), and results that step over a
 * day of such a year are flagged `provisional` (调休 and 补假 are only known from the annual notice)
 * (docs/domain/deadlines.md#provisional).
 *
 * All functions are O(1) or O(years spanned): they use the prefix counts of the calendar index and, outside
 * it, a closed form for Monday–Friday less the (at most 13) statutory holidays of each year, never a
 * day-by-day loop.
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
import {
  hasStatutoryHolidays,
  STATUTORY_MAX_YEAR,
  STATUTORY_MIN_YEAR,
  statutoryHolidays,
} from './statutory-holidays.ts';

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

/** Day number of 1 January of `year`. */
function yearStart(year: number): number {
  return toDayNumber(`${String(year).padStart(4, '0')}-01-01`);
}

const weekdayOffCache = new Map<number, Int32Array>();

/**
 * The statutory holidays of `year` that fall on Monday–Friday, as ascending day numbers; empty outside
 * 2008–2100. Used only for years outside the calendar index, which never have a notice.
 */
function statutoryWeekdayOffs(year: number): Int32Array {
  let offs = weekdayOffCache.get(year);
  if (offs === undefined) {
    offs = hasStatutoryHolidays(year)
      ? Int32Array.from(
          statutoryHolidays(year)
            .days.map(toDayNumber)
            .filter((n) => isoWeekday(n) <= 5),
        )
      : new Int32Array(0);
    weekdayOffCache.set(year, offs);
  }
  return offs;
}

/** Number of statutory weekday holidays in `[a, b)` (outside the index). */
function offsBetween(a: number, b: number): number {
  if (a >= b) return 0;
  const first = Math.max(yearOfDayNumber(a), STATUTORY_MIN_YEAR);
  const last = Math.min(yearOfDayNumber(b - 1), STATUTORY_MAX_YEAR);
  let count = 0;
  for (let y = first; y <= last; y++) {
    for (const o of statutoryWeekdayOffs(y)) if (o >= a && o < b) count++;
  }
  return count;
}

/** Working days in `[a, b)` of a stretch outside the index. */
function workingDaysOutside(a: number, b: number): number {
  return weekdaysBefore(b) - weekdaysBefore(a) - offsBetween(a, b);
}

/** The `k`-th (0-based) working day on or after `from`, inside the year of `from` (outside the index). */
function nthWorkingDayOutside(from: number, k: number): number {
  let rank = weekdaysBefore(from) + k;
  let t = weekdayWithRank(rank);
  for (const o of statutoryWeekdayOffs(yearOfDayNumber(from))) {
    if (o < from) continue;
    if (o > t) break;
    rank++;
    t = weekdayWithRank(rank);
  }
  return t;
}

/** Number of working days in `[index.start, x)` (negative when x is before the start). */
function countBefore(cal: Calendar, x: number): number {
  const { start, end, prefix } = cal.index;
  if (x <= start) return -workingDaysOutside(x, start);
  if (x <= end) return prefix[x - start] ?? 0;
  return (prefix[end - start] ?? 0) + workingDaysOutside(end, x);
}

/** The working day `t` with `countBefore(cal, t) === r`. */
function workingDayWithRank(cal: Calendar, r: number): number {
  const { start, end, workDays } = cal.index;
  if (r >= 0 && r < workDays.length) return workDays[r] ?? 0;
  if (r < 0) {
    // Walk back year by year from the start of the index.
    let need = -r;
    let segEnd = start;
    for (;;) {
      const segStart = yearStart(yearOfDayNumber(segEnd - 1));
      const c = workingDaysOutside(segStart, segEnd);
      if (need <= c) return nthWorkingDayOutside(segStart, c - need);
      need -= c;
      segEnd = segStart;
    }
  }
  // Walk forward year by year from the end of the index.
  let left = r - workDays.length;
  let segStart = end;
  for (;;) {
    const segEnd = yearStart(yearOfDayNumber(segStart) + 1);
    const c = workingDaysOutside(segStart, segEnd);
    if (left < c) return nthWorkingDayOutside(segStart, left);
    left -= c;
    segStart = segEnd;
  }
}

/** Whether day `n`, outside the index, is a computed statutory holiday. */
function isStatutoryDayOutside(n: number): boolean {
  const y = yearOfDayNumber(n);
  return hasStatutoryHolidays(y) && statutoryHolidays(y).names.has(fromDayNumber(n));
}

function isWorkingDayNumber(cal: Calendar, n: number): boolean {
  const { start, end, kinds } = cal.index;
  if (n >= start && n < end) {
    const k = kinds[n - start];
    return k === DayKind.weekday || k === DayKind.adjustedWorkday;
  }
  return isoWeekday(n) <= 5 && !statutoryWeekdayOffs(yearOfDayNumber(n)).includes(n);
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
  /** True when the day is off as a computed statutory holiday of a year without a notice (暂定). */
  readonly statutory: boolean;
  /** The notice (and its amendments) that make the day a 放假日 or 调休上班日; empty otherwise. */
  readonly notices: readonly HolidayNotice[];
  /** Explanation in Chinese, e.g. `2025年9月28日（星期日）是调休上班日，依据《…》。` */
  readonly reason: string;
}

/**
 * Why a result over `years` (years without a notice) is provisional, in Chinese, one sentence.
 *
 * @example provisionalReason([2027]) // '2027年节假日安排尚未录入，已按法定节假日计算，调休以国务院办公厅通知为准。'
 */
export function provisionalReason(years: readonly number[]): string {
  const list = (ys: readonly number[]): string => ys.map((y) => `${y}年`).join('、');
  const computed = years.filter(hasStatutoryHolidays);
  const plain = years.filter((y) => !hasStatutoryHolidays(y));
  const parts: string[] = [];
  if (computed.length > 0) {
    parts.push(`${list(computed)}节假日安排尚未录入，已按法定节假日计算，调休以国务院办公厅通知为准`);
  }
  if (plain.length > 0) {
    parts.push(
      `${list(plain)}节假日安排尚未录入，且不在法定节假日推算范围（${STATUTORY_MIN_YEAR}年至${STATUTORY_MAX_YEAR}年）内，按周一至周五为工作日计算，以国务院办公厅通知为准`,
    );
  }
  return parts.length > 0 ? `${parts.join('；')}。` : '';
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
 * @example describeDay(cal, '2027-01-01').reason // '2027年1月1日（星期五）是休息日：元旦（法定节假日，依据《全国年节及纪念日放假办法》…）。2027年节假日安排尚未录入，…'
 */
export function describeDay(cal: Calendar, date: IsoDate): DayDescription {
  const n = toDayNumber(date);
  const year = Number(date.slice(0, 4));
  const covered = isCovered(cal, date);
  const { start, end, kinds } = cal.index;
  const kind =
    n >= start && n < end
      ? kinds[n - start]
      : isStatutoryDayOutside(n)
        ? DayKind.holiday
        : isoWeekday(n) <= 5
          ? DayKind.weekday
          : DayKind.weekend;
  const head = `${formatChineseDate(date)}（${chineseWeekday(date)}）`;
  const uncoveredNote = covered ? '' : provisionalReason([year]);
  const base = { date, covered, statutory: false, holidayName: null, notices: [] } as const;
  if (kind === DayKind.holiday || kind === DayKind.adjustedWorkday) {
    const found = findEntry(cal, date);
    if (found === null && !covered && kind === DayKind.holiday && hasStatutoryHolidays(year)) {
      const statutory = statutoryHolidays(year);
      const name = statutory.names.get(date) ?? null;
      if (name !== null) {
        return {
          ...base,
          working: false,
          type: 'holiday',
          holidayName: name,
          statutory: true,
          reason: `${head}是休息日：${name}（法定节假日，依据${statutory.rules.title}第二条推算）。${uncoveredNote}`,
        };
      }
    }
    const notices = found?.notices ?? [];
    const by = notices.length > 0 ? `，依据${notices.map((x) => x.title).join('及')}` : '';
    if (kind === DayKind.adjustedWorkday) {
      return {
        ...base,
        working: true,
        type: 'adjusted_workday',
        notices,
        reason: `${head}是工作日（调休上班日）${by}。`,
      };
    }
    const name = found?.period?.name ?? null;
    const what = name ? `${name}放假` : '法定节假日放假';
    return {
      ...base,
      working: false,
      type: 'holiday',
      holidayName: name,
      notices,
      reason: `${head}是休息日：${what}${by}。`,
    };
  }
  if (kind === DayKind.weekend) {
    return { ...base, working: false, type: 'weekend', reason: `${head}是休息日：周末。${uncoveredNote}` };
  }
  return {
    ...base,
    working: true,
    type: 'weekday',
    reason: `${head}是工作日：周一至周五，且不是放假日。${uncoveredNote}`,
  };
}
