/**
 * Redaction of a stored document, shared by the workflows that redact (a letter attachment in the case,
 * a catalogue attachment before publishing): which files can be redacted, their PDF (converted once and
 * kept beside the original), the clerk's query and choice read from the form, the redacted copy written
 * under a new name. No transaction, no audit: the workflows do those.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { FormError } from '../shared/form-error.ts';
import { notFound } from '../shared/http/errors.ts';
import type { FormBody } from '../shared/http/forms.ts';
import type { NewStoredFile, StoredFile } from '../shared/stored-file.ts';
import {
  type Box,
  imageToPdf,
  type PdfText,
  RedactionError,
  readPdf,
  redactPdf,
  renderPage,
} from './engine.ts';
import { isPatternId, PATTERN_IDS, type PatternId } from './finders.rules.ts';
import { fractionRect, textUnder } from './geometry.rules.ts';
import { GROUNDS, type GroundId, isGroundId } from './grounds.rules.ts';
import { officeKind, officeToPdf } from './office.ts';
import type { Suggestion } from './redaction.rules.ts';

export const PDF_MIME = 'application/pdf';
const IMAGE_MIMES = ['image/png', 'image/jpeg'];

/** A box with what found it (a pattern id, `exact` or `box`). */
export type KindBox = Box & { kind: string };

/** What was removed from a document, as its redaction row keeps it. */
export interface RedactionRecord {
  readonly boxes: readonly KindBox[];
  readonly rasterPages: readonly number[];
}

/** Whether a stored file can be redacted: a PDF, a Word/Excel file or a PNG/JPEG image (converted first). */
export function isRedactable(f: Pick<StoredFile, 'mime' | 'fileName'>): boolean {
  return f.mime === PDF_MIME || officeKind(f.fileName) !== null || IMAGE_MIMES.includes(f.mime);
}

/** Converted to PDF before redaction (and so named .pdf after it). */
const converted = (f: Pick<StoredFile, 'mime' | 'fileName'>) =>
  officeKind(f.fileName) !== null || IMAGE_MIMES.includes(f.mime);

/** The bytes of an original as PDF (in `dir`), or a form error saying why it cannot be redacted. */
export async function originalPdf(dir: string, original: StoredFile): Promise<Buffer> {
  if (!isRedactable(original))
    throw new FormError({
      redact: '只能对 PDF、Word（.docx）和 Excel（.xlsx）文件以及 PNG、JPEG 图片作删除处理。',
    });
  const bytes = await readFile(join(dir, original.storedName)).catch(() => null);
  if (!bytes) throw notFound('附件文件');
  return asPdf(dir, original, bytes);
}

/**
 * The PDF of an original: itself, or its conversion by LibreOffice (or of an image by mutool), kept
 * beside it (`NAME.pdf`, written whole) so that the slow conversion runs once per file.
 */
