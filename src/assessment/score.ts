/**
 * Scoring of the indicator results (docs/domain/assessment.md#scoring; derived: the CASS weights are
 * unconfirmed), with three profiles as data and administrator overrides.
 *
 * - Vetoes first: a failing `veto` row marks its area red and zeroes it; under a profile with
 *   `vetoScope: 'total'` (19号: 单项否决 → 不合格, no further scoring) it zeroes the total.
 * - `deduct` rows lose `perOccurrence` per failing record, capped at the row total (19号: "单项指标扣分之和不超过
 *   本项指标总分值"); `score` rows are proportional (1 − failures/checked).
 * - Area modes: `proportional` (`cass-like`) — area weight × earned / maximum of the assessable rows;
 *   `pool` (the local rubrics and 19号) — area points minus every row's capped deduction, floor 0.
 * - Rows that are 无法评估 or 需人工核验 are left out of the maximum, never counted as passed; the
 *   assessment reports the coverage (the share of the profile's points actually assessed).
 * - A profile lists the rows it scores; other indicators are still evaluated and shown, with 0 points.
 *
 * "What to fix first": for each failing indicator, the points the total would gain if every fixable
 * failing record were corrected, divided by the effort to correct them (effort units per record below).
 */
import type { IsoDate } from '../calendar/dates.ts';
import {
  AREA_KEYS,
  AREA_LABELS,
  type AreaKey,
  evaluateAll,
  type Failure,
  INDICATORS,
  INDICATORS_BY_ID,
  type Indicator,
  type IndicatorKind,
  type IndicatorResult,
  type RefType,
} from './indicators.ts';
import { type AssessmentInput, checkpointOf, type Period } from './input.ts';

// ---------------------------------------------------------------------------------------------------------
// Profiles

export interface RowConfig {
  readonly kind: IndicatorKind;
  /** Row total (cap of the deductions). */
  readonly points: number;
  /** `deduct` rows: points per failing record. */
  readonly perOccurrence: number;
  /** Area the row counts in (a local rubric may file an indicator elsewhere). */
  readonly area: AreaKey;
}

export type AreaMode = 'proportional' | 'pool';

