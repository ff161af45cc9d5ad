import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOcrUnavailable, readScannedPdf, type ScannedText } from './ocr/index.ts';
import { choosePdfText } from './placed.ts';
import type { PlacedPage, PlacedWord } from './positioned.ts';

/**
 * Bytes of a .docx or .pdf file → text the report reader understands. A .docx becomes simple HTML
 * (paragraphs, and tables whose cells stay cells; the continuation cells of vertically merged cells
 * are dropped, as a browser would show them); a .pdf goes through `pdftotext -layout` (poppler-utils),
 * and its words with their boxes through `pdftotext -bbox-layout` for the position reader (`placed.ts`).
 * Failures raise FileReadError with a Chinese message for the user.
 */
export class FileReadError extends Error {}

export const MAX_DOCX_XML_CHARS = 20_000_000;
export const PDFTOTEXT_TIMEOUT_MS = 20_000;

/** The text of a .docx as HTML (`<p>` per paragraph, `<table>/<tr>/<td>` for tables). */
export async function docxToHtml(bytes: Buffer): Promise<string> {
  const { default: JSZip } = await import('jszip');
  let zip: Awaited<ReturnType<typeof JSZip.loadAsync>>;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new FileReadError(
      '这个文件不是有效的 Word 文档（.docx），无法打开。如果是旧版 .doc 文件，请先另存为 .docx。',
    );
  }
  const entry = zip.file('word/document.xml');
  if (!entry) throw new FileReadError('这个 .docx 文件中没有正文（word/document.xml），无法读取。');
  const xml = await entry.async('string');
  if (xml.length > MAX_DOCX_XML_CHARS) throw new FileReadError('这个 Word 文档过大，无法读取。');
  return documentXmlToHtml(xml);
}

/** WordprocessingML body → HTML; linear single pass over the tags. */
export function documentXmlToHtml(xml: string): string {
  const out: string[] = ['<html><body>'];
  const tag = /<(\/?)w:(tbl|tr|tc|p|t|tab|br|cr|vMerge)\b([^>]*?)(\/?)>/g;
  let inText = false;
  let last = 0;
  let cellOpen = false;
  let cellParts: string[] = [];
  let skipCell = false;
  let para = '';
  const flushPara = () => {
    if (cellOpen) cellParts.push(para);
    else if (para.trim() !== '') out.push(`<p>${para}</p>`);
    para = '';
  };
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (inText) para += xml.slice(last, m.index);
    last = m.index + m[0].length;
    const closing = m[1] === '/';
    const selfClosing = m[4] === '/';
    const name = m[2];
    switch (name) {
      case 't':
        inText = !closing && !selfClosing;
        break;
      case 'tab':
        if (!closing) para += '\t';
        break;
      case 'br':
      case 'cr':
        if (!closing) para += cellOpen ? '' : '\n';
        break;
      case 'p':
        if (closing) flushPara();
        else if (selfClosing) para = '';
        break;
      case 'tbl':
        out.push(closing ? '</table>' : '<table>');
        break;
      case 'tr':
        out.push(closing ? '</tr>' : '<tr>');
        break;
      case 'tc':
        if (!closing) {
          cellOpen = true;
          cellParts = [];
          skipCell = false;
        } else {
          cellOpen = false;
          if (!skipCell) out.push(`<td>${cellParts.join('')}</td>`);
        }
        break;
      case 'vMerge': {
        const val = /w:val="([^"]*)"/.exec(m[3] ?? '')?.[1];
        if (cellOpen && val !== 'restart') skipCell = true;
        break;
      }
    }
  }
  out.push('</body></html>');
  return out.join('\n');
}

/** The text of a PDF as `pdftotext -layout` prints it. */
export function pdfToText(bytes: Buffer): Promise<string> {
  return runPdftotext(bytes, ['-layout']);
}

/**
 * The words of a PDF's text layer with their boxes (`pdftotext -bbox-layout`), page by page: the
 * input of the position reader (`placed.ts`). A PDF without a text layer gives pages without words.
 */
export async function pdfToPlacedPages(bytes: Buffer): Promise<PlacedPage[]> {
  return parseBboxLayout(await runPdftotext(bytes, ['-bbox-layout']));
}

const PAGE_TAG = /<page\b[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"[^>]*>|<\/page>/g;
const WORD_TAG =
  /<word\b[^>]*?xMin="([-\d.]+)"[^>]*?yMin="([-\d.]+)"[^>]*?xMax="([-\d.]+)"[^>]*?yMax="([-\d.]+)"[^>]*>([^<]*)<\/word>/g;
const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITY[e] ?? ''),
  );
}

