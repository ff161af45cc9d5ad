/**
 * The statutory public holidays (全体公民放假的节日) of a year, as 《全国年节及纪念日放假办法》 Art. 2
 * fixes them, for years whose State Council notice has not been entered (docs/domain/deadlines.md#provisional).
 *
 * Rule source: 《全国年节及纪念日放假办法》, as revised by
 * - 国务院令第795号 (2024-11-10, in force 2025-01-01): 元旦 1 January; 春节 4 days, 农历除夕 and 正月初一
 *   to 初三; 清明节 the day of the 清明 solar term; 劳动节 1–2 May; 端午节 农历五月初五; 中秋节 农历八月十五;
 *   国庆节 1–3 October;
 * - 国务院令第644号 (2013-12-11, in force 2014-01-01): the same but 春节 3 days, 正月初一 to 初三, and
 *   劳动节 1 May only;
 * - 国务院令第513号 (2007-12-14, in force 2008-01-01): 春节 3 days, 除夕 to 正月初二; 劳动节 1 May only;
 *   清明, 端午 and 中秋 became holidays with this revision.
 * Text: LawRefBook/Laws 行政法规/全国年节及纪念日放假办法 (2013-12-11 and 2024-11-10 versions).
 *
 * Only these days. What the annual notice adds is unknown here: 调休 (moved weekends), and the 补假 that
 * Art. 6 promises when a holiday falls on a Saturday or Sunday — the 办法 does not say which working day,
 * only the notice does. So a holiday on a weekend is just a weekend, and every result over such a year is
 * provisional (暂定).
 *
 * Lunar dates and 清明 are computed (`lunar.ts`, `astronomy.ts`), never typed per year. The span is
 * 2008–2100: before 2008 other holidays applied (and before 1995 a six-day week), and after 2100 neither
 * the published tables the tests check against nor the ΔT extrapolation are reliable; outside it
 * {@link statutoryHolidays} throws {@link StatutoryHolidayRangeError}.
 */
import { solarLongitudeMoment, ttToUt, UNIX_EPOCH_JD } from './astronomy.ts';
import {
  addCalendarDays,
  chineseWeekday,
  fromDayNumber,
  type IsoDate,
  isoWeekday,
  toDayNumber,
} from './dates.ts';
import { gregorianOfLunar } from './lunar.ts';

export const STATUTORY_MIN_YEAR = 2008;
export const STATUTORY_MAX_YEAR = 2100;

/** The version of the 办法 that applies to a year. */
export interface HolidayRules {
  /** e.g. 《全国年节及纪念日放假办法》（2024年修订，国务院令第795号） */
  readonly title: string;
  readonly firstYear: number;
  /** 春节: which days relative to 正月初一 (−1 = 除夕). */
  readonly springFestival: readonly number[];
  /** 劳动节: days of May. */
  readonly labourDay: readonly number[];
}

const RULES: readonly HolidayRules[] = [
  {
    title: '《全国年节及纪念日放假办法》（2007年修订，国务院令第513号）',
    firstYear: 2008,
    springFestival: [-1, 0, 1],
    labourDay: [1],
  },
  {
    title: '《全国年节及纪念日放假办法》（2013年修订，国务院令第644号）',
    firstYear: 2014,
    springFestival: [0, 1, 2],
    labourDay: [1],
  },
  {
    title: '《全国年节及纪念日放假办法》（2024年修订，国务院令第795号）',
    firstYear: 2025,
    springFestival: [-1, 0, 1, 2],
    labourDay: [1, 2],
  },
];

/** One statutory holiday of a year and its days. */
export interface StatutoryHoliday {
  readonly name: string;
  readonly dates: readonly IsoDate[];
}

export interface StatutoryYear {
  readonly year: number;
  readonly rules: HolidayRules;
  /** In the order of Art. 2. */
  readonly holidays: readonly StatutoryHoliday[];
  /** Every day off, ascending, without duplicates (中秋 may fall on 1–3 October). */
  readonly days: readonly IsoDate[];
  /** Name(s) of the holiday of each day off, e.g. `国庆节、中秋节`. */
  readonly names: ReadonlyMap<IsoDate, string>;
}

/** Thrown for a year outside {@link STATUTORY_MIN_YEAR}–{@link STATUTORY_MAX_YEAR}; message in Chinese. */
export class StatutoryHolidayRangeError extends RangeError {
  readonly year: number;
  constructor(year: number) {
    super(
      `${year}年不在法定节假日推算范围（${STATUTORY_MIN_YEAR}年至${STATUTORY_MAX_YEAR}年）内：${STATUTORY_MIN_YEAR}年以前适用的放假办法不同，${STATUTORY_MAX_YEAR}年以后的农历和节气无可靠推算。`,
    );
    this.name = 'StatutoryHolidayRangeError';
    this.year = year;
  }
}

