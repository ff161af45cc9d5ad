import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { PORTAL_COLUMNS } from '../../src/portal/portal.views.tsx';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

describe('public portal', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('lists the demo agencies as a tree on the home page', async () => {
    const res = await t.agent().get('/');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    for (const name of [
      '吉林省人民政府',
      '长春市人民政府',
      '长春市宽城区人民政府',
      '宽城区欣园街道办事处',
      '宽城区团山街道办事处',
      '长春市宽城区财政局',
      '长春市宽城区民政局',
    ]) {
      assert.ok(text.includes(name), `home lists ${name}`);
    }
    assert.match(res.headers['content-type'] as string, /text\/html; charset=utf-8/);
    assert.ok(res.body.includes('href="/applications/lookup"'), 'links the progress lookup');
    assert.ok(res.body.includes('href="/tools/report-checker"'), 'links the report checker');
  });

  it('finds agencies by part of their name', async () => {
    const res = await t.agent().get(`/?q=${encodeURIComponent('欣园')}`);
    const text = textOf(res.body);
    assert.match(text, /“欣园”的查找结果（1 个机构）/);
    const none = textOf((await t.agent().get(`/?q=${encodeURIComponent('不存在的机构')}`)).body);
    assert.match(none, /没有找到名称包含“不存在的机构”的机构/);
  });

  it('links the five standard columns from an agency page; a column not built yet says so plainly', async () => {
    const xinyuan = await findAgencyByName(t.database.db, '宽城区欣园街道办事处');
    assert.ok(xinyuan);
    const res = await t.agent().get(`/agencies/${xinyuan.id}`);
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.equal(PORTAL_COLUMNS.length, 5);
    for (const c of PORTAL_COLUMNS) {
      assert.ok(text.includes(c.title), c.title);
      const url: string =
        c.key === 'guide' ? `/agencies/${xinyuan.id}/guide` : `/agencies/${xinyuan.id}/columns/${c.key}`;
      assert.ok(res.body.includes(`href="${url}"`), url);
      const page = await t.agent().get(url);
      assert.equal(page.statusCode, 200, url);
      if (c.notYet) assert.ok(textOf(page.body).includes(c.notYet), `${c.key} says it is not built yet`);
    }
    assert.equal((await t.agent().get(`/agencies/${xinyuan.id}/columns/nope`)).statusCode, 404);
  });

  it('generates the 政府信息公开指南 from the agency data, with contacts, reading places and the review body', async () => {
    const xinyuan = await findAgencyByName(t.database.db, '宽城区欣园街道办事处');
    const res = await t.agent().get(`/agencies/${xinyuan!.id}/guide`);
    const text = textOf(res.body);
    assert.match(text, /欣园街道党政综合办公室/);
    assert.match(text, /0431-80000011/);
    assert.match(text, /0431-80000012/);
    assert.match(text, /xinyuan@example\.gov\.cn/);
    assert.match(text, /130051/);
    assert.match(text, /欣园街道政务服务中心政府信息查阅点/);
    // A 街道办事处 is a 派出机关 of the district government: review goes to 宽城区人民政府.
    assert.match(text, /六十日内向长春市宽城区人民政府提出/);
    assert.match(text, /作出行政行为之日起六个月内向人民法院提起/);
    assert.match(text, /应当先申请行政复议/);
  });

  it('answers unknown pages and agencies with a Chinese 404 page', async () => {
    for (const url of ['/no-such-page', '/agencies/999999', '/agencies/abc', '/agencies/1/guide/x']) {
      const res = await t.agent().get(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(textOf(res.body), /页面不存在|没有找到/);
    }
  });

  it('sends security headers with a strict content security policy', async () => {
    const res = await t.agent().get('/');
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['x-frame-options']);
  });

  it('serves the stylesheet and script', async () => {
    const css = await t.agent().get('/static/app.css');
    assert.equal(css.statusCode, 200);
    assert.match(css.headers['content-type'] as string, /text\/css/);
    const js = await t.agent().get('/static/app.js');
    assert.equal(js.statusCode, 200);
  });

  it('escapes what users type into search', async () => {
    const res = await t.agent().get(`/?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes('<script>alert(1)</script>'));
    assert.ok(res.body.includes('&lt;script&gt;'));
  });

  it('renders 长者模式 in the layout from the cookie, on cached public pages too, with a toggle back to the page', async () => {
    const agency = await findAgencyByName(t.database.db, '宽城区欣园街道办事处');
    assert.ok(agency);
    for (const url of ['/', `/agencies/${agency.id}/columns/proactive`, '/search?q=%E4%BD%8E%E4%BF%9D']) {
      const plain = t.agent();
      const elder = t.agent();
      elder.setCookie('gk_elder', '1');
      // the same URL first without the cookie (a public page may be cached), then with it
      const normal = await plain.get(url);
      assert.doesNotMatch(normal.body, /class="gk-elder"/, url);
      const big = await elder.get(url);
      assert.match(big.body, /<html lang="zh-CN" class="gk-elder"/, url);
      const form = /<form method="post" action="\/preferences\/elder"[^>]*>([\s\S]*?)<\/form>/.exec(
        big.body,
      )?.[1];
      assert.ok(form, `${url}: the toggle is a POST form`);
      assert.match(form, /name="_csrf" value="(?!gk-csrf-)[^"]+"/, `${url}: with this visitor's token`);
      assert.ok(
        form.includes(`name="back" value="${url.replace(/&/g, '&amp;')}"`),
        `${url}: the toggle returns to the page`,
      );
      assert.doesNotMatch((await plain.get(url)).body, /class="gk-elder"/, `${url}: not cached for others`);
    }
  });
});
