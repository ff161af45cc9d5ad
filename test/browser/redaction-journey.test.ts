/**
 * 部分公开 from the case to the applicant's download, every actor in Chromium (issue 14), run twice — with
 * JavaScript off and on. The clerk registers the case, answers 部分公开, drafts the letter from its
 * template, attaches a PDF holding a third party's personal data and redacts it (without JavaScript: the
 * suggestions and a name chosen by text; with it, also a box drawn on the page image), then submits it;
 * the reviewer compares original and redacted side by side and approves; the clerk sends it 在线; the
 * applicant, in a fresh browser, looks the case up and downloads the attachment, whose text no longer
 * holds what was removed and still holds the rest.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { samplePdf } from '../../src/redaction/fixtures.testing.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import { axeViolations, type BrowserFixture, startBrowserFixture } from '../support/browser.ts';
import { letterWithAttachment } from '../support/redaction-case.ts';

const TODAY = '2026-11-25';
const ATTACHMENT_NAME = '项目验收材料.pdf';
const REQUEST = '欣园街道老旧小区改造项目的验收材料';

/** The third party's data in the document: a resident ID with a valid GB 11643 check digit, a mobile, a name. */
const THIRD_ID = `11010819750312451${residentIdCheckChar('11010819750312451')}`;
const THIRD_MOBILE = '13987654321';
const THIRD_NAME = 'Wang Wu';
/** The fourth line: drawn over with JavaScript, kept without it. */
const BOXED_LINE = 'Site notes: neighbour Zhao Liu of Room 301';
const KEPT = ['Acceptance report of the Xinyuan renovation', 'The information requested is disclosed.'];

