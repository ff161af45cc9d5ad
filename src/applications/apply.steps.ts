/**
 * The public application form one thing at a time (GOV.UK "one thing per page"): which step asks for which
 * answers, which errors of the whole form belong to the steps already passed, and the answers carried from
 * page to page in one signed hidden field (no server-side state: any app server can take the next step).
 * Pure: the key, the agency and `now` are passed in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { APPLICANT_FIELDS } from './application.rules.ts';
import { PENDING_UPLOAD_TTL_MS } from './documents.rules.ts';

/** The steps in order; `check` is the check-your-answers page. */
export const APPLY_STEPS = ['type', 'applicant', 'request', 'files', 'check'] as const;
export type ApplyStep = (typeof APPLY_STEPS)[number];

export const APPLY_STEP_TITLES: Readonly<Record<ApplyStep, string>> = {
  type: '申请人类型',
  applicant: '申请人信息和联系方式',
  request: '所需政府信息',
  files: '身份证明文件',
  check: '检查您的申请',
};

/** The form fields each step shows (and takes from its page's body). */
export const STEP_FIELDS: Readonly<Record<ApplyStep, readonly string[]>> = {
  type: ['applicantType'],
  applicant: [
    'applicantName',
    'idDocType',
    'idDocName',
    'idDocNumber',
    'creditCode',
    'contactPerson',
    'phone',
    'email',
    'address',
    'postcode',
  ],
  request: ['request', 'purpose', 'formWanted', 'delivery'],
  files: ['idFiles'],
  check: [],
};

/** What the hidden field carries: the answers (APPLICANT_FIELDS) and the pending uploads' token. */
export const CARRIED_FIELDS: readonly string[] = [...APPLICANT_FIELDS, 'uploadToken'];

export const stepIndex = (s: ApplyStep): number => APPLY_STEPS.indexOf(s);
export const stepNumber = (s: ApplyStep): number => stepIndex(s) + 1;

export function isApplyStep(v: string): v is ApplyStep {
  return (APPLY_STEPS as readonly string[]).includes(v);
}

export const nextStep = (s: ApplyStep): ApplyStep => APPLY_STEPS[Math.min(stepIndex(s) + 1, 4)] as ApplyStep;
export const previousStep = (s: ApplyStep): ApplyStep =>
  APPLY_STEPS[Math.max(stepIndex(s) - 1, 0)] as ApplyStep;

/** The step that asks for `field` (the upload's message belongs to the files step). */
export function stepOfField(field: string): ApplyStep | null {
  for (const s of APPLY_STEPS) if (STEP_FIELDS[s].includes(field)) return s;
  return null;
}

/**
 * Before showing `target`, every step before it must be answered: the first of those steps with a message
 * in `errors` (the whole form's messages, in form order) and that step's messages, or null. A rule across
 * steps (e-mail required because e-mail delivery was chosen) is reported on the step of its field.
 */
export function firstStepWithErrors(
  errors: Readonly<Record<string, string>>,
  target: ApplyStep,
): { step: ApplyStep; errors: Record<string, string> } | null {
  for (const s of APPLY_STEPS.slice(0, stepIndex(target))) {
    const own = Object.entries(errors).filter(([k]) => STEP_FIELDS[s].includes(k));
    if (own.length > 0) return { step: s, errors: Object.fromEntries(own) };
  }
  return null;
}

/** The answers after a page was posted: the carried ones with that page's fields replaced by what it sent. */
export function mergeStep(
  carried: Readonly<Record<string, string>>,
  step: ApplyStep,
  body: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of CARRIED_FIELDS) out[f] = carried[f] ?? '';
  for (const f of STEP_FIELDS[step]) if (f !== 'idFiles') out[f] = body[f] ?? '';
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The signed hidden field: base64url(JSON {a: agency, t: issued ms, v: answers}) "." base64url(HMAC-SHA256).

/** How long a started form may be carried on: as long as its pending uploads are kept. */
export const CARRY_TTL_MS = PENDING_UPLOAD_TTL_MS;

export type OpenedAnswers =
  | { readonly ok: true; readonly values: Record<string, string> }
  | { readonly ok: false; readonly problem: 'tampered' | 'expired' };

const mac = (key: string, body: string) =>
  createHmac('sha256', `gongkai-apply-form:${key}`).update(body).digest('base64url');

/** Seals the answers for the next page of `agencyId`'s form. */
export function sealAnswers(
  values: Readonly<Record<string, string>>,
  agencyId: number,
  nowMs: number,
  key: string,
): string {
  const v: Record<string, string> = {};
  for (const f of CARRIED_FIELDS) if (values[f]) v[f] = values[f] as string;
  const body = Buffer.from(JSON.stringify({ a: agencyId, t: nowMs, v }), 'utf8').toString('base64url');
  return `${body}.${mac(key, body)}`;
}

/** The carried answers when `sealed` was sealed by us, for this agency, less than a day ago. */
export function openAnswers(sealed: string, agencyId: number, nowMs: number, key: string): OpenedAnswers {
  const tampered = { ok: false, problem: 'tampered' } as const;
  const [body, sig, extra] = sealed.split('.');
  if (!body || !sig || extra !== undefined) return tampered;
  const want = Buffer.from(mac(key, body));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return tampered;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return tampered;
  }
  const p = parsed as { a?: unknown; t?: unknown; v?: unknown };
  if (p.a !== agencyId || typeof p.t !== 'number' || typeof p.v !== 'object' || p.v === null) return tampered;
  if (nowMs - p.t > CARRY_TTL_MS) return { ok: false, problem: 'expired' };
  const values: Record<string, string> = {};
  for (const f of CARRIED_FIELDS) {
    const x = (p.v as Record<string, unknown>)[f];
    values[f] = typeof x === 'string' ? x : '';
  }
  return { ok: true, values };
}
