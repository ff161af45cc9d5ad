import { type AgencyLevel, LEVEL_LABELS } from '../../agencies/agency.rules.ts';
import type { XlsxTable } from '../../shared/table-export.ts';
import type { CheckResult } from '../check-result.ts';
import { distinctProblems, type RuleId } from '../rules/findings.ts';
import { guessLevel } from './targets.rules.ts';

/**
 * The league table of a survey: one line per surveyed body (worst first) and the counts a supervisor
 * compares — problems by rule, by agency level and by year. Pure: built from check results.
 */

/** What surveying one address gave. */
export interface SurveyOutcome {
  /** The address given. */
  readonly url: string;
  /** Name and level from the list (or from Gongkai's own agency record). */
  readonly listedName: string | null;
  readonly listedLevel: AgencyLevel | null;
  /** The address the report was read from (after following the column page), or null. */
  readonly reportUrl: string | null;
  /** Why no report could be fetched (network, 404, no report link found), in Chinese; null when fetched. */
  readonly fetchError: string | null;
  readonly result: CheckResult | null;
}

export type LeagueStatus = 'clean' | 'warnings' | 'errors' | 'unreadable' | 'unfetched';

export const STATUS_LABELS: Readonly<Record<LeagueStatus, string>> = {
  clean: '未发现问题',
  warnings: '仅有提醒',
  errors: '有错误',
  unreadable: '无法读取',
  unfetched: '无法获取',
};

/** Short Chinese names of the rules, for tables and charts. */
export const RULE_TITLES: Readonly<Record<RuleId, string>> = {
  R1: '列平衡（一＋二＝总计＋四）',
  R2: '行合计',
  R3: '办理结果合计',
  R4: '复议诉讼合计',
  R5: '单元格数值类型',
  R6: '一件申请一个结果',
  X1: '上年结转与上年报告不符',
  X2: '现行有效件数不连续',
  X3: '收费未在正文说明',
  LAYOUT: '表格式样与年度不符',
  BLANK: '空白单元格',
  TEXT: '正文数字与表格不符',
  COPY: '照抄上级数据',
  READ_AMBIGUOUS: '数字无法唯一拆分',
  READ_MISSING: '缺少表格行',
  READ_EXTRA: '多出单元格',
  READ_UNREADABLE: '无法读取',
  STRUCTURE: '章节结构',
  PROSE: '正文前后矛盾',
  HINT: '文字提示',
};

export interface LeagueRow {
  /** 1-based place, worst first; bodies with equal counts share a place. */
  readonly rank: number;
  readonly agency: string;
  readonly level: AgencyLevel | null;
  readonly year: number | null;
  readonly status: LeagueStatus;
  readonly errors: number;
  readonly warnings: number;
  readonly hints: number;
  /** Rule ids of the problems, errors first, each once. */
  readonly rules: readonly RuleId[];
  readonly url: string;
  readonly reportUrl: string | null;
  /** Why it could not be fetched or read. */
  readonly reason: string | null;
}

export interface LeagueCount {
  readonly key: string;
  readonly label: string;
  /** Reports (bodies) concerned. */
  readonly reports: number;
  /** Distinct problems (errors and warnings). */
  readonly problems: number;
}

export interface LevelCount {
  readonly level: AgencyLevel | 'unknown';
  readonly label: string;
  readonly surveyed: number;
  readonly read: number;
  readonly withErrors: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface League {
  readonly rows: readonly LeagueRow[];
  readonly totals: {
    readonly surveyed: number;
    readonly read: number;
    readonly clean: number;
    readonly withErrors: number;
    readonly unreadable: number;
    readonly unfetched: number;
  };
  readonly byRule: readonly LeagueCount[];
  readonly byLevel: readonly LevelCount[];
  readonly byYear: readonly LeagueCount[];
}

const SEVERITY_ORDER = { error: 0, warning: 1, hint: 2 } as const;

function rowOf(o: SurveyOutcome): Omit<LeagueRow, 'rank'> {
  const r = o.result;
  const agency = r?.agency ?? o.listedName ?? o.url;
  const level = o.listedLevel ?? guessLevel(r?.agency ?? o.listedName ?? '');
  const base = { agency, level, year: r?.year ?? null, url: o.url, reportUrl: o.reportUrl };
  if (!r)
    return {
      ...base,
      status: 'unfetched',
      errors: 0,
      warnings: 0,
      hints: 0,
      rules: [],
      reason: o.fetchError ?? '无法获取',
    };
  if (!r.readable)
    return {
      ...base,
      status: 'unreadable',
      errors: 0,
      warnings: 0,
      hints: 0,
      rules: [],
      reason: r.reason,
    };
  const errors = distinctProblems(r.findings.filter((f) => f.severity === 'error')).length;
  const warnings = distinctProblems(r.findings.filter((f) => f.severity === 'warning')).length;
  const hints = r.findings.filter((f) => f.severity === 'hint').length;
  const rules = [...r.findings]
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
    .map((f) => f.rule)
    .filter((rule, i, all) => all.indexOf(rule) === i);
  const status: LeagueStatus = errors > 0 ? 'errors' : warnings > 0 ? 'warnings' : 'clean';
  return { ...base, status, errors, warnings, hints, rules, reason: null };
}

const STATUS_ORDER: Readonly<Record<LeagueStatus, number>> = {
  errors: 0,
  warnings: 1,
  clean: 2,
  unreadable: 3,
  unfetched: 4,
};

function compareRows(a: Omit<LeagueRow, 'rank'>, b: Omit<LeagueRow, 'rank'>): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    b.errors - a.errors ||
    b.warnings - a.warnings ||
    (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0)
  );
}

