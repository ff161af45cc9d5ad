/** Chinese and Arabic numerals as written in report prose: `61`, `６１`, `六十一`, `二百零五`, `两`. */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parses a Chinese numeral below 100 000 000; null when it is not one. */
export function parseChineseNumeral(text: string): number | null {
  if (text.length === 0 || text.length > 12) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of text) {
    if (ch in DIGITS) {
      if (digit !== null && digit !== 0) return null;
      digit = DIGITS[ch]!;
    } else if (ch in UNITS) {
      section += (digit ?? 1) * UNITS[ch]!;
      digit = null;
    } else if (ch === '万') {
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
      digit = null;
    } else return null;
  }
  return total + section + (digit ?? 0);
}

/** Parses `17`, `１７` or `十七`; null otherwise. */
export function parseNumeral(text: string): number | null {
  const ascii = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (/^\d{1,9}$/.test(ascii)) return Number(ascii);
  return parseChineseNumeral(text);
}

/** Regex source matching one numeral (Arabic or Chinese). */
export const NUMERAL = '(\\d{1,9}|[零〇一二两三四五六七八九十百千万]{1,8})';
