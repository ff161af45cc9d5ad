/**
 * What every area's indicators share: the result types, the evaluation context, `indicatorOf` (a row of the
 * table plus its run), the record-by-record {@link Tally} and the scans over the input's sections.
 *
 * A row's run names its records and judges one at a time; the scans here do the rest (the section is
 * missing → 无法评估; records that cannot be judged → `skipped`; nothing to judge → the reason).
 */
import type { Calendar } from '../../calendar/calendar.ts';
import { addCalendarDays, formatChineseDate, type IsoDate } from '../../calendar/dates.ts';
import {
  type AnnualReportRecord,
  type AssessmentInput,
  type AssessmentOptions,
  type Attestation,
  type CatalogueItem,
  checkpointOf,
  type GuideInfo,
  inPeriod,
  isMissing,
  missingReason,
  optionsOf,
  type PortalColumn,
  type Section,
} from '../input.ts';

// ---------------------------------------------------------------------------------------------------------
// Types

export const AREA_LABELS = {
  applications: '依申请公开',
  catalogue: '主动公开/目录',
  platform: '平台与栏目',
  normative: '规范性文件与解读',
  annualReport: '年度报告',
  interaction: '互动交流',
} as const;
export type AreaKey = keyof typeof AREA_LABELS;
/** The areas in the order of the screen and the scoring profiles. */
export const AREA_KEYS = Object.keys(AREA_LABELS) as readonly AreaKey[];

export type IndicatorKind = 'veto' | 'deduct' | 'score' | 'manual';
export const KIND_LABELS: Readonly<Record<IndicatorKind, string>> = {
  veto: '否决项',
  deduct: '扣分项',
  score: '评分项',
  manual: '人工核验项',
};

/** How sure the source is (docs/domain/assessment.md#confidence). */
export type Confidence = 'confirmed' | 'partial' | 'recollection' | 'derived';

export type RefType =
  | 'application'
  | 'letter'
  | 'item'
  | 'column'
  | 'report-cell'
  | 'report'
  | 'question'
  | 'error-report'
  | 'guide'
  | 'litigation'
  | 'attestation';

export interface RecordRef {
  readonly type: RefType;
  readonly id: string;
  /** What a clerk recognises: 申请编号, 文号, 《标题》, 栏目名… */
  readonly label: string;
}

export interface Failure {
  readonly ref: RecordRef;
  /** What is wrong, in Chinese. */
  readonly message: string;
  /**
   * Whether correcting the record now removes the failure (a missing field, an unanswered message).
   * History cannot be fixed: a reply that was late stays late. Default true.
   */
  readonly fixable?: boolean;
}

export type IndicatorStatus = 'pass' | 'fail' | 'unassessable' | 'manual';
export const STATUS_LABELS: Readonly<Record<IndicatorStatus, string>> = {
  pass: '达标',
  fail: '未达标',
  unassessable: '无法评估',
  manual: '需人工核验',
};

export interface IndicatorResult {
  readonly id: string;
  readonly status: IndicatorStatus;
  /** Score under the indicator's default points (`cass-like`); `score.ts` re-scores per profile. */
  readonly score: number;
  readonly maxScore: number;
  readonly failures: readonly Failure[];
  /** Why the indicator is unassessable or manual; for a pass, a note (e.g. nothing to check). */
  readonly reason?: string;
  /** Records (or fields, quarters…) examined; for score rows the ratio is `1 − failures/checked`. */
  readonly checked: number;
  /** Records that could not be judged, with why. */
  readonly skipped: readonly Failure[];
  /** Figures to show, e.g. `similarity.一` = 93 (%). */
  readonly metrics?: Readonly<Record<string, number>>;
}

