import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

/** The breadcrumb trail of a page as its labels, in order (none: null). */
function trailOf(html: string): string[] | null {
  const nav = /<nav class="gk-breadcrumbs" aria-label="当前位置">([\s\S]*?)<\/nav>/.exec(html)?.[1];
  if (nav === undefined) return null;
  return [...nav.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1] ?? '').trim());
}

/** Public pages: one breadcrumb pattern, no empty metadata, feeds advertised in the head. */
describe('public pages', () => {
  let t: TestContext;
  let xinyuan: Agency;
  let bare: { id: number; title: string };
  before(async () => {
    t = await startTestApp();
    const found = await findAgencyByName(t.database.db, '宽城区欣园街道办事处');
    assert.ok(found);
    xinyuan = found;
    // A published item of the demo with neither 文号 nor 成文日期.
    bare = await t.database.db
      .selectFrom('catalogue_items')
      .select(['id', 'title'])
      .where('agency_id', '=', xinyuan.id)
      .where('status', '=', 'published')
      .where('doc_number', 'is', null)
      .where('written_on', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
  });
  after(async () => t.close());

  it('every public page of an agency shows 首页 › agency › column › item', async () => {
    const a = xinyuan.id;
    const name = xinyuan.name;
    const pub = t.agent();
    const cases: [string, string[]][] = [
      [`/agencies/${a}`, ['首页', name]],
      [`/agencies/${a}/columns/proactive`, ['首页', name, '法定主动公开内容']],
      [`/agencies/${a}/items/${bare.id}`, ['首页', name, '法定主动公开内容', bare.title]],
      [`/agencies/${a}/columns/system`, ['首页', name, '政府信息公开制度']],
      [`/agencies/${a}/columns/reports`, ['首页', name, '政府信息公开年报']],
      [`/agencies/${a}/reports/2020`, ['首页', name, '政府信息公开年报', '2020年度报告']],
      [`/agencies/${a}/columns/apply`, ['首页', name, '依申请公开']],
      [`/agencies/${a}/apply`, ['首页', name, '依申请公开', '在线申请']],
      [`/agencies/${a}/guide`, ['首页', name, '政府信息公开指南']],
      [`/agencies/${a}/interaction`, ['首页', name, '咨询与纠错']],
      ['/search?q=%E6%AC%A3%E5%9B%AD', ['首页', '政府信息检索']],
      ['/tools/report-checker', ['首页', '年度报告检查']],
      ['/applications/lookup', ['首页', '查询申请办理进度']],
    ];
    for (const [url, expected] of cases) {
      const res = await pub.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.deepEqual(trailOf(res.body), expected, url);
      // Every step but the last links; the last is the current page.
      const links = (/<nav class="gk-breadcrumbs"[\s\S]*?<\/nav>/.exec(res.body)?.[0] ?? '').match(/<a /g);
      assert.equal(links?.length ?? 0, expected.length - 1, url);
    }
  });

  it('the 年报 pages name the agency', async () => {
    const pub = t.agent();
    for (const url of [`/agencies/${xinyuan.id}/columns/reports`, `/agencies/${xinyuan.id}/reports/2020`]) {
      const res = await pub.get(url);
      assert.match(res.body, new RegExp(`<span class="gk-caption">${xinyuan.name}</span>`), url);
    }
  });

  it('public pages leave empty metadata out; the back office still shows it as missing', async () => {
    const pub = t.agent();
    const item = textOf((await pub.get(`/agencies/${xinyuan.id}/items/${bare.id}`)).body);
    assert.doesNotMatch(item, /未填写/);
    assert.doesNotMatch(item, /成文日期|文号/);
    assert.match(item, /发布日期/);
    const guide = textOf((await pub.get(`/agencies/${xinyuan.id}/guide`)).body);
    assert.doesNotMatch(guide, /未填写/);
    assert.doesNotMatch(guide, /网址/, 'the demo agency has no website');
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    const admin = textOf((await clerk.get(`/admin/catalogue/items/${bare.id}`)).body);
    assert.match(admin, /成文日期 未填写/);
    assert.match(admin, /文号 未填写/);
  });

  it('pages with a feed advertise it in the head, and the link answers with the feed', async () => {
    const pub = t.agent();
    for (const url of [
      `/agencies/${xinyuan.id}`,
      `/agencies/${xinyuan.id}/columns/proactive`,
      `/agencies/${xinyuan.id}/items/${bare.id}`,
    ]) {
      const res = await pub.get(url);
      const head = /<head>([\s\S]*?)<\/head>/.exec(res.body)?.[1] ?? '';
      const rss = /<link rel="alternate" type="application\/rss\+xml" title="([^"]+)" href="([^"]+)"\/>/.exec(
        head,
      );
      const atom =
        /<link rel="alternate" type="application\/atom\+xml" title="([^"]+)" href="([^"]+)"\/>/.exec(head);
      assert.ok(rss && atom, `${url}: RSS and Atom links in the head`);
      assert.match(rss[1] ?? '', new RegExp(xinyuan.name));
      const feed = await pub.get((rss[2] ?? '').replace(/&amp;/g, '&'));
      assert.equal(feed.statusCode, 200);
      assert.match(String(feed.headers['content-type']), /application\/rss\+xml/);
      assert.equal((await pub.get((atom[2] ?? '').replace(/&amp;/g, '&'))).statusCode, 200);
    }
    // A 第二十条 category's column advertises that category's feed.
    const col = await pub.get(`/agencies/${xinyuan.id}/columns/proactive?basis=art20%3A1`);
    assert.match(
      col.body,
      /<link rel="alternate" type="application\/rss\+xml"[^>]*href="[^"]*feed\.rss\?basis=art20%3A1"/,
    );
    // Pages without a feed advertise none.
    assert.doesNotMatch((await pub.get('/tools/report-checker')).body, /rel="alternate"/);
  });
});
