import { readFile, writeFile } from 'node:fs/promises';
import { EXIT_USAGE, parseCommandArgs, UsageError } from '../../shared/cli-args.ts';
import { tableBytes } from '../../shared/table-export.ts';
import type { CommandIo } from '../checker.ts';
import { surveyTargets } from './crawl.ts';
import { createFetcher } from './fetcher.ts';
import { buildLeague, type League, leagueTable, STATUS_LABELS } from './league.rules.ts';
import { parseTargetList } from './targets.rules.ts';

/**
 * `gongkai check --urls 清单.txt`: fetches each address's published report (following a column page to
 * the report and an article to its attachment), checks it, and prints a league table worst first, with
 * counts by rule, level and year; `--summary` writes the table as CSV or XLSX.
 */

export const SURVEY_USAGE = [
  '用法：gongkai check --urls 网址清单.txt [--year 年度] [--summary 排名表.csv|排名表.xlsx] [--json]',
  '                    [--cache 缓存文件夹] [--no-cache] [--concurrency 并发数]',
  '  逐个获取清单中各机关网站上已发布的年度报告并检查，输出按问题多少排序的排名表。',
  '  清单每行一个网址，可附机关名称和层级：网址<Tab 或逗号>名称<Tab 或逗号>层级（省级、市级、县级、乡镇级）；# 开头的行忽略。',
  '  网址可以是报告本身（网页、PDF、DOCX），也可以是年报专栏页面：程序沿链接找到报告正文或附件。',
  '  --year         只找这一年度的报告（默认取找到的最新年度）。',
  '  --summary      另写排名表（.csv 带 BOM，可直接用 Excel 打开；或 .xlsx）。',
  '  --cache        缓存文件夹（默认 data/check-cache）；一天内再次运行不重复下载。--no-cache 不用缓存。',
  '  --concurrency  同时检查的机关数（默认 4，最多 16）；对同一网站总是一次一个请求，间隔 0.5 秒。',
  '  退出状态：1 有报告存在错误；否则 2 有网址无法获取或读取；否则 0。',
  '',
].join('\n');

interface SurveyArgs {
  readonly list: string;
  readonly year: number | null;
  readonly summary: string | null;
  readonly json: boolean;
  readonly cache: string | null;
  readonly concurrency: number;
}

export function parseSurveyArgs(argv: readonly string[]): SurveyArgs {
  const { values, positionals } = parseCommandArgs(argv, {
    options: {
      urls: { type: 'string' },
      year: { type: 'string' },
      summary: { type: 'string' },
      json: { type: 'boolean' },
      cache: { type: 'string' },
      'no-cache': { type: 'boolean' },
      concurrency: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError('使用 --urls 时不能同时给出文件或文件夹。');
  if (!values.urls) throw new UsageError('请用 --urls 给出网址清单文件。');
  let year: number | null = null;
  if (values.year !== undefined) {
    if (!/^20\d\d$/.test(values.year)) throw new UsageError(`年度“${values.year}”应为四位数字，如 2025。`);
    year = Number(values.year);
  }
  if (values.summary !== undefined && !/\.(csv|xlsx)$/i.test(values.summary))
    throw new UsageError('排名表的文件名应以 .csv 或 .xlsx 结尾。');
  let concurrency = 4;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)
      throw new UsageError('并发数应为 1 到 16 之间的整数。');
  }
  return {
    list: values.urls,
    year,
    summary: values.summary ?? null,
    json: values.json ?? false,
    cache: values['no-cache'] ? null : (values.cache ?? 'data/check-cache'),
    concurrency,
  };
}

/** The league as readable lines: totals, counts by rule / level / year, then the ranked bodies. */
export function formatLeague(league: League): string {
  const t = league.totals;
  const out = [
    `共检查${t.surveyed}个机关：${t.withErrors}个报告有错误，${t.clean}个未发现问题，${t.unreadable}个无法读取，${t.unfetched}个无法获取。`,
  ];
  if (league.byRule.length > 0) {
    out.push('', '按规则：');
    for (const r of league.byRule) out.push(`  ${r.key} ${r.label}：${r.reports}份报告，${r.problems}项`);
  }
  if (league.byLevel.length > 0) {
    out.push('', '按层级：');
    for (const l of league.byLevel)
      out.push(
        `  ${l.label}：检查${l.surveyed}个，读出${l.read}个，${l.withErrors}个有错误（错误${l.errors}项，提醒${l.warnings}项）`,
      );
  }
  if (league.byYear.length > 0) {
    out.push('', '按年度：');
    for (const y of league.byYear) out.push(`  ${y.label}：${y.reports}份报告，${y.problems}项问题`);
  }
  out.push('', '排名（问题多的在前）：');
  for (const r of league.rows) {
    const what =
      r.status === 'errors' || r.status === 'warnings'
        ? `错误${r.errors}项，提醒${r.warnings}项（${r.rules.join('、')}）`
        : r.status === 'clean'
          ? STATUS_LABELS.clean
          : `${STATUS_LABELS[r.status]}：${r.reason ?? ''}`;
    out.push(`  ${r.rank}. ${r.agency}${r.year ? ` ${r.year}年度` : ''}：${what}`);
  }
  return out.join('\n');
}

export function leagueExitStatus(league: League): number {
  if (league.rows.some((r) => r.status === 'errors')) return 1;
  return league.rows.some((r) => r.status === 'unreadable' || r.status === 'unfetched') ? 2 : 0;
}

export async function runSurveyCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(SURVEY_USAGE);
    return 0;
  }
  let args: SurveyArgs;
  try {
    args = parseSurveyArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`${err.message}\n${SURVEY_USAGE}`);
    return EXIT_USAGE;
  }
  const text = await readFile(args.list, 'utf8').catch(() => null);
  if (text === null) {
    io.stderr.write(`无法读取网址清单“${args.list}”。\n`);
    return 2;
  }
  const { targets, problems } = parseTargetList(text);
  if (problems.length > 0) {
    for (const p of problems) io.stderr.write(`${p.message}\n`);
    io.stderr.write('请改正清单后再运行；清单中的网址都没有检查。\n');
    return 2;
  }
  const fetcher = createFetcher({ cacheDir: args.cache });
  const outcomes = await surveyTargets(targets, fetcher, {
    year: args.year,
    concurrency: args.concurrency,
    onProgress: (done, total, o) => {
      const r = o.result;
      const what = !r
        ? `无法获取：${o.fetchError}`
        : !r.readable
          ? `无法读取：${r.reason}`
          : (r.agency ?? '已读取');
      io.stderr.write(`[${done}/${total}] ${o.url} — ${what}\n`);
    },
  });
  const league = buildLeague(outcomes);
  if (args.json) io.stdout.write(`${JSON.stringify(league, null, 2)}\n`);
  else io.stdout.write(`${formatLeague(league)}\n`);
  io.stderr.write(
    `请求${fetcher.stats.requests}次，缓存命中${fetcher.stats.cacheHits}次，重试${fetcher.stats.retries}次。\n`,
  );
  if (args.summary) {
    const bytes = await tableBytes(args.summary, leagueTable(league));
    try {
      await writeFile(args.summary, bytes!);
    } catch {
      io.stderr.write(`无法写入排名表“${args.summary}”。\n`);
      return 2;
    }
    if (!args.json) io.stdout.write(`已写入排名表：${args.summary}\n`);
  }
  return leagueExitStatus(league);
}