/** Whether {@link statutoryHolidays} can compute `year`. */
export function hasStatutoryHolidays(year: number): boolean {
  return Number.isInteger(year) && year >= STATUTORY_MIN_YEAR && year <= STATUTORY_MAX_YEAR;
}

/** The version of the 办法 in force in `year`. Throws {@link StatutoryHolidayRangeError} outside the span. */
export function holidayRulesFor(year: number): HolidayRules {
  if (!hasStatutoryHolidays(year)) throw new StatutoryHolidayRangeError(year);
  let found = RULES[0] as HolidayRules;
  for (const r of RULES) if (r.firstYear <= year) found = r;
  return found;
}

/**
 * The Beijing date of the 清明 solar term of `year`: the day the Sun's apparent longitude reaches 15°.
 *
 * @example qingmingDate(2027) // '2027-04-05'
 */
export function qingmingDate(year: number): IsoDate {
  // Start from about 5 April of `year` (J2000.0 is 1 January 2000, 12h TT).
  const jde = solarLongitudeMoment(15, 2451545 + (year - 2000) * 365.2422 + 94.5);
  return fromDayNumber(Math.floor(ttToUt(jde) - UNIX_EPOCH_JD + 8 / 24));
}

const cache = new Map<number, StatutoryYear>();

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * The statutory holidays of `year` under the 办法 in force that year. Pure and memoised.
 * Throws {@link StatutoryHolidayRangeError} for a year outside 2008–2100.
 *
 * @example statutoryHolidays(2027).days[0] // '2027-01-01'
 */
export function statutoryHolidays(year: number): StatutoryYear {
  const cached = cache.get(year);
  if (cached) return cached;
  const rules = holidayRulesFor(year);
  const y = String(year);
  const newYear = gregorianOfLunar(year, 1, 1);
  const holidays: StatutoryHoliday[] = [
    { name: '元旦', dates: [`${y}-01-01`] },
    { name: '春节', dates: rules.springFestival.map((offset) => addCalendarDays(newYear, offset)) },
    { name: '清明节', dates: [qingmingDate(year)] },
    { name: '劳动节', dates: rules.labourDay.map((d) => `${y}-05-${pad(d)}`) },
    { name: '端午节', dates: [gregorianOfLunar(year, 5, 5)] },
    { name: '中秋节', dates: [gregorianOfLunar(year, 8, 15)] },
    { name: '国庆节', dates: [`${y}-10-01`, `${y}-10-02`, `${y}-10-03`] },
  ];
  const names = new Map<IsoDate, string>();
  for (const h of holidays) {
    for (const d of h.dates) {
      const prior = names.get(d);
      names.set(d, prior ? `${prior}、${h.name}` : h.name);
    }
  }
  const result: StatutoryYear = Object.freeze({
    year,
    rules,
    holidays,
    days: [...names.keys()].sort(),
    names,
  });
  cache.set(year, result);
  return result;
}

/** What the 节假日安排 pages show for a year without a notice. */
export type StatutoryYearView =
  | {
      readonly year: number;
      readonly rulesTitle: string;
      /** Name and days in Chinese, e.g. `{ name: '春节', days: '2月5日（星期五）至2月8日（星期一）' }`. */
      readonly holidays: readonly { readonly name: string; readonly days: string }[];
      /** How many of the days fall on Monday–Friday (the ones that change deadlines). */
      readonly weekdays: number;
      readonly error?: undefined;
    }
  | { readonly year: number; readonly error: string };

function shortDay(d: IsoDate): string {
  return `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日（${chineseWeekday(d)}）`;
}

/**
 * The computed holidays of `year` as text for the back office, or why there are none.
 *
 * @example statutoryYearView(2027).holidays[0] // { name: '元旦', days: '1月1日（星期五）' }
 */
export function statutoryYearView(year: number): StatutoryYearView {
  if (!hasStatutoryHolidays(year)) return { year, error: new StatutoryHolidayRangeError(year).message };
  const s = statutoryHolidays(year);
  const holidays = s.holidays.map((h) => {
    const first = h.dates[0] ?? '';
    const last = h.dates[h.dates.length - 1] ?? '';
    return { name: h.name, days: first === last ? shortDay(first) : `${shortDay(first)}至${shortDay(last)}` };
  });
  const weekdays = s.days.filter((d) => isoWeekday(toDayNumber(d)) <= 5).length;
  return { year, rulesTitle: s.rules.title, holidays, weekdays };
}
