import type { Browser } from 'playwright-core';
import type { ReportDocument } from '../report.model.ts';
import { chineseDate, renderReportHtml } from './html.tsx';

/**
 * PDF = Chromium printing the report's HTML (A4, the GB/T 9704 margins of the CSS, page numbers
 * `— N —` centred in the footer). Needs Debian Chromium; `CHROMIUM_PATH` overrides /usr/bin/chromium.
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
const PDF_TIMEOUT_MS = 60_000;

export class PdfUnavailableError extends Error {}

async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      timeout: PDF_TIMEOUT_MS,
    });
  } catch (e) {
    throw new PdfUnavailableError(
      `无法启动 Chromium（${CHROMIUM_PATH}）生成 PDF：${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  }
}

/** Prints the report to PDF bytes. A browser may be passed in to print several reports. */
export async function renderReportPdf(doc: ReportDocument, browser?: Browser): Promise<Buffer> {
  const own = browser ? null : await launch();
  const b = browser ?? (own as Browser);
  try {
    const context = await b.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.setContent(await renderReportHtml(doc), { waitUntil: 'load', timeout: PDF_TIMEOUT_MS });
      const pdf = await page.pdf({
        format: 'A4',
        preferCSSPageSize: true,
        printBackground: false,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate:
          '<div style="width:100%;text-align:center;font-size:14pt;font-family:serif">— <span class="pageNumber"></span> —</div>',
        tagged: true,
        outline: false,
      });
      return Buffer.from(pdf);
    } finally {
      await context.close();
    }
  } finally {
    await own?.close();
  }
}

export { chineseDate };
