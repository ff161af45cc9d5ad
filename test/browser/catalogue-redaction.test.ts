/**
 * A catalogue attachment redacted in Chromium before publishing (issue 14): with JavaScript on, a box
 * drawn on the page image removes what lies under it; the reviewer's item page shows original and
 * redacted side by side; both pages pass axe-core.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { samplePdf } from '../../src/redaction/fixtures.testing.ts';
import { axeViolations, type BrowserFixture, startBrowserFixture } from '../support/browser.ts';
import { draftWithAttachment } from '../support/catalogue-attachment.ts';

describe('redacting a catalogue attachment in Chromium', () => {
  let f: BrowserFixture;
  const contexts: BrowserContext[] = [];
  const pageAs = async (login: string): Promise<Page> => {
    const ctx = await f.newContext({ javaScriptEnabled: true, bypassCSP: true });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await f.login(page, login);
    return page;
  };
  const noViolations = async (page: Page, what: string) => {
    const v = await axeViolations(page);
    assert.deepEqual(
      v.map((x) => `${x.id}: ${x.help} ${JSON.stringify(x.nodes.map((n) => n.target))}`),
      [],
      `axe violations on ${what}`,
    );
  };

  before(async () => {
    f = await startBrowserFixture();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await f?.close();
  });

  it('the clerk draws a box; the reviewer sees original and redacted side by side', async () => {
    const s = f.t.agent();
    await s.login('demo-clerk');
    const { itemId, attachmentId } = await draftWithAttachment(f.t, s, {
      name: '检查通报.pdf',
      content: samplePdf(),
    });
    const page = await pageAs('demo-clerk');
    await page.goto(`${f.baseUrl}/admin/catalogue/items/${itemId}`);
    await page.getByRole('link', { name: /删除处理/ }).click();
    await page.getByRole('heading', { name: /删除处理（发布前）：检查通报\.pdf/ }).waitFor();
    await noViolations(page, 'the redaction page');
    const img = page.locator('.gk-redact-page img').first();
    await page.waitForFunction(() => {
      const i = document.querySelector('.gk-redact-page img') as HTMLImageElement | null;
      return i?.complete && i.naturalWidth > 0;
    });
    for (const box of await page.locator('input[name="accept"]').all()) await box.uncheck();
    // Over the sample's last line ("The information requested is disclosed."), y ≈ 130 pt of 842.
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
    const row = await f.t.database.db
      .selectFrom('catalogue_attachments')
      .select('stored_name')
      .where('id', '=', attachmentId)
      .executeTakeFirstOrThrow();
    const bytes = readFileSync(join(f.t.config.uploadDir, 'catalogue', row.stored_name));
    const text = execFileSync('pdftotext', ['-', '-'], { input: bytes, encoding: 'utf8' });
    assert.doesNotMatch(text, /The information requested is disclosed/);
    assert.match(text, /Applicant: Zhang San/, 'nothing else removed');

    const reviewer = await pageAs('demo-reviewer');
    await reviewer.goto(`${f.baseUrl}/admin/catalogue/items/${itemId}`);
    await reviewer.getByRole('heading', { name: '原件与删除处理后对照' }).waitFor();
    assert.equal(await reviewer.locator('.gk-redact-compare img').count(), 2);
    await noViolations(reviewer, 'the item page with the comparison');
  });
});
