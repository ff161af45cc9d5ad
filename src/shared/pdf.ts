import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Printing our own HTML to PDF in Debian Chromium (playwright-core). Each process keeps one browser,
 * one context (JavaScript off, no network needed) and a few warm pages, started on first use and
 * reused, so a warm print is `setContent` + `page.pdf` only (docs/decisions/009-published-report-files.md
 * has the measurements). Nothing is shared between processes: every app process has its own browser.
 * When Chromium dies (crash, OOM kill) the next print starts a new one; a print that was under way
 * when it died is tried once more on the new browser. `CHROMIUM_PATH` overrides /usr/bin/chromium.
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
  '--disable-extensions',
  '--disable-dev-shm-usage',
];
const TIMEOUT_MS = 60_000;
/** Warm pages kept per process; more prints at once open (and then close) extra pages. */
const IDLE_PAGES = 2;
const FOOTER =
  '<div style="width:100%;text-align:center;font-size:14pt;font-family:serif">— <span class="pageNumber"></span> —</div>';

export class PdfUnavailableError extends Error {}

/**
 * The print fonts (scripts/make-print-fonts.py, installed by scripts/ensure-system-deps.sh): the Noto
 * CJK SC regular faces cut to GB 2312 (bold is emboldened from the regular: one font fewer to embed). Chromium's PDF writer pays per embedded font in proportion to its file
 * (1–2 s for a 20–27 MB Noto CJK collection, ~0.1 s for a cut), so while printing, the Noto family
 * names the documents ask for are served by these (`local()`, nothing fetched). A character outside
 * GB 2312 falls back along the document's own font list. Without the files nothing is changed.
 */
export const PRINT_FONTS_DIR = process.env.PRINT_FONTS_DIR ?? '/usr/local/share/fonts/gongkai';
const PRINT_FONTS = [
  {
    family: 'Noto Serif CJK SC',
    weight: 400,
    file: 'GongkaiSerifSC-Regular.otf',
    local: ['Gongkai Serif SC', 'GongkaiSerifSC-Regular'],
  },
  {
    family: 'Noto Sans CJK SC',
    weight: 400,
    file: 'GongkaiSansSC-Regular.otf',
    local: ['Gongkai Sans SC', 'GongkaiSansSC-Regular'],
  },
] as const;

let printFontsCss: string | null = null;

/** The `@font-face` rules for the print fonts installed on this machine (checked once per process). */
export function printFontFaces(): string {
  printFontsCss ??= PRINT_FONTS.filter((f) => existsSync(join(PRINT_FONTS_DIR, f.file)))
    .map(
      (f) =>
        `@font-face{font-family:"${f.family}";font-weight:${f.weight};src:${f.local.map((n) => `local("${n}")`).join(',')}}`,
    )
    .join('');
  return printFontsCss;
}

