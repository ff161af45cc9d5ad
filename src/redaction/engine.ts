/**
 * The redaction engine's adapter: Debian's `mutool` (MuPDF 1.21) run as a separate program (decision
 * 017). Reads the characters of each page with their boxes, applies redactions (text under a box
 * removed from the content streams, image pixels under it cleared, a black box with its label drawn),
 * strips what could carry removed content (metadata, annotations, attachments, JavaScript, outlines, the
 * structure tree; a document with hidden layers is refused), appends the legend pages, and checks the
 * result by reading it again. Writes only to its own temporary directory; the caller's bytes are never
 * changed.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type PageText, type Rect, textOutside } from './geometry.rules.ts';
import { GROUNDS, type GroundId, legendEntries, legendLines } from './grounds.rules.ts';
import { MUTOOL_SCRIPT } from './mutool-script.ts';
import { boxLabel } from './redaction.rules.ts';

const run = promisify(execFile);
export const MUTOOL = process.env.MUTOOL_PATH ?? 'mutool';
/** Largest PDF accepted (bytes) and most pages: beyond these the clerk is told to split the file. */
export const MAX_PDF_BYTES = 50 * 1024 * 1024;
export const MAX_PAGES = 500;
const TIMEOUT_MS = 60_000;

export type RedactionProblem =
  | 'encrypted'
  | 'damaged'
  | 'hidden-layers'
  | 'too-large'
  | 'not-pdf'
  | 'unavailable'
  | 'office-unavailable'
  | 'page'
  | 'leak'
  | 'collateral';

const MESSAGES: Readonly<Record<RedactionProblem, string>> = {
  encrypted: '该 PDF 文件已加密（设有打开密码），无法处理。请先取得未加密的文件。',
  damaged: '该 PDF 文件已损坏或不完整，无法读取。请重新导出或扫描后再试。',
  'hidden-layers': '该 PDF 文件含有隐藏图层，隐藏内容可能随文件泄露。请在制作软件中删除或合并图层后再试。',
  'too-large': `文件过大：最多 ${MAX_PDF_BYTES / 1024 / 1024} MB、${MAX_PAGES} 页。请拆分后分别处理。`,
  'not-pdf': '该文件不是 PDF 文件（或 PNG、JPEG 图片）。',
  unavailable: '服务器未安装删除处理所需的 mutool（mupdf-tools），暂时无法处理。',
  'office-unavailable':
    '服务器未安装 LibreOffice（libreoffice-writer-nogui、libreoffice-calc-nogui），无法转换 Word、Excel 文件。请先另存为 PDF 再上传。',
  page: '删除位置不在文件的页面范围内。',
  collateral:
    '删除处理会连带删除所选范围以外的文字（框选范围与相邻文字重叠），已停止处理。请缩小框选范围后再试。',
  leak: '删除处理后的文件中仍能读出应删除的内容，已停止处理，原文件未作改动。',
};

export class RedactionError extends Error {
  constructor(readonly problem: RedactionProblem) {
    super(MESSAGES[problem]);
  }
}

export interface PdfPage extends PageText {
  /** Images and no visible text: a scanned page (redacted in its pixels). */
  readonly scan: boolean;
  /** Invisible text (an OCR layer). */
  readonly ocr: boolean;
}

export interface PdfText {
  readonly pages: readonly PdfPage[];
}

