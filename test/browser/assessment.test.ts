import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { paths } from '../../src/shared/paths.ts';
import { axeViolations, type BrowserFixture, startBrowserFixture } from '../support/browser.ts';

const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

/** The 政务公开体检 pages in Chromium: axe-clean, the agency page reached from the subtree table. */
describe('政务公开体检 in Chromium', () => {
  let f: BrowserFixture;
  let xinyuanId: number;
  before(async () => {
    f = await startBrowserFixture();
    xinyuanId = (await findAgencyByName(f.t.database.db, '宽城区欣园街道办事处'))!.id;
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => f?.close());

  it('has no axe-core violations on the subtree table and the agency assessment (supervisor)', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await f.login(page, 'demo-supervisor');
    await page.goto(`${f.baseUrl}${paths.assessment.overview()}`);
    await page.getByRole('heading', { name: '政务公开体检', level: 1 }).waitFor();
    assert.deepEqual(await axeViolations(page), [], '/admin/assessment');
    await page.getByRole('link', { name: '宽城区欣园街道办事处' }).click();
    await page.getByRole('heading', { name: '政务公开体检：宽城区欣园街道办事处', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, paths.assessment.agency({ agencyId: xinyuanId }));
    await page.screenshot({ path: `${SHOTS}/assessment.png`, fullPage: true });
    assert.deepEqual(await axeViolations(page), [], '/admin/assessment/:agencyId');
    await ctx.close();
  });

  it('has no axe-core violations on the agency assessment with the attestation form (reviewer)', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await f.login(page, 'demo-reviewer');
    await page.goto(`${f.baseUrl}${paths.assessment.agency({ agencyId: xinyuanId })}`);
    await page.getByRole('heading', { name: '录入人工核验结果' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], '/admin/assessment/:agencyId with the form');
    await page.goto(`${f.baseUrl}${paths.assessment.print({ agencyId: xinyuanId })}`);
    await page.getByRole('heading', { name: '政务公开体检报告：宽城区欣园街道办事处', level: 1 }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the printable page');
    await ctx.close();
  });

  it('has no axe-core violations on the weights page, with errors shown (administrator)', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await f.login(page, 'demo-admin');
    await page.goto(`${f.baseUrl}${paths.assessment.weights()}`);
    assert.deepEqual(await axeViolations(page), [], '/admin/assessment-weights');
    await page.getByLabel('A03的分值').fill('-1');
    await page.getByRole('button', { name: '保存权重' }).click();
    await page.getByRole('heading', { name: '存在以下问题' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], '/admin/assessment-weights with errors');
    await ctx.close();
  });
});
