/**
 * The statutory periods of 依申请公开 and of the remedies a letter states, each defined once and named
 * after the article that sets it (docs/domain/deadlines.md#periods, docs/domain/letters.md). The
 * timeline, the letters, the notifications and the assessment import them from here.
 */

/** 条例 Art. 33 ¶2: reply within 20 working days of receipt. */
export const ART33_REPLY_WORKING_DAYS = 20;

/** 条例 Art. 33 ¶2: one extension of at most 20 working days. */
export const ART33_EXTENSION_MAX_WORKING_DAYS = 20;

/** 条例 Art. 30: the correction notice (一次性告知补正) is due within 7 working days of receipt. */
export const ART30_CORRECTION_NOTICE_WORKING_DAYS = 7;

/** 条例 Art. 32 (and Art. 34 for another agency): the consulted party answers within 15 working days. */
export const ART32_CONSULTATION_WORKING_DAYS = 15;

/**
 * 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号), as restated by 四川 (docs/domain/fees.md#payment):
 * the fee is paid within 20 working days from the day after the notice is received.
 */
export const FEE_PAYMENT_WORKING_DAYS = 20;

/** 行政复议法 第二十条: reconsideration within 60 days of receiving the letter (docs/domain/letters.md). */
export const RECONSIDERATION_DAYS = 60;

/** 行政诉讼法 第四十六条: litigation within 6 months of receiving the letter (docs/domain/letters.md). */
export const LITIGATION_MONTHS = 6;

/**
 * 行政诉讼法 第四十五条: after 复议前置, litigation within 15 days of receiving the reconsideration decision
 * (docs/domain/letters.md).
 */
export const LITIGATION_AFTER_RECONSIDERATION_DAYS = 15;

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/**
 * A whole number from 1 to 99 in Chinese numerals, as statutes and letters write periods: 6 → 六,
 * 15 → 十五, 60 → 六十, 20 → 二十.
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumeral: ${n} is not in 1..99`);
  if (n < 10) return DIGITS[n] as string;
  const tens = Math.floor(n / 10);
  const units = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${units === 0 ? '' : DIGITS[units]}`;
}
