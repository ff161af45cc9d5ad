import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { ReportTables } from './format/tables.ts';
import type { FormatId } from './format/types.ts';
import { docxToHtml, FileReadError, pdfToText } from './reader/files.ts';
import { type ReadReport, readReport } from './reader/index.ts';
import { type Finding, finding, runRules, sortFindings } from './rules/index.ts';
import { cellId, parseCellId } from './rules/sums.ts';

/**
 * The annual-report checker: text → reading → rules → findings, JSON, and a Chinese summary.
 * `gongkai check FILE... [--json]`: exit 0 = no errors, 1 = errors found, 2 = a file is not readable.
 */

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
}

export interface CheckOptions {
  readonly fileName?: string;
  /** The same body's previous-year report (X1, X2). */
  readonly previousYear?: ReportTables;
  /** The parent government's report of the same year (COPY). */
  readonly parent?: ReportTables;
}

/**
 * Reads and checks one report text. Never throws.
 *
 * @example checkText(text, { fileName: '00.txt' }).findings.filter((f) => f.severity === 'error')
 */
export function checkText(text: string, options: CheckOptions = {}): CheckResult {
  const file = options.fileName ?? '';
  const r = readReport(text);
  if (!r.ok) {
    return {
      file,
      readable: false,
      reason: r.reason,
      format: null,
      year: r.year,
      agency: r.agency,
      tables: null,
      findings: [
        finding({
          rule: 'READ_UNREADABLE',
          severity: 'error',
          table: 'report',
          row: null,
          column: null,
          expected: null,
          actual: null,
          message: r.missing.length > 0 ? `${r.reason}缺少：${r.missing.join('、')}。` : r.reason,
        }),
      ],
      notes: [],
      reading: null,
    };
  }
  const ruleFindings = runRules({
    format: r.format,
    year: r.year,
    tables: r.tables,
    narrative: r.narrative,
    unknownCells: r.unknownCells,
    ...(options.previousYear ? { previousYear: options.previousYear } : {}),
    ...(options.parent ? { parent: options.parent } : {}),
  });
  const located = [...r.findings, ...ruleFindings].map((f) => locate(f, r));
  return {
    file,
    readable: true,
    reason: null,
    format: r.format,
    year: r.year,
    agency: r.agency,
    tables: r.tables,
    findings: sortFindings(located),
    notes: r.assumedSums,
    reading: r,
  };
}

/** Adds where the cell was printed, and says it in the message. */
function locate(f: Finding, r: ReadReport): Finding {
  if (
    f.source ||
    !f.row ||
    !f.column ||
    (f.table !== 'applications' && f.table !== 'review' && f.table !== 'proactive')
  ) {
    if (f.table === 'review' && f.column && !f.source) {
      const src = r.provenance.get(cellId('review', null, f.column));
      if (src && src.line > 0) return withSource(f, src);
    }
    return f;
  }
  const src = r.provenance.get(cellId(f.table, f.row, f.column));
  return src && src.line > 0 ? withSource(f, src) : f;
}

function withSource(f: Finding, src: { line: number; cell: number; text: string }): Finding {
  return {
    ...f,
    message: `${f.message}（原文第${src.line}行${src.text === '' ? '，该格空白' : `“${src.text.length > 40 ? `${src.text.slice(0, 40)}…` : src.text}”`}）`,
    source: { line: src.line, cell: src.cell, text: src.text },
  };
}

/** Readers per file type; adding .docx or .pdf is one entry each (bytes → text). */
export const FILE_READERS: Readonly<Record<string, (bytes: Buffer) => Promise<string> | string>> = {
  '.txt': (b) => decodeText(b),
  '.text': (b) => decodeText(b),
  '.md': (b) => decodeText(b),
  '.html': (b) => decodeText(b),
  '.htm': (b) => decodeText(b),
  '.docx': (b) => docxToHtml(b),
  '.pdf': (b) => pdfToText(b),
};

/** UTF-8 (with or without BOM), UTF-16 with BOM; GB18030 when UTF-8 is clearly wrong. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  const bad = utf8.match(/\ufffd/g)?.length ?? 0;
  if (bad > 10 && bad > utf8.length * 0.01) {
    try {
      return new TextDecoder('gb18030').decode(bytes);
    } catch {
      return utf8;
    }
  }
  return utf8.replace(/^\ufeff/, '');
}

/** The result for a file that cannot be read as a report at all (exit status 2). */
function unreadableResult(file: string, reason: string): CheckResult {
  return {
    file,
    readable: false,
    reason,
    format: null,
    year: null,
    agency: null,
    tables: null,
    findings: [
      finding({
        rule: 'READ_UNREADABLE',
        severity: 'error',
        table: 'report',
        row: null,
        column: null,
        expected: null,
        actual: null,
        message: reason,
      }),
    ],
    notes: [],
    reading: null,
  };
}

/** Reads a file and checks it; unsupported types and unreadable files give a not-readable result. */
export async function checkFile(
  path: string,
  options: Omit<CheckOptions, 'fileName'> = {},
): Promise<CheckResult> {
  const fileName = basename(path);
  const reader = FILE_READERS[extname(path).toLowerCase()];
  const fail = (reason: string): CheckResult => unreadableResult(fileName, reason);
  if (!reader) {
    return fail(
      `暂不支持“${extname(path) || '无扩展名'}”文件。请提供 .txt、.html（网页）、.docx 或 .pdf 格式的报告。`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT' ? `找不到文件“${path}”。` : `无法打开文件“${path}”（${code ?? '未知原因'}）。`,
    );
  }
  return checkBytes(bytes, extname(path), { ...options, fileName });
}

