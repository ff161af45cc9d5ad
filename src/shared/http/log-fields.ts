/**
 * What a request log line may hold. Query strings and bodies carry personal data — an ID number searched
 * for (`?q=220103…`), a phone number, a 查询码 — so the log keeps the method, the path without its query,
 * the request id and the client address, never the query, the body, cookies or the Authorization header.
 */

export interface LoggableRequest {
  readonly method: string;
  readonly url: string;
  readonly id?: string;
  readonly ip?: string;
  readonly routeOptions?: { readonly url?: string | undefined };
}

/** The request as a log line shows it (Fastify's `serializers.req`). */
export function requestLogFields(req: LoggableRequest): Record<string, string | undefined> {
  const q = req.url.indexOf('?');
  return {
    method: req.method,
    url: q < 0 ? req.url : `${req.url.slice(0, q)}?…`,
    route: req.routeOptions?.url,
    id: req.id,
    remoteAddress: req.ip,
  };
}
