/**
 * The Chinese lunisolar calendar (农历), computed from the rules of GB/T 33661-2017 《农历的编算和颁行》:
 * - a month begins on the day (Beijing time, UTC+8) of a new moon (朔);
 * - the month containing the winter solstice (冬至) is the eleventh month;
 * - when 13 months begin between two eleventh months, the first of them that contains no major solar
 *   term (中气: the Sun at a multiple of 30° of longitude) is the leap month (闰月) and repeats the
 *   number of the month before it.
 * The moments come from `astronomy.ts`.
 *
 * Why not simply ICU: Node's `Intl.DateTimeFormat('zh-CN-u-ca-chinese')` also computes this calendar, but
 * with a cruder Moon; where a new moon falls within minutes of Beijing midnight it can be a day off. It is
 * for 2027: the new moon of 6 February 2027 is at 23:56 Beijing time, so 春节 is 6 February (紫金山天文台,
 * 香港天文台), while ICU 78 says 7 February. ICU is kept here as the independent second method the tests
 * compare against (`icuLunarDateOf`), with every disagreement in 2008–2100 listed there.
 */
import { lunationAtOrBefore, newMoon, solarLongitudeMoment, ttToUt, UNIX_EPOCH_JD } from './astronomy.ts';
import { fromDayNumber, type IsoDate, toDayNumber, yearOfDayNumber } from './dates.ts';

/** A date of the Chinese calendar. */
export interface LunarDate {
  /** The Gregorian year in which the lunar year begins (ICU's `relatedYear`). */
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** True for a leap month (闰月), which repeats the number of the month before it. */
  readonly leap: boolean;
  /** 1–30. */
  readonly day: number;
}

/** Thrown for a lunar date that does not exist, or when ICU (the cross-check) is missing or answers oddly. */
export class LunarCalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LunarCalendarError';
  }
}

const MONTH_NUMBERS: Readonly<Record<string, number>> = {
  正月: 1,
  一月: 1,
  二月: 2,
  三月: 3,
  四月: 4,
  五月: 5,
  六月: 6,
  七月: 7,
  八月: 8,
  九月: 9,
  十月: 10,
  十一月: 11,
  冬月: 11,
  十二月: 12,
  腊月: 12,
};

let formatter: Intl.DateTimeFormat | null = null;

function chineseFormatter(): Intl.DateTimeFormat {
  if (formatter !== null) return formatter;
  const f = new Intl.DateTimeFormat('zh-CN-u-ca-chinese', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
  // Without full ICU the request silently falls back to the Gregorian calendar: refuse instead.
  if (f.resolvedOptions().calendar !== 'chinese') {
    throw new LunarCalendarError(
      '此Node.js未带完整的ICU数据，无法计算农历（Intl.DateTimeFormat不支持chinese历法）。',
    );
  }
  formatter = f;
  return f;
}

/**
 * The lunar date of a Gregorian date.
 *
 * @example icuLunarDateOf('2028-01-26') // { year: 2028, month: 1, leap: false, day: 1 }
 */
export function icuLunarDateOf(date: IsoDate): LunarDate {
  // Noon UTC of the civil day: ICU derives the Chinese fields from the local day, here the same date.
  const parts = chineseFormatter().formatToParts(new Date(toDayNumber(date) * 86_400_000 + 43_200_000));
  let year = Number.NaN;
  let monthName = '';
  let day = Number.NaN;
  for (const p of parts) {
    // `relatedYear` is missing from older TypeScript lib typings.
    if ((p.type as string) === 'relatedYear') year = Number(p.value);
    else if (p.type === 'month') monthName = p.value;
    else if (p.type === 'day') day = Number(p.value);
  }
  const leap = monthName.startsWith('闰');
  const month = MONTH_NUMBERS[leap ? monthName.slice(1) : monthName];
  if (!Number.isInteger(year) || month === undefined || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new LunarCalendarError(
      `无法识别ICU给出的农历日期：${parts.map((p) => p.value).join('')}（${date}）。`,
    );
  }
  return { year, month, leap, day };
}

/** One month of the Chinese calendar: its first day (day number), number and leap flag. */
export interface LunarMonth {
  readonly start: number;
  readonly month: number;
  readonly leap: boolean;
}

/** Day number of the Beijing (UTC+8) civil date of a TT moment. */
function beijingDay(jde: number): number {
  return Math.floor(ttToUt(jde) - UNIX_EPOCH_JD + 8 / 24);
}

/** TT moment of the winter solstice (Sun at 270°) of Gregorian year `year`. */
function winterSolstice(year: number): number {
  // 21–22 December: J2000 + days to about 21 December of `year`.
  return solarLongitudeMoment(270, 2451545 + (year - 2000) * 365.2422 + 354.5);
}

const suiCache = new Map<number, readonly LunarMonth[]>();

/**
 * The months from the eleventh month containing the winter solstice of Gregorian year `year - 1` up to,
 * not including, the eleventh month of `year` (the 岁 that contains 正月 of lunar year `year`), plus
 * that next eleventh month as the last element (its start ends the span).
 */
export function lunarMonthsOfSui(year: number): readonly LunarMonth[] {
  const cached = suiCache.get(year);
  if (cached) return cached;
  const solstice1 = winterSolstice(year - 1);
  const solstice2 = winterSolstice(year);
  const day1 = beijingDay(solstice1);
  const day2 = beijingDay(solstice2);
  // The eleventh month starts with the last new moon whose Beijing date is on or before the solstice's.
  let k = lunationAtOrBefore(solstice1) + 1;
  while (beijingDay(newMoon(k)) > day1) k--;
  const starts: number[] = [];
  for (let kk = k; ; kk++) {
    const start = beijingDay(newMoon(kk));
    if (start > day2) break;
    starts.push(start);
  }
  // starts[0] is month 11 of year − 1; the last element is month 11 of `year`.
  const lunations = starts.length - 1;
  if (lunations !== 12 && lunations !== 13) {
    throw new LunarCalendarError(`${year}年农历推算异常：两个冬至月之间有${lunations}个朔望月。`);
  }
  // 中气 days between the two solstices: 270° (冬至), 300°, …, 240°, and the second 冬至.
  const majorTermDays: number[] = [day1];
  for (let i = 1; i < 12; i++) {
    const lon = (270 + 30 * i) % 360;
    majorTermDays.push(beijingDay(solarLongitudeMoment(lon, solstice1 + i * 30.44)));
  }
  majorTermDays.push(day2);
  const hasMajorTerm = (from: number, to: number): boolean => majorTermDays.some((d) => d >= from && d < to);
  const months: LunarMonth[] = [];
  let number = 11;
  let leapFound = lunations === 12;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    if (i === 0) {
      months.push({ start, month: 11, leap: false });
      continue;
    }
    const next = starts[i + 1];
    if (!leapFound && next !== undefined && !hasMajorTerm(start, next)) {
      leapFound = true;
      months.push({ start, month: number, leap: true });
      continue;
    }
    number = (number % 12) + 1;
    months.push({ start, month: number, leap: false });
  }
  suiCache.set(year, months);
  return months;
}