export interface Indicator {
  readonly id: string;
  readonly area: AreaKey;
  /** Short name. */
  readonly title: string;
  /** What is measured and the pass rule, in Chinese. */
  readonly description: string;
  readonly kind: IndicatorKind;
  /** Default row total (`cass-like`). */
  readonly points: number;
  /** `deduct` rows: points lost per failing record (capped at `points`). */
  readonly perOccurrence: number;
  /** Source keys (docs/domain/assessment.md#sources) and the domain pages of the statutory rule. */
  readonly source: string;
  readonly confidence: Confidence;
  /** True for RECOLLECTION / UNCONFIRMED / DERIVED rows; the screen says so. */
  readonly unconfirmed: boolean;
  /** The on-screen note for unconfirmed rows, in Chinese. */
  readonly unconfirmedNote?: string;
  /** Effort units to fix one failing record, when it differs from the default of its record type. */
  readonly fixEffort?: number;
  evaluate(input: AssessmentInput): IndicatorResult;
}

// ---------------------------------------------------------------------------------------------------------
// The evaluation context

export interface Ctx {
  readonly input: AssessmentInput;
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** min(today, period.to). */
  readonly cp: IsoDate;
  readonly cal: Calendar;
  readonly opts: AssessmentOptions;
}

const contexts = new WeakMap<AssessmentInput, Ctx>();

function ctxOf(input: AssessmentInput): Ctx {
  let c = contexts.get(input);
  if (!c) {
    c = {
      input,
      from: input.period.from,
      to: input.period.to,
      cp: checkpointOf(input),
      cal: input.calendar,
      opts: optionsOf(input),
    };
    contexts.set(input, c);
  }
  return c;
}

/** A date as official documents write it (2025年9月26日). */
export const cn = formatChineseDate;

export function blank(s: string | null | undefined): boolean {
  return s === null || s === undefined || s.trim() === '';
}

