import type { JSX } from 'hono/jsx/jsx-runtime';

/** Renders a JSX page (escaped by default by hono/jsx) to a complete HTML document. */
export async function renderDocument(node: JSX.Element | Promise<JSX.Element>): Promise<string> {
  const el = await node;
  const html = await el.toString();
  return `<!doctype html>${html}`;
}
