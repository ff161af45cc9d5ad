/**
 * The working-day calendar as plain data, plus the precomputed index the arithmetic in `workdays.ts` uses.
 *
 * A year Y is *covered* when the calendar holds the State Council notice for Y. A notice's lists may contain
 * dates of the adjacent year (the 2019 notice lists 2018-12-29/30/31); those dates are honoured, but they do
 * not make the adjacent year covered.
 *
 * An uncovered year still has the statutory holidays of 《全国年节及纪念日放假办法》 (`statutory-holidays.ts`),
 * computed, not stored: inside the index they are written into `kinds` here; outside it `workdays.ts`
 * subtracts them year by year. A date a notice lists always wins over a computed one.
 */
import { fromDayNumber, type IsoDate, isoWeekday, parseIsoDate, toDayNumber, yearOf } from './dates.ts';
import { hasStatutoryHolidays, statutoryHolidays } from './statutory-holidays.ts';

/** The State Council notice (国务院办公厅关于XXXX年部分节假日安排的通知) a year's arrangement comes from. */
export interface HolidayNotice {
  /** Title with book-title marks, e.g. 《国务院办公厅关于2026年部分节假日安排的通知》. */
  readonly title: string;
  /** e.g. 国办发明电〔2024〕12号; null when not confirmed. */
  readonly documentNumber: string | null;
  /** Where the text was taken from (gov.cn reference or URL); null when unknown. */
  readonly source: string | null;
  readonly publishedOn: IsoDate | null;
  /** For an amending notice: the dates it changed (used to cite it only where relevant). */
  readonly changes?: readonly IsoDate[];
}

/** A named block of days off, e.g. 春节 2026-02-15 … 2026-02-23. */
export interface HolidayPeriod {
  readonly name: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** One year's arrangement as stored (seed file or database row). */
export interface HolidayYearEntry {
  readonly year: number;
  readonly notice: HolidayNotice;
  /** Later notices changing the arrangement (2019 劳动节 adjustment, 2020 春节 extension). */
  readonly amendments?: readonly HolidayNotice[];
  /** 放假日, including weekend days inside a holiday block. */
  readonly off: readonly IsoDate[];
  /** 调休上班日. */
  readonly work: readonly IsoDate[];
  /** Optional names of the holiday blocks, used to explain why a day is off. */
  readonly periods?: readonly HolidayPeriod[];
}

export interface CalendarYear {
  readonly year: number;
  readonly notice: HolidayNotice;
  readonly amendments: readonly HolidayNotice[];
  readonly off: ReadonlySet<IsoDate>;
  readonly work: ReadonlySet<IsoDate>;
  readonly periods: readonly HolidayPeriod[];
}

/** Kind of a day inside the indexed range. */
export const DayKind = { weekday: 0, weekend: 1, holiday: 2, adjustedWorkday: 3 } as const;
export type DayKind = (typeof DayKind)[keyof typeof DayKind];

/** Precomputed index over the day range that any notice touches (whole years). */
export interface WorkingDayIndex {
  /** First day number of the range (1 January). */
  readonly start: number;
  /** One past the last day number of the range (1 January of the following year). */
  readonly end: number;
  /** `prefix[i]` = number of working days in `[start, start + i)`; length `end - start + 1`. */
  readonly prefix: Int32Array;
  /** Day numbers of the working days in the range, ascending. */
  readonly workDays: Int32Array;
  /** `DayKind` of every day in the range. */
  readonly kinds: Uint8Array;
}

export interface Calendar {
  readonly years: ReadonlyMap<number, CalendarYear>;
  readonly index: WorkingDayIndex;
}

/** Alias of {@link Calendar} (name used in the design brief). */
export type CalendarData = Calendar;

/** Thrown by {@link buildCalendar} when the data is inconsistent; `problems` are in Chinese. */
export class CalendarDataError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'CalendarDataError';
    this.problems = problems;
  }
}

export const MIN_CALENDAR_YEAR = 1949;
export const MAX_CALENDAR_YEAR = 2200;

