import { createHash } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import { notFound } from '../shared/http/errors.ts';
import {
  CONTENT_TYPES,
  OUTPUT_FORMATS,
  type OutputFormat,
  outputFileName,
  renderOutput,
} from './render/index.ts';
import type { AnnualReport, ReportDocument } from './report.model.ts';
import { findAnnualReportById, publishedReportIds } from './report.repository.ts';
import {
  findReportFile,
  type ReportFileMeta,
  readReportFileContent,
  saveReportFile,
} from './report-file.repository.ts';

/**
 * The files of a published report (docs/decisions/009-published-report-files.md): rendered once from
 * the published document and stored with their digest (`report_files`), then served from there. A
 * file stored from another document (the report was published again) or never stored (published
 * before files were kept, or its rendering failed at publication) is rendered on its first request;
 * concurrent first requests in one process share that one rendering.
 */

export interface StoredReportFile {
  readonly meta: ReportFileMeta;
  /** The bytes (read from the database unless they were just rendered). */
  readonly load: () => Promise<Uint8Array>;
}

/**
 * Which rendering of the outputs stored files come from. Stored files are the publication's and are
 * not rendered again when the code changes; raise this when a change must reach the files of reports
 * already published (each is rendered again on its next request).
 */
export const RENDERING = 1;

/** Digest of a published document and the rendering: which snapshot a stored file was rendered from. */
export function documentDigest(doc: ReportDocument): string {
  return createHash('sha256')
    .update(`${RENDERING}\n${JSON.stringify(doc)}`)
    .digest('hex');
}

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const rendering = new Map<string, Promise<StoredReportFile>>();

async function renderAndStore(
  db: Executor,
  reportId: number,
  doc: ReportDocument,
  source: string,
  format: OutputFormat,
  now: string,
): Promise<StoredReportFile> {
  const bytes = await renderOutput(doc, format);
  await saveReportFile(
    db,
    {
      reportId,
      format,
      sourceSha256: source,
      fileName: outputFileName(doc, format),
      mime: CONTENT_TYPES[format],
      sha256: digest(bytes),
      content: bytes,
    },
    now,
  );
  // Another server may have stored the same document's file first: serve the one kept.
  const meta = await findReportFile(db, reportId, format);
  if (!meta) throw new Error(`report file ${reportId}/${format} vanished after it was stored`);
  return { meta, load: async () => (meta.sha256 === digest(bytes) ? bytes : loadStored(db, meta)) };
}

/**
 * Bytes recently served, by their SHA-256 (content-addressed, so never stale: which digest is
 * current is always read from the database), at most CACHE_BYTES in all; oldest dropped first.
 */
const CACHE_BYTES = 32 * 1024 * 1024;
const byDigest = new Map<string, Uint8Array>();
let cachedBytes = 0;

function remember(sha256: string, bytes: Uint8Array): void {
  if (byDigest.has(sha256) || bytes.byteLength > CACHE_BYTES / 4) return;
  byDigest.set(sha256, bytes);
  cachedBytes += bytes.byteLength;
  for (const [key, old] of byDigest) {
    if (cachedBytes <= CACHE_BYTES) break;
    byDigest.delete(key);
    cachedBytes -= old.byteLength;
  }
}

async function loadStored(db: Executor, meta: ReportFileMeta): Promise<Uint8Array> {
  const cached = byDigest.get(meta.sha256);
  if (cached) return cached;
  const bytes = await readReportFileContent(db, meta.id, meta.sha256);
  // Replaced between the description and the read (a publication meanwhile): nothing to serve.
  if (!bytes) throw notFound('文件');
  remember(meta.sha256, bytes);
  return bytes;
}

/**
 * The stored file of a published report in one format, rendered and stored first when it is missing
 * or was rendered from another document.
 */
export async function publishedReportFile(
  db: Executor,
  report: Pick<AnnualReport, 'id' | 'published'>,
  format: OutputFormat,
  now: string,
): Promise<StoredReportFile> {
  const doc = report.published;
  if (!doc) throw notFound('年度报告');
  const source = documentDigest(doc);
  const meta = await findReportFile(db, report.id, format);
  if (meta && meta.sourceSha256 === source) return { meta, load: () => loadStored(db, meta) };
  const key = `${report.id}/${format}/${source}`;
  let pending = rendering.get(key);
  if (!pending) {
    pending = renderAndStore(db, report.id, doc, source, format, now).finally(() => rendering.delete(key));
    rendering.set(key, pending);
  }
  return pending;
}

/**
 * Renders and stores every file of a just-published report. A format that cannot be rendered now
 * (Chromium missing for the PDF) is left to its first request; the others are stored.
 */
export async function storePublishedFiles(
  db: Executor,
  report: Pick<AnnualReport, 'id' | 'published'>,
  formats: readonly OutputFormat[],
  now: string,
): Promise<{ stored: OutputFormat[]; failed: OutputFormat[] }> {
  const stored: OutputFormat[] = [];
  const failed: OutputFormat[] = [];
  for (const format of formats) {
    try {
      await publishedReportFile(db, report, format, now);
      stored.push(format);
    } catch {
      failed.push(format);
    }
  }
  return { stored, failed };
}

/**
 * Renders ahead the files of every published report that are missing or were rendered from another
 * document or an older RENDERING (the worker's daily job), so no visitor waits for a first rendering.
 * Returns how many reports were looked at and how many files could not be rendered now.
 */
export async function renderMissingPublishedFiles(
  db: Executor,
  now: string,
): Promise<{ reports: number; rendered: number; failed: number }> {
  let reports = 0;
  let rendered = 0;
  let failed = 0;
  for (const id of await publishedReportIds(db)) {
    const report = await findAnnualReportById(db, id);
    if (!report?.published) continue;
    reports++;
    const source = documentDigest(report.published);
    const missing: OutputFormat[] = [];
    for (const format of OUTPUT_FORMATS)
      if ((await findReportFile(db, id, format))?.sourceSha256 !== source) missing.push(format);
    const r = await storePublishedFiles(db, report, missing, now);
    rendered += r.stored.length;
    failed += r.failed.length;
  }
  return { reports, rendered, failed };
}
