import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import { type BrowserFixture, startBrowserFixture } from '../support/browser.ts';

const ID = `22010319900702301${residentIdCheckChar('22010319900702301')}`;
const PHONE = '13712345678';
const REQUEST = '欣园街道2026年老旧小区改造工程的招标公告和中标结果';
const APPLICANT = '旅程申请人';

/** A minimal but well-formed one-page PDF (header, catalog, pages, page, xref, trailer). */
function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const ATTACHMENT = minimalPdf();
const ATTACHMENT_NAME = '招标公告.pdf';

describe('a reply from application to download, every actor in Chromium with JavaScript off', () => {
  let f: BrowserFixture;
  let xinyuanId: number;
  /** Shared by the steps below, in order. */
  let code = '';
  let letterTitle = '';
  let letterPath = '';
  const contexts: BrowserContext[] = [];
  const actor = async (): Promise<Page> => {
    const ctx = await f.newContext({ javaScriptEnabled: false });
    contexts.push(ctx);
    return ctx.newPage();
  };
  const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

  before(async () => {
    f = await startBrowserFixture();
    xinyuanId = (await findAgencyByName(f.t.database.db, '宽城区欣园街道办事处'))!.id;
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await f?.close();
  });

  it('1. the citizen applies online to 欣园街道 and gets a 查询码', async () => {
    const page = await actor();
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/apply`);
    await page.getByRole('heading', { name: '您以什么身份提出申请？' }).waitFor();
    await page.getByLabel('自然人（公民）').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '您的身份信息和联系方式' }).waitFor();
    await page.getByLabel('姓名', { exact: true }).fill(APPLICANT);
    await page.getByLabel('居民身份证', { exact: true }).check();
    await page.getByLabel('身份证明号码').fill(ID);
    await page.getByLabel('联系电话').fill(PHONE);
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '您需要哪些政府信息？' }).waitFor();
    await page.getByLabel('所需政府信息的名称、文号或者便于查询的其他特征性描述').fill(REQUEST);
    await page.getByLabel('纸质').check();
    await page.getByLabel('在线查看（政府网站）').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '上传身份证明文件（选填）' }).waitFor();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '检查您的申请' }).waitFor();
    assert.match(await mainText(page), new RegExp(REQUEST));
    await page.getByRole('button', { name: '确认并提交申请' }).click();
    await page.getByRole('heading', { name: '申请已提交' }).waitFor();
    code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(await mainText(page))?.[1] ?? '';
    assert.ok(code, '查询码 on the receipt');
  });

  it('2. the clerk finds it in the queue, answers 予以公开, drafts the letter, attaches a PDF, submits it', async () => {
    assert.ok(code, 'step 1 passed');
    const page = await actor();
    await f.login(page, 'demo-clerk');
    await page.goto(`${f.baseUrl}/admin/applications`);
    await page.getByLabel('申请编号或申请人').fill(APPLICANT);
    await page.getByRole('button', { name: '筛选' }).click();
    await page.locator('table a').first().click();
    await page.getByRole('heading', { name: /^申请 / }).waitFor();
    assert.match(await mainText(page), new RegExp(REQUEST));

    // The answer: 予以公开.
    await page.getByRole('link', { name: '作出答复' }).click();
    await page.getByLabel('答复日期').fill('2026-11-25');
    await page.getByLabel('办理结果（年度报告的行）').selectOption({ label: '（一）予以公开' });
    await page.getByLabel('非当场答复').check();
    await page.getByRole('button', { name: '登记' }).click();
    await page.getByRole('heading', { name: /^申请 / }).waitFor();
    assert.match(await mainText(page), /办理结果\s*予以公开/);

    // The letter from its template, its blanks filled.
    await page.getByLabel('按模板起草文书').selectOption({ label: '政府信息公开告知书' });
    await page.getByRole('button', { name: '起草' }).click();
    await page.getByRole('heading', { name: '政府信息公开告知书' }).first().waitFor();
    letterPath = new URL(page.url()).pathname;
    assert.match(letterPath, /^\/admin\/applications\/\d+\/letters\/\d+$/);
    const body = page.getByLabel('正文');
    const draft = await body.inputValue();
    assert.match(draft, /_{2,}/, 'the template has blanks to fill');
    // The one blank of this template: the last day to collect it in person.
    await body.fill(draft.replace(/_{2,}年_{2,}月_{2,}日/, '2026年12月10日'));
    letterTitle = await page.getByLabel('标题').inputValue();
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.getByRole('heading', { name: letterTitle }).first().waitFor();
    assert.doesNotMatch(await page.getByLabel('正文').inputValue(), /_{2,}/);

    // The attachment: the disclosed document.
    await page
      .getByLabel('添加附件')
      .setInputFiles({ name: ATTACHMENT_NAME, mimeType: 'application/pdf', buffer: ATTACHMENT });
    await page.getByRole('button', { name: '上传附件' }).click();
    await page.getByRole('heading', { name: '附件' }).waitFor();
    assert.match(await mainText(page), new RegExp(ATTACHMENT_NAME.replace('.', '\\.')));

    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByText(/提交审核，等待审核人审核/).waitFor();
  });

  it('3. the reviewer sees it under 待我审核 on the dashboard, follows the link and approves it', async () => {
    assert.ok(letterPath, 'step 2 passed');
    const page = await actor();
    await f.login(page, 'demo-reviewer');
    const panel = page.locator('li', { has: page.getByRole('link', { name: /^待我审核：/ }) });
    await panel.waitFor();
    const link = panel.locator(`a[href="${letterPath}"]`);
    assert.equal(await link.count(), 1, 'the letter is listed in the 待我审核 panel');
    assert.match((await link.textContent()) ?? '', new RegExp(`《${letterTitle}》`));
    await page.screenshot({ path: '/work/briefs/journey-dashboard.png', fullPage: true });
    await link.click();
    await page.getByRole('heading', { name: letterTitle }).first().waitFor();
    const confirm = page.getByLabel('仍然批准');
    if ((await confirm.count()) > 0) await confirm.check();
    await page.getByRole('button', { name: '审核通过' }).click();
    await page.getByRole('heading', { name: letterTitle }).first().waitFor();
    assert.match(await mainText(page), /已审核（待发出）/);
    assert.equal(await page.getByRole('button', { name: '审核通过' }).count(), 0);
  });

  it('4. the clerk sends it 在线', async () => {
    assert.ok(letterPath, 'step 2 passed');
    const page = await actor();
    await f.login(page, 'demo-clerk');
    await page.goto(`${f.baseUrl}${letterPath}`);
    await page.getByLabel('发出日期').fill('2026-11-25');
    await page.getByLabel('加盖电子印章').check();
    await page.getByLabel(/^在线查看/).check();
    await page.getByRole('button', { name: '登记已发出' }).click();
    await page.getByRole('heading', { name: /^申请 / }).waitFor();
    const row = page.locator('tr', { has: page.getByRole('link', { name: letterTitle }) });
    assert.match((await row.textContent()) ?? '', /2026年11月25日/);
    assert.match((await row.textContent()) ?? '', /在线查看/);
  });

  it('5. the citizen looks it up, reads the letter, downloads its PDF and the attachment', async () => {
    assert.ok(code && letterTitle, 'the steps before passed');
    const page = await actor();
    await page.goto(`${f.baseUrl}/applications/lookup`);
    await page.getByLabel('查询码').fill(code);
    await page.getByLabel('联系电话或证件号码的后 4 位').fill(PHONE.slice(-4));
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByRole('heading', { name: '已发出的文书' }).waitFor();
    const result = await mainText(page);
    assert.match(result, new RegExp(REQUEST));
    assert.match(result, new RegExp(`${letterTitle}.*2026年11月25日发出`));
    await page.screenshot({ path: '/work/briefs/journey-lookup.png', fullPage: true });

    // The attachment and the PDF, with this visitor's lookup proof (the context's cookies).
    const fileHref = await page.getByRole('link', { name: ATTACHMENT_NAME }).getAttribute('href');
    assert.ok(fileHref);
    const file = await page.request.get(`${f.baseUrl}${fileHref}`);
    assert.equal(file.status(), 200);
    assert.match(file.headers()['content-type'] ?? '', /^application\/pdf/);
    assert.ok((await file.body()).equals(ATTACHMENT), 'the attachment byte for byte');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载 PDF' }).first().click(),
    ]);
    const pdf = readFileSync((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(download.suggestedFilename(), /\.pdf$/);
    const pdfText = execFileSync('pdftotext', [(await download.path())!, '-'], { encoding: 'utf8' });
    assert.ok(pdfText.replace(/\s+/g, '').includes(letterTitle), 'the PDF carries the title as text');
    const pdfHref = await page.getByRole('link', { name: '下载 PDF' }).first().getAttribute('href');
    const again = await page.request.get(`${f.baseUrl}${pdfHref}`);
    assert.equal(again.status(), 200);
    assert.equal(again.headers()['content-type'], 'application/pdf');

    // The letter as a page: its title and 文号.
    await page.getByRole('link', { name: '查看全文' }).first().click();
    await page.getByRole('heading', { name: letterTitle }).first().waitFor();
    const letter = (await page.locator('body').textContent()) ?? '';
    assert.match(letter, /欣园街道依申公开〔2026〕\d+号/);
    assert.match(letter, new RegExp(ATTACHMENT_NAME.replace(/\.pdf$/, '')));
  });
});
