import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { z } from 'zod';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { FormError } from '../shared/form-error.ts';
import { parseForm } from '../shared/http/forms.ts';
import { sendHtml } from '../shared/http/page.ts';
import { renderContextOf, renderDocument } from '../shared/ui/render.ts';
import { CSRF_PLACEHOLDER, PageCache } from './page-cache.ts';

/**
 * What the route plugins of 主动公开 share: the dependencies, "today" and "now" from the clock,
 * and the cache of public pages. Built once by `registerCatalogueRoutes`.
 */
export interface CatalogueRouteContext {
  readonly deps: Deps;
  /** Today's date in the configured zone. */
  readonly today: () => string;
  /** The current instant as an ISO string. */
  readonly now: () => string;
  readonly pages: PageCache;
}

export function catalogueRouteContext(deps: Deps): CatalogueRouteContext {
  const today = todayIn(deps.clock, deps.config.timeZone);
  return { deps, today, now: () => deps.clock.now().toISOString(), pages: new PageCache() };
}

/** The string query parameters of a request, each cut to 200 characters. */
export function queryOf(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((request.query as Record<string, unknown>) ?? {})) {
    if (typeof v === 'string') out[k] = v.slice(0, 200);
  }
  return out;
}

/** A list page number (1–50). */
export function pageParam(raw: string | undefined): number {
  const n = Number(raw ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 50 ? n : 1;
}

/** The site's own address, for links in feeds and exported articles. */
export function baseUrl(deps: Deps, request: FastifyRequest): string {
  return deps.config.publicBaseUrl || `${request.protocol}://${request.host}`;
}

/** One form: its schema and field names (see `catalogue.forms.ts`). */
export interface FormDef<S extends z.ZodType> {
  readonly schema: S;
  readonly fields: readonly string[];
}

/**
 * Parses a form that shapes input only: its data, or a `FormError` (for `orFormError`) if it is refused.
 */
export function formData<S extends z.ZodType>(form: FormDef<S>, body: unknown): z.output<S> {
  const parsed = parseForm(form.schema, body, form.fields);
  if (!parsed.ok) throw new FormError(parsed.errors);
  return parsed.data;
}

/**
 * A public page that is the same for every visitor: rendered once and reused while no write has
 * happened in this process and for at most 2 s (decision 005). The key holds what the layout takes
 * from the request (长者模式), the URL and today. Errors (404) are never cached.
 */
export async function sendCachedPage(
  ctx: CatalogueRouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  render: (csrf: string) => JSX.Element | Promise<JSX.Element>,
): Promise<unknown> {
  const context = renderContextOf(request, CSRF_PLACEHOLDER);
  const key = `${request.url}\n${ctx.today()}\n${context.elderMode ? 'elder' : ''}`;
  const html = await ctx.pages.get(key, () => renderDocument(render(CSRF_PLACEHOLDER), context));
  return sendHtml(
    reply,
    html.includes(CSRF_PLACEHOLDER) ? html.replaceAll(CSRF_PLACEHOLDER, reply.generateCsrf()) : html,
  );
}
