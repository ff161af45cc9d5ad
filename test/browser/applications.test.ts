import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import { axeViolations, type BrowserFixture, startBrowserFixture } from '../support/browser.ts';

const ID = `22010319850315201${residentIdCheckChar('22010319850315201')}`;

async function assertAccessible(page: Page, what: string): Promise<void> {
  const v = await axeViolations(page);
  assert.deepEqual(
    v.map((x) => `${x.id}: ${x.help} ${JSON.stringify(x.nodes.map((n) => n.target))}`),
    [],
    `axe violations on ${what}`,
  );
}

describe('applications in Chromium', () => {
  let f: BrowserFixture;
  let xinyuanId: number;
  before(async () => {
    f = await startBrowserFixture();
    xinyuanId = (await findAgencyByName(f.t.database.db, '宽城区欣园街道办事处'))!.id;
  });
  after(async () => f?.close());

  it('takes an online application step by step with JavaScript off: errors, answers kept, 返回, 修改, 查询码', async () => {
    const ctx = await f.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    const main = async () => (await page.locator('main').textContent()) ?? '';
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/columns/apply`);
    await page.getByRole('link', { name: '在线提出申请' }).click();
    // Step 1: the applicant type, nothing else.
    await page.getByRole('heading', { name: '您以什么身份提出申请？' }).waitFor();
    assert.match(await main(), /第1步，共5步/);
    await page.getByRole('button', { name: '继续' }).click();
    assert.match(await page.title(), /^错误：/);
    await page.getByRole('link', { name: /请选择申请人类型/ }).waitFor();
    await page.getByLabel('自然人（公民）').check();
    await page.getByRole('button', { name: '继续' }).click();
    // Step 2: a person's identity and contact; no company fields.
    await page.getByRole('heading', { name: '您的身份信息和联系方式' }).waitFor();
    assert.match(await main(), /第2步，共5步/);
    assert.equal(await page.getByLabel('统一社会信用代码').count(), 0);
    await page.getByLabel('姓名', { exact: true }).fill('浏览器申请人');
    await page.getByLabel('居民身份证', { exact: true }).check();
    await page.getByLabel('身份证明号码').fill('220103198503152019');
    await page.getByRole('button', { name: '继续' }).click();
    assert.match(await page.title(), /^错误：/);
    await page
      .getByRole('link', { name: /居民身份证号码/ })
      .first()
      .waitFor();
    await page.getByRole('link', { name: '请填写联系电话，以便工作人员与您确认申请' }).waitFor();
    assert.equal(await page.getByLabel('姓名', { exact: true }).inputValue(), '浏览器申请人');
    assert.equal(await page.getByLabel('身份证明号码').inputValue(), '220103198503152019');
    await page.getByLabel('身份证明号码').fill(ID);
    await page.getByLabel('联系电话').fill('13612349876');
    await page.getByRole('button', { name: '继续' }).click();
    // Step 3: the information wanted; 返回 goes to step 2 with the answers, 继续 back here.
    await page.getByRole('heading', { name: '您需要哪些政府信息？' }).waitFor();
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByRole('heading', { name: '您的身份信息和联系方式' }).waitFor();
    assert.equal(await page.getByLabel('联系电话').inputValue(), '13612349876');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '您需要哪些政府信息？' }).waitFor();
    await page
      .getByLabel('所需政府信息的名称、文号或者便于查询的其他特征性描述')
      .fill('欣园街道2026年垃圾分类工作方案');
    await page.getByLabel('纸质').check();
    await page.getByLabel('自行领取').check();
    await page.getByRole('button', { name: '继续' }).click();
    // Step 4: identity documents (optional).
    await page.getByRole('heading', { name: '上传身份证明文件（选填）' }).waitFor();
    assert.match(await main(), /第4步，共5步/);
    await page.getByRole('button', { name: '继续' }).click();
    // Step 5: check, 修改 one answer and come back.
    await page.getByRole('heading', { name: '检查您的申请' }).waitFor();
    assert.match(await main(), /欣园街道2026年垃圾分类工作方案/);
    await page.getByRole('button', { name: /^修改\s*所需政府信息/ }).click();
    await page.getByRole('heading', { name: '您需要哪些政府信息？' }).waitFor();
    await page
      .getByLabel('所需政府信息的名称、文号或者便于查询的其他特征性描述')
      .fill('欣园街道2026年垃圾分类工作实施方案');
    await page.getByRole('button', { name: '保存并返回检查页' }).click();
    await page.getByRole('heading', { name: '检查您的申请' }).waitFor();
    assert.match(await main(), /欣园街道2026年垃圾分类工作实施方案/);
    await page.getByRole('button', { name: '确认并提交申请' }).click();
    await page.getByRole('heading', { name: '申请已提交' }).waitFor();
    const text = await main();
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)?.[1];
    assert.ok(code, '查询码 shown');
    assert.match(text, /答复期限/);

    await page.getByRole('link', { name: '查询办理进度' }).click();
    await page.getByLabel('查询码').fill(code);
    await page.getByLabel('联系电话或证件号码的后 4 位').fill('9876');
    await page.getByRole('button', { name: '查询' }).click();
    assert.match(await main(), /办理中/);
    await ctx.close();
  });

  it('keeps an identity document uploaded on step 4 with JavaScript off through 修改 and the check page', async () => {
    const ctx = await f.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    const main = async () => (await page.locator('main').textContent()) ?? '';
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/apply`);
    await page.getByLabel('自然人（公民）').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByLabel('姓名', { exact: true }).fill('上传浏览器申请人');
    await page.getByLabel('居民身份证', { exact: true }).check();
    await page.getByLabel('身份证明号码').fill(ID);
    await page.getByLabel('联系电话').fill('13612340099');
    await page.getByRole('button', { name: '继续' }).click();
    await page
      .getByLabel('所需政府信息的名称、文号或者便于查询的其他特征性描述')
      .fill('欣园街道2026年社区食堂运营补贴的发放名单');
    await page.getByLabel('纸质').check();
    await page.getByLabel('自行领取').check();
    await page.getByRole('button', { name: '继续' }).click();
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40 * 1024 - 4, 0x41)]);
    await page
      .getByLabel(/身份证明文件/)
      .setInputFiles({ name: '身份证.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '检查您的申请' }).waitFor();
    assert.match(await main(), /身份证\.jpg（40 KB）/);
    // 修改 the files: the kept one is listed; back to the check page without choosing it again.
    await page.getByRole('button', { name: /^修改\s*身份证明文件/ }).click();
    assert.match(await main(), /已上传：身份证\.jpg（40 KB）/);
    await page.getByRole('button', { name: '保存并返回检查页' }).click();
    await page.getByRole('heading', { name: '检查您的申请' }).waitFor();
    assert.match(await main(), /身份证\.jpg（40 KB）/);
    await page.getByRole('button', { name: '确认并提交申请' }).click();
    await page.getByRole('heading', { name: '申请已提交' }).waitFor();
    const linked = await f.t.database.db
      .selectFrom('application_uploads')
      .innerJoin('applications', 'applications.id', 'application_uploads.application_id')
      .select(['application_uploads.size'])
      .where('applications.applicant_name', '=', '上传浏览器申请人')
      .execute();
    assert.deepEqual(
      linked.map((r) => r.size),
      [photo.length],
    );
    await ctx.close();
  });

  it('has no axe violations on the public and back-office pages of applications', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/apply`);
    await assertAccessible(page, 'apply step 1');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '您以什么身份提出申请？' }).waitFor();
    await assertAccessible(page, 'apply step 1 with errors');
    await page.getByLabel('法人或者其他组织：商业企业').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '单位信息和联系方式' }).waitFor();
    await assertAccessible(page, 'apply step 2 (organisation)');
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByLabel('自然人（公民）').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '您的身份信息和联系方式' }).waitFor();
    // With JavaScript the name of another identity document shows only while it is chosen.
    const otherName = page.getByLabel('其他身份证明的名称');
    assert.equal(await otherName.isVisible(), false);
    await page.getByLabel('其他身份证明', { exact: true }).check();
    assert.equal(await otherName.isVisible(), true);
    await page.getByLabel('姓名', { exact: true }).fill('无障碍申请人');
    await page.getByLabel('居民身份证', { exact: true }).check();
    await page.getByLabel('身份证明号码').fill(ID);
    await page.getByLabel('联系电话').fill('13612340011');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '您需要哪些政府信息？' }).waitFor();
    await assertAccessible(page, 'apply step 3');
    await page
      .getByLabel('所需政府信息的名称、文号或者便于查询的其他特征性描述')
      .fill('欣园街道2026年无障碍设施改造计划');
    await page.getByLabel('纸质').check();
    await page.getByLabel('自行领取').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '上传身份证明文件（选填）' }).waitFor();
    await assertAccessible(page, 'apply step 4');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '检查您的申请' }).waitFor();
    await assertAccessible(page, 'apply check page');
    await page.goto(`${f.baseUrl}/applications/lookup`);
    await assertAccessible(page, 'lookup');

    await f.login(page, 'demo-clerk');
    await page.goto(`${f.baseUrl}/admin/applications`);
    await assertAccessible(page, 'work queue');
    await page.locator('table a').first().click();
    await page.getByRole('heading', { name: /^申请 / }).waitFor();
    await assertAccessible(page, 'case page');
    await page.goto(`${f.baseUrl}/admin/applications/new`);
    await assertAccessible(page, 'registration form');
    await ctx.close();
  });
});
