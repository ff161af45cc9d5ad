import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findAgencyByName } from '../agencies/agency.repository.ts';
import { loadConfig } from '../config.ts';
import { DatabaseOpenError, openDatabase } from '../db/connect.ts';
import { MigrationError, migrateToLatest } from '../db/migrate.ts';
import { localDate } from '../shared/clock.ts';
import type { Io } from '../shared/io.ts';
import { closePdfBrowser, PdfUnavailableError } from '../shared/pdf.ts';
import { OUTPUT_FORMATS, outputFileName, renderOutput } from './render/index.ts';
import { checkDocument, type ReportDocument } from './report.model.ts';
import { findAnnualReport } from './report.repository.ts';
import { blockingFindings, buildDocument } from './report.service.ts';

export const REPORT_USAGE =
  '用法：gongkai report --agency 机构全称 --year 年度 --out 目录\n  由记录统计并生成该机构该年度的政府信息公开工作年度报告（html、docx、pdf、xlsx、json）。\n  已发布的报告按发布时的内容输出。退出状态：0 成功；1 生成的报告有错误或某个文件无法生成；2 参数有误。\n';

interface ReportArgs {
  readonly agency: string;
  readonly year: number;
  readonly out: string;
}

export function parseReportArgs(argv: readonly string[]): ReportArgs | string {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const agency = get('--agency');
  const year = get('--year');
  const out = get('--out');
  const problems: string[] = [];
  if (!agency) problems.push('请用 --agency 给出机构全称');
  if (!year || !/^\d{4}$/.test(year)) problems.push('请用 --year 给出四位数的年度，如 2020');
  if (!out) problems.push('请用 --out 给出输出目录');
  if (problems.length > 0) return problems.join('；');
  return { agency: agency as string, year: Number(year), out: out as string };
}

/** `gongkai report --agency NAME --year YYYY --out DIR`. */
export async function runReportCommand(argv: readonly string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(REPORT_USAGE);
    return 0;
  }
  const args = parseReportArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`${args}。\n${REPORT_USAGE}`);
    return 2;
  }
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    io.stderr('配置有误：');
    for (const p of loaded.problems) io.stderr(`  - ${p}`);
    return 1;
  }
  let doc: ReportDocument;
  try {
    const handle = await openDatabase(loaded.config.database);
    try {
      await migrateToLatest(handle.db, handle.dialect);
      const agency = await findAgencyByName(handle.db, args.agency.trim());
      if (!agency) {
        io.stderr(`没有名为“${args.agency}”的机构。请使用机构全称。`);
        return 2;
      }
      const report = await findAnnualReport(handle.db, agency.id, args.year);
      const today = localDate(new Date(), loaded.config.timeZone);
      doc =
        report?.published && report.status === 'published'
          ? report.published
          : await buildDocument(handle.db, agency, args.year, report, today);
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof DatabaseOpenError || err instanceof MigrationError) {
      io.stderr(err.message);
      return 1;
    }
    throw err;
  }
  const dir = resolve(args.out);
  await mkdir(dir, { recursive: true });
  let status = 0;
  try {
    for (const format of OUTPUT_FORMATS) {
      try {
        const bytes = await renderOutput(doc, format);
        const file = join(dir, outputFileName(doc, format));
        await writeFile(file, bytes);
        io.stdout(`已生成 ${file}`);
      } catch (err) {
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
