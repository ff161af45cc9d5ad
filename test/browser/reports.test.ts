import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { axeViolations, type BrowserFixture, startBrowserFixture } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/test-app.ts';

const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

/** The annual report pages and the public checker in Chromium: no JavaScript needed, axe-clean. */
describe('annual reports in Chromium', () => {
  let f: BrowserFixture;
  let xinyuanId: number;
  before(async () => {
    f = await startBrowserFixture();
    xinyuanId = (await findAgencyByName(f.t.database.db, '宽城区欣园街道办事处'))!.id;
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => f?.close());

  it('shows the published report in the public column, print-ready and axe-clean', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}`);
    await page.getByRole('link', { name: '政府信息公开年报' }).click();
    await page.getByRole('heading', { name: '政府信息公开年报', level: 1 }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'reports column');
    await page.getByRole('link', { name: /2020年政府信息公开工作年度报告/ }).click();
    await page.getByRole('heading', { name: /2020年政府信息公开工作年度报告/, level: 1 }).waitFor();
    const total = page.getByRole('row', { name: /（七）总计/ });
    assert.match((await total.textContent()) ?? '', /61/);
    // The official look comes from the report stylesheet (CSP: no inline styles).
    const font = await page.locator('.gk-report').evaluate((el) => getComputedStyle(el).fontFamily);
    assert.match(font, /仿宋_GB2312/);
    await page.screenshot({ path: `${SHOTS}/report-2020.png`, fullPage: true });
    assert.deepEqual(await axeViolations(page), [], 'published report');
    await ctx.close();
  });

  it('checks a pasted report without JavaScript: error summary on empty input, findings after', async () => {
    const ctx = await f.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/tools/report-checker`);
    await page.getByRole('button', { name: '开始检查' }).click();
    assert.match(await page.title(), /^错误：/);
    await page.getByRole('link', { name: '请粘贴报告文字，或选择要上传的文件' }).waitFor();
    await page
      .getByLabel('报告文字')
      .fill(
        [
          '某街道办事处2022年政府信息公开工作年度报告',
          '三、收到和处理政府信息公开申请情况',
          '本年度共收到政府信息公开申请17件。',
        ].join('\n'),
      );
    await page.getByRole('button', { name: '开始检查' }).click();
    await page.getByRole('heading', { name: '检查结果' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /无法读取|错误/);
    assert.match(await page.getByLabel('报告文字').inputValue(), /共收到政府信息公开申请17件/);
    await page.screenshot({ path: `${SHOTS}/report-checker.png`, fullPage: true });
    await ctx.close();
  });

  it('uploads a file to the checker and reads it (with JavaScript), axe-clean', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    const docx = await page.request.get(`${f.baseUrl}/agencies/${xinyuanId}/reports/2020/files/docx`);
    await page.goto(`${f.baseUrl}/tools/report-checker`);
    assert.deepEqual(await axeViolations(page), [], 'checker form');
    await page.getByLabel('或上传报告文件').setInputFiles({
      name: '欣园2020.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await docx.body(),
    });
    await page.getByRole('button', { name: '开始检查' }).click();
    await page.getByRole('heading', { name: '检查结果' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    assert.match(text, /未发现错误/);
    assert.match(text, /宽城区欣园街道办事处/);
    assert.deepEqual(await axeViolations(page), [], 'checker result');
    await ctx.close();
  });

  it('lets a clerk open the report of the year in the back office without JavaScript', async () => {
    const ctx = await f.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/admin/login`);
    await page.getByLabel('用户名').fill('demo-clerk');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.goto(`${f.baseUrl}/admin/reports/${xinyuanId}/2025/article20`);
    await page.getByRole('button', { name: '保存数据' }).click();
    assert.match(await page.title(), /^错误：/);
    await page.goto(`${f.baseUrl}/admin/reports/${xinyuanId}/2025`);
    await page.getByRole('heading', { name: /2025年度政府信息公开工作年度报告/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}/report-admin.png`, fullPage: true });
    await ctx.close();
  });

  it('has no axe-core violations on the back-office report pages, with errors shown', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/admin/login`);
    await page.getByLabel('用户名').fill('demo-clerk');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.goto(`${f.baseUrl}/admin/reports/${xinyuanId}/2025/article20`);
    await page.getByRole('button', { name: '保存数据' }).click();
    await page.getByRole('heading', { name: '存在以下问题' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'article 20 form with errors');
    await page.goto(`${f.baseUrl}/admin/reports/${xinyuanId}/2025`);
    assert.deepEqual(await axeViolations(page), [], 'report in the back office');
    await page.goto(`${f.baseUrl}/admin/litigation/${xinyuanId}/new`);
    await page.getByRole('button', { name: '保存案件' }).click();
    await page.getByRole('heading', { name: '存在以下问题' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'litigation form with errors');
    await page.goto(`${f.baseUrl}/admin/reports/${xinyuanId}/2025/narrative`);
    assert.deepEqual(await axeViolations(page), [], 'narrative form');
    await ctx.close();
  });
});
