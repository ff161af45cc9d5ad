import type { z } from 'zod';
import { FormError } from '../form-error.ts';
import type { FieldErrors } from '../ui/components.tsx';

export type FormBody = Record<string, string>;

/** Form bodies arrive as strings (or arrays for repeated names); anything else is dropped. */
export function formBody(raw: unknown): FormBody {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string').join('\n');
      else if (
        v &&
        typeof v === 'object' &&
        'value' in v &&
        typeof (v as { value: unknown }).value === 'string'
      ) {
        out[k] = (v as { value: string }).value; // multipart field
      }
    }
  }
  return out;
}

export type FormResult<T> =
  | { ok: true; data: T; values: FormBody }
  | { ok: false; errors: FieldErrors; values: FormBody };

/**
 * Parses a form with its schema. On failure returns the first message per field, in form order,
 * and the values exactly as typed so the page can show them again.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  fields: readonly string[],
): FormResult<z.output<S>> {
  const values = formBody(raw);
  const input: Record<string, string> = {};
  for (const f of fields) input[f] = values[f] ?? '';
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data, values };
  const byField: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? fields[0] ?? 'form');
    if (!(field in byField)) byField[field] = issue.message;
  }
  const ordered: Record<string, string> = {};
  for (const f of fields) if (byField[f]) ordered[f] = byField[f];
  for (const [f, m] of Object.entries(byField)) if (!(f in ordered)) ordered[f] = m;
  return { ok: false, errors: ordered, values };
}

/**
 * Runs a service on a parsed form: its result, or the field errors to show again with status 400 —
 * the form's own, or those of a `FormError` the service threw (anything else propagates).
 *
 * @example const r = await submitForm(form, (data) => createAgency(db, viewer, ip, data, now));
 */
export async function submitForm<T, R>(
  form: FormResult<T>,
  act: (data: T) => Promise<R>,
): Promise<{ ok: true; result: R } | { ok: false; errors: FieldErrors }> {
  if (!form.ok) return { ok: false, errors: form.errors };
  try {
    return { ok: true, result: await act(form.data) };
  } catch (err) {
    if (err instanceof FormError) return { ok: false, errors: err.errors };
    throw err;
  }
}
