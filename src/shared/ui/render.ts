import { createContext, jsx, useContext } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';

/**
 * What the layout takes from the request being answered, beside the page's own props: the visitor's
 * 长者模式 preference (a cookie), the URL the 长者模式 toggle returns to (GET pages only; a page
 * shown after a POST lets the toggle fall back to the Referer), and the CSRF token of the toggle's
 * POST form (null: no toggle, e.g. a document made outside a request).
 */
export interface RenderContext {
  readonly elderMode: boolean;
  readonly returnTo: string | null;
  readonly csrf: string | null;
}

/** 长者模式 cookie: `1` when on. */
export const ELDER_COOKIE = 'gk_elder';

const NO_REQUEST: RenderContext = { elderMode: false, returnTo: null, csrf: null };
const RequestContext = createContext<RenderContext>(NO_REQUEST);

/** The render context of a request (structural, so this module stays free of Fastify). */
export function renderContextOf(
  request: {
    readonly cookies: Record<string, string | undefined>;
    readonly method: string;
    readonly url: string;
  },
  csrf: string | null = null,
): RenderContext {
  return {
    elderMode: request.cookies[ELDER_COOKIE] === '1',
    returnTo: request.method === 'GET' ? request.url.slice(0, 500) : null,
    csrf,
  };
}

/** Read by the layout while a document renders. */
export function useRenderContext(): RenderContext {
  return useContext(RequestContext);
}

/**
 * Renders a JSX page (escaped by default by hono/jsx) to a complete HTML document; `context` is what
 * the layout reads from the request (none for documents made outside a request, e.g. PDFs).
 */
export async function renderDocument(
  node: JSX.Element | Promise<JSX.Element>,
  context: RenderContext = NO_REQUEST,
): Promise<string> {
  const el = await node;
  const html = await jsx(RequestContext.Provider, { value: context }, el).toString();
  return `<!doctype html>${html}`;
}