/**
 * The Gregorian date of day `day` of the ordinary (non-leap) month `month` of lunar year `year` (the
 * lunar year whose 正月 begins in Gregorian year `year`). A festival stays in the ordinary month even when
 * a leap month of the same number follows it (2009 and 2020: 端午 in 五月, not in 闰五月 / 闰四月).
 * Throws {@link LunarCalendarError} when the date does not exist (day 30 of a 29-day month).
 *
 * @example gregorianOfLunar(2027, 1, 1) // '2027-02-06' (春节)
 */
export function gregorianOfLunar(year: number, month: number, day: number): IsoDate {
  // Months 1–10 lie in the 岁 of `year`, after its first 正月; months 11 and 12 of lunar year `year` lie
  // at the start of the next 岁, before that one's 正月.
  const late = month >= 11;
  const months = lunarMonthsOfSui(late ? year + 1 : year);
  const first = months.findIndex((m) => m.month === 1 && !m.leap);
  const [from, to] = late ? [0, first] : [first, months.length - 1];
  for (let i = from; i >= 0 && i < to; i++) {
    const m = months[i] as LunarMonth;
    if (m.month !== month || m.leap) continue;
    const length = (months[i + 1] as LunarMonth).start - m.start;
    if (day >= 1 && day <= length) return fromDayNumber(m.start + day - 1);
    break;
  }
  throw new LunarCalendarError(`农历${year}年${month}月${day}日不存在。`);
}

/**
 * The lunar date of a Gregorian date (computed astronomically; see {@link icuLunarDateOf} for ICU's).
 *
 * @example lunarDateOf('2027-02-05') // { year: 2026, month: 12, leap: false, day: 30 } (除夕)
 */
export function lunarDateOf(date: IsoDate): LunarDate {
  const n = toDayNumber(date);
  let year = yearOfDayNumber(n);
  let months = lunarMonthsOfSui(year);
  if (n >= (months[months.length - 1] as LunarMonth).start) {
    year += 1;
    months = lunarMonthsOfSui(year);
  }
  const first = months.findIndex((m) => m.month === 1 && !m.leap);
  for (let i = months.length - 2; i >= 0; i--) {
    const m = months[i] as LunarMonth;
    if (m.start <= n)
      return { year: i < first ? year - 1 : year, month: m.month, leap: m.leap, day: n - m.start + 1 };
  }
  // Unreachable: the 岁 of `year` starts in November or December of `year − 1`.
  throw new LunarCalendarError(`无法推算${date}的农历日期。`);
}
