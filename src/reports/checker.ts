import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { EXIT_USAGE, parseCommandArgs, UsageError } from '../shared/cli-args.ts';
import type { CheckResult } from './check-result.ts';
import { summaryBytes, summaryRow } from './check-summary.ts';
import { parseExplanationsJson } from './explanation.rules.ts';
import type { ReportTables } from './format/tables.ts';
import { docxToHtml, FileReadError, readPdf } from './reader/files.ts';
import { type ReadReport, type ReadResult, readReport } from './reader/index.ts';
import { readScan, type ScannedText, scanNote } from './reader/ocr/index.ts';
import {
  distinctProblems,
  type Finding,
  finding,
  problemCount,
  runRules,
  sortFindings,
} from './rules/index.ts';
import { cellId, parseCellId } from './rules/sums.ts';

/**
 * The annual-report checker: text → reading → rules → findings, JSON, and a Chinese summary.
 * `gongkai check FILE|FOLDER... [--json] [--summary FILE.csv|.xlsx] [--explained FILE.json]`:
 * exit 1 = some readable report has error findings, else 2 = some file is not readable, else 0.
 */

export type { CheckResult } from './check-result.ts';

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
  return checkReading(text, readReport(text), options);
}

/**
 * Checks what OCR read from a scanned PDF: cells OCR was unsure of are unknown (or decided by a sum,
 * and said), and the result says the report was read by OCR. Never throws.
 */
export function checkScan(scan: ScannedText, options: CheckOptions = {}): CheckResult {
  const chosen = readScan(scan);
  if (!chosen.ok) {
    const result = checkReading(chosen.text, chosen.read, options);
    return {
      ...result,
      reason: `${result.reason}（本文件是扫描件，由文字识别读出，可能识别有误。）`,
    };
  }
  const { outcome } = chosen;
  const result = checkReading(chosen.text, outcome.report, options);
  return { ...result, notes: [scanNote(outcome.summary), ...result.notes], scan: outcome.summary };
}

function checkReading(text: string, r: ReadResult, options: CheckOptions): CheckResult {
  const file = options.fileName ?? '';
  if (!r.ok) {
    const message = r.missing.length > 0 ? `${r.reason}缺少：${r.missing.join('、')}。` : r.reason;
    return { ...unreadableResult(file, r.reason, message), year: r.year, agency: r.agency };
  }
  const ruleFindings = runRules({
    format: r.format,
    year: r.year,
    tables: r.tables,
    narrative: r.narrative,
    text,
    agency: r.agency,
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
export const FILE_READERS: Readonly<
  Record<string, (bytes: Buffer) => Promise<string | ScannedText> | string>
> = {
  '.txt': (b) => decodeText(b),
  '.text': (b) => decodeText(b),
  '.md': (b) => decodeText(b),
  '.html': (b) => decodeText(b),
  '.htm': (b) => decodeText(b),
  '.docx': (b) => docxToHtml(b),
  '.pdf': (b) => readPdf(b),
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
function unreadableResult(file: string, reason: string, message = reason): CheckResult {
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
        message,
      }),
    ],
    notes: [],
    reading: null,
  };
}

/** Reads a file and checks it; unsupported types and unreadable files give a not-readable result. */
export async function checkFile(path: string, options: CheckOptions = {}): Promise<CheckResult> {
  const fileName = options.fileName ?? basename(path);
  const reader = FILE_READERS[extname(path).toLowerCase()];
  const fail = (reason: string): CheckResult => unreadableResult(fileName, reason);
  if (!reader) {
    if (!existsSync(path)) return fail(`找不到文件或文件夹“${path}”。`);
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
  let text: string | ScannedText;
  try {
    text = await reader(bytes);
  } catch (e) {
    return fail(e instanceof FileReadError ? e.message : '无法读取这个文件的内容。');
  }
  return typeof text === 'string'
    ? checkText(text, { ...options, fileName })
    : checkScan(text, { ...options, fileName });
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
        ...(r.explained?.[f.id] !== undefined ? { explained: r.explained[f.id] } : {}),
      })),
      ...(r.scan ? { scan: r.scan } : {}),
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
    // One line per distinct problem: the cells of one joint correction are one error.
    const errors = distinctProblems(r.findings.filter((f) => f.severity === 'error')).map((g) => g[0]!);
    const warnings = distinctProblems(r.findings.filter((f) => f.severity === 'warning')).map((g) => g[0]!);
    const hints = r.findings.filter((f) => f.severity === 'hint');
    if (errors.length === 0 && warnings.length === 0 && hints.length === 0) out.push('  未发现问题。');
    else
      out.push(
        `  错误${errors.length}项，提醒${warnings.length}项${hints.length > 0 ? `，文字提示${hints.length}项` : ''}。`,
      );
    const explained = r.explained ?? {};
    const nExplained = [...errors, ...warnings].filter((f) => f.id in explained).length;
    if (nExplained > 0) out.push(`  其中已说明${nExplained}项（已说明的错误仍是错误）。`);
    const line = (label: string, f: Finding) => {
      const note = explained[f.id];
      out.push(`  ${label}${note === undefined ? '' : '（已说明）'}：${f.message}`);
      if (note !== undefined) out.push(`    说明：${note}`);
    };
    for (const [i, f] of errors.entries()) line(`错误${i + 1}`, f);
    for (const [i, f] of warnings.entries()) line(`提醒${i + 1}`, f);
    for (const [i, f] of hints.entries()) line(`文字提示${i + 1}`, f);
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