async function asPdf(dir: string, original: StoredFile, bytes: Buffer): Promise<Buffer> {
  if (!converted(original)) return bytes;
  const cached = join(dir, `${original.storedName}.pdf`);
  const have = await readFile(cached).catch(() => null);
  if (have) return have;
  const kind = officeKind(original.fileName);
  let pdf: Buffer;
  try {
    pdf = kind ? await officeToPdf(bytes, kind) : await imageToPdf(bytes);
  } catch (err) {
    if (err instanceof RedactionError) throw new FormError({ redact: err.message });
    throw err;
  }
  const tmp = `${cached}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, pdf);
  await rename(tmp, cached);
  return pdf;
}

/** The files kept for an original: itself and its conversion (if any). */
export const originalFiles = (original: Pick<StoredFile, 'storedName'>) => [
  original.storedName,
  `${original.storedName}.pdf`,
];

/** What the clerk chose to look for: patterns (all by default) and exact texts (one per line). */
export interface RedactionQuery {
  readonly patterns: readonly PatternId[];
  readonly exact: readonly string[];
}

export function queryOf(values: Readonly<Record<string, string>> | null): RedactionQuery {
  if (!values) return { patterns: [...PATTERN_IDS], exact: [] };
  return {
    patterns: (values.pattern ?? '').split('\n').filter(isPatternId),
    exact: (values.find ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .slice(0, 50),
  };
}

/** The text of a PDF, or a form error saying why it cannot be read (encrypted, damaged…). */
export async function readOrExplain(pdf: Buffer): Promise<PdfText> {
  try {
    return await readPdf(pdf);
  } catch (err) {
    if (err instanceof RedactionError) throw new FormError({ redact: err.message });
    throw err;
  }
}

/** What the redaction page shows of a document: its pages and the suggestions for the query. */
export interface RedactionView {
  readonly pages: readonly { width: number; height: number; scan: boolean }[];
  readonly suggestions: readonly Suggestion[];
  readonly query: RedactionQuery;
}

const MAX_DRAWN = 500;

/** The boxes the form asks for: accepted suggestions (each with its ground) and boxes drawn on the pages. */
export function boxesOfForm(values: FormBody, text: PdfText, suggestions: readonly Suggestion[]): KindBox[] {
  const accepted = new Set((values.accept ?? '').split('\n'));
  const groundOf = (raw: string | undefined, fallback: GroundId): GroundId =>
    raw && isGroundId(raw) ? raw : fallback;
  const out: KindBox[] = [];
  for (const s of suggestions) {
    if (!accepted.has(s.key)) continue;
    const ground = groundOf(values[`ground-${s.key}`], s.ground);
    for (const rect of s.rects) out.push({ page: s.page, rect, ground, text: s.value, kind: s.kind });
  }
  const drawnGround = groundOf(values.drawnGround, 'privacy');
  for (const line of (values.box ?? '').split('\n').slice(0, MAX_DRAWN)) {
    const m = /^(\d{1,4}),([\d.]+),([\d.]+),([\d.]+),([\d.]+)(?:,(\w+))?$/.exec(line.trim());
    if (!m) continue;
    const page = Number(m[1]);
    const p = text.pages[page];
    if (!p) continue;
    const rect = fractionRect([Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])], p);
    if (!rect) continue;
    out.push({ page, rect, ground: groundOf(m[6], drawnGround), text: textUnder(p, rect), kind: 'box' });
  }
  return out;
}

const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The name of the redacted copy: the original's, ending in .pdf when it was converted. */
export function redactedName(original: Pick<StoredFile, 'mime' | 'fileName'>): string {
  return converted(original)
    ? `${basename(original.fileName, extname(original.fileName))}.pdf`
    : original.fileName;
}

/** "第十五条 个人隐私 5 处、…" for an audit summary (grounds and counts, never the removed values). */
export const groundSummary = (boxes: readonly { ground: GroundId }[]) =>
  [...new Set(boxes.map((b) => b.ground))]
    .map((g) => `${GROUNDS[g].label} ${boxes.filter((b) => b.ground === g).length} 处`)
    .join('、');

/** The boxes as an audit entry keeps them: page (from 1), ground, kind and place — no text. */
export const auditedBoxes = (boxes: readonly KindBox[]) =>
  boxes.map((b) => ({ page: b.page + 1, ground: b.ground, kind: b.kind, rect: b.rect }));

/**
 * Redacts `pdf` (the original's PDF, read as `text`) with `boxes` and writes the copy into `dir` under a
 * new random name. Refusals of the engine are form errors; nothing is written then.
 */
export async function writeRedactedCopy(
  dir: string,
  original: Pick<StoredFile, 'mime' | 'fileName'>,
  pdf: Buffer,
  text: PdfText,
  boxes: readonly KindBox[],
): Promise<{ stored: NewStoredFile; rasterPages: number[] }> {
  let result: Awaited<ReturnType<typeof redactPdf>>;
  try {
    result = await redactPdf(pdf, boxes, { fileName: redactedName(original), known: text });
  } catch (err) {
    if (err instanceof RedactionError) throw new FormError({ redact: err.message });
    throw err;
  }
  await mkdir(dir, { recursive: true });
  const stored: NewStoredFile = {
    fileName: redactedName(original),
    storedName: `${randomBytes(16).toString('hex')}.pdf`,
    mime: PDF_MIME,
    size: result.bytes.length,
    sha256: digest(result.bytes),
  };
  await writeFile(join(dir, stored.storedName), result.bytes);
  return { stored, rasterPages: [...result.rasterPages] };
}

/** One page (from 0) of a PDF as PNG at 72 dpi; a page that does not exist is a 404. */
export async function pagePng(pdf: Buffer, page: number): Promise<Buffer> {
  try {
    return await renderPage(pdf, page, 72);
  } catch (err) {
    if (err instanceof RedactionError) throw notFound('页面');
    throw err;
  }
}
