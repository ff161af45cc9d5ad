import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestContext } from '../support/test-app.ts';

/** The back-office links a page shows (same-site, under /admin, no downloads or logout). */
function adminLinksOf(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)) {
    const href = (m[1] ?? '').replace(/&amp;/g, '&');
    if (!href.startsWith('/admin')) continue;
    const path = href.split('#')[0] ?? href;
    if (path === '') continue;
    out.push(path);
  }
  return out;
}

/** Breadth-first walk of every back-office link a signed-in role sees; returns the links that answer 403. */
async function crawl(t: TestContext, login: string, limit: number) {
  const agent = t.agent();
  await agent.login(login);
  const seen = new Set<string>(['/admin']);
  const perKind = new Map<string, number>();
  const queue: { url: string; from: string }[] = [{ url: '/admin', from: '(start)' }];
  const forbidden: string[] = [];
  let visited = 0;
  while (queue.length > 0 && visited < limit) {
    const { url, from } = queue.shift()!;
    visited += 1;
    const res = await agent.get(url);
    if (res.statusCode === 403) forbidden.push(`${url} (linked from ${from})`);
    if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').startsWith('text/html'))
      continue;
    for (const link of adminLinksOf(res.body)) {
      // At most two pages of each kind (the same path with other ids or another query string).
      const kind = link.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/:id');
      const n = perKind.get(kind) ?? 0;
      if (seen.has(link) || n >= 2) continue;
      seen.add(link);
      perKind.set(kind, n + 1);
      queue.push({ url: link, from: url });
    }
  }
  return { forbidden, visited };
}

describe('back-office links each demo role sees', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  for (const login of ['demo-clerk', 'demo-reviewer', 'demo-supervisor', 'demo-admin']) {
    it(`${login} is shown no link that answers 403`, async () => {
      const { forbidden, visited } = await crawl(t, login, 400);
      assert.ok(visited > 20, `${login} visited ${visited} pages`);
      assert.deepEqual(forbidden, []);
    });
  }
});
