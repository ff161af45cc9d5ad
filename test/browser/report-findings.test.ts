import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { axeViolations, type BrowserFixture, startBrowserFixture } from '../support/browser.ts';

const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';
const YEAR = 2023;

/** A supervisor explains a sub-agency's finding, and a clerk files a case document, axe-clean. */
describe('report findings and case documents in Chromium', () => {
  let f: BrowserFixture;
  let xinyuanId: number;
  before(async () => {
    f = await startBrowserFixture();
    xinyuanId = (await findAgencyByName(f.t.database.db, '宽城区欣园街道办事处'))!.id;
    mkdirSync(SHOTS, { recursive: true });
    // The clerk's narrative contradicts the table: one error finding to explain.
    const clerk = f.t.agent();
    await clerk.login('demo-clerk');
    await clerk.get(`/admin/reports/${xinyuanId}/${YEAR}/narrative`);
    const saved = await clerk.post(`/admin/reports/${xinyuanId}/${YEAR}/narrative`, {
      overview: '本年度共收到政府信息公开申请17件。',
      problems: '无。',
      other: '本年度未收取信息处理费。',
    });
    assert.equal(saved.statusCode, 303);
    await clerk.get(`/admin/litigation/${xinyuanId}/new`);
    const created = await clerk.post(`/admin/litigation/${xinyuanId}/new`, {
      kind: 'litigationDirect',
      filedOn: '2023-03-01',
      result: 'upheld',
      decidedOn: '2023-08-01',
      caseNumber: '（2023）吉0103行初7号',
    });
    assert.equal(created.statusCode, 303);
  });
  after(async () => f?.close());

  it('lets the supervisor mark a finding as explained, with the error summary on an empty reason', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await f.login(page, 'demo-supervisor');
    await page.goto(`${f.baseUrl}/admin/reports/${xinyuanId}/${YEAR}`);
    await page
      .getByRole('link', { name: /标记为已说明/ })
      .first()
      .click();
    const reason = page.getByLabel(/说明理由/);
    await reason.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'explanation form');
    await page.getByRole('button', { name: /标记为已说明|保存/ }).click();
    assert.match(await page.title(), /^错误：/);
    await page.getByRole('link', { name: '请填写说明理由' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'explanation form with an error');
    await page.getByLabel(/说明理由/).fill('正文中的17件是全街道口径，已与经办人核实。');
    await page.getByRole('button', { name: /标记为已说明|保存/ }).click();
    await page.getByText('正文中的17件是全街道口径').first().waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /已说明/);
    await page.screenshot({ path: `${SHOTS}/report-explained.png`, fullPage: true });
    assert.deepEqual(await axeViolations(page), [], 'report page with an explained finding');
    await ctx.close();
  });

  it('lets the clerk upload a case document, with the error summary when no file was chosen', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await f.login(page, 'demo-clerk');
    const caseId = (
      await f.t.database.db.selectFrom('litigation_cases').select('id').executeTakeFirstOrThrow()
    ).id;
    await page.goto(`${f.baseUrl}/admin/litigation/${xinyuanId}/${caseId}/documents`);
    assert.deepEqual(await axeViolations(page), [], 'case documents');
    await page.getByRole('button', { name: /上传/ }).click();
    assert.match(await page.title(), /^错误：/);
    assert.deepEqual(await axeViolations(page), [], 'case documents with an error');
    await page.getByLabel(/判决书/).check();
    await page.locator('input[type="file"]').setInputFiles({
      name: '判决书.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]),
    });
    await page.getByRole('button', { name: /上传/ }).click();
    await page.getByRole('link', { name: /判决书\.pdf/ }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'case documents after the upload');
    await ctx.close();
  });
});