export const PROFILE_IDS = ['cass-like', 'guoban-19', 'local'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export interface ScoringProfile {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly mode: AreaMode;
  /** What a failing veto zeroes. */
  readonly vetoScope: 'area' | 'total';
  /** Minimum percentage to pass (19号: < 60 → 不合格); null = no pass mark. */
  readonly passMark: number | null;
  readonly areaWeights: Readonly<Record<AreaKey, number>>;
  /** Rows scored, by indicator id; `'all'` = every indicator with its defaults. */
  readonly rows: 'all' | Readonly<Record<string, Partial<RowConfig>>>;
}

export const PROFILES: Readonly<Record<ProfileId, ScoringProfile>> = Object.freeze({
  'cass-like': {
    id: 'cass-like',
    name: '第三方评估（仿社科院）',
    description:
      '按系统建议的领域权重：依申请公开25、主动公开/目录10、平台与栏目10、规范性文件与解读25（含解读回应10）、年度报告20、互动交流10；领域内按比例计分，否决项不达标则该领域记0分。',
    source: '系统建议的权重（社科院的实际权重未能核实）',
    mode: 'proportional',
    vetoScope: 'area',
    passMark: null,
    areaWeights: {
      applications: 25,
      catalogue: 10,
      platform: 10,
      normative: 25,
      annualReport: 20,
      interaction: 10,
    },
    rows: 'all',
  },
  'guoban-19': {
    id: 'guoban-19',
    name: '政府网站检查（国办秘函〔2019〕19号）',
    description:
      '单项否决项（栏目不更新、互动回应差、严重错误、站点无法访问）任一不达标即不合格；其余为100分扣分项，单项扣分不超过该项分值，低于60分不合格。',
    source: '[W-19]; [W-SELF]; [W-19C]; [W-2015a]',
    mode: 'pool',
    vetoScope: 'total',
    passMark: 60,
    areaWeights: {
      applications: 0,
      catalogue: 0,
      platform: 50,
      normative: 20,
      annualReport: 0,
      interaction: 30,
    },
    rows: {
      P05: {},
      W05: { kind: 'veto' },
      W07: { kind: 'veto' },
      W01: {},
      P05a: { points: 10, perOccurrence: 2 },
      P05b: { points: 5, perOccurrence: 5 },
      P06: { kind: 'score', points: 5 },
      P08: { points: 5, perOccurrence: 1 },
      N03: { points: 10, perOccurrence: 2 },
      W06: { points: 10, perOccurrence: 2 },
      W02: { points: 3, perOccurrence: 3 },
      W03: { points: 3, perOccurrence: 3 },
      W04: { points: 10, perOccurrence: 2 },
    },
  },
  local: {
    id: 'local',
    name: '本地考核（鲤城2020）',
    description:
      '泉州市鲤城区2020年政务公开考评标准：依申请公开6分（超期办理每件−6、复议诉讼纠错每件−3）、主动公开10分（提前或超期公开每条−5、要素未规范录入每条−1、正文不能正常显示每条−1）、年报10分（未及时公开、未按要素撰写、雷同各−5）；登记簿每件−4借用玉环2018细则。',
    source: '[L-LC]; [L-YH]',
    mode: 'pool',
    vetoScope: 'area',
    passMark: null,
    areaWeights: {
      applications: 6,
      catalogue: 10,
      platform: 0,
      normative: 0,
      annualReport: 10,
      interaction: 0,
    },
    rows: {
      A04: { kind: 'deduct', points: 6, perOccurrence: 6 },
      A12: { kind: 'deduct', points: 6, perOccurrence: 3 },
      A11: { kind: 'deduct', points: 6, perOccurrence: 4 },
      P03: { kind: 'deduct', points: 10, perOccurrence: 1 },
      P04: { kind: 'deduct', points: 10, perOccurrence: 5 },
      P08: { kind: 'deduct', points: 10, perOccurrence: 1, area: 'catalogue' },
      R01: { kind: 'deduct', points: 5, perOccurrence: 5 },
      R03: { kind: 'deduct', points: 5, perOccurrence: 5 },
      R06: { kind: 'deduct', points: 5, perOccurrence: 5 },
    },
  },
});

/** Administrator overrides: area weights, and per-row settings (`null` removes a row from scoring). */
export interface ScoringOverrides {
  readonly areaWeights?: Readonly<Partial<Record<AreaKey, number>>>;
  readonly rows?: Readonly<Record<string, Partial<RowConfig> | null>>;
}

function defaultRow(i: Indicator): RowConfig {
  return { kind: i.kind, points: i.points, perOccurrence: i.perOccurrence, area: i.area };
}

/** The effective row configuration of every indicator under a profile (null = not scored). */
export function resolveRows(
  profile: ScoringProfile,
  overrides: ScoringOverrides = {},
): ReadonlyMap<string, RowConfig | null> {
  const out = new Map<string, RowConfig | null>();
  for (const ind of INDICATORS) {
    const base = profile.rows === 'all' ? {} : profile.rows[ind.id];
    const over = overrides.rows?.[ind.id];
    if (over === null || (base === undefined && over === undefined)) {
      out.set(ind.id, null);
      continue;
    }
    out.set(ind.id, { ...defaultRow(ind), ...base, ...over });
  }
  return out;
}

export function resolveWeights(
  profile: ScoringProfile,
  overrides: ScoringOverrides = {},
): Readonly<Record<AreaKey, number>> {
  return { ...profile.areaWeights, ...overrides.areaWeights };
}

/** Problems with an overrides map, in Chinese (unknown ids, negative numbers); empty when valid. */
export function checkOverrides(overrides: ScoringOverrides): string[] {
  const problems: string[] = [];
  for (const [k, v] of Object.entries(overrides.areaWeights ?? {})) {
    if (!(AREA_KEYS as readonly string[]).includes(k)) problems.push(`未知的评估领域“${k}”。`);
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      problems.push(`领域“${AREA_LABELS[k as AreaKey]}”的权重应为非负数。`);
  }
  for (const [id, row] of Object.entries(overrides.rows ?? {})) {
    if (!INDICATORS_BY_ID.has(id)) problems.push(`未知的指标“${id}”。`);
    if (row === null) continue;
    for (const key of ['points', 'perOccurrence'] as const) {
      const v = row[key];
      if (v !== undefined && (!Number.isFinite(v) || v < 0)) problems.push(`指标${id}的${key}应为非负数。`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Effort

/** Effort units to correct one failing record of each type (DERIVED; 1 ≈ editing one field). */
export const EFFORT_BY_REF: Readonly<Record<RefType, number>> = {
  /** Draft, approve and send a reply. */
  application: 3,
  /** Re-issue a corrected letter (draft, seal, deliver). */
  letter: 2,
  /** Fill in metadata, mark validity, link a 解读. */
  item: 1,
  /** Publish content into a column. */
  column: 2,
  /** Correct a figure and publish a revision note. */
  'report-cell': 2,
  /** Rewrite a report section. */
  report: 8,
  question: 1,
  'error-report': 1,
  /** Edit one field of the 指南. */
  guide: 1,
  litigation: 5,
  /** Run the test again and record it. */
  attestation: 2,
};

export function effortOf(ind: Indicator | undefined, f: Failure): number {
  return ind?.fixEffort ?? EFFORT_BY_REF[f.ref.type];
}

// ---------------------------------------------------------------------------------------------------------
// Output

export interface ScoredIndicator {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly area: AreaKey;
  /** Effective kind under the profile. */
  readonly kind: IndicatorKind;
  readonly source: string;
  readonly unconfirmed: boolean;
  readonly unconfirmedNote?: string;
  readonly result: IndicatorResult;
  /** Whether the profile scores this row. */
  readonly scored: boolean;
  readonly points: number;
  /** Points earned; null when not scored, unassessable or manual. */
  readonly earned: number | null;
  /** Points lost (the whole area for a failing veto in `pool` mode is counted on the area, not here). */
  readonly lost: number;
  readonly vetoFailed: boolean;
}

export interface AreaScore {
  readonly key: AreaKey;
  readonly label: string;
  readonly weight: number;
  /** null when not scored under the profile (weight 0) or nothing in it could be assessed. */
  readonly score: number | null;
  /** A veto failed in the area. */
  readonly red: boolean;
  readonly assessed: number;
  readonly unassessable: number;
  readonly manual: number;
}

export interface FixSuggestion {
  readonly indicatorId: string;
  readonly title: string;
  /** Points the total gains when every fixable failing record is corrected. */
  readonly pointsRecovered: number;
  readonly effort: number;
  readonly pointsPerEffort: number;
  readonly records: readonly Failure[];
  /** e.g. 补正3份答复书的救济告知. */
  readonly summary: string;
}

export interface Assessment {
  readonly agency: string;
  readonly period: Period;
  readonly checkpoint: IsoDate;
  readonly profile: { readonly id: string; readonly name: string; readonly mode: AreaMode };
  readonly total: number;
  /** Sum of the weights of the areas that could be scored. */
  readonly maxTotal: number;
  /** total / maxTotal × 100, or null when nothing could be scored. */
  readonly percent: number | null;
  /** Share of the profile's points that could be assessed, 0–1. */
  readonly coverage: number;
  readonly vetoFailed: boolean;
  /** 合格 / 不合格… in Chinese. */
  readonly verdict: string;
  readonly areas: readonly AreaScore[];
  /** Every indicator, in catalogue order. */
  readonly indicators: readonly ScoredIndicator[];
  /** Failing indicators: vetoes first, then by points lost. */
  readonly failing: readonly ScoredIndicator[];
  readonly unassessable: readonly ScoredIndicator[];
  readonly manual: readonly ScoredIndicator[];
  readonly fixFirst: readonly FixSuggestion[];
}

// ---------------------------------------------------------------------------------------------------------
// Scoring

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function scoreRow(ind: Indicator, row: RowConfig | null, r: IndicatorResult): ScoredIndicator {
  let earned: number | null = null;
  let lost = 0;
  let vetoFailed = false;
  if (row !== null && r.status !== 'unassessable' && r.status !== 'manual') {
    const n = r.failures.length;
    const failed = r.status === 'fail';
    switch (row.kind) {
      case 'veto':
        earned = failed ? 0 : row.points;
        lost = failed ? row.points : 0;
        vetoFailed = failed;
        break;
      case 'deduct':
        lost = Math.min(row.points, n * row.perOccurrence);
        earned = row.points - lost;
        break;
      case 'score':
      case 'manual': {
        const ratio = r.checked > 0 ? Math.max(0, 1 - n / r.checked) : failed ? 0 : 1;
        earned = row.points * ratio;
        lost = row.points - earned;
        break;
      }
    }
  }
  // One literal, one shape (no spreads: this runs 45 times per agency and again per fix suggestion);
  // `unconfirmedNote` is undefined where the indicator has none.
  return {
    id: ind.id,
    title: ind.title,
    description: ind.description,
    area: row?.area ?? ind.area,
    kind: row?.kind ?? ind.kind,
    source: ind.source,
    unconfirmed: ind.unconfirmed,
    unconfirmedNote: ind.unconfirmedNote,
    result: r,
    scored: row !== null,
    points: row?.points ?? 0,
    earned,
    lost,
    vetoFailed,
  };
}

interface Totals {
  readonly rows: ScoredIndicator[];
  readonly areas: AreaScore[];
  readonly total: number;
  readonly maxTotal: number;
  readonly weightSum: number;
  readonly vetoFailed: boolean;
}

/** The scored rows of the known indicators; `at[i]` is the row of `results[i]` (-1: unknown id, skipped). */
function scoreRows(
  results: readonly IndicatorResult[],
  rowsCfg: ReadonlyMap<string, RowConfig | null>,
): { rows: ScoredIndicator[]; at: number[] } {
  const rows: ScoredIndicator[] = [];
  const at: number[] = [];
  for (const r of results) {
    const ind = INDICATORS_BY_ID.get(r.id);
    if (!ind) {
      at.push(-1);
      continue;
    }
    at.push(rows.length);
    rows.push(scoreRow(ind, rowsCfg.get(r.id) ?? null, r));
  }
  return { rows, at };
}

function totals(
  rows: ScoredIndicator[],
  weights: Readonly<Record<AreaKey, number>>,
  profile: ScoringProfile,
): Totals {
  const areas: AreaScore[] = [];
  let total = 0;
  let maxTotal = 0;
  let weightSum = 0;
  let vetoFailed = false;
  for (const key of AREA_KEYS) {
    const weight = weights[key];
    weightSum += weight;
    const inArea = rows.filter((s) => s.area === key);
    const scored = inArea.filter((s) => s.scored);
    const assessed = scored.filter((s) => s.earned !== null);
    const red = weight > 0 && assessed.some((s) => s.vetoFailed);
    if (red) vetoFailed = true;
    let score: number | null = null;
    if (weight > 0 && assessed.length > 0) {
      if (red) score = 0;
      else if (profile.mode === 'pool') {
        score = Math.max(0, weight - assessed.reduce((a, s) => a + s.lost, 0));
      } else {
        const max = assessed.reduce((a, s) => a + s.points, 0);
        const earned = assessed.reduce((a, s) => a + (s.earned ?? 0), 0);
        score = max > 0 ? (weight * earned) / max : null;
      }
    }
    if (score !== null) {
      total += score;
      maxTotal += weight;
    }
    areas.push({
      key,
      label: AREA_LABELS[key],
      weight,
      score: score === null ? null : round2(score),
      red,
      assessed: assessed.length,
      unassessable: scored.filter((s) => s.result.status === 'unassessable').length,
      manual: scored.filter((s) => s.result.status === 'manual').length,
    });
  }
  if (vetoFailed && profile.vetoScope === 'total') total = 0;
  return { rows, areas, total: round2(total), maxTotal, weightSum, vetoFailed };
}

/** The result with every fixable failure corrected. */
function withFixesApplied(r: IndicatorResult): IndicatorResult {
  const remaining = r.failures.filter((f) => f.fixable === false);
  return { ...r, failures: remaining, status: remaining.length === 0 ? 'pass' : r.status };
}

function failingOrder(a: ScoredIndicator, b: ScoredIndicator): number {
  const va = a.kind === 'veto' ? 0 : 1;
  const vb = b.kind === 'veto' ? 0 : 1;
  if (va !== vb) return va - vb;
  if (a.scored !== b.scored) return a.scored ? -1 : 1;
  if (a.lost !== b.lost) return b.lost - a.lost;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function verdictOf(profile: ScoringProfile, t: Totals, percent: number | null): string {
  if (t.vetoFailed) return profile.vetoScope === 'total' ? '不合格（单项否决）' : '有否决项未达标';
  if (percent === null) return '无法评估';
  if (profile.passMark !== null && percent < profile.passMark) return `不合格（低于${profile.passMark}分）`;
  const weighted = new Set(t.areas.filter((a) => a.weight > 0).map((a) => a.key));
  const open = t.rows.filter(
    (s) => s.scored && s.kind === 'veto' && weighted.has(s.area) && s.earned === null,
  );
  if (open.length > 0) {
    return `暂未发现否决项未达标（另有${open.length}个否决项无法评估或需人工核验：${open.map((s) => s.id).join('、')}）`;
  }
  return profile.passMark !== null ? '合格' : '无否决项未达标';
}

/** The profile's rows and weights, resolved once per (profile, overrides) object: not once per agency. */
const resolved = new WeakMap<
  ScoringProfile,
  WeakMap<
    ScoringOverrides,
    { rowsCfg: ReadonlyMap<string, RowConfig | null>; weights: Readonly<Record<AreaKey, number>> }
  >
>();

function resolvedOf(profile: ScoringProfile, overrides: ScoringOverrides) {
  let perProfile = resolved.get(profile);
  if (!perProfile) {
    perProfile = new WeakMap();
    resolved.set(profile, perProfile);
  }
  let r = perProfile.get(overrides);
  if (!r) {
    r = { rowsCfg: resolveRows(profile, overrides), weights: resolveWeights(profile, overrides) };
    perProfile.set(overrides, r);
  }
  return r;
}

/**
 * Scores evaluated results under a profile. Pure; `assess` evaluates and scores in one call.
 *
 * @example scoreResults(evaluateAll(input), input, PROFILES.local).total
 */
export function scoreResults(
  results: readonly IndicatorResult[],
  input: Pick<AssessmentInput, 'agency' | 'period' | 'today'>,
  profile: ScoringProfile = PROFILES['cass-like'],
  overrides: ScoringOverrides = {},
  options: { readonly suggestions?: boolean } = {},
): Assessment {
  const { rowsCfg, weights } = resolvedOf(profile, overrides);
  const scored = scoreRows(results, rowsCfg);
  const t = totals(scored.rows, weights, profile);
  const percent = t.maxTotal > 0 ? round2((t.total / t.maxTotal) * 100) : null;

  const fixFirst: FixSuggestion[] = [];
  if (options.suggestions !== false) {
    results.forEach((r, idx) => {
      if (r.status !== 'fail') return;
      const fixable = r.failures.filter((f) => f.fixable !== false);
      if (fixable.length === 0) return;
      // Only this row changes: rescore it and reuse the others.
      const pos = scored.at[idx] ?? -1;
      const ind = INDICATORS_BY_ID.get(r.id);
      if (pos < 0 || !ind) return;
      const changed = t.rows.slice();
      changed[pos] = scoreRow(ind, rowsCfg.get(r.id) ?? null, withFixesApplied(r));
      const gain = round2(totals(changed, weights, profile).total - t.total);
      if (gain <= 0) return;
      const effort = fixable.reduce((a, f) => a + effortOf(ind, f), 0);
      fixFirst.push({
        indicatorId: r.id,
        title: ind?.title ?? r.id,
        pointsRecovered: gain,
        effort,
        pointsPerEffort: round2(gain / effort),
        records: fixable,
        summary: `纠正${fixable.length}条记录（${ind?.title ?? r.id}），可挽回${gain}分。`,
      });
    });
    fixFirst.sort(
      (a, b) =>
        b.pointsPerEffort - a.pointsPerEffort ||
        b.pointsRecovered - a.pointsRecovered ||
        (a.indicatorId < b.indicatorId ? -1 : 1),
    );
  }

  return {
    agency: input.agency.name,
    period: input.period,
    checkpoint: checkpointOf(input),
    profile: { id: profile.id, name: profile.name, mode: profile.mode },
    total: t.total,
    maxTotal: t.maxTotal,
    percent,
    coverage: t.weightSum > 0 ? round2(t.maxTotal / t.weightSum) : 0,
    vetoFailed: t.vetoFailed,
    verdict: verdictOf(profile, t, percent),
    areas: t.areas,
    indicators: t.rows,
    failing: t.rows.filter((s) => s.result.status === 'fail').sort(failingOrder),
    unassessable: t.rows.filter((s) => s.result.status === 'unassessable'),
    manual: t.rows.filter((s) => s.result.status === 'manual'),
    fixFirst,
  };
}

/**
 * Evaluates every indicator over the input and scores it.
 *
 * @example assess(input, PROFILES['guoban-19']).verdict // '合格'
 */
export function assess(
  input: AssessmentInput,
  profile: ScoringProfile = PROFILES['cass-like'],
  overrides: ScoringOverrides = {},
): Assessment {
  return scoreResults(evaluateAll(input), input, profile, overrides);
}
