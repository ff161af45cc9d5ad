import { z } from 'zod';

/** A free-text form field that may be left empty: trimmed, at most `max` characters, '' becomes null. */
export const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .transform((v) => (v === '' ? null : v));