/**
 * Ranks the outcomes worst first (errors, then warnings; unreadable and unfetched last) and counts
 * them by rule, level and year.
 */
export function buildLeague(outcomes: readonly SurveyOutcome[]): League {
  const sorted = outcomes.map(rowOf).sort(compareRows);
  const rows: LeagueRow[] = [];
  for (const [i, r] of sorted.entries()) {
    const prev = rows[i - 1];
    const same = prev && prev.status === r.status && prev.errors === r.errors && prev.warnings === r.warnings;
    rows.push({ ...r, rank: same ? prev.rank : i + 1 });
  }
  const byRule = new Map<string, { reports: number; problems: number }>();
  const byYear = new Map<string, { reports: number; problems: number }>();
  for (const o of outcomes) {
    const r = o.result;
    if (!r?.readable) continue;
    const groups = distinctProblems(r.findings.filter((f) => f.severity !== 'hint'));
    const perRule = new Map<string, number>();
    for (const g of groups) perRule.set(g[0]!.rule, (perRule.get(g[0]!.rule) ?? 0) + 1);
    for (const [rule, n] of perRule) {
      const c = byRule.get(rule) ?? { reports: 0, problems: 0 };
      byRule.set(rule, { reports: c.reports + 1, problems: c.problems + n });
    }
    const year = r.year === null ? '未知' : String(r.year);
    const y = byYear.get(year) ?? { reports: 0, problems: 0 };
    byYear.set(year, { reports: y.reports + 1, problems: y.problems + groups.length });
  }
  const levels: (AgencyLevel | 'unknown')[] = ['province', 'city', 'county', 'township', 'unknown'];
  const byLevel = levels
    .map((level): LevelCount => {
      const rs = rows.filter((r) => (r.level ?? 'unknown') === level);
      return {
        level,
        label: level === 'unknown' ? '层级不明' : LEVEL_LABELS[level],
        surveyed: rs.length,
        read: rs.filter((r) => r.status !== 'unreadable' && r.status !== 'unfetched').length,
        withErrors: rs.filter((r) => r.status === 'errors').length,
        errors: rs.reduce((n, r) => n + r.errors, 0),
        warnings: rs.reduce((n, r) => n + r.warnings, 0),
      };
    })
    .filter((l) => l.surveyed > 0);
  return {
    rows,
    totals: {
      surveyed: rows.length,
      read: rows.filter((r) => r.status !== 'unreadable' && r.status !== 'unfetched').length,
      clean: rows.filter((r) => r.status === 'clean').length,
      withErrors: rows.filter((r) => r.status === 'errors').length,
      unreadable: rows.filter((r) => r.status === 'unreadable').length,
      unfetched: rows.filter((r) => r.status === 'unfetched').length,
    },
    byRule: [...byRule.entries()]
      .map(([key, c]) => ({ key, label: RULE_TITLES[key as RuleId] ?? key, ...c }))
      .sort((a, b) => b.reports - a.reports || b.problems - a.problems || (a.key < b.key ? -1 : 1)),
    byLevel,
    byYear: [...byYear.entries()]
      .map(([key, c]) => ({ key, label: key === '未知' ? '年度不明' : `${key}年度`, ...c }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

export const LEAGUE_HEADERS = [
  '名次',
  '机关',
  '层级',
  '年度',
  '结果',
  '错误数',
  '提醒数',
  '文字提示数',
  '规则',
  '网址',
  '报告地址',
  '原因',
] as const;

/** One league row as the cells of the CSV/XLSX export. */
export function leagueCells(r: LeagueRow): (string | number | null)[] {
  return [
    r.rank,
    r.agency,
    r.level ? LEVEL_LABELS[r.level] : '',
    r.year,
    STATUS_LABELS[r.status],
    r.errors,
    r.warnings,
    r.hints,
    r.rules.map((id) => `${id} ${RULE_TITLES[id]}`).join('；'),
    r.url,
    r.reportUrl ?? '',
    r.reason ?? '',
  ];
}

/** The league as one sheet (排名) for the CSV / XLSX export. */
export function leagueTable(league: League): XlsxTable {
  return {
    sheet: '排名',
    headers: LEAGUE_HEADERS,
    rows: league.rows.map(leagueCells),
    widths: [6, 30, 12, 8, 10, 8, 8, 10, 40, 40, 40, 40],
    wrap: [9, 12],
  };
}
