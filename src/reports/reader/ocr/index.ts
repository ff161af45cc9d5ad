import { type ReadResult, readReport } from '../index.ts';
import { placedText, readingScore, readPlacedPages } from '../placed.ts';
import type { PlacedPage, PlacedWord } from '../positioned.ts';
import type { FigureDecision } from './confidence.rules.ts';
import { placedPagesToText } from './placed-text.ts';
import { DEFAULT_DPI, type ScanOptions, scanPdf } from './scan.ts';
import { OcrUnavailable } from './tesseract.ts';
import { applyUnsure, type UnsureOutcome } from './unsure.rules.ts';

/**
 * Scanned reports (issue 13, decision 016): an image-only PDF read by OCR on this machine, without
 * network or language model. `readScannedPdf` gives the text the report reader reads plus what OCR
 * was unsure of; `readScan` then reads it by position and as ruled rows, keeps the better, and makes the unsure cells unknown (or lets a sum decide) in the reading.
 */
export { OcrUnavailable } from './tesseract.ts';

export interface ScannedText {
  readonly kind: 'scan';
  /** The pages as text for `readReport` (table rows as TAB-separated cells). */
  readonly text: string;
  readonly pages: readonly PlacedPage[];
  readonly origins: ReadonlyMap<string, PlacedWord>;
  readonly decisions: ReadonlyMap<PlacedWord, FigureDecision>;
  readonly dpi: number;
  readonly seconds: number;
}

/** What the checker says about a scan it read. */
export interface ScanSummary {
  readonly pages: number;
  readonly dpi: number;
  readonly seconds: number;
  /** Cells left unknown (Chinese names). */
  readonly unsure: readonly string[];
  /** Cells a sum decided (`名称：值`). */
  readonly corrected: readonly string[];
  /** Cells withheld because a sum through them failed and OCR had not read them firmly. */
  readonly doubted: readonly string[];
  /** Which reading was kept: by position (`readPlacedPages`) or the ruled rows as TAB text. */
  readonly readBy: 'position' | 'rows';
}

/** One OCR job at a time per process: tesseract is heavy and a public page must not pile them up. */
let queue: Promise<unknown> = Promise.resolve();

export function readScannedPdf(pdf: Buffer, options: ScanOptions = {}): Promise<ScannedText> {
  const job = queue.then(async (): Promise<ScannedText> => {
    const scan = await scanPdf(pdf, { dpi: DEFAULT_DPI, ...options });
    const { text, origins } = placedPagesToText(scan.pages);
    return {
      kind: 'scan',
      text,
      pages: scan.pages,
      origins,
      decisions: scan.decisions,
      dpi: scan.dpi,
      seconds: scan.seconds,
    };
  });
  queue = job.catch(() => undefined);
  return job;
}

/** A scan's reading: the text checked, and the reading with OCR's unsure cells applied (or why it is unreadable). */
export type ScanReading =
  | { readonly ok: true; readonly text: string; readonly outcome: UnsureOutcome & { summary: ScanSummary } }
  | { readonly ok: false; readonly text: string; readonly read: ReadResult & { ok: false } };

/**
 * Reads a scan two ways and keeps the better (pure): by position (`readPlacedPages`: figures placed
 * under their columns, so a misread label does not lose its row) and as ruled rows of TAB text
 * (`placed-text.ts`: a row's cells in ruling order). Both get the same decisions per figure (re-reads,
 * sums, doubts); the one with fewer unread cells, then fewer failing sums, is kept; on a tie, position.
 */
export function readScan(scan: ScannedText): ScanReading {
  // Figures OCR decided carry their decision; their word confidence must not unsure them a second time.
  const original = new Map<PlacedWord, PlacedWord>();
  const digitWidth = scan.dpi * 0.07;
  const pages = scan.pages.map((p) => ({
    ...p,
    words: p.words.map((w) => {
      if (!scan.decisions.has(w)) return w;
      // A decided figure's box is its whole cell; the position reader would cut a box wider than a
      // column into several figures. The figure is as wide as its digits, at the cell's centre.
      const half = Math.min(w.xMax - w.xMin, w.text.length * digitWidth) / 2;
      const mid = (w.xMin + w.xMax) / 2;
      const copy = { ...w, xMin: mid - half, xMax: mid + half, confidence: 1 };
      original.set(copy, w);
      return copy;
    }),
  }));
  const built = placedText(pages);
  const positionOrigins = new Map<string, PlacedWord>();
  for (const [key, words] of built.origins) {
    const w = words.length === 1 ? words[0]! : null;
    if (w) positionOrigins.set(key, original.get(w) ?? w);
  }
  const candidates: {
    text: string;
    read: ReadResult;
    origins: ReadonlyMap<string, PlacedWord>;
    by: 'position' | 'rows';
  }[] = [
    { text: built.text, read: readPlacedPages(pages), origins: positionOrigins, by: 'position' },
    { text: scan.text, read: readReport(scan.text), origins: scan.origins, by: 'rows' },
  ];
  let best: ScanReading | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  let firstUnreadable: ScanReading | null = null;
  for (const c of candidates) {
    if (!c.read.ok) {
      firstUnreadable ??= { ok: false, text: c.text, read: c.read };
      continue;
    }
    const out = applyUnsure(c.read, c.origins, scan.decisions);
    const score = readingScore(out.report);
    if (score > bestScore) {
      bestScore = score;
      best = {
        ok: true,
        text: c.text,
        outcome: {
          ...out,
          summary: {
            pages: scan.pages.length,
            dpi: scan.dpi,
            seconds: scan.seconds,
            unsure: out.unsure,
            corrected: out.corrected,
            doubted: out.doubted,
            readBy: c.by,
          },
        },
      };
    }
  }
  return best ?? firstUnreadable!;
}

/** The note the checker prints for a report read by OCR. */
export function scanNote(s: ScanSummary): string {
  const parts = [
    `本文件是扫描件（PDF 中没有文字），由本机文字识别（OCR）读出：${s.pages}页，${s.dpi} dpi`,
    s.unsure.length > 0
      ? `识别不确定、暂不核对的单元格${s.unsure.length}个：${s.unsure.join('、')}`
      : '表格中没有识别不确定的单元格',
  ];
  if (s.corrected.length > 0) parts.push(`按合计确定的单元格：${s.corrected.join('、')}`);
  if (s.doubted.length > 0)
    parts.push(
      `合计对不上、但可能是识别错误而暂不核对的单元格${s.doubted.length}个：${s.doubted.join('、')}（扫描件只在相关单元格都识别可靠时才判定合计错误）`,
    );
  return parts.join('；');
}

export function isOcrUnavailable(e: unknown): boolean {
  return e instanceof OcrUnavailable;
}
