/**
 * Walking the public application form step by step as a browser would: each page's signed answers
 * (`state`) and CSRF token go with the next post; the identity documents as multipart.
 */
import type { LightMyRequestResponse } from 'fastify';
import { APPLY_STEPS, type ApplyStep, STEP_FIELDS } from '../../src/applications/apply.steps.ts';
import type { Agent, TestContext } from './test-app.ts';
import { textOf } from './test-app.ts';

export interface FilePart {
  readonly field: string;
  readonly name: string;
  readonly content: Buffer;
}

const STEP_SEGMENT: Readonly<Record<ApplyStep, string>> = {
  type: '',
  applicant: '/applicant',
  request: '/request',
  files: '/files',
  check: '/check',
};

export const stepUrl = (agencyId: number, step: ApplyStep) =>
  `/agencies/${agencyId}/apply${STEP_SEGMENT[step]}`;
export const sendUrl = (agencyId: number) => `/agencies/${agencyId}/apply/send`;

export const stateOf = (html: string) => /name="state" value="([^"]*)"/.exec(html)?.[1] ?? '';
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
/** The step a page shows (its form's `from`), or null. */
export const shownStep = (html: string) => /name="from" value="([a-z]+)"/.exec(html)?.[1] ?? null;

export function multipart(fields: Record<string, string | readonly string[]>, files: readonly FilePart[]) {
  const boundary = `----gk${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    for (const one of typeof v === 'string' ? [v] : v)
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${one}\r\n`),
      );
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The fields of `step` out of a whole set of answers. */
export function fieldsOf(step: ApplyStep, answers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    STEP_FIELDS[step].filter((f) => f !== 'idFiles').map((f) => [f, answers[f] ?? '']),
  );
}

/**
 * Posts the page `page` (the step `from`, its fields `fields`) on to `target`, carrying the page's signed
 * answers and CSRF token; with `files` (or `removeUpload`) as multipart, like the files step's form.
 */
export async function postStep(
  t: TestContext,
  agent: Agent,
  agencyId: number,
  page: string,
  target: ApplyStep,
  from: ApplyStep | null,
  fields: Record<string, string | readonly string[]> = {},
  files: readonly FilePart[] = [],
): Promise<LightMyRequestResponse> {
  const carried: Record<string, string | readonly string[]> = { state: stateOf(page), ...fields };
  if (from) carried.from = from;
  if (files.length === 0 && Object.values(fields).every((v) => typeof v === 'string'))
    return agent.post(stepUrl(agencyId, target), carried as Record<string, string>, { csrf: csrfOf(page) });
  const { payload, contentType } = multipart({ _csrf: csrfOf(page), ...carried }, files);
  const res = await t.app.inject({
    method: 'POST',
    url: stepUrl(agencyId, target),
    payload,
    remoteAddress: agent.remoteAddress,
    headers: { 'content-type': contentType, cookie: agent.cookieHeaderValue() },
  });
  for (const c of res.cookies) agent.setCookie(c.name, c.value);
  return res;
}

/**
 * Fills in the steps before `target` with `answers` (and `files` on step 4); returns the page of `target`,
 * or the page that stopped the walk.
 */
export async function walkTo(
  t: TestContext,
  agent: Agent,
  agencyId: number,
  answers: Readonly<Record<string, string>>,
  target: ApplyStep,
  files: readonly FilePart[] = [],
): Promise<LightMyRequestResponse> {
  let res = await agent.get(stepUrl(agencyId, 'type'));
  const steps = APPLY_STEPS.slice(0, APPLY_STEPS.indexOf(target));
  for (const [i, from] of steps.entries()) {
    res = await postStep(
      t,
      agent,
      agencyId,
      res.body,
      APPLY_STEPS[i + 1] as ApplyStep,
      from,
      fieldsOf(from, answers),
      from === 'files' ? files : [],
    );
    if (res.statusCode !== 200 || shownStep(res.body) === from) return res;
  }
  return res;
}

/** Fills in every step; returns the check page (or the page that stopped). */
export const walkToCheck = (
  t: TestContext,
  agent: Agent,
  agencyId: number,
  answers: Readonly<Record<string, string>>,
  files: readonly FilePart[] = [],
) => walkTo(t, agent, agencyId, answers, 'check', files);

/** The pending uploads' token the signed answers of a page carry ('' when none). */
export function uploadTokenIn(html: string): string {
  const body = stateOf(html).split('.')[0] ?? '';
  const json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { v: Record<string, string> };
  return json.v.uploadToken ?? '';
}

/** Sends the application from its check page. */
export async function sendFromCheck(agent: Agent, agencyId: number, checkPage: string) {
  return agent.post(sendUrl(agencyId), { state: stateOf(checkPage) }, { csrf: csrfOf(checkPage) });
}

/** Walks the form and sends it; throws with the page's text when a step stops it. Returns the 查询码. */
export async function applyOnline(
  t: TestContext,
  agent: Agent,
  agencyId: number,
  answers: Readonly<Record<string, string>>,
  files: readonly FilePart[] = [],
): Promise<string> {
  const check = await walkToCheck(t, agent, agencyId, answers, files);
  if (check.statusCode !== 200 || !/检查您的申请/.test(check.body))
    throw new Error(`the form stopped: ${check.statusCode} ${textOf(check.body).slice(0, 600)}`);
  const sent = await sendFromCheck(agent, agencyId, check.body);
  if (sent.statusCode !== 303) throw new Error(`send: ${sent.statusCode} ${textOf(sent.body).slice(0, 600)}`);
  const done = textOf((await agent.get(sent.headers.location as string)).body);
  const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(done)?.[1];
  if (!code) throw new Error(`no 查询码 on the receipt: ${done.slice(0, 400)}`);
  return code;
}