/** Whether a field was recorded at all (null and undefined = not recorded). */
export function known<T>(x: T | null | undefined): x is T {
  return x !== null && x !== undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Record references

export function itemRef(i: CatalogueItem): RecordRef {
  const name = i.title?.trim() ? `《${i.title.trim()}》` : (i.indexNo?.trim() ?? `条目${i.id}`);
  return { type: 'item', id: i.id, label: name };
}

export function columnRef(c: PortalColumn): RecordRef {
  return { type: 'column', id: c.key, label: `“${c.title}”栏目` };
}

export function reportRef(r: AnnualReportRecord): RecordRef {
  return { type: 'report', id: String(r.year), label: `${r.year}年度政府信息公开工作年度报告` };
}

/** A part of a report (`第五部分`, a table cell): `type` report or report-cell, id `year:key`. */
export function reportPartRef(
  type: 'report' | 'report-cell',
  r: AnnualReportRecord,
  key: string,
  what: string,
) {
  return { type, id: `${r.year}:${key}`, label: `${r.year}年度报告 ${what}` } satisfies RecordRef;
}

// ---------------------------------------------------------------------------------------------------------
// Definitions and results

export interface Outcome {
  readonly failures: readonly Failure[];
  readonly checked: number;
  readonly skipped?: readonly Failure[];
  readonly reason?: string;
  readonly metrics?: Readonly<Record<string, number>>;
  /** Forces the status (P05: failures listed only at the veto threshold). */
  readonly status?: IndicatorStatus;
}

export interface Unassessable {
  readonly unassessable: string;
}

export type Run = (ctx: Ctx) => Outcome | Unassessable;

export function na(reason: string): Unassessable {
  return { unassessable: reason };
}

export function isNa<T>(x: T | Unassessable): x is Unassessable {
  return typeof x === 'object' && x !== null && 'unassessable' in x;
}

/** The default score of a row (`cass-like`): see `score.ts` for the profile version. */
export function defaultRowScore(
  kind: IndicatorKind,
  points: number,
  perOccurrence: number,
  status: IndicatorStatus,
  failures: number,
  checked: number,
): number {
  if (status === 'unassessable' || status === 'manual') return 0;
  switch (kind) {
    case 'veto':
      return status === 'fail' ? 0 : points;
    case 'deduct':
      return Math.max(0, points - Math.min(points, failures * perOccurrence));
    case 'score':
    case 'manual':
      return checked === 0 ? (status === 'fail' ? 0 : points) : points * Math.max(0, 1 - failures / checked);
  }
}

/** An indicator result; the optional keys are present only when set (literals, no spreads: hot path). */
function resultOf(
  id: string,
  status: IndicatorStatus,
  score: number,
  maxScore: number,
  out: Outcome,
  reason: string | undefined,
  skipped: readonly Failure[],
): IndicatorResult {
  const { failures, checked, metrics } = out;
  if (reason) {
    return metrics
      ? { id, status, score, maxScore, failures, reason, checked, skipped, metrics }
      : { id, status, score, maxScore, failures, reason, checked, skipped };
  }
  return metrics
    ? { id, status, score, maxScore, failures, checked, skipped, metrics }
    : { id, status, score, maxScore, failures, checked, skipped };
}

function evaluateRow(
  meta: Omit<Indicator, 'unconfirmed' | 'evaluate'>,
  out: Outcome | Unassessable,
): IndicatorResult {
  if ('unassessable' in out) {
    const none = { failures: [], checked: 0 };
    return resultOf(meta.id, 'unassessable', 0, 0, none, out.unassessable, []);
  }
  const skipped = out.skipped ?? [];
  let status: IndicatorStatus = out.status ?? (out.failures.length > 0 ? 'fail' : 'pass');
  let reason = out.reason;
  if (status === 'pass' && out.checked === 0 && skipped.length > 0) {
    status = 'unassessable';
    reason = `全部${skipped.length}条记录无法判断：${skipped[0]?.message ?? ''}`;
  }
  if (status === 'manual' || status === 'unassessable') {
    return resultOf(meta.id, status, 0, 0, out, reason, skipped);
  }
  const { kind, points, perOccurrence } = meta;
  const score = defaultRowScore(kind, points, perOccurrence, status, out.failures.length, out.checked);
  return resultOf(meta.id, status, score, points, out, reason, skipped);
}

/** A row's kind and default points (`cass-like`). */
interface Scoring<K extends IndicatorKind> {
  readonly kind: K;
  readonly points: number;
  readonly perOccurrence: number;
}

/** A veto row: all `points` or none. */
export function veto(points: number): Scoring<'veto'> {
  return { kind: 'veto', points, perOccurrence: 0 };
}

/** A deduct row: `perOccurrence` points lost per failing record, at most `points`. */
export function deduct(points: number, perOccurrence: number): Scoring<'deduct'> {
  return { kind: 'deduct', points, perOccurrence };
}

/** A score row: `points` times the share of records that pass. */
export function scored(points: number): Scoring<'score'> {
  return { kind: 'score', points, perOccurrence: 0 };
}

/** A manual row: passes or fails on a valid attestation, else status `manual` with `how` to attest. */
export function manual(points: number): Scoring<'manual'> {
  return { kind: 'manual', points, perOccurrence: 0 };
}

/** A row of the table of definitions (`definitions.ts`); a manual row says `how` to attest it. */
export type Definition = Omit<Indicator, 'evaluate' | 'unconfirmed'> & { readonly how?: string };

/** How the rows of an area are judged, by indicator id. */
export type Runs = Readonly<Record<string, Run>>;

/** The indicator of a row and its run (manual rows: run on their attestations). */
export function indicatorOf(def: Definition, run: Run | null): Indicator {
  const { id, area, title, description, kind, points, perOccurrence, source, confidence } = def;
  const meta: Omit<Indicator, 'unconfirmed' | 'evaluate'> = {
    id,
    area,
    title,
    description,
    kind,
    points,
    perOccurrence,
    source,
    confidence,
    ...(def.unconfirmedNote === undefined ? {} : { unconfirmedNote: def.unconfirmedNote }),
    ...(def.fixEffort === undefined ? {} : { fixEffort: def.fixEffort }),
  };
  const judge = run ?? manualRun(id, def.how ?? '');
  return Object.freeze({
    ...meta,
    unconfirmed: confidence !== 'confirmed',
    evaluate: (input: AssessmentInput): IndicatorResult => evaluateRow(meta, judge(ctxOf(input))),
  });
}

/**
 * When a deadline-bound fact is judged, so that each record counts in exactly one period (month, year):
 * on the day it was done when done in time, else on the first day after the deadline (the day it became
 * late). `done` after the check point counts as not done. Judged when that day lies in the period and
 * is not after the check point.
 */
export function decisionOf(
  ctx: Pick<Ctx, 'from' | 'to' | 'cp'>,
  done: IsoDate | null,
  due: IsoDate,
): { readonly judged: boolean; readonly late: boolean; readonly done: IsoDate | null } {
  const d = done !== null && done <= ctx.cp ? done : null;
  const day = d !== null && d <= due ? d : addCalendarDays(due, 1);
  return { judged: inPeriod(day, ctx.from, ctx.to) && day <= ctx.cp, late: d === null || d > due, done: d };
}

export function nothingToCheck(what: string): string {
  return `评估期内没有${what}，本项视为达标。`;
}

// ---------------------------------------------------------------------------------------------------------
// Judging record by record

/** The failures, skips and count of records judged by an indicator that checks records one by one. */
export class Tally {
  readonly failures: Failure[] = [];
  readonly skipped: Failure[];
  checked = 0;

  constructor(skipped: readonly Failure[] = []) {
    this.skipped = [...skipped];
  }

  fail(ref: RecordRef, message: string, fixable?: boolean): void {
    this.failures.push(fixable === undefined ? { ref, message } : { ref, message, fixable });
  }

  skip(ref: RecordRef, message: string): void {
    this.skipped.push({ ref, message });
  }

  /**
   * One record judged: it fails with its problems (`a；b。`, or `${lacks}a、b。`) when it has any, named by
   * `refOf(record)` (built only for a failure: records are many, failures few).
   */
  judge<R>(
    refOf: (record: R) => RecordRef,
    record: R,
    problems: readonly string[],
    fixable?: boolean,
    lacks?: string,
  ): void {
    this.checked++;
    if (problems.length === 0) return;
    const message = lacks === undefined ? `${problems.join('；')}。` : `${lacks}${problems.join('、')}。`;
    this.fail(refOf(record), message, fixable);
  }

  /**
   * A deadline-bound record (see {@link decisionOf}), counted in the period it is decided in. Returns the
   * decision when the record is late there (`done` null = not done by the check point), else null: the
   * caller names the failure, which is history (not fixable).
   */
  late(ctx: Ctx, done: IsoDate | null, due: IsoDate): { readonly done: IsoDate | null } | null {
    const dec = decisionOf(ctx, done, due);
    if (!dec.judged) return null;
    this.checked++;
    return dec.late ? dec : null;
  }

  /** The outcome; with `what`, a pass with nothing judged says there was nothing (what) to check. */
  outcome(what?: string): Outcome {
    const { failures, checked, skipped } = this;
    return what !== undefined && checked === 0
      ? { failures, checked, skipped, reason: nothingToCheck(what) }
      : { failures, checked, skipped };
  }

  /** The outcome, or 无法评估 with `reason` when no record could be judged or skipped. */
  outcomeOr(reason: string): Outcome | Unassessable {
    return this.checked === 0 && this.skipped.length === 0 ? na(reason) : this.outcome();
  }
}

/** `judge` over each record of a section; the scan's outcome (see {@link Tally.outcome}). */
export function scan<T>(
  records: readonly T[] | Unassessable,
  judge: (r: T, t: Tally) => void,
  what?: string,
  skipped?: readonly Failure[],
): Outcome | Unassessable {
  if (isNa(records)) return records;
  const t = new Tally(skipped);
  for (const r of records) judge(r, t);
  return t.outcome(what);
}

/** The reason of the first missing section of a record (`[section, fallback]` pairs), or null. */
export function firstMissing(sections: readonly (readonly [Section<unknown>, string])[]): string | null {
  for (const [s, fallback] of sections) if (isMissing(s)) return missingReason(s, fallback);
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Section access

export function section<T>(s: Section<T>, fallback: string): T | Unassessable {
  if (isMissing(s)) return na(missingReason(s, fallback));
  return s as T;
}

export function catalogue(ctx: Ctx): readonly CatalogueItem[] | Unassessable {
  return section(ctx.input.catalogue, '未提供政府信息公开目录数据');
}

export function columns(ctx: Ctx): readonly PortalColumn[] | Unassessable {
  return section(ctx.input.columns, '未提供门户网站栏目数据');
}

export function reports(ctx: Ctx): readonly AnnualReportRecord[] | Unassessable {
  return section(ctx.input.annualReports, '未提供年度报告数据');
}

export function publishedBy(ctx: Ctx, i: CatalogueItem): boolean {
  return i.publishedOn !== null && i.publishedOn !== undefined && i.publishedOn <= ctx.cp;
}

export function publishedInPeriod(ctx: Ctx, i: CatalogueItem): boolean {
  return inPeriod(i.publishedOn, ctx.from, ctx.to) && publishedBy(ctx, i);
}

/**
 * `judge` over each catalogue item published in the period that `pick` selects; `what` names the items
 * when there are none.
 */
export function eachPublishedItem(
  ctx: Ctx,
  pick: (i: CatalogueItem) => boolean,
  judge: (i: CatalogueItem, t: Tally) => void,
  what: string,
): Outcome | Unassessable {
  const items = catalogue(ctx);
  if (isNa(items)) return items;
  const t = new Tally();
  for (const i of items) if (pick(i) && publishedInPeriod(ctx, i)) judge(i, t);
  return t.outcome(what);
}

export type GuideField = readonly [keyof GuideInfo, string];

/** The guide's fields that are not stated (null, empty, or `false` for the 载明 flags), by label. */
export function guideFields(g: GuideInfo, fields: readonly GuideField[]): string[] {
  return fields
    .filter(([k]) => {
      const v = g[k];
      return v === null || v === undefined || v === false || (typeof v === 'string' && v.trim() === '');
    })
    .map(([, label]) => label);
}

/** The agency's 指南 (A02, P02). */
export function guideOf(ctx: Ctx): GuideInfo | Unassessable {
  return section(ctx.input.agency.guide, '未提供政府信息公开指南数据');
}

// ---------------------------------------------------------------------------------------------------------
// Manual indicators (attestations)

function manualRun(id: string, how: string): (ctx: Ctx) => Outcome {
  return (ctx) => {
    const list = ctx.input.attestations;
    const all: readonly Attestation[] = isMissing(list) ? [] : (list as readonly Attestation[]);
    let latest: Attestation | null = null;
    for (const a of all) {
      if (a.indicatorId !== id || a.on > ctx.cp) continue;
      if (addCalendarDays(a.on, ctx.opts.attestationValidDays) < ctx.cp) continue;
      if (latest === null || a.on > latest.on) latest = a;
    }
    if (latest === null)
      return { failures: [], checked: 0, status: 'manual', reason: `尚无有效的核验记录。${how}` };
    const by = `${cn(latest.on)}经${latest.by}核验`;
    if (latest.passed) return { failures: [], checked: 1, reason: `${by}达标。` };
    const ref: RecordRef = {
      type: 'attestation',
      id: `${id}@${latest.on}`,
      label: `${cn(latest.on)}${latest.by}的核验记录`,
    };
    return {
      failures: [{ ref, message: `${by}未达标${latest.note ? `：${latest.note}` : '。'}` }],
      checked: 1,
    };
  };
}