let scriptPath: Promise<string> | null = null;
/** The script's file, named by its content's hash: shared by every process, written once (atomically). */
async function script(): Promise<string> {
  scriptPath ??= (async () => {
    const hash = createHash('sha256').update(MUTOOL_SCRIPT).digest('hex').slice(0, 16);
    const p = join(tmpdir(), `gongkai-mutool-${hash}.js`);
    const existing = await readFile(p, 'utf8').catch(() => null);
    if (existing !== MUTOOL_SCRIPT) {
      const tmp = `${p}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(tmp, MUTOOL_SCRIPT);
      await rename(tmp, p);
    }
    return p;
  })();
  return scriptPath;
}

async function mutool(args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run(MUTOOL, ['run', await script(), ...args], {
      timeout: TIMEOUT_MS,
      maxBuffer: 512 * 1024 * 1024,
      encoding: 'utf8',
    });
    return stdout;
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string };
    if (e.code === 'ENOENT') throw new RedactionError('unavailable');
    const m = /GKERR (\S+)/.exec(e.stdout ?? '');
    const code = m?.[1];
    if (code === 'encrypted' || code === 'hidden-layers' || code === 'page') throw new RedactionError(code);
    if (process.env.GONGKAI_DEBUG_MUTOOL) console.error(err);
    throw new RedactionError('damaged');
  }
}

/** A working directory for one call, removed afterwards whatever happens. */
async function inTemp<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-redact-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function checkInput(bytes: Buffer): void {
  if (bytes.length > MAX_PDF_BYTES) throw new RedactionError('too-large');
  if (bytes.subarray(0, 1024).indexOf('%PDF-') < 0) throw new RedactionError('not-pdf');
}

async function readAt(path: string): Promise<PdfText> {
  return parseRead(await mutool(['read', path]));
}

function parseRead(out: string): PdfText {
  try {
    const parsed = JSON.parse(out) as {
      pages: { w: number; h: number; scan: boolean; ocr: boolean; lines: PageText['lines'] }[];
    };
    return {
      pages: parsed.pages.map((p) => ({ width: p.w, height: p.h, scan: p.scan, ocr: p.ocr, lines: p.lines })),
    };
  } catch {
    throw new RedactionError('damaged');
  }
}

/** The pages of a PDF with their characters and boxes. */
export async function readPdf(bytes: Buffer): Promise<PdfText> {
  checkInput(bytes);
  return inTemp(async (dir) => {
    const p = join(dir, 'in.pdf');
    await writeFile(p, bytes);
    const text = await readAt(p);
    if (text.pages.length > MAX_PAGES) throw new RedactionError('too-large');
    return text;
  });
}

export interface Box {
  /** Zero-based page. */
  readonly page: number;
  readonly rect: Rect;
  readonly ground: GroundId;
  /** What the box removes (for the legend's check and the audit); empty for a drawn box over an image. */
  readonly text?: string;
}

export interface RedactOptions {
  /** The file's name on the legend page. */
  readonly fileName: string;
  /** Append the legend page (default true). */
  readonly legend?: boolean;
  /** The reading of `bytes` the caller already has (saves reading it again). */
  readonly known?: PdfText;
}

export interface RedactedPdf {
  readonly bytes: Buffer;
  /** Zero-based pages replaced by their image (see `rasterize` in the script): their text is no longer text. */
  readonly rasterPages: readonly number[];
}

/**
 * A redacted copy of `bytes`: every box's content removed, labelled, the legend appended, metadata and
 * hidden content stripped. A page where MuPDF would take neighbouring text along with a box (fonts with
 * oversized glyph boxes) is redone as an image of the page with the boxes painted in. Refuses
 * (RedactionError) rather than return a file that still shows a removed value.
 */
export async function redactPdf(
  bytes: Buffer,
  boxes: readonly Box[],
  options: RedactOptions,
): Promise<RedactedPdf> {
  checkInput(bytes);
  return inTemp(async (dir) => {
    const input = join(dir, 'in.pdf');
    const output = join(dir, 'out.pdf');
    const specPath = join(dir, 'spec.json');
    await writeFile(input, bytes);
    const before = options.known ?? (await readAt(input));
    if (before.pages.length > MAX_PAGES) throw new RedactionError('too-large');
    const numbered = [...boxes]
      .map((b, i) => ({ b, i }))
      .sort((x, y) => x.b.page - y.b.page || x.i - y.i)
      .map(({ b }, i) => ({ page: b.page, rect: b.rect, ...boxLabel(i + 1, GROUNDS[b.ground], b.rect) }));
    const dropText = before.pages.flatMap((p, i) => (p.scan && p.ocr ? [i] : []));
    const legend = options.legend === false ? [] : legendLines(legendEntries(boxes), options.fileName);
    const attempt = async (raster: readonly number[]) => {
      await writeFile(specPath, asciiJson({ boxes: numbered, dropText, legend, raster }));
      const after = parseRead(await mutool(['apply', input, output, specPath]));
      assertRemoved(after, boxes);
      return pagesWithLoss(before, after, boxes, raster);
    };
    let raster: number[] = [];
    const lost = await attempt(raster);
    if (lost.length > 0) {
      raster = lost;
      if ((await attempt(raster)).length > 0) throw new RedactionError('collateral');
    }
    return { bytes: await readFile(output), rasterPages: raster };
  });
}

/** JSON with every non-ASCII character escaped (MuPDF's script reads the file byte by byte). */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Every removed text of two or more characters must be gone from the page outside the boxes. */
function assertRemoved(after: PdfText, boxes: readonly Box[]): void {
  const outside = new Map<number, string>();
  for (const b of boxes) {
    const value = (b.text ?? '').replace(/\s+/g, '');
    if ([...value].length < 2) continue;
    const page = after.pages[b.page];
    if (!page) continue;
    let t = outside.get(b.page);
    if (t === undefined) {
      t = textOutside(
        page,
        boxes.filter((x) => x.page === b.page).map((x) => x.rect),
      ).replace(/\s+/g, '');
      outside.set(b.page, t);
    }
    if (t.includes(value)) throw new RedactionError('leak');
  }
}

/** The non-space characters of a text, sorted (order-free comparison of what a page shows). */
const charBag = (t: string) => [...t.replace(/\s+/g, '')].sort().join('');

/** The pages (not rasterised) where a character outside the boxes went missing with them. */
function pagesWithLoss(
  before: PdfText,
  after: PdfText,
  boxes: readonly Box[],
  raster: readonly number[],
): number[] {
  return before.pages.flatMap((page, i) => {
    const rects = boxes.filter((b) => b.page === i).map((b) => b.rect);
    if (rects.length === 0 || raster.includes(i)) return [];
    const now = after.pages[i];
    return now && charBag(textOutside(now, rects)) === charBag(textOutside(page, rects)) ? [] : [i];
  });
}

/** One page as a PNG image (for the clerk's and the reviewer's screens). */
export async function renderPage(bytes: Buffer, page: number, dpi = 96): Promise<Buffer> {
  checkInput(bytes);
  return inTemp(async (dir) => {
    const input = join(dir, 'in.pdf');
    const output = join(dir, 'page.png');
    await writeFile(input, bytes);
    try {
      await run(
        MUTOOL,
        ['draw', '-q', '-r', String(dpi), '-F', 'png', '-o', output, input, String(page + 1)],
        {
          timeout: TIMEOUT_MS,
        },
      );
      return await readFile(output);
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') throw new RedactionError('unavailable');
      throw new RedactionError('damaged');
    }
  });
}

/** A photo or scan uploaded as a PNG or JPEG image, as a one-page PDF (A4 wide) to redact like a scan. */
export async function imageToPdf(image: Buffer): Promise<Buffer> {
  const png = image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = image[0] === 0xff && image[1] === 0xd8;
  if (!png && !jpeg) throw new RedactionError('not-pdf');
  if (image.length > MAX_PDF_BYTES) throw new RedactionError('too-large');
  return imagePdf(image, 'fit', 'fit');
}

/** (Tests and fixtures) a one-page PDF showing an image, as a scanner makes, with an OCR layer (ASCII). */
export async function imagePdf(
  png: Buffer,
  width: number | 'fit',
  height: number | 'fit',
  ocr = '',
): Promise<Buffer> {
  return inTemp(async (dir) => {
    await writeFile(join(dir, 'in.png'), png);
    const args = ['scan', join(dir, 'in.png'), join(dir, 'out.pdf'), String(width), String(height)];
    await mutool(ocr ? [...args, ocr.replace(/[()\\]/g, '')] : args);
    return readFile(join(dir, 'out.pdf'));
  });
}
