import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { findAnnualReport } from '../../src/reports/report.repository.ts';
import { axeViolations, type BrowserFixture, startBrowserFixture } from '../support/browser.ts';
import { seedPublishedReport } from '../support/published-reports.ts';

const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

/** Screenshots in colour and as printed in grey (print media, greyscale), for the closing note. */
async function shoot(f: BrowserFixture, url: string, name: string, login: string | null): Promise<void> {
  for (const grey of [false, true]) {
    const ctx = await f.newContext({ bypassCSP: grey });
    const page = await ctx.newPage();
    if (login) await f.login(page, login);
    await page.goto(`${f.baseUrl}${url}`);
    if (grey) {
      await page.emulateMedia({ media: 'print' });
      await page.addStyleTag({ content: 'html { filter: grayscale(1); }' });
    }
    await page.screenshot({ path: `${SHOTS}/charts-${name}${grey ? '-grey' : ''}.png`, fullPage: true });
    await ctx.close();
  }
}

/** The chart pages in Chromium under the real CSP: drawn without violations, axe-clean, screenshots. */
describe('charts in Chromium', () => {
  let f: BrowserFixture;
  let xinyuanId: number;
  before(async () => {
    f = await startBrowserFixture();
    const db = f.t.database.db;
    const xinyuan = (await findAgencyByName(db, '宽城区欣园街道办事处'))!;
    const tuanshan = (await findAgencyByName(db, '宽城区团山街道办事处'))!;
    xinyuanId = xinyuan.id;
    const demo = (await findAnnualReport(db, xinyuan.id, 2020))!.published!;
    for (const [year, factor] of [
      [2021, 1.2],
      [2022, 1.6],
      [2023, 1.3],
      [2024, 2],
    ] as const)
      await seedPublishedReport(db, demo, xinyuan, year, { factor, charts: year === 2024 });
    await seedPublishedReport(db, demo, tuanshan, 2024, { factor: 0.7 });
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => f?.close());

  /** Loads a page with the app's own CSP, collecting any CSP report in the console. */
  async function underCsp(url: string, login: string | null): Promise<{ page: Page; problems: string[] }> {
    const ctx = await f.newContext();
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
    });
    if (login) await f.login(page, login);
    await page.goto(`${f.baseUrl}${url}`);
    return { page, problems };
  }

  for (const [what, url, login] of [
    ['年报 column', () => `/agencies/${xinyuanId}/columns/reports`, null],
    ['统计图表', () => '/admin/statistics?from=2026-01-01&to=2026-11-25', 'demo-supervisor'],
    ['comparison', () => '/reports/compare?level=township&year=2024', null],
    ['published report with 附图', () => `/agencies/${xinyuanId}/reports/2024`, null],
  ] as const) {
    it(`draws the charts of the ${what} under the CSP, accessible`, async () => {
      const { page, problems } = await underCsp(url(), login);
      const charts = page.getByRole('img');
      assert.ok((await charts.count()) >= 1);
      const box = await charts.first().boundingBox();
      assert.ok(box && box.width > 200 && box.height > 100, 'drawn at a readable size');
      assert.deepEqual(problems, [], 'no CSP violation or other console error');
      await page.context().close();
      const ctx = await f.newContext({ bypassCSP: true });
      const axePage = await ctx.newPage();
      if (login) await f.login(axePage, login);
      await axePage.goto(`${f.baseUrl}${url()}`);
      assert.deepEqual(await axeViolations(axePage), [], what);
      await ctx.close();
    });
  }

  it('saves screenshots in colour and grey', async () => {
    await shoot(f, '/admin/statistics?from=2026-01-01&to=2026-11-25', 'supervisor', 'demo-supervisor');
    await shoot(f, `/agencies/${xinyuanId}/columns/reports`, 'column', null);
    await shoot(f, '/reports/compare?level=township&year=2024', 'compare', null);
    await shoot(f, `/agencies/${xinyuanId}/reports/2024`, 'report', null);
  });
});
