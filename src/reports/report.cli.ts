import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findAgencyByName } from '../agencies/agency.repository.ts';
import { assertNoProblems, EXIT_USAGE, parseCommandArgs } from '../shared/cli-args.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import type { Io } from '../shared/io.ts';
import { closePdfBrowser, PdfUnavailableError, warmPdfPrinter } from '../shared/pdf.ts';
import {
  isOutputFormat,
  OUTPUT_FORMATS,
  type OutputFormat,
  outputFileName,
  renderOutput,
} from './render/index.ts';
import { checkDocument, type ReportDocument } from './report.model.ts';
import { findAnnualReport } from './report.repository.ts';
import { blockingFindings, buildDocument } from './report.service.ts';
import { publishedReportFile } from './report-files.service.ts';

export const REPORT_USAGE =
  '用法：gongkai report --agency 机构全称 --year 年度 --out 目录 [--format html,docx,pdf,xlsx,json]\n  由记录统计并生成该机构该年度的政府信息公开工作年度报告；--format 只生成所列格式（默认全部）。\n  已发布的报告按发布时的内容输出（使用发布时保存的文件）。退出状态：0 成功；1 生成的报告有错误或某个文件无法生成；2 参数有误。\n';

export interface ReportArgs {
  readonly agency: string;
  readonly year: number;
  readonly out: string;
  /** The formats to write (default: every format, in their order). */
  readonly formats: readonly OutputFormat[];
}

/** The arguments of `gongkai report`; a `UsageError` names every problem. */
export function parseReportArgs(argv: readonly string[]): ReportArgs {
  const { values } = parseCommandArgs(argv, {
    options: {
      agency: { type: 'string' },
      year: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
    },
  });
  const { agency, year, out, format } = values;
  const problems: string[] = [];
  if (!agency) problems.push('请用 --agency 给出机构全称');
  if (!year || !/^\d{4}$/.test(year)) problems.push('请用 --year 给出四位数的年度，如 2020');
  if (!out) problems.push('请用 --out 给出输出目录');
  const asked =
    format === undefined ? OUTPUT_FORMATS : format.split(/[,，]/).map((f) => f.trim().toLowerCase());
  const unknown = asked.filter((f) => !isOutputFormat(f));
  if (unknown.length > 0 || asked.length === 0)
    problems.push(`--format 只能是 ${OUTPUT_FORMATS.join('、')} 中的一个或几个（用逗号分隔）`);
  assertNoProblems(problems);
  const formats = OUTPUT_FORMATS.filter((f) => asked.includes(f));
  return { agency: agency as string, year: Number(year), out: out as string, formats };
}

/** `gongkai report --agency NAME --year YYYY --out DIR`, on the started database. */
export async function runReportCommand(args: ReportArgs, io: Io, deps: Deps): Promise<number> {
  const { db, config, clock } = deps;
  const agency = await findAgencyByName(db, args.agency.trim());
  if (!agency) {
    io.stderr(`没有名为“${args.agency}”的机构。请使用机构全称。`);
    return EXIT_USAGE;
  }
  const report = await findAnnualReport(db, agency.id, args.year);
  const published = report?.published && report.status === 'published' ? report : null;
  // Chromium starts while the report is counted (a failure shows when the PDF is rendered).
  if (args.formats.includes('pdf') && !published) void warmPdfPrinter().catch(() => {});
  const doc: ReportDocument = published?.published
    ? published.published
    : await buildDocument(db, agency, args.year, report, todayIn(clock, config.timeZone)());
  const dir = resolve(args.out);
  await mkdir(dir, { recursive: true });
  const now = clock.now().toISOString();
  // A published report's files as stored at publication (rendered and stored now when missing);
  // otherwise rendered from the records. Formats render at once: the PDF in Chromium meanwhile.
  const bytesOf = async (format: OutputFormat): Promise<Uint8Array> =>
    published ? (await publishedReportFile(db, published, format, now)).load() : renderOutput(doc, format);
  let status = 0;
  try {
    const results = await Promise.allSettled(args.formats.map(bytesOf));
    for (const [i, format] of args.formats.entries()) {
      const r = results[i];
      if (r?.status === 'fulfilled') {
        const file = join(dir, outputFileName(doc, format));
        await writeFile(file, r.value);
        io.stdout(`已生成 ${file}`);
      } else {
        const err: unknown = r?.reason;
        if (!(err instanceof PdfUnavailableError)) throw err;
        io.stderr(`未能生成 PDF：${err.message}`);
        status = 1;
      }
    }
  } finally {
    // The shared browser would keep the process alive.
    await closePdfBrowser();
  }
  const total = doc.tables.applications.totalProcessed?.[6] ?? 0;
  io.stdout(`三（七）总计：${total}件；本年新收：${doc.tables.applications.newReceived?.[6] ?? 0}件。`);
  const errors = blockingFindings(checkDocument(doc));
  for (const f of errors) io.stderr(`错误：${f.message}`);
  return errors.length > 0 ? 1 : status;
}
