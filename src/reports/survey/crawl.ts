import type { CheckResult } from '../check-result.ts';
import { checkBytes, checkText, decodeText } from '../checker.ts';
import { FetchError, type FetchedDocument, type Fetcher } from './fetcher.ts';
import type { SurveyOutcome } from './league.rules.ts';
import { findReportLinks, type LinkKind, type SurveyTarget } from './targets.rules.ts';

/**
 * Surveys published reports on the web: fetches each address, reads it when it is the report (a page,
 * a PDF, a DOCX), otherwise follows the page's links to the report — a column page (年报专栏) to the
 * year's article, an article to its attachment — and checks what it finds. At most `MAX_FOLLOWED`
 * documents per address; one address failing never stops the others.
 */

/** Documents fetched for one address at most (the page, the article, its attachment, a few misses). */
export const MAX_FOLLOWED = 6;

export interface CrawlOptions {
  /** The report year wanted (links to other years are tried last); null: the latest found. */
  readonly year: number | null;
  /** Addresses surveyed at once (the fetcher still keeps one request per site at a time). */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number, outcome: SurveyOutcome) => void;
}

function kindOf(doc: FetchedDocument): LinkKind | 'other' {
  const head = doc.bytes.subarray(0, 5).toString('latin1');
  if (head === '%PDF-') return 'pdf';
  if (head.startsWith('PK'))
    return /\.docx?(\?|$)/i.test(doc.finalUrl) || /word/.test(doc.contentType) ? 'docx' : 'other';
  const ct = doc.contentType.toLowerCase();
  if (ct.includes('pdf')) return 'pdf';
  if (ct.includes('html') || ct.includes('text/plain') || ct === '') return 'html';
  return /\.s?html?(\?|$)/i.test(doc.finalUrl) ? 'html' : 'other';
}

/** The text of a page in the charset it declares (GBK / GB2312 / GB18030 are common), else guessed. */
export function decodePage(doc: FetchedDocument): string {
  const declared =
    /charset\s*=\s*["']?([\w-]+)/i.exec(doc.contentType)?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(doc.bytes.subarray(0, 4096).toString('latin1'))?.[1];
  const cs = declared?.toLowerCase();
  if (cs && cs !== 'utf-8' && cs !== 'utf8') {
    try {
      return new TextDecoder(/^(gb2312|gbk|gb18030|x-gbk)$/.test(cs) ? 'gb18030' : cs).decode(doc.bytes);
    } catch {
      // Unknown label: fall through to the guess.
    }
  }
  return decodeText(doc.bytes);
}

async function checkDocument(doc: FetchedDocument, kind: LinkKind, fileName: string): Promise<CheckResult> {
  if (kind === 'html') return checkText(decodePage(doc), { fileName });
  // PDFs (read by position, or by OCR when scanned) and DOCX files: as the checker reads an uploaded file.
  return checkBytes(doc.bytes, kind === 'pdf' ? '.pdf' : '.docx', { fileName });
}

/** Surveys one address. Never throws. */
export async function surveyTarget(
  target: SurveyTarget,
  fetcher: Fetcher,
  year: number | null,
): Promise<SurveyOutcome> {
  const base = { url: target.url, listedName: target.name, listedLevel: target.level };
  const tried = new Set<string>();
  let fetched = 0;
  let lastUnreadable: { result: CheckResult; url: string } | null = null;
  let firstError: string | null = null;

  const visit = async (url: string, depth: number): Promise<SurveyOutcome | null> => {
    if (tried.has(url) || fetched >= MAX_FOLLOWED) return null;
    tried.add(url);
    fetched++;
    let doc: FetchedDocument;
    try {
      doc = await fetcher.get(url);
    } catch (e) {
      firstError ??= e instanceof FetchError ? e.message : `无法获取：${url}`;
      return null;
    }
    const kind = kindOf(doc);
    if (kind === 'other') {
      firstError ??= `不是网页、PDF 或 DOCX 文件（${doc.contentType || '类型不明'}）：${doc.finalUrl}`;
      return null;
    }
    const result = await checkDocument(doc, kind, doc.finalUrl);
    if (result.readable && (year === null || result.year === null || result.year === year))
      return { ...base, reportUrl: doc.finalUrl, fetchError: null, result };
    if (kind !== 'html') {
      if (!result.readable) lastUnreadable ??= { result, url: doc.finalUrl };
      return null;
    }
    if (depth >= 2) return null;
    const links = findReportLinks(decodePage(doc), doc.finalUrl, year).filter((l) => l.score > 0);
    for (const link of links.slice(0, 4)) {
      const found = await visit(link.url, depth + 1);
      if (found) return found;
    }
    if (depth === 0 && links.length === 0 && !result.readable)
      firstError ??= '页面中没有找到年度报告或指向年度报告的链接。';
    return null;
  };

  try {
    const found = await visit(target.url, 0);
    if (found) return found;
  } catch (e) {
    firstError ??= `检查时出现意外问题（${e instanceof Error ? e.message : String(e)}）。`;
  }
  const unreadable = lastUnreadable as { result: CheckResult; url: string } | null;
  if (unreadable) return { ...base, reportUrl: unreadable.url, fetchError: null, result: unreadable.result };
  return {
    ...base,
    reportUrl: null,
    fetchError:
      firstError ?? (year === null ? '没有找到可读取的年度报告。' : `没有找到${year}年度的年度报告。`),
    result: null,
  };
}

/** Surveys every address, `concurrency` at a time, reporting progress after each. */
export async function surveyTargets(
  targets: readonly SurveyTarget[],
  fetcher: Fetcher,
  options: CrawlOptions,
): Promise<SurveyOutcome[]> {
  const out: SurveyOutcome[] = new Array(targets.length);
  let next = 0;
  let done = 0;
  const work = async () => {
    while (next < targets.length) {
      const i = next++;
      const outcome = await surveyTarget(targets[i]!, fetcher, options.year);
      out[i] = outcome;
      done++;
      options.onProgress?.(done, targets.length, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, targets.length) }, work));
  return out;
}
