/**
 * Plain ISO calendar dates (`YYYY-MM-DD`) as day numbers, without time zones.
 *
 * A day number counts days since 1970-01-01 (day 0, a Thursday) in the proleptic Gregorian calendar.
 * The conversions use integer arithmetic only (Howard Hinnant's civil-date algorithms), so they are
 * cheap and independent of the host time zone.
 */

/** A calendar date written `YYYY-MM-DD`. */
export type IsoDate = string;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Day number of an ISO date, or `null` when `s` is not a real `YYYY-MM-DD` date. */
export function parseIsoDate(s: string): number | null {
  const parts = splitIsoDate(s);
  return parts === null ? null : daysFromCivil(parts[0], parts[1], parts[2]);
}

/** Digit value of the character at `i`, or -1 (hand-written: this is on the hot path of every deadline). */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** `[year, month, day]` of a real `YYYY-MM-DD` date, or null. */
function splitIsoDate(s: string): [number, number, number] | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const y0 = digitAt(s, 0);
  const y1 = digitAt(s, 1);
  const y2 = digitAt(s, 2);
  const y3 = digitAt(s, 3);
  const m0 = digitAt(s, 5);
  const m1 = digitAt(s, 6);
  const d0 = digitAt(s, 8);
  const d1 = digitAt(s, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return null;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const mo = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return [y, mo, d];
}

export function isIsoDate(s: string): boolean {
  return parseIsoDate(s) !== null;
}

/** Day number of an ISO date; throws `RangeError` for anything else (a programming error inside rules). */
export function toDayNumber(s: IsoDate): number {
  const n = parseIsoDate(s);
  if (n === null) throw new RangeError(`Invalid ISO date: ${JSON.stringify(s)}`);
  return n;
}

/** `[year, month, day]` of a day number (the inverse of `daysFromCivil`). */
function civilFromDays(n: number): [number, number, number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** The ISO date of a day number. */
export function fromDayNumber(n: number): IsoDate {
  const [y, m, d] = civilFromDays(n);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function isoWeekday(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** Year of a day number. */
export function yearOfDayNumber(n: number): number {
  return civilFromDays(n)[0];
}

/** Year of an ISO date (no validation). */
export function yearOf(s: IsoDate): number {
  return Number(s.slice(0, 4));
}

/** Adds calendar days. */
export function addCalendarDays(s: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(s) + days);
}

const WEEKDAY_NAMES = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'] as const;

/** Chinese weekday name of an ISO date, e.g. `星期五`. */
export function chineseWeekday(s: IsoDate): string {
  return WEEKDAY_NAMES[isoWeekday(toDayNumber(s)) - 1] ?? '';
}

/**
 * Formats an ISO date the way Chinese official documents do.
 *
 * @example formatChineseDate('2025-09-26') // '2025年9月26日'
 */
export function formatChineseDate(s: IsoDate): string {
  const parts = splitIsoDate(s);
  if (parts === null) throw new RangeError(`Invalid ISO date: ${JSON.stringify(s)}`);
  return `${parts[0]}年${parts[1]}月${parts[2]}日`;
}
