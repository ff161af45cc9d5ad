import { z } from 'zod';

/**
 * Zod fragments for form fields that several forms share (one message per rule, in Chinese).
 * Pure: no I/O, usable from `*.rules.ts`.
 */

/** An optional text field: trimmed, at most `max` characters, and null when left empty. */
export const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .transform((v) => (v === '' ? null : v));