/**
 * Exit status of `gongkai check`: 1 if any readable report has an error finding (explained ones
 * included: an explained error is still an error), else 2 if any file could not be read as a report,
 * else 0.
 */
export function exitStatus(results: readonly CheckResult[]): number {
  if (results.some((r) => r.readable && r.findings.some((f) => f.severity === 'error'))) return 1;
  return results.some((r) => !r.readable) ? 2 : 0;
}

/** Marks the findings whose ids the explanations name as 已说明 (other ids are ignored). */
export function applyExplanations(r: CheckResult, explanations: ReadonlyMap<string, string>): CheckResult {
  const explained: Record<string, string> = {};
  for (const f of r.findings) {
    const note = explanations.get(f.id);
    if (note !== undefined) explained[f.id] = note;
  }
  return Object.keys(explained).length === 0 ? r : { ...r, explained };
}

/** File kinds a folder is expanded to. */
export const FOLDER_EXTENSIONS: readonly string[] = ['.txt', '.html', '.htm', '.docx', '.pdf'];

export interface CheckTarget {
  /** Path to read. */
  readonly path: string;
  /** Name shown in the output: the file's name, or its path under a checked folder. */
  readonly name: string;
  /** The folder argument it was found in (null for a file given directly). */
  readonly folder: string | null;
}

/** Files under a folder (recursively, symbolic links not followed) of the readable kinds, sorted by path. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(r);
      else if (e.isFile() && FOLDER_EXTENSIONS.includes(extname(e.name).toLowerCase())) out.push(r);
    }
  };
  await walk('');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Expands the arguments: a folder becomes its report files, a file (or a missing path) stays as given. */
export async function expandTargets(
  args: readonly string[],
): Promise<{ targets: CheckTarget[]; emptyFolders: string[] }> {
  const targets: CheckTarget[] = [];
  const emptyFolders: string[] = [];
  for (const arg of args) {
    const st = await stat(arg).catch(() => null);
    if (st?.isDirectory()) {
      const files = await filesUnder(arg);
      if (files.length === 0) emptyFolders.push(arg);
      for (const f of files) targets.push({ path: join(arg, f), name: join(arg, f), folder: arg });
    } else targets.push({ path: arg, name: basename(arg), folder: null });
  }
  return { targets, emptyFolders };
}

/** Runs `fn` over the items with at most `limit` at a time (pdftotext is a child process each). */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Totals per checked folder, appended to the readable summary. */
export function formatFolderTotals(results: readonly CheckResult[], targets: readonly CheckTarget[]): string {
  const folders = [...new Set(targets.map((t) => t.folder).filter((f): f is string => f !== null))];
  const out: string[] = [];
  for (const folder of folders) {
    const rs = results.filter((_, i) => targets[i]?.folder === folder);
    const readable = rs.filter((r) => r.readable);
    const count = (sev: 'error' | 'warning') =>
      readable.reduce((n, r) => n + problemCount(r.findings, sev), 0);
    const explained = readable.reduce(
      (n, r) => n + distinctProblems(r.findings).filter((g) => r.explained && g[0]!.id in r.explained).length,
      0,
    );
    const withErrors = readable.filter((r) => r.findings.some((f) => f.severity === 'error')).length;
    out.push(
      `文件夹“${folder}”：共${rs.length}份，${withErrors}份有错误，${rs.length - readable.length}份无法读取；` +
        `错误${count('error')}项，提醒${count('warning')}项，已说明${explained}项。`,
    );
  }
  return out.join('\n');
}

