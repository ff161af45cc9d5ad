import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { type BrowserFixture, startBrowserFixture } from '../support/browser.ts';

const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

/** 长者模式's larger type keeps every date on one line, on a desktop and on a phone, and never widens the page. */
describe('dates in 长者模式', () => {
  let f: BrowserFixture;
  let xinyuanId: number;
  before(async () => {
    f = await startBrowserFixture();
    mkdirSync(SHOTS, { recursive: true });
    xinyuanId = (await findAgencyByName(f.t.database.db, '宽城区欣园街道办事处'))!.id;
  });
  after(async () => f.close());

  for (const width of [1280, 390]) {
    it(`${width} px: each date is one line, no horizontal scrolling`, async () => {
      const ctx = await f.newContext({ javaScriptEnabled: false });
      const page = await ctx.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/columns/proactive`);
      await page.getByRole('button', { name: '长者模式' }).click();
      await page.locator('html.gk-elder').waitFor({ state: 'attached' });
      const firstItem = page.locator('.gk-catalogue-list a').first();
      for (const url of [page.url(), null]) {
        if (url === null) {
          await firstItem.click();
          await page.locator('.gk-metadata').waitFor();
        }
        // The line boxes of each date's text: one rectangle per line it takes.
        const dates = await page.locator('.gk-date').evaluateAll((els) =>
          els.map((e) => {
            const range = document.createRange();
            range.selectNodeContents(e);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            return { text: e.textContent ?? '', lines: tops.size };
          }),
        );
        assert.ok(dates.length > 0, 'the page shows dates');
        for (const d of dates) assert.equal(d.lines, 1, `“${d.text}” on one line at ${width} px`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal scrolling at ${width} px (overflow ${overflow}px)`);
        await page.screenshot({
          path: `${SHOTS}/elder-dates-${width}${url === null ? '-item' : ''}.png`,
          fullPage: true,
        });
      }
      await ctx.close();
    });
  }
});
