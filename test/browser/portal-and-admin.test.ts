import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import {
  axeViolations,
  type BrowserFixture,
  platformFonts,
  startBrowserFixture,
} from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/test-app.ts';

const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';

describe('in Chromium', () => {
  let f: BrowserFixture;
  let xinyuanId: number;
  before(async () => {
    f = await startBrowserFixture();
    xinyuanId = (await findAgencyByName(f.t.database.db, '宽城区欣园街道办事处'))!.id;
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => f?.close());

  it('renders Chinese text with a CJK font (no boxes) and takes screenshots', async () => {
    const ctx = await f.newContext();
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/agencies/${xinyuanId}/guide`);
    await page.screenshot({ path: `${SHOTS}/guide.png`, fullPage: true });
    const fonts = await platformFonts(page, 'h1');
    assert.ok(
      fonts.some((x) => /CJK|Noto Sans SC|WenQuanYi|Source Han/i.test(x.familyName) && x.glyphCount > 0),
      `h1 drawn with a CJK font, got ${JSON.stringify(fonts)}`,
    );
    assert.ok(!fonts.some((x) => /Last ?Resort/i.test(x.familyName)), 'no fallback boxes');
    await ctx.close();
  });

  it('works with JavaScript off: a clerk logs in, sees errors kept, then the dashboard', async () => {
    const ctx = await f.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/admin`);
    assert.match(page.url(), /\/admin\/login\?next=%2Fadmin$/);
    await page.getByLabel('用户名').fill('demo-clerk');
    await page.getByRole('button', { name: '登录' }).click();
    assert.match(await page.title(), /^错误：/);
    await page.getByRole('link', { name: '请输入密码' }).waitFor();
    assert.equal(await page.getByLabel('用户名').inputValue(), 'demo-clerk');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text (with its separators) is what is checked
    assert.match(await page.locator('main').innerText(), /经办人 · 工作范围：宽城区欣园街道办事处/);
    await page.screenshot({ path: `${SHOTS}/dashboard-clerk.png`, fullPage: true });
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByText('您已安全退出。').waitFor();
    await ctx.close();
  });

  it('moves focus to the error summary and from its links to the field (with JavaScript)', async () => {
    const ctx = await f.newContext();
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/admin/login`);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForFunction(() => document.activeElement?.classList.contains('gk-error-summary'));
    await page.getByRole('link', { name: '请输入用户名' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login');
    await ctx.close();
  });

  it('can be used from the keyboard: the skip link comes first and focus is visible', async () => {
    const ctx = await f.newContext();
    const page = await ctx.newPage();
    await page.goto(`${f.baseUrl}/`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return {
        text: el.textContent,
        left: el.getBoundingClientRect().left,
        outline: style.outlineStyle,
        bg: style.backgroundColor,
      };
    });
    assert.equal(focused.text, '跳到主要内容');
    assert.ok(focused.left >= 0, 'skip link visible when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await ctx.close();
  });

  it('has no axe-core violations on the public pages and the back office of every role', async () => {
    const ctx = await f.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    const check = async (url: string) => {
      await page.goto(`${f.baseUrl}${url}`);
      const v = await axeViolations(page);
      assert.deepEqual(v, [], `${url}: ${JSON.stringify(v, null, 1)}`);
    };
    for (const url of [
      '/',
      `/?q=${encodeURIComponent('欣园')}`,
      `/agencies/${xinyuanId}`,
      `/agencies/${xinyuanId}/guide`,
      `/agencies/${xinyuanId}/columns/apply`,
      '/no-such-page',
      '/admin/login',
    ]) {
      await check(url);
    }
    // login page with errors
    await page.goto(`${f.baseUrl}/admin/login`);
    await page.getByRole('button', { name: '登录' }).click();
    assert.deepEqual(await axeViolations(page), []);
    for (const login of ['demo-admin', 'demo-supervisor', 'demo-reviewer', 'demo-clerk']) {
      await page.goto(`${f.baseUrl}/admin/login`);
      await page.getByLabel('用户名').fill(login);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      const urls = [
        '/admin',
        '/admin/agencies',
        `/admin/agencies/${xinyuanId}`,
        '/admin/account/password',
        '/admin/account/tokens',
      ];
      if (login === 'demo-admin')
        urls.push(
          '/admin/users',
          '/admin/users/new',
          '/admin/audit',
          '/admin/agencies/new',
          `/admin/agencies/${xinyuanId}/edit`,
        );
      if (login === 'demo-supervisor') urls.push('/admin/users', '/admin/audit');
      for (const url of urls) await check(url);
      if (login === 'demo-admin') {
        await page.goto(`${f.baseUrl}/admin/agencies/new`);
        await page.getByRole('button', { name: '创建机构' }).click();
        assert.deepEqual(await axeViolations(page), [], 'agency form with errors');
        await page.screenshot({ path: `${SHOTS}/agency-form-errors.png`, fullPage: true });
      }
      if (login === 'demo-clerk') {
        // The token shown once, and the confirmation before revoking it.
        await page.goto(`${f.baseUrl}/admin/account/tokens`);
        await page.getByLabel('说明').fill('无障碍检查');
        await page.getByRole('button', { name: '创建令牌' }).click();
        await page.getByRole('heading', { name: '令牌已创建' }).waitFor();
        assert.deepEqual(await axeViolations(page), [], 'token created');
        await page.goto(`${f.baseUrl}/admin/account/tokens`);
        await page.getByRole('link', { name: /吊销/ }).first().click();
        await page.getByRole('button', { name: '确认吊销' }).waitFor();
        assert.deepEqual(await axeViolations(page), [], 'revoke confirmation');
      }
      await page.getByRole('button', { name: '退出登录' }).click();
    }
    await ctx.close();
  });
});
