/**
 * The clerk redacts in Chromium (issue 14): with JavaScript off, by text (查找, then 删除并保存); with
 * JavaScript on, by drawing a box on the page image. Each ends on the side-by-side comparison, and the
 * stored copy no longer holds what was removed.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { samplePdf } from '../../src/redaction/fixtures.testing.ts';
import { axeViolations, type BrowserFixture, startBrowserFixture } from '../support/browser.ts';
import { letterWithAttachment } from '../support/redaction-case.ts';

describe('redacting a letter attachment in Chromium', () => {
  let f: BrowserFixture;
  const contexts: BrowserContext[] = [];
  const clerkPage = async (javaScriptEnabled: boolean): Promise<Page> => {
    const ctx = await f.newContext({ javaScriptEnabled });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await f.login(page, 'demo-clerk');
    return page;
  };
  /** A new case with a draft letter and the sample PDF attached; the letter's path. */
  const newLetter = async () => {
    const s = f.t.agent();
    await s.login('demo-clerk');
    return letterWithAttachment(f.t, s, { name: '验收材料.pdf', content: samplePdf() });
  };
  const storedCopy = async (letterPath: string) => {
    const letterId = Number(/letters\/(\d+)$/.exec(letterPath)![1]);
    const row = await f.t.database.db
      .selectFrom('application_letter_attachments')
      .select('stored_name')
      .where('letter_id', '=', letterId)
      .executeTakeFirstOrThrow();
    const bytes = readFileSync(join(f.t.config.uploadDir, 'letters', row.stored_name));
    return execFileSync('pdftotext', ['-', '-'], { input: bytes, encoding: 'utf8' });
  };

  before(async () => {
    f = await startBrowserFixture();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await f?.close();
  });

  it('JavaScript off: choose by text, reject a suggestion, redact; the comparison follows', async () => {
    const letterPath = await newLetter();
    const page = await clerkPage(false);
    await page.goto(`${f.baseUrl}${letterPath}`);
    await page.getByRole('link', { name: /删除处理（部分公开）/ }).click();
    await page.getByRole('heading', { name: /删除处理（部分公开）：验收材料\.pdf/ }).waitFor();
    assert.ok(await page.getByText('框选需要 JavaScript').isVisible());
    await page.getByLabel('指定文字').fill('Zhang San');
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByRole('heading', { name: '找到的内容（5 处）' }).waitFor();
    await page.getByLabel('删除第1页的“zhangsan@example.com”').uncheck();
    await page.getByRole('button', { name: '删除并保存' }).click();
    await page.getByRole('heading', { name: '原件与删除处理后对照' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /已作删除处理：共 4 处/);
    // The two page images (original, redacted) load: polled, not timed.
    const widths = () =>
      page
        .locator('.gk-redact-compare img')
        .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    let shown = await widths();
    for (let i = 0; i < 100 && !shown.every((w) => w > 0); i++) {
      await page.waitForTimeout(100);
      shown = await widths();
    }
    assert.equal(shown.length, 2);
    assert.ok(
      shown.every((w) => w > 100),
      'both page images load',
    );
    const text = await storedCopy(letterPath);
    assert.doesNotMatch(text, /Zhang San|13812345678|11010519491231002X|6222021234567890128/);
    assert.match(text, /zhangsan@example\.com/, 'the rejected suggestion stays');
  });

  it('JavaScript on: draw a box on the page image; what lies under it is removed', async () => {
    const letterPath = await newLetter();
    const page = await clerkPage(true);
    await page.goto(`${f.baseUrl}${letterPath}`);
    await page.getByRole('link', { name: /删除处理（部分公开）/ }).click();
    const img = page.locator('.gk-redact-page img').first();
    await img.waitFor();
    await page.waitForFunction(() => {
      const i = document.querySelector('.gk-redact-page img') as HTMLImageElement | null;
      return i?.complete && i.naturalWidth > 0;
    });
    assert.equal(await page.getByText('框选需要 JavaScript').isVisible(), false);
    // Keep none of the suggestions: only the drawn box counts.
    for (const box of await page.locator('input[name="accept"]').all()) await box.uncheck();
    // The last line of the sample ("The information requested is disclosed.") sits 48 pt below the first,
    // at y ≈ 842 − 712 = 130 pt of 842; draw over it.
    await img.scrollIntoViewIfNeeded();
    const r = (await img.boundingBox())!;
    const y = r.y + (128 / 842) * r.height;
    await page.mouse.move(r.x + (60 / 595) * r.width, y - (8 / 842) * r.height);
    await page.mouse.down();
    await page.mouse.move(r.x + (400 / 595) * r.width, y + (6 / 842) * r.height, { steps: 5 });
    await page.mouse.up();
    assert.equal(await page.locator('input[name="box"]').count(), 1);
    await page.getByRole('button', { name: '删除并保存' }).click();
    await page.getByRole('heading', { name: '原件与删除处理后对照' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /共 1 处/);
    const text = await storedCopy(letterPath);
    assert.doesNotMatch(text, /The information requested is disclosed/);
    assert.match(text, /Applicant: Zhang San/, 'nothing else removed');
  });

  it('the redaction page and the comparison pass axe-core (WCAG A/AA)', async () => {
    const letterPath = await newLetter();
    const ctx = await f.newContext({ javaScriptEnabled: true, bypassCSP: true });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await f.login(page, 'demo-clerk');
    await page.goto(`${f.baseUrl}${letterPath}`);
    await page.getByRole('link', { name: /删除处理（部分公开）/ }).click();
    await page.getByRole('heading', { name: /找到的内容/ }).waitFor();
    const check = async (what: string) => {
      const v = await axeViolations(page);
      assert.deepEqual(
        v.map((x) => `${x.id}: ${x.help} ${JSON.stringify(x.nodes.map((n) => n.target))}`),
        [],
        `axe violations on ${what}`,
      );
    };
    await check('the redaction page');
    await page.getByRole('button', { name: '删除并保存' }).click();
    await page.getByRole('heading', { name: '原件与删除处理后对照' }).waitFor();
    await check('the comparison');
  });
});
