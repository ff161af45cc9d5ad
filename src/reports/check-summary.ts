import { csvBytes, tableBytes, type XlsxTable, xlsxBytes } from '../shared/table-export.ts';
import type { CheckResult } from './check-result.ts';
import { distinctProblems, problemCount } from './rules/findings.ts';
import { cellName } from './rules/labels.ts';

/**
 * The summary table of `gongkai check --summary FILE`: one row per checked file, as CSV (UTF-8 with
 * BOM, CRLF, so Excel opens Chinese correctly) or XLSX. Rows are built by a pure function.
 */

export const SUMMARY_HEADERS = [
  '文件',
  '机关',
  '年度',
  '格式',
  '是否可读',
  '错误数',
  '警告数',
  '已说明数',
  '规则',
  '最可能出错的单元格',
] as const;

export interface SummaryRow {
  readonly file: string;
  readonly agency: string;
  readonly year: number | null;
  readonly format: string;
  /** `是`, or `否：` and why not. */
  readonly readable: string;
  /** Distinct errors: the cells of one joint correction count once (`distinctProblems`). */
  readonly errors: number;
  readonly warnings: number;
  /** Distinct problems (errors and warnings) marked 已说明 via --explained (on their leading finding). */
  readonly explained: number;
  /** Ids of the failing rules, errors first, each once (`R3、TEXT`). */
  readonly rules: string;
  /** The cells the checker names as most likely wrong, with the value that makes the sums hold. */
  readonly likelyWrong: string;
}

/** The finding's cell and the value that would make its sums hold: `三（七）总计·自然人：表中0，应为61`. */
function likelyWrongCells(r: CheckResult): string {
  return r.findings
    .filter((f) => f.severity === 'error' && f.checks && f.checks.length > 0 && f.expected !== null)
    .map(
      (f) =>
        `${cellName(f.row, f.column)}：表中${f.actual === null ? '空白' : String(f.actual)}，应为${String(f.expected)}`,
    )
    .join('；');
}

export function summaryRow(r: CheckResult): SummaryRow {
  const explained = r.explained ?? {};
  if (!r.readable) {
    return {
      file: r.file,
      agency: r.agency ?? '',
      year: r.year,
      format: '',
      readable: `否：${r.reason ?? '无法读取'}`,
      errors: 0,
      warnings: 0,
      explained: 0,
      rules: '',
      likelyWrong: '',
    };
  }
  return {
    file: r.file,
    agency: r.agency ?? '',
    year: r.year,
    format: r.format ? `${r.format}年格式` : '',
    readable: '是',
    errors: problemCount(r.findings, 'error'),
    warnings: problemCount(r.findings, 'warning'),
    explained: distinctProblems(r.findings).filter((group) => group[0]!.id in explained).length,
    rules: [...new Set(r.findings.map((f) => f.rule))].join('、'),
    likelyWrong: likelyWrongCells(r),
  };
}

function cells(row: SummaryRow): (string | number | null)[] {
  return [
    row.file,
    row.agency,
    row.year,
    row.format,
    row.readable,
    row.errors,
    row.warnings,
    row.explained,
    row.rules,
    row.likelyWrong,
  ];
}

/** CSV with a UTF-8 BOM and CRLF line ends (RFC 4180). */
export function summaryCsv(rows: readonly SummaryRow[]): Buffer {
  return csvBytes(SUMMARY_HEADERS, rows.map(cells));
}

const WIDTHS = [36, 30, 8, 12, 30, 8, 8, 9, 18, 60];

function summaryTable(rows: readonly SummaryRow[]): XlsxTable {
  return {
    sheet: '检查结果',
    headers: SUMMARY_HEADERS,
    rows: rows.map(cells),
    widths: WIDTHS,
    wrap: [5, 10],
  };
}

/** One worksheet 检查结果: a bold, frozen header row, numbers as numbers, long texts wrapped. */
export async function summaryXlsx(rows: readonly SummaryRow[]): Promise<Buffer> {
  return xlsxBytes(summaryTable(rows));
}

/** Writes the table in the format the extension names (.csv or .xlsx); null for any other extension. */
export async function summaryBytes(rows: readonly SummaryRow[], fileName: string): Promise<Buffer | null> {
  return tableBytes(fileName, summaryTable(rows));
}
