/**
 * Check digits of Chinese organisation and person identifiers.
 *
 * Every `check*` function normalises its input with {@link normalizeCode} first, so it accepts what a form
 * field accepts (surrounding spaces, full-width characters, lower case, the hyphen of a 组织机构代码), and
 * returns `null` when the code is valid or a precise message in Simplified Chinese otherwise.
 * Store the normalised form.
 *
 * Pure: no I/O, no clock (the resident ID check takes `today` explicitly).
 */

/** The 31 characters of GB 32100-2015 (统一社会信用代码): digits and upper-case letters without I, O, Z, S, V. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_LENGTH = 18;
/** Weights 3^i mod 31 for positions 1–17 (GB 32100-2015 §5). */
const USCC_WEIGHTS: readonly number[] = Array.from({ length: USCC_LENGTH - 1 }, (_, i) => 3 ** i % 31);

export const ORGANIZATION_CODE_LENGTH = 9;
/** Weights of the 8 body characters of a 组织机构代码 (GB 11714-1997). */
const ORGANIZATION_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

export const RESIDENT_ID_LENGTH = 18;
/** Weights 2^(17-i) mod 11 of ISO 7064 MOD 11-2 as used by GB 11643-1999. */
const RESIDENT_ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK_CHARS = '10X98765432';
/** Earliest birth year accepted (the GB 11643 example 440524188001010014 is born in 1880). */
const RESIDENT_ID_MIN_BIRTH_YEAR = 1800;
/**
 * First two digits (province-level division) allowed in a 居民身份证号码: GB/T 2260 provinces plus
 * 81/82/83 used by residence permits of Hong Kong, Macao and Taiwan residents.
 */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

const HYPHENS = /[-‐‑‒–—−－]/g;

/**
 * Normalises a code typed by a person: trims, converts full-width characters to half-width, removes all
 * whitespace, upper-cases, and removes a hyphen only where one is customary — before the check character
 * of a 组织机构代码 (`00001434-9` → `000014349`). Any other hyphen is kept so that the check reports it.
 *
 * @example normalizeCode(' ９１３３０１００-７９９６５５０５８ｂ ') // '91330100-799655058B' (hyphen not in position 9)
 * @example normalizeCode('00001434－9') // '000014349'
 */
export function normalizeCode(s: string): string {
  const halfWidth = s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
  const compact = halfWidth.replace(/\s+/g, '').toUpperCase();
  const withAsciiHyphens = compact.replace(HYPHENS, '-');
  const orgCodeWithHyphen = /^([0-9A-Z]{8})-([0-9A-Z])$/.exec(withAsciiHyphens);
  if (orgCodeWithHyphen) return `${orgCodeWithHyphen[1]}${orgCodeWithHyphen[2]}`;
  return withAsciiHyphens;
}

/** Value of a 组织机构代码 character: 0–9 for digits, 10–35 for A–Z; -1 otherwise. */
function organizationCharValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  return -1;
}