/** The document with the print fonts' rules at the start of its head. */
function withPrintFonts(html: string): string {
  const css = printFontFaces();
  if (!css) return html;
  const style = `<style>${css}</style>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  return head
    ? `${html.slice(0, head.index + head[0].length)}${style}${html.slice(head.index + head[0].length)}`
    : style + html;
}

/** A print lost with its page or browser (crash, kill): worth one more try. */
class PageGone extends Error {
  constructor(cause: unknown) {
    super('Chromium page or browser went away while printing', { cause });
  }
}

interface Printer {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly idle: Page[];
}

let shared: Promise<Printer> | null = null;
/** The printer `shared` resolved to, once it has. */
let live: Printer | null = null;

async function launch(): Promise<Printer> {
  const { chromium } = await import('playwright-core');
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      timeout: TIMEOUT_MS,
    });
  } catch (e) {
    throw new PdfUnavailableError(
      `无法启动 Chromium（${CHROMIUM_PATH}）生成 PDF：${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  }
  let context: BrowserContext;
  try {
    context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
  } catch (e) {
    await browser.close().catch(() => {});
    throw new PdfUnavailableError(
      `Chromium 无法打开页面生成 PDF：${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  }
  const printer: Printer = { browser, context, idle: [] };
  browser.on('disconnected', () => forget(printer));
  return printer;
}

/** Drops a printer whose browser died, so that the next print launches a new one. */
function forget(printer: Printer): void {
  printer.idle.length = 0;
  if (live === printer) {
    live = null;
    shared = null;
  }
}

function printer(): Promise<Printer> {
  if (!shared) {
    const started = launch();
    shared = started;
    started.then(
      (p) => {
        if (shared === started) live = p;
      },
      () => {
        if (shared === started) shared = null;
      },
    );
  }
  return shared;
}

/** Pages whose renderer crashed (marked at once; their closing follows). */
const crashed = new WeakSet<Page>();

async function takePage(p: Printer): Promise<Page> {
  while (p.idle.length > 0) {
    const page = p.idle.pop() as Page;
    if (!page.isClosed()) return page;
  }
  const page = await p.context.newPage();
  page.on('crash', () => {
    crashed.add(page);
    void page.close().catch(() => {});
  });
  return page;
}

function givePage(p: Printer, page: Page): void {
  if (page.isClosed()) return;
  if (p.idle.length < IDLE_PAGES && p.browser.isConnected()) p.idle.push(page);
  else void page.close().catch(() => {});
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

async function printOn(p: Printer, html: string, options: PrintOptions): Promise<Buffer> {
  const page = await takePage(p);
  let reusable = false;
  try {
    // Our documents are self-contained (inline CSS, local fonts, no script, no subresource), so
    // `domcontentloaded` is the document fully there; `page.pdf` waits for the fonts it lays out with.
    await page.setContent(withPrintFonts(html), { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
    const pdf = await page.pdf({
      format: 'A4',
      preferCSSPageSize: true,
      displayHeaderFooter: options.pageNumbers !== 'document',
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
      tagged: true,
    });
    reusable = true;
    return Buffer.from(pdf);
  } catch (err) {
    if (crashed.has(page) || page.isClosed() || !p.browser.isConnected()) throw new PageGone(err);
    throw err;
  } finally {
    if (reusable) givePage(p, page);
    else void page.close().catch(() => {});
  }
}

/** Closes the shared browser (on app close, at the end of a command and of tests). */
export async function closePdfBrowser(): Promise<void> {
  const started = shared;
  shared = null;
  live = null;
  const p = started ? await started.catch(() => null) : null;
  if (p) {
    p.idle.length = 0;
    await p.browser.close().catch(() => {});
  }
}

/**
 * Prints a complete HTML document to A4 PDF with `— N —` page numbers; JavaScript is off. A print
 * that fails because Chromium or its page went away is tried once more (on a new browser if needed).
 */
export async function printHtmlToPdf(html: string, options: PrintOptions = {}): Promise<Buffer> {
  const p = await printer();
  try {
    return await printOn(p, html, options);
  } catch (err) {
    // Also a page that could not be opened because the browser had just died.
    if (!(err instanceof PageGone) && p.browser.isConnected()) throw err;
    if (!p.browser.isConnected()) forget(p);
    return printOn(await printer(), html, options);
  }
}

/** Starts the browser and one warm page ahead of the first print (e.g. by a bench or a command). */
export async function warmPdfPrinter(): Promise<void> {
  const p = await printer();
  givePage(p, await takePage(p));
}

/** A picture drawn by `svgsToPng`: PNG bytes and their size in pixels (`scale` × the SVG's own size). */
export interface PngPicture {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

/** The `width`/`height` of an SVG's root element (our charts always carry both, with a viewBox). */
function svgSize(svg: string): { width: number; height: number } {
  const open = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="(\d+(?:\.\d+)?)"/.exec(open)?.[1]);
  const height = Number(/\sheight="(\d+(?:\.\d+)?)"/.exec(open)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error('svgsToPng: the SVG must give width and height in pixels');
  return { width, height };
}

async function shootOn(
  p: Printer,
  svgs: readonly string[],
  scale: number,
  css: string,
): Promise<PngPicture[]> {
  const page = await takePage(p);
  let reusable = false;
  try {
    const sizes = svgs.map(svgSize);
    // Each SVG is laid out at `scale` × its size (its viewBox keeps the drawing), so the picture is drawn
    // sharp at that resolution rather than enlarged afterwards; the page's viewport is left as it is.
    const body = svgs
      .map((svg, i) => {
        const s = sizes[i] as { width: number; height: number };
        const w = Math.round(s.width * scale);
        const h = Math.round(s.height * scale);
        return `<div class="shot" style="width:${w}px;height:${h}px">${svg.replace(
          /^(<svg\b[^>]*?)\swidth="[^"]*"\s+height="[^"]*"/,
          `$1 width="${w}" height="${h}"`,
        )}</div>`;
      })
      .join('');
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:#fff}.shot{overflow:hidden}.shot svg{display:block}${css}</style></head><body>${body}</body></html>`;
    await page.setContent(withPrintFonts(html), { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
    // The boxes stand one under the other from the top left (no margins), so each picture is a clip of
    // the full page at a known place: no element lookups, scrolling or waiting per picture.
    const shots: PngPicture[] = [];
    let top = 0;
    for (const s of sizes) {
      const width = Math.round(s.width * scale);
      const height = Math.round(s.height * scale);
      const png = await page.screenshot({
        type: 'png',
        fullPage: true,
        clip: { x: 0, y: top, width, height },
        animations: 'disabled',
        timeout: TIMEOUT_MS,
      });
      shots.push({ png: Buffer.from(png), width, height });
      top += height;
    }
    reusable = true;
    return shots;
  } catch (err) {
    if (crashed.has(page) || page.isClosed() || !p.browser.isConnected()) throw new PageGone(err);
    throw err;
  } finally {
    if (reusable) givePage(p, page);
    else void page.close().catch(() => {});
  }
}

/**
 * SVG pictures (e.g. charts, for a Word file) as PNG, drawn by the same warm Chromium that prints PDFs:
 * one page for all of them, each screenshot at `scale` × its size (2 = sharp when printed at the size
 * the SVG gives). `css` styles the SVGs (e.g. their font). Throws `PdfUnavailableError` without Chromium.
 */
export async function svgsToPng(
  svgs: readonly string[],
  options: { scale?: number; css?: string } = {},
): Promise<PngPicture[]> {
  if (svgs.length === 0) return [];
  const scale = options.scale ?? 2;
  const css = options.css ?? '';
  const p = await printer();
  try {
    return await shootOn(p, svgs, scale, css);
  } catch (err) {
    if (!(err instanceof PageGone) && p.browser.isConnected()) throw err;
    if (!p.browser.isConnected()) forget(p);
    return shootOn(await printer(), svgs, scale, css);
  }
}