/** `pdftotext -bbox-layout` XHTML → pages of placed words (PDF points, origin top left). */
export function parseBboxLayout(xhtml: string): PlacedPage[] {
  const pages: PlacedPage[] = [];
  const marks: { at: number; width: number; height: number; end: boolean }[] = [];
  PAGE_TAG.lastIndex = 0;
  for (let m = PAGE_TAG.exec(xhtml); m; m = PAGE_TAG.exec(xhtml)) {
    marks.push({ at: m.index, width: Number(m[1] ?? 0), height: Number(m[2] ?? 0), end: m[0] === '</page>' });
  }
  for (let i = 0; i < marks.length; i++) {
    const open = marks[i]!;
    if (open.end) continue;
    const close = marks[i + 1]?.end ? marks[i + 1]!.at : xhtml.length;
    const body = xhtml.slice(open.at, close);
    const words: PlacedWord[] = [];
    WORD_TAG.lastIndex = 0;
    for (let w = WORD_TAG.exec(body); w; w = WORD_TAG.exec(body)) {
      const text = decodeEntities(w[5] ?? '').trim();
      if (text === '') continue;
      words.push({
        text,
        xMin: Number(w[1]),
        yMin: Number(w[2]),
        xMax: Number(w[3]),
        yMax: Number(w[4]),
      });
    }
    pages.push({ page: pages.length + 1, width: open.width, height: open.height, words });
  }
  return pages;
}

function runPdftotext(bytes: Buffer, mode: readonly string[]): Promise<string> {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    return Promise.reject(new FileReadError('这个文件不是有效的 PDF 文件，无法读取。'));
  }
  return withTempFile(bytes, (file) => pdftotext([...mode, '-enc', 'UTF-8', file, '-']));
}

async function withTempFile<T>(bytes: Buffer, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    await writeFile(file, bytes);
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function pdftotext(args: readonly string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile(
      'pdftotext',
      args,
      { timeout: PDFTOTEXT_TIMEOUT_MS, maxBuffer: 50 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout) => {
        if (!err) return resolve(stdout);
        const e = err as NodeJS.ErrnoException & { killed?: boolean };
        if (e.code === 'ENOENT')
          return reject(
            new FileReadError(
              '服务器上没有安装 pdftotext（poppler-utils），暂时无法读取 PDF。请粘贴报告文字或上传 .docx、.html、.txt 文件。',
            ),
          );
        if (e.killed)
          return reject(new FileReadError('读取这个 PDF 文件超时，请粘贴报告文字或改传其他格式。'));
        reject(new FileReadError('无法从这个 PDF 中读出文字（文件可能已损坏、加密或是扫描图片）。'));
      },
    );
  });
}

/** Fewer Chinese characters than this in `pdftotext`'s output: the PDF has no real text layer (a scan). */
export const MIN_TEXT_LAYER_CJK = 60;

/** Whether `pdftotext` found a text layer worth reading (not a scan with at most a stamp of text). */
export function hasTextLayer(text: string): boolean {
  let n = 0;
  for (const ch of text) if (/[\u3400-\u9fff]/.test(ch) && ++n >= MIN_TEXT_LAYER_CJK) return true;
  return false;
}

/**
 * A PDF's text, or — for an image-only PDF (a scanned report) — what OCR read from its pages
 * (decision 016). OCR failures raise FileReadError with a Chinese message.
 */
export async function readPdf(bytes: Buffer): Promise<string | ScannedText> {
  // A text layer is read by position and as layout text; the reading that fits the format is kept
  // (decision 015). Without one, the pages are scanned images: OCR (decision 016).
  const [text, pages] = await Promise.all([
    pdfToText(bytes),
    pdfToPlacedPages(bytes).catch((): PlacedPage[] => []),
  ]);
  if (hasTextLayer(text)) return choosePdfText(text, pages).text;
  try {
    return await readScannedPdf(bytes);
  } catch (e) {
    if (isOcrUnavailable(e))
      throw new FileReadError(
        '这个 PDF 是扫描图片，没有文字；服务器上没有安装文字识别软件（tesseract-ocr、tesseract-ocr-chi-sim），暂时无法读取。请提供报告的文字版。',
      );
    throw new FileReadError(
      '这个 PDF 是扫描图片，文字识别（OCR）没有成功，无法读取。请提供报告的文字版或更清晰的扫描件。',
    );
  }
}
