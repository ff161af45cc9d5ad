/**
 * The request id every log line of a request carries (Fastify's `reqId`) and every response returns in
 * `X-Request-Id`: the one a trusted proxy (nginx's `$request_id`) sent, so one id follows a request from the
 * proxy's log to ours, else a new UUID. A client that is not behind a trusted proxy cannot choose it, and
 * only a short token of safe characters is taken, so a forged header can neither inject into the log nor
 * make ids collide at will.
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The id of a request with these headers; `fromProxy`: it came through a trusted proxy. */
export function requestIdOf(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  fromProxy: boolean,
): string {
  const sent = headers[REQUEST_ID_HEADER];
  if (fromProxy && typeof sent === 'string' && SAFE_ID.test(sent)) return sent;
  return randomUUID();
}
