import type { ReportTables } from './format/tables.ts';
import type { FormatId } from './format/types.ts';
import type { ReadReport } from './reader/index.ts';
import type { ScanSummary } from './reader/ocr/index.ts';
import type { Finding } from './rules/index.ts';

/** What checking one file found: its reading, its findings, or why it could not be read. */
export interface CheckResult {
  readonly file: string;
  /** False when the file could not be read as an annual report (see `reason`). */
  readonly readable: boolean;
  /** Chinese explanation when not readable. */
  readonly reason: string | null;
  readonly format: FormatId | null;
  readonly year: number | null;
  readonly agency: string | null;
  readonly tables: ReportTables | null;
  readonly findings: readonly Finding[];
  /** Things the reader assumed (sums used to split glued figures), for the summary. */
  readonly notes: readonly string[];
  /** The full reading (narrative, provenance), when readable. */
  readonly reading: ReadReport | null;
  /** Set when the file was a scan read by OCR: pages, resolution, the cells OCR was unsure of. */
  readonly scan?: ScanSummary;
  /** Notes of the findings marked 已说明 (`--explained`), by finding id. */
  readonly explained?: Readonly<Record<string, string>>;
}