/** Lines 16 pt apart from y = 760 pt on an A4 page (595 × 842 pt); the fourth sits at 842 − 712 = 130 pt from the top. */
const LINES = [
  KEPT[0]!,
  `Inspector: ${THIRD_NAME}`,
  `ID ${THIRD_ID} mobile ${THIRD_MOBILE}`,
  BOXED_LINE,
  KEPT[1]!,
];
const ORIGINAL = samplePdf({ lines: LINES });

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('部分公开 in Chromium: from the case to the applicant’s download', () => {
  let f: BrowserFixture;
  const contexts: BrowserContext[] = [];
  const actor = async (javaScriptEnabled: boolean, bypassCSP = false): Promise<Page> => {
    const ctx = await f.newContext({ javaScriptEnabled, bypassCSP });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  };
  const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';
  /** Polls (not timed) until every image matching `selector` has loaded; their natural widths. */
  const loadedImages = async (page: Page, selector: string) => {
    const widths = () =>
      page.locator(selector).evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    let shown = await widths();
    for (let i = 0; i < 100 && !(shown.length > 0 && shown.every((w) => w > 0)); i++) {
      await page.waitForTimeout(100);
      shown = await widths();
    }
    return shown;
  };

  before(async () => {
    f = await startBrowserFixture();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await f?.close();
  });

  const journey = async (js: boolean) => {
    const applicant = js ? '旅程申请人甲' : '旅程申请人乙';
    const phone = js ? '13655551234' : '13655555678';
    const idBody = js ? '22010319880808301' : '22010319880808302';

    // 1. The clerk registers the case (in person) and reads its 查询码 off the case page.
    const clerk = await actor(js);
    await f.login(clerk, 'demo-clerk');
    await clerk.goto(`${f.baseUrl}/admin/applications/new`);
    await clerk.getByRole('heading', { name: '登记政府信息公开申请' }).waitFor();
    await clerk.getByLabel('当面提交').check();
    await clerk.getByLabel('提交日期').fill(TODAY);
    await clerk.getByLabel('自然人（公民）').check();
    await clerk.getByLabel('姓名或名称').fill(applicant);
    await clerk.getByLabel('居民身份证', { exact: true }).check();
    await clerk.getByLabel('身份证明号码').fill(`${idBody}${residentIdCheckChar(idBody)}`);
    await clerk.getByLabel('联系电话').fill(phone);
    await clerk.getByLabel('电子邮箱').fill('journey@example.com');
    await clerk.getByLabel('所需政府信息的名称、文号或者便于查询的其他特征性描述').fill(REQUEST);
    await clerk.getByRole('group', { name: '所需信息的形式' }).getByLabel('电子邮件').check();
    await clerk.getByLabel('在线查看（政府网站）').check();
    await clerk.getByRole('button', { name: '登记申请' }).click();
    await clerk.getByRole('heading', { name: /^申请 / }).waitFor();
    const code = /查询码\s*([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(await mainText(clerk))?.[1] ?? '';
    assert.ok(code, '查询码 on the case page');

    // 2. The answer 部分公开, and the letter from its template.
    await clerk.getByRole('link', { name: '作出答复' }).click();
    await clerk.getByLabel('答复日期').fill(TODAY);
    await clerk.getByLabel('办理结果（年度报告的行）').selectOption({ label: '（二）部分公开' });
    await clerk.getByLabel('非当场答复').check();
    await clerk.getByRole('button', { name: '登记' }).click();
    await clerk.getByRole('heading', { name: /^申请 / }).waitFor();
    assert.match(await mainText(clerk), /办理结果\s*部分公开/);
    await clerk.getByLabel('按模板起草文书').selectOption({ label: '政府信息部分公开告知书' });
    await clerk.getByRole('button', { name: '起草' }).click();
    await clerk.getByRole('heading', { name: '政府信息部分公开告知书' }).first().waitFor();
    const letterPath = new URL(clerk.url()).pathname;
    assert.match(letterPath, /^\/admin\/applications\/\d+\/letters\/\d+$/);
    assert.match(await clerk.getByLabel('正文').inputValue(), /请写明不予公开的具体理由及依据/);

    // 3. The PDF with personal data, attached.
    await clerk
      .getByLabel('添加附件')
      .setInputFiles({ name: ATTACHMENT_NAME, mimeType: 'application/pdf', buffer: ORIGINAL });
    await clerk.getByRole('button', { name: '上传附件' }).click();
    await clerk.getByRole('heading', { name: '附件' }).waitFor();

    // 4. Redaction: the suggestions (ID, mobile) accepted, the name chosen by text; with JavaScript, a box too.
    await clerk.getByRole('link', { name: /删除处理（部分公开）/ }).click();
    await clerk.getByRole('heading', { name: `删除处理（部分公开）：${ATTACHMENT_NAME}` }).waitFor();
    assert.equal(await clerk.getByText('框选需要 JavaScript').isVisible(), !js);
    const suggested = await mainText(clerk);
    assert.match(suggested, new RegExp(`居民身份证号\\s*${THIRD_ID}`));
    assert.match(suggested, new RegExp(`手机号码\\s*${THIRD_MOBILE}`));
    await clerk.getByLabel('指定文字').fill(THIRD_NAME);
    await clerk.getByRole('button', { name: '查找' }).click();
    await clerk.getByRole('heading', { name: '找到的内容（3 处）' }).waitFor();
    for (const value of [THIRD_ID, THIRD_MOBILE, THIRD_NAME])
      assert.ok(await clerk.getByLabel(`删除第1页的“${value}”`).isChecked(), `${value} is ticked`);
    if (js) {
      const img = clerk.locator('.gk-redact-page img').first();
      await img.scrollIntoViewIfNeeded();
      await clerk.waitForFunction(() => {
        const i = document.querySelector('.gk-redact-page img') as HTMLImageElement | null;
        return i?.complete && i.naturalWidth > 0;
      });
      const r = (await img.boundingBox())!;
      const y = r.y + (128 / 842) * r.height;
      await clerk.mouse.move(r.x + (60 / 595) * r.width, y - (8 / 842) * r.height);
      await clerk.mouse.down();
      await clerk.mouse.move(r.x + (330 / 595) * r.width, y + (6 / 842) * r.height, { steps: 5 });
      await clerk.mouse.up();
      assert.equal(await clerk.locator('input[name="box"]').count(), 1);
      await clerk.screenshot({ path: '/work/briefs/journey-redaction.png', fullPage: true });
    }
    await clerk.getByRole('button', { name: '删除并保存' }).click();
    await clerk.getByRole('heading', { name: '原件与删除处理后对照' }).waitFor();
    assert.match(await mainText(clerk), new RegExp(`已作删除处理：共 ${js ? 4 : 3} 处`));

    // 5. The letter's reason is generated; the clerk submits it for review.
    await clerk.goto(`${f.baseUrl}${letterPath}`);
    const body = await clerk.getByLabel('正文').inputValue();
    assert.match(
      body,
      new RegExp(`“${escapeRe(ATTACHMENT_NAME)}”中，第1页共 ${js ? 4 : 3} 处内容涉及个人隐私`),
    );
    assert.doesNotMatch(body, /请写明不予公开的具体理由及依据/);
    assert.match(await mainText(clerk), new RegExp(`已作删除处理 ${js ? 4 : 3} 处`));
    await clerk.getByRole('button', { name: '提交审核' }).click();
    await clerk.getByText(/提交审核，等待审核人审核/).waitFor();

    // 6. The reviewer compares original and redacted side by side, then approves.
    const reviewer = await actor(js);
    await f.login(reviewer, 'demo-reviewer');
    await reviewer.goto(`${f.baseUrl}${letterPath}`);
    await reviewer.getByRole('link', { name: /原件与删除处理后对照/ }).click();
    await reviewer.getByRole('heading', { name: '原件与删除处理后对照' }).waitFor();
    const shown = await loadedImages(reviewer, '.gk-redact-compare img');
    assert.equal(shown.length, 2, 'original and redacted page');
    assert.ok(
      shown.every((w) => w > 100),
      'both page images load',
    );
    if (js)
      await reviewer
        .locator('section[aria-labelledby="compare"]')
        .screenshot({ path: '/work/briefs/journey-compare.png' });
    await reviewer.goto(`${f.baseUrl}${letterPath}`);
    const confirm = reviewer.getByLabel('仍然批准');
    if ((await confirm.count()) > 0) await confirm.check();
    await reviewer.getByRole('button', { name: '审核通过' }).click();
    await reviewer.getByText('已审核（待发出）').first().waitFor();

    // 7. The clerk sends it 在线.
    await clerk.goto(`${f.baseUrl}${letterPath}`);
    await clerk.getByLabel('发出日期').fill(TODAY);
    await clerk.getByLabel('加盖电子印章').check();
    await clerk.getByLabel(/^在线查看/).check();
    await clerk.getByRole('button', { name: '登记已发出' }).click();
    await clerk.getByRole('heading', { name: /^申请 / }).waitFor();

    // 8. The applicant, in a fresh browser, looks the case up and downloads the attachment.
    const citizen = await actor(js);
    await citizen.goto(`${f.baseUrl}/applications/lookup`);
    await citizen.getByLabel('查询码').fill(code);
    await citizen.getByLabel('联系电话或证件号码的后 4 位').fill(phone.slice(-4));
    await citizen.getByRole('button', { name: '查询', exact: true }).click();
    await citizen.getByRole('heading', { name: '已发出的文书' }).waitFor();
    assert.match(await mainText(citizen), new RegExp(REQUEST));
    const [download] = await Promise.all([
      citizen.waitForEvent('download'),
      citizen.getByRole('link', { name: ATTACHMENT_NAME }).click(),
    ]);
    assert.equal(download.suggestedFilename(), ATTACHMENT_NAME);
    const bytes = readFileSync((await download.path())!);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(!bytes.equals(ORIGINAL), 'the applicant gets the redacted copy, never the original');
    const text = execFileSync('pdftotext', ['-', '-'], { input: bytes, encoding: 'utf8' });
    for (const removed of [THIRD_ID, THIRD_MOBILE, THIRD_NAME])
      assert.ok(!text.includes(removed), `“${removed}” is gone`);
    for (const kept of KEPT) assert.ok(text.includes(kept), `“${kept}” is kept`);
    if (js) assert.doesNotMatch(text, /Zhao Liu|Room 301/, 'what lay under the drawn box is gone');
    else assert.ok(text.includes(BOXED_LINE), 'nothing else removed');
    assert.match(text, /区分处理说明/, 'the legend page');
    for (const removed of [THIRD_ID, THIRD_MOBILE, THIRD_NAME])
      assert.ok(!bytes.includes(Buffer.from(removed)), `“${removed}” is not in the raw bytes either`);
  };

  it('JavaScript off: suggestions accepted and a name chosen by text', async () => {
    await journey(false);
  });

  it('JavaScript on: the same, and a box drawn on the page image', async () => {
    await journey(true);
  });

  it('the redaction page, with a drawn box, has no axe-core violations (WCAG A/AA)', async () => {
    // The letter of the JavaScript-on journey is sent; axe looks at a fresh draft's page in its first state.
    const s = f.t.agent();
    await s.login('demo-clerk');
    const letterPath = await letterWithAttachment(f.t, s, { name: ATTACHMENT_NAME, content: ORIGINAL });
    const page = await actor(true, true);
    await f.login(page, 'demo-clerk');
    await page.goto(`${f.baseUrl}${letterPath}`);
    await page.getByRole('link', { name: /删除处理（部分公开）/ }).click();
    await page.getByRole('heading', { name: /找到的内容/ }).waitFor();
    const shown = await loadedImages(page, '.gk-redact-page img');
    assert.ok(shown[0]! > 0);
    const img = page.locator('.gk-redact-page img').first();
    await img.scrollIntoViewIfNeeded();
    const r = (await img.boundingBox())!;
    await page.mouse.move(r.x + 0.1 * r.width, r.y + 0.14 * r.height);
    await page.mouse.down();
    await page.mouse.move(r.x + 0.5 * r.width, r.y + 0.16 * r.height, { steps: 3 });
    await page.mouse.up();
    assert.equal(await page.locator('.gk-redact-box').count(), 1);
    const v = await axeViolations(page);
    assert.deepEqual(
      v.map((x) => `${x.id}: ${x.help} ${JSON.stringify(x.nodes.map((n) => n.target))}`),
      [],
    );
  });
});
