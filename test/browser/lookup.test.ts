import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeViolations, type BrowserFixture, startBrowserFixture } from '../support/browser.ts';

describe('the applicant reads the reply through the lookup, in Chromium', () => {
  let f: BrowserFixture;
  /** A demo application with a sent letter: its 查询码, the last 4 of its phone, the letter's title. */
  let code: string;
  let last4: string;
  let title: string;
  before(async () => {
    f = await startBrowserFixture();
    const row = await f.t.database.db
      .selectFrom('applications')
      .innerJoin('application_letters', 'application_letters.application_id', 'applications.id')
      .select(['applications.lookup_code', 'applications.contact_phone', 'application_letters.title'])
      .where('application_letters.status', '=', 'sent')
      .where('applications.contact_phone', 'is not', null)
      .orderBy('applications.id')
      .executeTakeFirstOrThrow();
    code = row.lookup_code;
    last4 = (row.contact_phone ?? '').slice(-4);
    title = row.title;
  });
  after(async () => f?.close());

  it('works without JavaScript: check, the letter as a page, back to the result, end the lookup', async () => {
    const ctx = await f.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/applications/lookup`);
    await page.getByLabel('查询码').fill(code);
    await page.getByLabel('联系电话或证件号码的后 4 位').fill(last4);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByRole('heading', { name: '已发出的文书' }).waitFor();
    await page.getByRole('link', { name: '查看全文' }).first().click();
    await page.getByRole('heading', { name: title }).waitFor();
    // The letter's own style sheet applies (the page's CSP allows it by hash).
    const family = await page.evaluate(() => {
      const text = document.querySelector('.gk-ls-p') ?? document.body;
      return getComputedStyle(text).fontFamily;
    });
    assert.match(family, /仿宋/);
    await page.goBack();
    await page.getByRole('heading', { name: '已发出的文书' }).waitFor();
    await page.getByRole('button', { name: '结束查询' }).click();
    await page.getByText('已结束查询。').waitFor();
    await page.goto(`${f.baseUrl}/applications/lookup/letters/1`);
    await page.getByText('请先输入查询码和后 4 位查询').waitFor();
    await ctx.close();
  });

  it('has no axe violations on the result', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/applications/lookup`);
    await page.getByLabel('查询码').fill(code);
    await page.getByLabel('联系电话或证件号码的后 4 位').fill(last4);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByRole('heading', { name: '已发出的文书' }).waitFor();
    const v = await axeViolations(page);
    assert.deepEqual(
      v.map((x) => `${x.id}: ${x.help} ${JSON.stringify(x.nodes.map((n) => n.target))}`),
      [],
    );
    await ctx.close();
  });
});
