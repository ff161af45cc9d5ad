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
 * Runs `work` (a service call and what follows it, e.g. a redirect); when the service refuses the input
 * with a `FormError`, returns `render(errors)` instead — the form shown again with its messages. Any other
 * error propagates (to the error handler). The one way a route turns a `FormError` into a page.
 *
 * @example return orFormError(
 *   async () => { await editAgency(db, viewer, ip, agency, data, now); return reply.redirect(back, 303); },
 *   (errors) => agencyForm(request, reply, agency, form.values, errors),
 * );
 */
export async function orFormError<T, R>(
  work: () => Promise<T>,
  render: (errors: FieldErrors) => R | Promise<R>,
): Promise<T | R> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof FormError) return render(err.errors);
    throw err;
  }
}
