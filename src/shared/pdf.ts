import type { Browser } from 'playwright-core';

/**
 * Printing our own HTML to PDF in Debian Chromium (playwright-core). One browser per process is
 * started on first use and reused; `CHROMIUM_PATH` overrides /usr/bin/chromium.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const TIMEOUT_MS = 60_000;

export class PdfUnavailableError extends Error {}

let shared: Promise<Browser> | null = null;

async function browser(): Promise<Browser> {
  shared ??= (async () => {
    const { chromium } = await import('playwright-core');
    try {
      const b = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        timeout: TIMEOUT_MS,
      });
      b.on('disconnected', () => {
        shared = null;
      });
      return b;
    } catch (e) {
      shared = null;
      throw new PdfUnavailableError(
        `无法启动 Chromium（${CHROMIUM_PATH}）生成 PDF：${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      );
    }
  })();
  return shared;
}

/** Closes the shared browser (on app close and at the end of tests). */
export async function closePdfBrowser(): Promise<void> {
  const b = shared;
  shared = null;
  if (b) await (await b.catch(() => null))?.close();
}

/** How `printHtmlToPdf` numbers pages. */
export interface PrintOptions {
  /**
   * `centred` (default): Chromium's footer, `— N —` centred under every page. `document`: no Chromium
   * footer; the document numbers its pages itself with CSS page-margin boxes (`@page :left { @bottom-left
   * { content: counter(page) } }`), e.g. a GB/T 9704 letter's numbers at the outer edges.
   */
  readonly pageNumbers?: 'centred' | 'document';
}

/** Prints a complete HTML document to A4 PDF with `— N —` page numbers; JavaScript is off. */
export async function printHtmlToPdf(html: string, options: PrintOptions = {}): Promise<Buffer> {
  const b = await browser();
  const context = await b.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: TIMEOUT_MS });
    const pdf = await page.pdf({
      format: 'A4',
      preferCSSPageSize: true,
      displayHeaderFooter: options.pageNumbers !== 'document',
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="width:100%;text-align:center;font-size:14pt;font-family:serif">— <span class="pageNumber"></span> —</div>',
      tagged: true,
    });
    return Buffer.from(pdf);
  } finally {
    await context.close();
  }
}