/**
 * Checks the bytes of an uploaded or read file by its extension (`.txt`, `.html`, `.docx`, `.pdf`…).
 * Never throws: unsupported or unreadable files give a not-readable result.
 */
export async function checkBytes(
  bytes: Buffer,
  extension: string,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const fileName = options.fileName ?? '';
  const ext = extension.toLowerCase();
  const reader = FILE_READERS[ext];
  const fail = (reason: string): CheckResult => unreadableResult(fileName, reason);
  if (!reader)
    return fail(`暂不支持“${ext || '无扩展名'}”文件。请提供 .txt、.html（网页）、.docx 或 .pdf 格式的报告。`);
  let text: string;
  try {
    text = await reader(bytes);
  } catch (e) {
    return fail(e instanceof FileReadError ? e.message : '无法读取这个文件的内容。');
  }
  return checkText(text, { ...options, fileName });
}

/** The JSON interchange form: one object per file. */
export function toJson(results: readonly CheckResult[]): string {
  return JSON.stringify(
    results.map((r) => ({
      file: r.file,
      format: r.format,
      year: r.year,
      agency: r.agency,
      tables: r.tables
        ? { applications: r.tables.applications, review: r.tables.review, proactive: r.tables.proactive }
        : null,
      findings: r.findings.map((f) => ({
        id: f.id,
        rule: f.rule,
        severity: f.severity,
        table: f.table,
        row: f.row,
        column: f.column,
        expected: f.expected,
        actual: f.actual,
        message: f.message,
        ...(f.source ? { source: f.source } : {}),
        ...(f.checks ? { checks: f.checks } : {}),
      })),
    })),
    null,
    2,
  );
}

/** A readable Chinese summary of the results, for the terminal or an e-mail. */
export function formatSummary(results: readonly CheckResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    const title = [r.agency, r.year ? `${r.year}年度` : null].filter(Boolean).join(' ');
    out.push(`【${r.file}】${title}${r.format ? `（${r.format}年格式）` : ''}`);
    if (!r.readable) {
      out.push(`  无法读取：${r.reason}`);
      out.push('');
      continue;
    }
    const errors = r.findings.filter((f) => f.severity === 'error');
    const warnings = r.findings.filter((f) => f.severity === 'warning');
    if (errors.length === 0 && warnings.length === 0) out.push('  未发现问题。');
    else out.push(`  错误${errors.length}项，提醒${warnings.length}项。`);
    for (const [i, f] of errors.entries()) out.push(`  错误${i + 1}：${f.message}`);
    for (const [i, f] of warnings.entries()) out.push(`  提醒${i + 1}：${f.message}`);
    for (const n of r.notes) out.push(`  说明：${n}。`);
    out.push('');
  }
  const unreadable = results.filter((r) => !r.readable).length;
  const withErrors = results.filter(
    (r) => r.readable && r.findings.some((f) => f.severity === 'error'),
  ).length;
  out.push(`共检查${results.length}份报告：${withErrors}份有错误，${unreadable}份无法读取。`);
  return out.join('\n');
}

/** Exit status of `gongkai check`: 2 if any file is not readable, else 1 if any error finding, else 0. */
export function exitStatus(results: readonly CheckResult[]): number {
  if (results.some((r) => !r.readable)) return 2;
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export const CHECK_USAGE =
  '用法：gongkai check 文件... [--json]\n  检查政府信息公开工作年度报告（.txt、.html、.docx 或 .pdf）的表格勾稽关系和正文数字。\n  退出状态：0 无错误；1 有错误；2 有文件无法读取。\n';

/**
 * `gongkai check FILE... [--json]`. Reports of the same year are linked automatically: a department
 * whose name starts with another checked body's name is compared with it (COPY), and the same body's
 * previous-year report feeds X1/X2.
 */
export async function runCheckCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const json = argv.includes('--json');
  const files = argv.filter((a) => a !== '--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(CHECK_USAGE);
    return 0;
  }
  const unknownFlag = files.find((f) => f.startsWith('--'));
  if (files.length === 0 || unknownFlag) {
    io.stderr.write(unknownFlag ? `不认识的选项：${unknownFlag}\n${CHECK_USAGE}` : CHECK_USAGE);
    return 2;
  }
  const first = await Promise.all(files.map((f) => checkFile(f)));
  const results = first.map((r, i) => {
    const links = relatedReports(r, first);
    if (!links.parent && !links.previousYear) return r;
    return checkFile(files[i]!, links);
  });
  const final = await Promise.all(results);
  io.stdout.write(json ? `${toJson(final)}\n` : `${formatSummary(final)}\n`);
  return exitStatus(final);
}

/** Parent (same year, name is a prefix) and previous-year report among the checked files. */
export function relatedReports(
  r: CheckResult,
  all: readonly CheckResult[],
): { parent?: ReportTables; previousYear?: ReportTables } {
  const out: { parent?: ReportTables; previousYear?: ReportTables } = {};
  if (!r.readable || !r.agency || r.year === null) return out;
  const name = r.agency;
  const parent = all
    .filter((o) => o !== r && o.readable && o.tables && o.agency && o.year === r.year)
    .filter((o) => name.startsWith(o.agency!) && name.length > o.agency!.length)
    .sort((a, b) => (b.agency?.length ?? 0) - (a.agency?.length ?? 0))[0];
  if (parent?.tables) out.parent = parent.tables;
  const prev = all.find(
    (o) => o !== r && o.readable && o.tables && o.agency === name && o.year === r.year! - 1,
  );
  if (prev?.tables) out.previousYear = prev.tables;
  return out;
}

export { parseCellId };