export interface EntryCheck {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * Checks one year's arrangement as an administrator enters it. Errors make the entry unusable; warnings
 * point at unusual but legal data (a 调休上班日 on a Monday, as in 2020).
 */
export function checkHolidayYearEntry(entry: HolidayYearEntry): EntryCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const { year } = entry;
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    return {
      errors: [`年份“${year}”无效，应为${MIN_CALENDAR_YEAR}至${MAX_CALENDAR_YEAR}之间的整数。`],
      warnings,
    };
  }
  if (entry.notice.title.trim() === '') errors.push(`${year}年安排缺少国务院办公厅通知的标题。`);
  const checkList = (list: readonly string[], label: string): Set<string> => {
    const seen = new Set<string>();
    for (const d of list) {
      if (parseIsoDate(d) === null) {
        errors.push(`${year}年${label}中的“${d}”不是有效日期（格式应为YYYY-MM-DD）。`);
        continue;
      }
      const y = yearOf(d);
      if (y < year - 1 || y > year + 1) {
        errors.push(`${year}年${label}中的日期${d}不在${year - 1}年至${year + 1}年范围内。`);
      }
      if (seen.has(d)) warnings.push(`${year}年${label}中的日期${d}重复出现。`);
      seen.add(d);
    }
    return seen;
  };
  const off = checkList(entry.off, '放假日');
  const work = checkList(entry.work, '调休上班日');
  for (const d of work) {
    if (off.has(d)) errors.push(`${year}年安排中的日期${d}同时列为放假日和调休上班日。`);
    else if (isoWeekday(toDayNumber(d)) <= 5)
      warnings.push(`${year}年调休上班日${d}是周一至周五，本来就是工作日。`);
  }
  if (off.size === 0) warnings.push(`${year}年安排没有列出任何放假日。`);
  const periods = entry.periods ?? [];
  if (periods.length > 0) {
    const inPeriods = new Set<string>();
    for (const p of periods) {
      const from = parseIsoDate(p.from);
      const to = parseIsoDate(p.to);
      if (from === null || to === null || from > to) {
        errors.push(`${year}年假期“${p.name}”的起止日期无效（${p.from}至${p.to}）。`);
        continue;
      }
      for (let n = from; n <= to; n++) {
        const d = fromDayNumber(n);
        inPeriods.add(d);
        if (!off.has(d)) errors.push(`${year}年假期“${p.name}”包含的${d}不在放假日列表中。`);
      }
    }
    for (const d of off) {
      if (!inPeriods.has(d)) warnings.push(`${year}年放假日${d}不属于任何已命名的假期。`);
    }
  }
  return { errors, warnings };
}

/**
 * Builds the calendar from stored year entries and precomputes its working-day index.
 * Throws {@link CalendarDataError} (messages in Chinese) when entries are invalid or contradict each other.
 *
 * @example const cal = buildCalendar(SEED_HOLIDAY_YEARS);
 */
export function buildCalendar(entries: readonly HolidayYearEntry[]): Calendar {
  const problems: string[] = [];
  const years = new Map<number, CalendarYear>();
  const kindByDate = new Map<string, { kind: DayKind; year: number }>();
  for (const entry of entries) {
    const { errors } = checkHolidayYearEntry(entry);
    problems.push(...errors);
    if (years.has(entry.year)) {
      problems.push(`${entry.year}年的节假日安排重复录入。`);
      continue;
    }
    if (errors.length > 0) continue;
    years.set(
      entry.year,
      Object.freeze({
        year: entry.year,
        notice: entry.notice,
        amendments: entry.amendments ?? [],
        off: new Set(entry.off),
        work: new Set(entry.work),
        periods: entry.periods ?? [],
      }),
    );
    const record = (d: string, kind: DayKind): void => {
      const prior = kindByDate.get(d);
      if (prior && prior.kind !== kind) {
        problems.push(`${prior.year}年与${entry.year}年的安排对${d}的规定相互矛盾。`);
      }
      kindByDate.set(d, { kind, year: entry.year });
    };
    for (const d of entry.off) record(d, DayKind.holiday);
    for (const d of entry.work) record(d, DayKind.adjustedWorkday);
  }
  if (problems.length > 0) throw new CalendarDataError(problems);
  return Object.freeze({ years, index: buildIndex(years, kindByDate) });
}

function buildIndex(
  years: ReadonlyMap<number, CalendarYear>,
  kindByDate: ReadonlyMap<string, { kind: DayKind }>,
): WorkingDayIndex {
  let minYear = Number.POSITIVE_INFINITY;
  let maxYear = Number.NEGATIVE_INFINITY;
  for (const y of years.keys()) {
    minYear = Math.min(minYear, y);
    maxYear = Math.max(maxYear, y);
  }
  for (const d of kindByDate.keys()) {
    minYear = Math.min(minYear, yearOf(d));
    maxYear = Math.max(maxYear, yearOf(d));
  }
  if (!Number.isFinite(minYear)) {
    // Empty calendar: an empty range; everything is Monday–Friday less the statutory holidays.
    return {
      start: 0,
      end: 0,
      prefix: new Int32Array(1),
      workDays: new Int32Array(0),
      kinds: new Uint8Array(0),
    };
  }
  const start = toDayNumber(`${String(minYear).padStart(4, '0')}-01-01`);
  const end = toDayNumber(`${String(maxYear + 1).padStart(4, '0')}-01-01`);
  const length = end - start;
  const kinds = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    kinds[i] = isoWeekday(start + i) <= 5 ? DayKind.weekday : DayKind.weekend;
  }
  for (let y = minYear; y <= maxYear; y++) {
    if (years.has(y) || !hasStatutoryHolidays(y)) continue;
    for (const d of statutoryHolidays(y).days) kinds[toDayNumber(d) - start] = DayKind.holiday;
  }
  for (const [d, { kind }] of kindByDate) kinds[toDayNumber(d) - start] = kind;
  const prefix = new Int32Array(length + 1);
  const work: number[] = [];
  for (let i = 0; i < length; i++) {
    const k = kinds[i];
    const isWork = k === DayKind.weekday || k === DayKind.adjustedWorkday;
    prefix[i + 1] = (prefix[i] ?? 0) + (isWork ? 1 : 0);
    if (isWork) work.push(start + i);
  }
  return { start, end, prefix, workDays: Int32Array.from(work), kinds };
}
