import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD, startTestApp, type TestContext } from './test-app.ts';

const require = createRequire(import.meta.url);
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserFixture {
  readonly t: TestContext;
  readonly browser: Browser;
  readonly baseUrl: string;
  newContext(options?: { javaScriptEnabled?: boolean; bypassCSP?: boolean }): Promise<BrowserContext>;
  /** Signs `page` in as a demo account through the login form and waits for the dashboard. */
  login(page: Page, user: string): Promise<void>;
  close(): Promise<void>;
}

/** The real app listening on a free local port, and a headless Debian Chromium. */
export async function startBrowserFixture(): Promise<BrowserFixture> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/ensure-system-deps.sh`);
  const t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    t,
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    newContext: (options = {}) =>
      browser.newContext({
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        javaScriptEnabled: options.javaScriptEnabled ?? true,
        bypassCSP: options.bypassCSP ?? false,
        viewport: { width: 1280, height: 900 },
      }),
    async login(page, user) {
      await page.goto(`http://127.0.0.1:${port}/admin/login`);
      await page.getByLabel('用户名').fill(user);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { name: '工作台' }).waitFor();
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page; the context must bypass CSP to inject it. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

/** The fonts Chromium actually used to draw the text of the first element matching `selector`. */
export async function platformFonts(
  page: Page,
  selector: string,
): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.map((f) => ({ familyName: f.familyName, glyphCount: f.glyphCount }));
}
