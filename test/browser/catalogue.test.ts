import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { axeViolations, type BrowserFixture, startBrowserFixture } from '../support/browser.ts';

describe('the catalogue in Chromium', () => {
  let f: BrowserFixture;
  let xinyuanId: number;
  let xssItemId: number;
  let policyId: number;
  before(async () => {
    f = await startBrowserFixture();
    xinyuanId = (await findAgencyByName(f.t.database.db, '宽城区欣园街道办事处'))!.id;
    // A clerk enters scripts in the title and the body; the reviewer publishes it.
    const clerk = f.t.agent();
    await clerk.login('demo-clerk');
    await clerk.get('/admin/catalogue/new');
    const res = await clerk.post('/admin/catalogue/new', {
      title: '<script>window.__xss="title"</script><img src=x onerror="window.__xss=\'title-img\'">防汛通知',
      description: '<b onmouseover="window.__xss=1">概述</b>',
      docType: 'general',
      basis: 'art20:12',
      topicId: '',
      genre: '通知',
      publisher: '宽城区欣园街道办事处',
      docNumber: '',
      keywords: '',
      writtenOn: '',
      formedOn: '2026-11-20',
      deadlineOverride: '',
      validity: '',
      validityOn: '',
      disclosureMethod: '主动公开',
      bodyHtml:
        '<p>正文<img src="x" onerror="window.__xss=\'body\'"></p><script>window.__xss="script"</script><a href="javascript:window.__xss=\'link\'">点击</a><svg onload="window.__xss=\'svg\'"></svg><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
      interpretsId: '',
      interpreter: '',
      interpretationForm: '',
    });
    xssItemId = Number(/items\/(\d+)/.exec(String(res.headers.location))?.[1]);
    await clerk.get(`/admin/catalogue/items/${xssItemId}`);
    await clerk.post(`/admin/catalogue/items/${xssItemId}/submit`, {});
    const reviewer = f.t.agent();
    await reviewer.login('demo-reviewer');
    await reviewer.get(`/admin/catalogue/items/${xssItemId}`);
    const pub = await reviewer.post(`/admin/catalogue/items/${xssItemId}/publish`, { secrecyNote: '同意' });
    assert.equal(pub.statusCode, 303);
    policyId = (
      await f.t.database.db
        .selectFrom('catalogue_items')
        .select('id')
        .where('title', '=', '欣园街道城乡居民最低生活保障审核确认实施办法')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(async () => f?.close());

  it('neutralises scripts in titles and rich text, in the portal, the search results and the back office', async () => {
    const ctx = await f.newContext();
    const page = await ctx.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    for (const url of [
      `/agencies/${xinyuanId}/items/${xssItemId}`,
      `/search?q=${encodeURIComponent('防汛通知')}`,
      `/agencies/${xinyuanId}/columns/proactive`,
    ]) {
      await page.goto(f.baseUrl + url);
      await page.waitForLoadState('load');
      assert.equal(
        await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
        undefined,
        url,
      );
      assert.equal(await page.locator('script:not([src])').count(), 0, `no inline script in ${url}`);
    }
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/items/${xssItemId}`);
    assert.match(
      (await page.locator('h1').textContent()) ?? '',
      /<script>window.__xss="title"<\/script>.*防汛通知/,
    );
    await page
      .getByRole('link', { name: '点击' })
      .click()
      .catch(() => {});
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
    assert.deepEqual(dialogs, []);
    await ctx.close();
  });

  it('has no axe-core violations on the portal pages of the catalogue', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    for (const url of [
      `/agencies/${xinyuanId}/columns/proactive`,
      `/agencies/${xinyuanId}/columns/proactive?basis=art20:1&validity=valid`,
      `/agencies/${xinyuanId}/columns/system`,
      `/agencies/${xinyuanId}/items/${policyId}`,
      `/search?q=${encodeURIComponent('低保')}`,
      `/search?q=${encodeURIComponent('保')}&order=date`,
      `/agencies/${xinyuanId}/interaction`,
    ]) {
      await page.goto(f.baseUrl + url);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `${url}: ${JSON.stringify(violations, null, 1)}`);
    }
    // the same in 长者模式 and at phone width
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/items/${policyId}`);
    await page.getByRole('button', { name: '长者模式' }).click();
    await page.locator('html.gk-elder').waitFor({ state: 'attached' });
    assert.deepEqual(await axeViolations(page), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
    await ctx.close();
  });

  it('switches 长者模式 on and off without JavaScript, remembered across pages', async () => {
    const ctx = await f.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/columns/proactive`);
    const size = () =>
      page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
    const normal = await size();
    await page.getByRole('button', { name: '长者模式' }).click();
    await page.waitForLoadState('load');
    await page.locator('html.gk-elder').waitFor({ state: 'attached' });
    assert.match(page.url(), /\/columns\/proactive$/);
    assert.ok((await size()) >= normal * 1.2, 'larger text');
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/items/${policyId}`);
    assert.ok((await size()) >= normal * 1.2, 'remembered on the next page');
    await page.getByRole('button', { name: '退出长者模式' }).click();
    await page.waitForLoadState('load');
    await page.locator('html:not(.gk-elder)').waitFor({ state: 'attached' });
    assert.equal(await size(), normal);
    await ctx.close();
  });

  it('prints an item without navigation or forms', async () => {
    const ctx = await f.newContext();
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/items/${policyId}`);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.gk-header').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: '提交纠错' }).isVisible(), false);
    assert.equal(await page.locator('.gk-metadata').isVisible(), true);
    await ctx.close();
  });

  it('revises a published item without JavaScript; the revision and topic pages are accessible', async () => {
    const item = await f.t.database.db
      .selectFrom('catalogue_items')
      .select(['id', 'description'])
      .where('title', '=', '欣园街道办事处机构职能')
      .executeTakeFirstOrThrow();
    const noJs = await f.newContext({ javaScriptEnabled: false });
    const clerk = await noJs.newPage();
    await f.login(clerk, 'demo-clerk');
    await clerk.goto(`${f.baseUrl}/admin/catalogue/items/${item.id}`);
    await clerk.getByRole('link', { name: '修改', exact: true }).click();
    await clerk.getByRole('heading', { name: /^修改已发布的信息/ }).waitFor();
    await clerk.getByLabel('修改说明').fill('补充联系电话');
    await clerk.getByLabel('内容概述（选填）').fill(`${item.description ?? ''}附值班电话。`);
    await clerk.getByRole('button', { name: '提交修改，送审核' }).click();
    await clerk.getByText('修改已提交审核').waitFor();
    assert.equal(await clerk.getByRole('heading', { name: /待审核的修改/ }).count(), 1);
    await noJs.close();

    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await f.login(page, 'demo-reviewer');
    for (const url of [`/admin/catalogue/items/${item.id}`, `/admin/catalogue/items/${item.id}/revise`]) {
      await page.goto(f.baseUrl + url);
      assert.deepEqual(await axeViolations(page), [], url);
    }
    await ctx.close();
    const adminCtx = await f.newContext({ bypassCSP: true });
    const admin = await adminCtx.newPage();
    await f.login(admin, 'demo-admin');
    await admin.goto(`${f.baseUrl}/admin/catalogue/topics`);
    assert.deepEqual(await axeViolations(admin), [], 'topics');
    await admin.getByRole('link', { name: /社会福利$/ }).click();
    await admin.getByRole('heading', { name: '社会福利' }).waitFor();
    assert.deepEqual(await axeViolations(admin), [], 'topic');
    await adminCtx.close();
  });
});
