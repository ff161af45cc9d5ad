/**
 * What to remove (issue 14): exact text and the patterns of personal data that a disclosed document must
 * not carry. Pure: a page's text in, the spans that match out, each named by the finder that found it and
 * checked where the format has a check character (居民身份证号 GB 11643, 统一社会信用代码 GB 32100, bank
 * cards by Luhn). The clerk accepts or rejects each suggestion; nothing here decides alone.
 */
import { checkResidentIdNumber, checkUnifiedSocialCreditCode } from '../shared/identifiers.ts';

export const PATTERN_IDS = ['id', 'phone', 'landline', 'uscc', 'bank', 'email', 'address'] as const;
export type PatternId = (typeof PATTERN_IDS)[number];
export type FinderKind = PatternId | 'text';

export const PATTERN_LABELS: Readonly<Record<FinderKind, string>> = {
  id: '居民身份证号',
  phone: '手机号码',
  landline: '固定电话',
  uscc: '统一社会信用代码',
  bank: '银行卡号',
  email: '电子邮箱',
  address: '住址',
  text: '指定文字',
};

export function isPatternId(s: string): s is PatternId {
  return (PATTERN_IDS as readonly string[]).includes(s);
}

/** One span of a text to remove: `[start, end)` in UTF-16 units of the text searched. */
export interface Match {
  readonly start: number;
  readonly end: number;
  readonly kind: FinderKind;
  readonly value: string;
}

/** Luhn (ISO/IEC 7812) check of a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const isResidentId = (s: string): boolean => checkResidentIdNumber(s) === null;
export const isUscc = (s: string): boolean => checkUnifiedSocialCreditCode(s) === null;

interface Finder {
  readonly kind: PatternId;
  readonly re: RegExp;
  /** The part of a regex match to remove (group 1 when the pattern has a lead such as 住址：). */
  readonly group?: number;
  readonly valid?: (value: string) => boolean;
}

// Digits and letters on either side would make a longer code: a finder only matches a whole token.
const NOT_AFTER_ALNUM = '(?<![0-9A-Za-z])';
const NOT_BEFORE_ALNUM = '(?![0-9A-Za-z])';
const NOT_AFTER_DIGIT = '(?<!\\d)';
const NOT_BEFORE_DIGIT = '(?!\\d)';

const FINDERS: readonly Finder[] = [
  {
    kind: 'id',
    re: new RegExp(`${NOT_AFTER_ALNUM}\\d{17}[\\dXx]${NOT_BEFORE_ALNUM}`, 'g'),
    valid: isResidentId,
  },
  {
    kind: 'uscc',
    re: new RegExp(
      `${NOT_AFTER_ALNUM}[0-9A-HJ-NP-RTUWXY]{2}\\d{6}[0-9A-HJ-NP-RTUWXY]{10}${NOT_BEFORE_ALNUM}`,
      'g',
    ),
    valid: isUscc,
  },
  {
    kind: 'phone',
    re: new RegExp(`${NOT_AFTER_DIGIT}(?:\\+?86[- ]?)?1[3-9]\\d(?:[- ]?\\d{4}){2}${NOT_BEFORE_DIGIT}`, 'g'),
  },
  {
    kind: 'landline',
    re: new RegExp(
      `${NOT_AFTER_DIGIT}(?:0\\d{2,3}[-－]|[(（]0\\d{2,3}[)）] ?)[2-9]\\d{6,7}(?:[-－转]\\d{1,6})?${NOT_BEFORE_DIGIT}`,
      'g',
    ),
  },
  {
    kind: 'bank',
    re: new RegExp(`${NOT_AFTER_DIGIT}(?:\\d[ ]?){15,18}\\d${NOT_BEFORE_DIGIT}`, 'g'),
    valid: (v) => {
      const d = v.replace(/ /g, '');
      return d.length >= 16 && d.length <= 19 && luhnValid(d);
    },
  },
  { kind: 'email', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // An address runs from 住址/地址 (and its colon) to the end of the clause.
  { kind: 'address', re: /(?:住址|地址|住所)[：:为是]?\s*([^，。；;,\n\r]{2,60})/g, group: 1 },
];

/** The spans of `text` found by the chosen patterns and exact texts, sorted, overlaps resolved. */
export function findMatches(
  text: string,
  options: { patterns?: readonly PatternId[]; exact?: readonly string[] },
): Match[] {
  const found: Match[] = [];
  const chosen = new Set(options.patterns ?? []);
  for (const f of FINDERS) {
    if (!chosen.has(f.kind)) continue;
    for (const m of text.matchAll(f.re)) {
      const g = f.group ?? 0;
      const value = m[g];
      if (value === undefined || m.index === undefined) continue;
      const start = m.index + (g === 0 ? 0 : m[0].indexOf(value));
      const trimmed = value.replace(/\s+$/, '');
      if (f.valid && !f.valid(trimmed)) continue;
      found.push({ start, end: start + trimmed.length, kind: f.kind, value: trimmed });
    }
  }
  for (const needle of options.exact ?? []) {
    if (needle.trim() === '') continue;
    let from = 0;
    for (;;) {
      const at = text.indexOf(needle, from);
      if (at < 0) break;
      found.push({ start: at, end: at + needle.length, kind: 'text', value: needle });
      from = at + needle.length;
    }
  }
  return resolveOverlaps(found);
}

/**
 * Sorted by start; of overlapping spans the one found first in FINDERS order wins (an 18-digit 身份证号
 * that happens to pass Luhn is an ID, not a bank card), except that exact text always stays.
 */
function resolveOverlaps(found: Match[]): Match[] {
  const rank = (k: FinderKind) => (k === 'text' ? -1 : FINDERS.findIndex((f) => f.kind === k));
  const byRank = [...found].sort((a, b) => rank(a.kind) - rank(b.kind) || a.start - b.start);
  const kept: Match[] = [];
  for (const m of byRank) {
    if (kept.some((k) => m.start < k.end && k.start < m.end)) continue;
    kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}