/** The check character a 组织机构代码 body of 8 valid characters must carry. */
export function organizationCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++)
    sum += organizationCharValue(body[i] ?? '') * (ORGANIZATION_CODE_WEIGHTS[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The check character a 统一社会信用代码 whose first 17 characters are valid must carry. */
export function unifiedSocialCreditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < USCC_LENGTH - 1; i++) {
    sum += USCC_ALPHABET.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

/** The check character of an 18-digit 居民身份证号码 whose first 17 characters are digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < RESIDENT_ID_LENGTH - 1; i++) {
    sum += (first17.charCodeAt(i) - 48) * (RESIDENT_ID_WEIGHTS[i] ?? 0);
  }
  return RESIDENT_ID_CHECK_CHARS[sum % 11] ?? '';
}

function describeChar(c: string): string {
  return c === ' ' ? '空格' : `“${c}”`;
}

function lengthMessage(name: string, expected: number, actual: number): string {
  return `${name}应为${expected}位，当前为${actual}位。`;
}

/**
 * Checks a 组织机构代码 (GB 11714-1997): 8 body characters (digits or upper-case letters) and a check
 * character, optionally written with a hyphen before the check character.
 *
 * @example checkOrganizationCode('000014349') // null (国务院办公厅)
 * @example checkOrganizationCode('00001434-8') // '组织机构代码校验不通过…'
 */
export function checkOrganizationCode(s: string): string | null {
  const code = normalizeCode(s);
  const name = '组织机构代码';
  if (code === '') return `请填写${name}。`;
  if (code.includes('-')) return `${name}中的连字符“-”只能位于第8位与校验码之间（如“00001434-9”）。`;
  if (code.length !== ORGANIZATION_CODE_LENGTH)
    return lengthMessage(name, ORGANIZATION_CODE_LENGTH, code.length);
  for (let i = 0; i < 8; i++) {
    const c = code[i] ?? '';
    if (organizationCharValue(c) < 0) {
      return `${name}第${i + 1}位${describeChar(c)}无效：本体代码只能使用数字0-9和大写字母A-Z。`;
    }
  }
  const check = code[8] ?? '';
  if (!/^[0-9X]$/.test(check))
    return `${name}第9位（校验码）${describeChar(check)}无效：校验码只能是数字0-9或字母X。`;
  if (organizationCodeCheckChar(code) !== check) {
    return `${name}校验不通过：第9位校验码与前8位不符，请逐位核对是否有输入错误。`;
  }
  return null;
}

/**
 * Checks a 统一社会信用代码 (GB 32100-2015): 18 characters from the 31-character alphabet, positions 3–8 the
 * administrative-division code (digits), positions 9–17 a valid 组织机构代码 (GB 11714), position 18 the
 * check character (weights 3^i mod 31).
 *
 * @example checkUnifiedSocialCreditCode('91330100799655058B') // null
 */
export function checkUnifiedSocialCreditCode(s: string): string | null {
  const code = normalizeCode(s);
  const name = '统一社会信用代码';
  if (code === '') return `请填写${name}。`;
  if (code.length !== USCC_LENGTH) {
    if (code.length === ORGANIZATION_CODE_LENGTH && checkOrganizationCode(code) === null) {
      return `${name}应为18位；填写的是9位组织机构代码，请填写统一社会信用代码。`;
    }
    return lengthMessage(name, USCC_LENGTH, code.length);
  }
  for (let i = 0; i < USCC_LENGTH; i++) {
    const c = code[i] ?? '';
    if (!USCC_ALPHABET.includes(c)) {
      const hint = 'IOZSV'.includes(c)
        ? `（不使用字母I、O、Z、S、V，请核对是否为数字1、0、2、5或字母U）`
        : '';
      return `${name}第${i + 1}位${describeChar(c)}无效：只能使用数字0-9和大写字母（不含I、O、Z、S、V）${hint}。`;
    }
  }
  const division = code.slice(2, 8);
  if (!/^\d{6}$/.test(division)) {
    return `${name}第3至8位（登记管理机关行政区划码）应为6位数字，当前为“${division}”。`;
  }
  const embedded = code.slice(8, 17);
  if (checkOrganizationCode(embedded) !== null) {
    return `${name}第9至17位（组织机构代码“${embedded}”）校验不通过，请逐位核对是否有输入错误。`;
  }
  if (unifiedSocialCreditCodeCheckChar(code) !== code[17]) {
    return `${name}校验不通过：第18位校验码与前17位不符，请逐位核对是否有输入错误。`;
  }
  return null;
}

function isValidBirthDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * Checks an 18-digit 居民身份证号码 (GB 11643-1999): 17 digits and a check character (0-9 or X, ISO 7064
 * MOD 11-2), a known province code and a real birth date (positions 7–14) not after `today` when given.
 *
 * @example checkResidentIdNumber('11010519491231002X') // null (the GB 11643 example)
 */
export function checkResidentIdNumber(s: string, today?: string): string | null {
  const id = normalizeCode(s);
  const name = '居民身份证号码';
  if (id === '') return `请填写${name}。`;
  if (id.length === 15 && /^\d{15}$/.test(id)) {
    return `15位${name}已停止使用，请填写18位${name}。`;
  }
  if (id.length !== RESIDENT_ID_LENGTH) return lengthMessage(name, RESIDENT_ID_LENGTH, id.length);
  for (let i = 0; i < RESIDENT_ID_LENGTH - 1; i++) {
    const c = id[i] ?? '';
    if (c < '0' || c > '9') return `${name}第${i + 1}位${describeChar(c)}无效：前17位只能是数字。`;
  }
  const check = id[17] ?? '';
  if (!/^[0-9X]$/.test(check))
    return `${name}第18位（校验码）${describeChar(check)}无效：只能是数字0-9或字母X。`;
  const province = id.slice(0, 2);
  if (!PROVINCE_CODES.has(province)) {
    return `${name}前2位“${province}”不是有效的省级行政区划代码。`;
  }
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = id.slice(6, 14);
  if (year < RESIDENT_ID_MIN_BIRTH_YEAR || !isValidBirthDate(year, month, day)) {
    return `${name}第7至14位出生日期“${birth}”不是有效日期。`;
  }
  if (today !== undefined) {
    const birthIso = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    if (birthIso > today) return `${name}第7至14位出生日期“${birth}”晚于今天。`;
  }
  if (residentIdCheckChar(id) !== check) {
    return `${name}校验不通过：第18位校验码与前17位不符，请逐位核对是否有输入错误。`;
  }
  return null;
}