export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export const CHECK_USAGE = [
  '用法：gongkai check 文件或文件夹... [--json] [--summary 汇总表.csv|汇总表.xlsx] [--explained 说明.json]',
  '  检查政府信息公开工作年度报告（.txt、.html、.docx 或 .pdf）的表格勾稽关系和正文数字。',
  '  文件夹：逐级检查其中全部 .txt、.html、.htm、.docx、.pdf 文件（按路径排序），个别文件无法读取不影响其他文件。',
  '  --json       输出 JSON 数组，每个文件一个对象。',
  '  --summary    另写一张汇总表，每个文件一行（.csv 为带 BOM 的 UTF-8，可直接用 Excel 打开；.xlsx 为 Excel 表格）：',
  '               文件、机关、年度、格式、是否可读、错误数、警告数、已说明数、规则、最可能出错的单元格。',
  '  --explained  后台导出的“已说明”标记（问题编号 → 说明理由），对应问题显示为“已说明”；已说明的错误仍计为错误。',
  '  退出状态：1 有报告存在错误（含已说明的错误）；否则 2 有文件无法作为年度报告读取；否则 0。',
  '  逐个获取各机关网站上的报告并排名：gongkai check --urls 网址清单.txt（详见 gongkai check --urls --help）。',
  '',
].join('\n');

interface CheckArgs {
  readonly json: boolean;
  readonly summary: string | null;
  readonly explained: string | null;
  readonly paths: readonly string[];
}

/** Parses the arguments of `gongkai check`; a problem is a `UsageError` with a Chinese message. */
export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  const { values, positionals } = parseCommandArgs(argv, {
    options: {
      json: { type: 'boolean' },
      summary: { type: 'string' },
      explained: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (values.summary !== undefined && !/\.(csv|xlsx)$/i.test(values.summary))
    throw new UsageError('汇总表的文件名应以 .csv 或 .xlsx 结尾。');
  if (positionals.length === 0) throw new UsageError('请给出要检查的文件或文件夹。');
  return {
    json: values.json ?? false,
    summary: values.summary ?? null,
    explained: values.explained ?? null,
    paths: positionals,
  };
}

/**
 * `gongkai check FILE|FOLDER... [--json] [--summary FILE] [--explained FILE]`. Folders are expanded
 * to their report files. Reports of the same year are linked automatically: a department whose name
 * starts with another checked body's name is compared with it (COPY), and the same body's
 * previous-year report feeds X1/X2. Unreadable, binary and empty files never stop the run.
 */
export async function runCheckCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(CHECK_USAGE);
    return 0;
  }
  let args: CheckArgs;
  try {
    args = parseCheckArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(argv.length === 0 ? CHECK_USAGE : `${err.message}\n${CHECK_USAGE}`);
    return EXIT_USAGE;
  }
  let explanations: ReadonlyMap<string, string> = new Map();
  if (args.explained) {
    const text = await readFile(args.explained, 'utf8').catch(() => null);
    if (text === null) {
      io.stderr.write(`无法读取说明文件“${args.explained}”。\n`);
      return 2;
    }
    const parsed = parseExplanationsJson(text);
    if (typeof parsed === 'string') {
      io.stderr.write(`${parsed}\n`);
      return 2;
    }
    explanations = parsed;
  }
  const { targets, emptyFolders } = await expandTargets(args.paths);
  for (const f of emptyFolders) io.stderr.write(`文件夹“${f}”中没有 .txt、.html、.docx 或 .pdf 文件。\n`);
  if (targets.length === 0) return 2;
  const first = await mapLimited(targets, 4, (t) => checkFile(t.path, { fileName: t.name }));
  const final = await mapLimited(first, 4, async (r, i) => {
    const links = relatedReports(r, first);
    const t = targets[i] as CheckTarget;
    const checked =
      links.parent || links.previousYear ? await checkFile(t.path, { ...links, fileName: t.name }) : r;
    return explanations.size > 0 ? applyExplanations(checked, explanations) : checked;
  });
  if (args.json) io.stdout.write(`${toJson(final)}\n`);
  else {
    const totals = formatFolderTotals(final, targets);
    io.stdout.write(`${formatSummary(final)}\n${totals ? `${totals}\n` : ''}`);
  }
  if (args.summary) {
    const bytes = await summaryBytes(final.map(summaryRow), args.summary);
    try {
      if (!bytes) throw new Error('extension');
      await writeFile(args.summary, bytes);
    } catch {
      io.stderr.write(`无法写入汇总表“${args.summary}”。\n`);
      return 2;
    }
    if (!args.json) io.stdout.write(`已写入汇总表：${args.summary}\n`);
  }
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
