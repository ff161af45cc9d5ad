/**
 * The 政务公开体检 indicators as data (evaluation-indicators.md §6), each with a pure `evaluate`.
 *
 * Areas (decision, after §6.7): the five areas of the 政务公开体检 (docs/domain/README.md#assessment) plus 规范性文件 kept separate, because §6.7
 * weights it on its own (15) and §6.3 has its own rows; its area also takes the 解读/回应 weight (10)
 * since N03 and W06 (interpretations) are the measurable part of 解读/回应. P-rows are split between
 * 主动公开/目录 (what is published, when, with which metadata: P02 P03 P04 P07 P09) and 平台与栏目
 * (the site: P01 P05 P06 P08 P10, W05 W07).
 *
 * An evaluation returns the exact failing records. A record the indicator cannot judge (bad events, no
 * letters on file) is listed in `skipped`, never counted as a pass; an indicator with no data at all is
 * `unassessable` with the reason. `manual` indicators need an attestation (phone test, probe, survey):
 * with a valid one on file they pass or fail, else their status is `manual`.
 *
 * Points in this file are the `cass-like` defaults (§6.7, DERIVED); `score.ts` re-scores per profile.
 */
import {
  type CaseEvent,
  type CaseOutcome,
  CORRECTION_NOTICE_WORKING_DAYS,
  computeDeadlines,
  type Deadlines,
  REPLY_WORKING_DAYS,
} from '../applications/rules/timeline.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { addCalendarDays, type IsoDate } from '../calendar/dates.ts';
import { addWorkingDays, workingDaysBetween } from '../calendar/workdays.ts';
import { FORMATS } from '../reports/format/formats.ts';
import type { ReportTables } from '../reports/format/tables.ts';
import { APPLICANT_COLUMN_KEYS } from '../reports/format/types.ts';
import type { Finding } from '../reports/rules/findings.ts';
import {
  type AnnualReportRecord,
  type ApplicationRecord,
  type AssessmentInput,
  type AssessmentOptions,
  type Attestation,
  type CaseLetter,
  type CatalogueItem,
  checkpointOf,
  type GuideInfo,
  inPeriod,
  isMissing,
  type Message,
  missingReason,
  optionsOf,
  type PortalColumn,
  type RegisterEntry,
  type Section,
  VALIDITY_MARKS,
} from './input.ts';
import { addMonths, quartersIn } from './periods.ts';
import { percent, textSimilarity } from './similarity.ts';

// ---------------------------------------------------------------------------------------------------------
// Types

export const AREA_KEYS = [
  'applications',
  'catalogue',
  'platform',
  'normative',
  'annualReport',
  'interaction',
] as const;
export type AreaKey = (typeof AREA_KEYS)[number];

export const AREA_LABELS: Readonly<Record<AreaKey, string>> = {
  applications: '依申请公开',
  catalogue: '主动公开/目录',
  platform: '平台与栏目',
  normative: '规范性文件与解读',
  annualReport: '年度报告',
  interaction: '互动交流',
};

export type IndicatorKind = 'veto' | 'deduct' | 'score' | 'manual';
export const KIND_LABELS: Readonly<Record<IndicatorKind, string>> = {
  veto: '否决项',
  deduct: '扣分项',
  score: '评分项',
  manual: '人工核验项',
};

/** How sure the source is (evaluation-indicators.md "How to read this note"). */
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
  /** Source keys of evaluation-indicators.md §8 and spec sections. */
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
// Named thresholds

/** Art. 33: the reply period (re-exported for the screen). */
export const REPLY_PERIOD_WORKING_DAYS = REPLY_WORKING_DAYS;
/** Art. 30: the correction notice within 7 working days of receipt. */
export const CORRECTION_PERIOD_WORKING_DAYS = CORRECTION_NOTICE_WORKING_DAYS;
/** Art. 30: the correction is requested once (一次性告知). */
export const MAX_CORRECTION_REQUESTS = 1;
/** Art. 26: publish within 20 working days of formation or change. */
export const PUBLISH_WORKING_DAYS = 20;
/** 行政复议法 Art. 20: 60 days to apply for reconsideration. */
export const REVIEW_DAYS = 60;
/** 行政诉讼法 Art. 46: 6 months to sue. */
export const COURT_MONTHS = 6;
/** 19号 / 2015 普查: a 政务咨询 message unanswered for more than 3 months is a veto. */
export const QUESTION_MAX_MONTHS = 3;
/** Look-back of the 互动回应差 rule: the year before the check point. */
export const QUESTION_LOOKBACK_MONTHS = 12;
/** [W-SELF]: the latest published reply within 2 months (−3). */
export const REPLIES_CURRENT_MONTHS = 2;
/** 找错 messages settled within 3 working days ([W-HB], [W-LN]). */
export const ERROR_REPORT_WORKING_DAYS = 3;
/** Column freshness ([W-2015a], [L-YH]): 动态/要闻 every 2 weeks. */
export const DYNAMIC_COLUMN_DAYS = 14;
/** 通知公告/政策文件 at least every 6 months. */
export const SLOW_COLUMN_MONTHS = 6;
/** Veto at this many stale columns, or this many blank columns ([W-2015a]). */
export const STALE_COLUMNS_VETO = 5;
export const BLANK_COLUMNS_VETO = 5;
/** A postal application is confirmed the day it arrives (Art. 31 (二)); grace in working days. */
export const RECEIPT_CONFIRM_GRACE_WORKING_DAYS = 1;
/** N05: the quarterly 备案 list may follow its quarter by this many calendar days (DERIVED). */
export const FILING_GRACE_DAYS = 31;
/** R07: key of the section 五、存在的主要问题及改进情况 in `AnnualReportRecord.sections`. */
export const PROBLEMS_SECTION = '五';
/** R07: a 问题及改进 section shorter than this is boilerplate (DERIVED). */
export const MIN_PROBLEMS_SECTION_CHARS = 100;

/** 文号 of an official document (GB/T 9704-2012: 机关代字〔年份〕序号号). */
export const DOC_NUMBER_PATTERN = /^\S+〔\d{4}〕\d+号$/;
/** A cited provision: 第…条. */
const ARTICLE_PATTERN = /第[一二三四五六七八九十百零〇\d]+条/;

/** Outcomes that close a case without a reply to the request (no reply letter needed). */
const NO_REPLY_OUTCOMES: ReadonlySet<CaseOutcome> = new Set<CaseOutcome>([
  'withdrawn',
  'other.overdueCorrection',
  'other.overdueFee',
]);

/**
 * Outcomes whose letter must state 复议前置 (行政复议法 2023 Art. 23 ¶1 (四), ¶2): 不予公开, and 部分公开,
 * which refuses the rest (DERIVED: the Art. 37 partial refusal is a 不予公开 of that part).
 */
export function requiresReviewFirst(outcome: CaseOutcome): boolean {
  return outcome === 'partial' || outcome.startsWith('denied.');
}

/** Provisions a letter's legal basis must cite for each non-provision outcome (docs/domain/regulation.md#art-36); [] = any. */
export const EXPECTED_BASIS: Readonly<Partial<Record<CaseOutcome, readonly string[]>>> = {
  partial: ['第三十七条'],
  'denied.stateSecret': ['第十四条'],
  'denied.lawForbidden': ['第十四条'],
  'denied.threeSafetyOneStability': ['第十四条'],
  'denied.thirdParty': ['第十五条', '第三十二条'],
  'denied.internalAffairs': ['第十六条'],
  'denied.processInfo': ['第十六条'],
  'denied.enforcementFile': ['第十六条'],
  'denied.queryMatter': ['第三十六条第（七）项'],
  'unable.notHeld': ['第三十六条第（四）项', '第三十六条第（五）项'],
  'unable.needCreation': ['第三十八条'],
  'unable.unclearAfterCorrection': ['第三十条'],
  'notProcessed.petition': ['第三十九条'],
  'notProcessed.repeat': ['第三十六条第（六）项'],
  'notProcessed.publication': ['第三十九条'],
  'notProcessed.massRepeat': ['第三十五条'],
  'notProcessed.confirmAgain': [],
  'other.misc': [],
};

// ---------------------------------------------------------------------------------------------------------
// Shared evaluation context

interface Ctx {
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

/** Deadlines per case, computed once per calendar (trend evaluations reuse them). */
const deadlineCache = new WeakMap<Calendar, WeakMap<ApplicationRecord, Deadlines | string>>();

/** The case's deadlines, or the reason they cannot be computed (Chinese). */
export function deadlinesOf(app: ApplicationRecord, cal: Calendar): Deadlines | string {
  if (app.deadlines) return app.deadlines;
  let perCal = deadlineCache.get(cal);
  if (!perCal) {
    perCal = new WeakMap();
    deadlineCache.set(cal, perCal);
  }
  let d = perCal.get(app);
  if (d === undefined) {
    try {
      d = computeDeadlines(app.events, cal);
    } catch {
      d = '办理事项记录无效（第一项应为“收到申请”），无法计算期限';
    }
    perCal.set(app, d);
  }
  return d;
}

function appRef(a: ApplicationRecord): RecordRef {
  return { type: 'application', id: a.id, label: `申请${a.serial}` };
}

function letterRef(a: ApplicationRecord, l: CaseLetter): RecordRef {
  const name = l.docNumber?.trim() || l.title?.trim() || '答复书';
  return { type: 'letter', id: l.id, label: `${name}（申请${a.serial}）` };
}

function itemRef(i: CatalogueItem): RecordRef {
  const name = i.title?.trim() ? `《${i.title.trim()}》` : (i.indexNo?.trim() ?? `条目${i.id}`);
  return { type: 'item', id: i.id, label: name };
}

function columnRef(c: PortalColumn): RecordRef {
  return { type: 'column', id: c.key, label: `“${c.title}”栏目` };
}

function reportRef(r: AnnualReportRecord): RecordRef {
  return { type: 'report', id: String(r.year), label: `${r.year}年度政府信息公开工作年度报告` };
}

function messageRef(type: 'question' | 'error-report', m: Message): RecordRef {
  return {
    type,
    id: m.id,
    label: m.label ?? `${type === 'question' ? '咨询留言' : '找错留言'}${m.id}`,
  };
}

function cn(date: IsoDate): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

function blank(s: string | null | undefined): boolean {
  return s === null || s === undefined || s.trim() === '';
}

// ---------------------------------------------------------------------------------------------------------
// Result builders

interface Outcome {
  readonly failures: readonly Failure[];
  readonly checked: number;
  readonly skipped?: readonly Failure[];
  readonly reason?: string;
  readonly metrics?: Readonly<Record<string, number>>;
  /** Forces the status (P05: failures listed only at the veto threshold). */
  readonly status?: IndicatorStatus;
}

type Spec = Omit<Indicator, 'evaluate' | 'unconfirmed'> & {
  readonly run: (ctx: Ctx) => Outcome | Unassessable;
};

interface Unassessable {
  readonly unassessable: string;
}

function na(reason: string): Unassessable {
  return { unassessable: reason };
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
  failures: readonly Failure[],
  reason: string | undefined,
  checked: number,
  skipped: readonly Failure[],
  metrics: Readonly<Record<string, number>> | undefined,
): IndicatorResult {
  if (reason) {
    return metrics
      ? { id, status, score, maxScore, failures, reason, checked, skipped, metrics }
      : { id, status, score, maxScore, failures, reason, checked, skipped };
  }
  return metrics
    ? { id, status, score, maxScore, failures, checked, skipped, metrics }
    : { id, status, score, maxScore, failures, checked, skipped };
}

function define(spec: Spec): Indicator {
  const { run, ...meta } = spec;
  return Object.freeze({
    ...meta,
    unconfirmed: meta.confidence !== 'confirmed',
    evaluate(input: AssessmentInput): IndicatorResult {
      const out = run(ctxOf(input));
      if ('unassessable' in out) {
        return {
          id: meta.id,
          status: 'unassessable',
          score: 0,
          maxScore: 0,
          failures: [],
          reason: out.unassessable,
          checked: 0,
          skipped: [],
        };
      }
      const skipped = out.skipped ?? [];
      let status: IndicatorStatus = out.status ?? (out.failures.length > 0 ? 'fail' : 'pass');
      let reason = out.reason;
      if (status === 'pass' && out.checked === 0 && skipped.length > 0) {
        status = 'unassessable';
        reason = `全部${skipped.length}条记录无法判断：${skipped[0]?.message ?? ''}`;
      }
      if (status === 'manual' || status === 'unassessable') {
        return resultOf(meta.id, status, 0, 0, out.failures, reason, out.checked, skipped, out.metrics);
      }
      const score = defaultRowScore(
        meta.kind,
        meta.points,
        meta.perOccurrence,
        status,
        out.failures.length,
        out.checked,
      );
      return resultOf(
        meta.id,
        status,
        score,
        meta.points,
        out.failures,
        reason,
        out.checked,
        skipped,
        out.metrics,
      );
    },
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

function nothingToCheck(what: string): string {
  return `评估期内没有${what}，本项视为达标。`;
}

/** The outcome of an indicator that checks records one by one; `what` names them when there are none. */
function tally(
  failures: readonly Failure[],
  checked: number,
  skipped: readonly Failure[],
  what: string,
): Outcome {
  return { failures, checked, skipped, ...(checked === 0 ? { reason: nothingToCheck(what) } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Section access

function section<T>(s: Section<T>, fallback: string): T | Unassessable {
  if (isMissing(s)) return na(missingReason(s, fallback));
  return s as T;
}

function applications(ctx: Ctx): readonly ApplicationRecord[] | Unassessable {
  return section(ctx.input.applications, '未提供依申请公开办理记录');
}

function catalogue(ctx: Ctx): readonly CatalogueItem[] | Unassessable {
  return section(ctx.input.catalogue, '未提供政府信息公开目录数据');
}

function columns(ctx: Ctx): readonly PortalColumn[] | Unassessable {
  return section(ctx.input.columns, '未提供门户网站栏目数据');
}

function reports(ctx: Ctx): readonly AnnualReportRecord[] | Unassessable {
  return section(ctx.input.annualReports, '未提供年度报告数据');
}

function isNa<T>(x: T | Unassessable): x is Unassessable {
  return typeof x === 'object' && x !== null && 'unassessable' in x;
}

interface CaseView {
  readonly app: ApplicationRecord;
  readonly d: Deadlines;
}

/** Cases whose deadlines can be computed, plus the skipped ones. */
function caseViews(ctx: Ctx, apps: readonly ApplicationRecord[]): { views: CaseView[]; skipped: Failure[] } {
  const views: CaseView[] = [];
  const skipped: Failure[] = [];
  for (const app of apps) {
    const d = deadlinesOf(app, ctx.cal);
    if (typeof d === 'string') skipped.push({ ref: appRef(app), message: d });
    else views.push({ app, d });
  }
  return { views, skipped };
}

const viewCache = new WeakMap<Ctx, { views: CaseView[]; skipped: Failure[] }>();

function casesOf(ctx: Ctx): { views: CaseView[]; skipped: Failure[] } | Unassessable {
  const apps = applications(ctx);
  if (isNa(apps)) return apps;
  let v = viewCache.get(ctx);
  if (!v) {
    v = caseViews(ctx, apps);
    viewCache.set(ctx, v);
  }
  return v;
}

/** Receipt date (or submission date while unconfirmed) in the period. */
function receivedInPeriod(ctx: Ctx, v: CaseView): boolean {
  return inPeriod(v.d.receiptDate ?? v.app.submittedOn, ctx.from, ctx.to);
}

/** The case's reply letters, or a skip reason. */
function replyLetters(v: CaseView): readonly CaseLetter[] | string {
  const letters = v.app.letters;
  if (isMissing(letters)) return missingReason(letters, '未提供本申请的文书记录');
  return (letters as readonly CaseLetter[]).filter((l) => l.kind === 'reply');
}

/** Reply letters issued in the period (a letter without a date counts on the case's closing day). */
function lettersInPeriod(
  ctx: Ctx,
  cases: { views: CaseView[]; skipped: Failure[] },
): { letters: { v: CaseView; l: CaseLetter }[]; skipped: Failure[] } {
  const letters: { v: CaseView; l: CaseLetter }[] = [];
  const skipped = [...cases.skipped];
  for (const v of cases.views) {
    const closedInPeriod = inPeriod(v.d.closedOn, ctx.from, ctx.to);
    const ls = replyLetters(v);
    if (typeof ls === 'string') {
      if (closedInPeriod && v.d.outcome !== null && !NO_REPLY_OUTCOMES.has(v.d.outcome)) {
        skipped.push({ ref: appRef(v.app), message: ls });
      }
      continue;
    }
    for (const l of ls) {
      if (inPeriod(l.issuedOn ?? v.d.closedOn, ctx.from, ctx.to)) letters.push({ v, l });
    }
  }
  return { letters, skipped };
}

function outcomeOf(v: CaseView, l: CaseLetter): CaseOutcome | null {
  return l.conclusion ?? v.d.outcome;
}

// ---------------------------------------------------------------------------------------------------------
// Manual indicators (attestations)

function manualRun(id: string, how: string) {
  return (ctx: Ctx): Outcome => {
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
    const ref: RecordRef = {
      type: 'attestation',
      id: `${id}@${latest.on}`,
      label: `${cn(latest.on)}${latest.by}的核验记录`,
    };
    return latest.passed
      ? { failures: [], checked: 1, reason: `${cn(latest.on)}经${latest.by}核验达标。` }
      : {
          failures: [
            {
              ref,
              message: `${cn(latest.on)}经${latest.by}核验未达标${latest.note ? `：${latest.note}` : '。'}`,
            },
          ],
          checked: 1,
        };
  };
}

/** A manual row: passes or fails on a valid attestation, else status `manual` with how to attest. */
function defineManual(spec: Omit<Spec, 'run' | 'kind' | 'perOccurrence'> & { how: string }): Indicator {
  const { how, ...rest } = spec;
  return define({ ...rest, kind: 'manual', perOccurrence: 0, run: manualRun(spec.id, how) });
}

// ---------------------------------------------------------------------------------------------------------
// 依申请公开 (§6.1)

const A01 = defineManual({
  id: 'A01',
  area: 'applications',
  title: '在线申请渠道畅通',
  description:
    '公开平台在线申请表每日试提交成功并返回查询码；必填项不超出条例第二十九条范围，不要求填写“用途”。',
  points: 3,
  source: '[L-WL][E-2014EN][E-2016EN]; docs/domain/regulation.md#art-29 第二十八、二十九条',
  confidence: 'recollection',
  unconfirmedNote: '“不得增设必填项”的评估口径来自回忆，待核实。',
  how: '录入在线申请渠道试提交（连续30天）的核验结果。',
});

const A02 = define({
  id: 'A02',
  area: 'applications',
  title: '信函申请渠道公布且可用',
  description: '指南载明邮寄地址、邮编和收件单位；每件邮寄申请都登记了签收或确认日期（条例第三十一条）。',
  kind: 'veto',
  points: 3,
  perOccurrence: 0,
  source: '[L-WL]; docs/domain/regulation.md#art-31 第三十一条',
  confidence: 'confirmed',
  run(ctx) {
    const guide = section(ctx.input.agency.guide, '未提供政府信息公开指南数据');
    if (isNa(guide)) return guide;
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const failures: Failure[] = [];
    const missing = guideFields(guide, POSTAL_FIELDS);
    if (missing.length > 0) {
      failures.push({
        ref: { type: 'guide', id: 'postal', label: '政府信息公开指南' },
        message: `指南未载明信函申请的${missing.join('、')}。`,
      });
    }
    let checked = 1;
    for (const v of cases.views) {
      const ch = v.app.channel;
      if (ch !== 'post_signed' && ch !== 'post_plain') continue;
      if (!inPeriod(v.app.submittedOn, ctx.from, ctx.to)) continue;
      checked++;
      if (v.d.receiptDate !== null) continue;
      const grace = addWorkingDays(ctx.cal, v.app.submittedOn, RECEIPT_CONFIRM_GRACE_WORKING_DAYS).date;
      if (ctx.cp > grace) {
        failures.push({
          ref: appRef(v.app),
          message: `${cn(v.app.submittedOn)}邮寄的申请未登记${ch === 'post_signed' ? '签收' : '与申请人确认'}日期。`,
        });
      }
    }
    return { failures, checked, skipped: cases.skipped };
  },
});

const A03 = define({
  id: 'A03',
  area: 'applications',
  title: '每件申请均书面答复',
  description: '超过答复期限仍未答复的申请为0；已答复的申请均出具书面答复，不以电话、短信代替。',
  kind: 'veto',
  points: 5,
  perOccurrence: 0,
  source: '[E-2014N][E-TOC15][L-CX]; docs/domain/regulation.md#art-33 第三十三条',
  confidence: 'confirmed',
  fixEffort: 3,
  run(ctx) {
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const failures: Failure[] = [];
    const skipped = [...cases.skipped];
    let checked = 0;
    for (const v of cases.views) {
      const { d } = v;
      if (d.closedOn === null || d.closedOn > ctx.cp) {
        if (d.replyDue === null || !decisionOf(ctx, null, d.replyDue).judged) continue;
        checked++;
        failures.push({
          ref: appRef(v.app),
          message: `答复期限${cn(d.replyDue)}已过，至${cn(ctx.cp)}仍未答复。`,
        });
        continue;
      }
      if (!inPeriod(d.closedOn, ctx.from, ctx.to) || d.outcome === null || NO_REPLY_OUTCOMES.has(d.outcome))
        continue;
      const ls = replyLetters(v);
      if (typeof ls === 'string') {
        skipped.push({ ref: appRef(v.app), message: ls });
        continue;
      }
      checked++;
      const written = ls.filter((l) => l.delivery !== 'phone' && l.delivery !== 'sms');
      if (written.length === 0) {
        const how = ls.length > 0 ? '仅以电话或短信答复，' : '';
        failures.push({ ref: appRef(v.app), message: `${cn(d.closedOn)}办结，${how}未出具书面答复。` });
      }
    }
    return tally(failures, checked, skipped, '应答复的申请');
  },
});

const A04 = define({
  id: 'A04',
  area: 'applications',
  title: '在法定期限内答复',
  description:
    '答复日不晚于办理时间轴计算的答复期限（含经批准的延期，扣除征求意见等不计入期限的时间）；按时答复的计入答复当期，逾期的计入期限届满次日所在期间；逾期一件扣该项全部分值。',
  kind: 'deduct',
  points: 6,
  perOccurrence: 6,
  source: '[L-LC]; docs/domain/regulation.md#art-33 第三十三条',
  confidence: 'confirmed',
  run(ctx) {
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const failures: Failure[] = [];
    let checked = 0;
    for (const v of cases.views) {
      const { d } = v;
      if (d.replyDue === null) continue;
      if (d.outcome !== null && NO_REPLY_OUTCOMES.has(d.outcome)) continue;
      const dec = decisionOf(ctx, d.closedOn, d.replyDue);
      if (!dec.judged) continue;
      checked++;
      if (!dec.late) continue;
      failures.push({
        ref: appRef(v.app),
        message:
          dec.done === null
            ? `答复期限${cn(d.replyDue)}已过，至${cn(ctx.cp)}仍未答复。`
            : `答复期限${cn(d.replyDue)}，${cn(dec.done)}才答复，逾期${workingDaysBetween(ctx.cal, d.replyDue, dec.done)}个工作日。`,
        fixable: false,
      });
    }
    return tally(failures, checked, cases.skipped, '答复期限届满的申请');
  },
});

const A05 = define({
  id: 'A05',
  area: 'applications',
  title: '补正一次性告知且不超过7个工作日',
  description:
    '每件申请最多告知补正一次；自收到申请之日起7个工作日内告知；补正告知书列明补正事项和合理的补正期限。',
  kind: 'deduct',
  points: 4,
  perOccurrence: 2,
  source: 'docs/domain/regulation.md#art-30 第三十条; CASS 评分口径 RECOLLECTION',
  confidence: 'recollection',
  unconfirmedNote: '法定要求已确认；第三方评估的扣分口径来自回忆。',
  run(ctx) {
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const failures: Failure[] = [];
    let checked = 0;
    for (const v of cases.views) {
      const requests = v.app.events.filter(
        (e): e is Extract<CaseEvent, { type: 'correctionRequested' }> => e.type === 'correctionRequested',
      );
      const first = requests[0];
      if (!first || !inPeriod(first.on, ctx.from, ctx.to)) continue;
      checked++;
      const problems: string[] = [];
      if (requests.length > MAX_CORRECTION_REQUESTS)
        problems.push(`告知补正${requests.length}次，未一次性告知`);
      const receipt = v.d.receiptDate ?? v.app.submittedOn;
      const due = addWorkingDays(ctx.cal, receipt, CORRECTION_PERIOD_WORKING_DAYS).date;
      if (first.on > due) {
        problems.push(
          `收到申请之日为${cn(receipt)}，应于${cn(due)}前告知补正，实际${cn(first.on)}告知，超过${CORRECTION_PERIOD_WORKING_DAYS}个工作日`,
        );
      }
      const letters = isMissing(v.app.letters) ? [] : (v.app.letters as readonly CaseLetter[]);
      for (const l of letters) {
        if (l.kind !== 'correction') continue;
        if (l.itemsListed === false) problems.push('补正告知书未列明需要补正的事项');
        if (l.correctionDeadlineStated === false) problems.push('补正告知书未载明补正期限');
      }
      if (problems.length > 0)
        failures.push({ ref: appRef(v.app), message: `${problems.join('；')}。`, fixable: false });
    }
    return tally(failures, checked, cases.skipped, '告知补正的申请');
  },
});

/** Formal elements of a reply letter (A06): check → label of what is missing. */
function letterElementProblems(
  ctx: Ctx,
  v: CaseView,
  l: CaseLetter,
  duplicates: ReadonlySet<string>,
): string[] {
  const p: string[] = [];
  if (blank(l.title)) p.push('标题');
  if (blank(l.docNumber)) p.push('文号');
  else if (!DOC_NUMBER_PATTERN.test((l.docNumber as string).trim()))
    p.push(`规范的文号（“${l.docNumber}”不符合“机关代字〔年份〕序号号”）`);
  else if (duplicates.has((l.docNumber as string).trim())) p.push(`唯一的文号（“${l.docNumber}”重复使用）`);
  if (blank(l.addressee)) p.push('申请人称谓（抬头）');
  if (!l.receivedDateStated) p.push('收到申请的日期');
  else if (v.d.receiptDate !== null && l.receivedDateStated !== v.d.receiptDate)
    p.push(`正确的收到申请日期（函中为${cn(l.receivedDateStated)}，登记为${cn(v.d.receiptDate)}）`);
  if (l.requestRestated !== true) p.push('申请内容的复述');
  if (!l.conclusion) p.push('第三十六条规定的答复结论');
  const names = [ctx.input.agency.name, ...(ctx.input.agency.signatureNames ?? [])];
  if (blank(l.signedBy)) p.push('落款');
  else if (!names.includes((l.signedBy as string).trim()))
    p.push(`以本机关名义落款（落款为“${l.signedBy}”，不应以内设机构名义）`);
  if (!l.issuedOn) p.push('成文日期');
  // A seal applied on paper is not recorded: unknown (null) is not evidence of a missing seal.
  if (l.sealed === false) p.push('印章');
  return p;
}

const A06 = define({
  id: 'A06',
  area: 'applications',
  title: '答复书形式要素齐全',
  description:
    '每份答复书都有标题、规范且唯一的文号、申请人称谓、收到申请日期、申请内容复述、第三十六条答复结论、以本机关名义的落款、成文日期和印章。',
  kind: 'veto',
  points: 4,
  perOccurrence: 0,
  source:
    '[REPLY-TPL]; docs/domain/regulation.md#art-36 第三十六条; 要素清单 RECOLLECTION（CASS“答复规范性”）',
  confidence: 'recollection',
  unconfirmedNote: '要素清单依据答复书参考文本和评估报告回忆整理，评估机构的逐项口径待核实。',
  run(ctx) {
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const { letters, skipped } = lettersInPeriod(ctx, cases);
    const seen = new Map<string, number>();
    for (const { l } of letters) {
      const n = l.docNumber?.trim();
      if (n) seen.set(n, (seen.get(n) ?? 0) + 1);
    }
    const duplicates = new Set([...seen].filter(([, c]) => c > 1).map(([n]) => n));
    const failures: Failure[] = [];
    for (const { v, l } of letters) {
      const p = letterElementProblems(ctx, v, l, duplicates);
      if (p.length > 0) failures.push({ ref: letterRef(v.app, l), message: `答复书缺少${p.join('、')}。` });
    }
    return tally(failures, letters.length, skipped, '出具的答复书');
  },
});

function normalizeBasis(s: string): string {
  return s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

const A07 = define({
  id: 'A07',
  area: 'applications',
  title: '不予提供的答复说明理由和法律依据',
  description:
    '答复结论不是“予以公开”的，答复书写明理由，并引用与结论相符的具体条款（如第十四条、第十六条、第三十六条第（四）项）。',
  kind: 'veto',
  points: 4,
  perOccurrence: 0,
  source: 'docs/domain/regulation.md#art-36 第三十六至三十八条; [E-TOC15]; [REPLY-TPL]',
  confidence: 'confirmed',
  run(ctx) {
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const { letters, skipped } = lettersInPeriod(ctx, cases);
    const failures: Failure[] = [];
    let checked = 0;
    for (const { v, l } of letters) {
      const outcome = outcomeOf(v, l);
      if (outcome === null) {
        skipped.push({ ref: letterRef(v.app, l), message: '答复结论未记录，无法判断是否需要说明理由。' });
        continue;
      }
      if (outcome === 'granted' || NO_REPLY_OUTCOMES.has(outcome)) continue;
      checked++;
      const p: string[] = [];
      const basis = (l.legalBasis ?? []).map(normalizeBasis).filter((b) => b !== '');
      if (basis.length === 0 || !basis.some((b) => ARTICLE_PATTERN.test(b))) p.push('未引用具体条款');
      else {
        const expected = EXPECTED_BASIS[outcome] ?? [];
        if (expected.length > 0 && !basis.some((b) => expected.some((e) => b.includes(e)))) {
          p.push(`引用的条款与答复结论不符（应引用${expected.join('或')}）`);
        }
      }
      if (blank(l.reasonText)) p.push('未说明理由');
      if (p.length > 0) failures.push({ ref: letterRef(v.app, l), message: `${p.join('；')}。` });
    }
    return {
      failures,
      checked,
      skipped,
      ...(checked === 0 && skipped.length === 0 ? { reason: nothingToCheck('不予提供信息的答复书') } : {}),
    };
  },
});

const A08 = define({
  id: 'A08',
  area: 'applications',
  title: '答复书告知救济途径',
  description: `答复书写明复议机关和${REVIEW_DAYS}日复议期限、${COURT_MONTHS}个月起诉期限；不予公开（含部分不予公开）的，告知应当先申请行政复议（复议前置）。`,
  kind: 'veto',
  points: 4,
  perOccurrence: 0,
  source:
    'docs/domain/regulation.md#review-and-litigation（行政复议法第二十、二十三条，行政诉讼法第四十六条）; [REPLY-TPL]',
  confidence: 'confirmed',
  run(ctx) {
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const { letters, skipped } = lettersInPeriod(ctx, cases);
    const failures: Failure[] = [];
    const expectedBody = ctx.input.agency.reviewBody?.trim() || null;
    let checked = 0;
    for (const { v, l } of letters) {
      const outcome = outcomeOf(v, l);
      if (outcome !== null && NO_REPLY_OUTCOMES.has(outcome)) continue;
      checked++;
      const r = l.remedies;
      if (!r) {
        failures.push({ ref: letterRef(v.app, l), message: '答复书未告知复议、诉讼等救济途径。' });
        continue;
      }
      const p: string[] = [];
      if (blank(r.reviewBody)) p.push('未写明复议机关');
      else if (expectedBody !== null && (r.reviewBody as string).trim() !== expectedBody)
        p.push(`复议机关写为“${r.reviewBody}”，应为“${expectedBody}”`);
      if (r.reviewDays !== REVIEW_DAYS) p.push(`未写明${REVIEW_DAYS}日的复议申请期限`);
      const reviewFirst = outcome !== null && requiresReviewFirst(outcome);
      if (reviewFirst) {
        if (r.reviewFirst !== true) p.push('不予公开的答复未告知应当先申请行政复议（行政复议法第二十三条）');
      } else if (r.courtMonths !== COURT_MONTHS) p.push(`未写明${COURT_MONTHS}个月的起诉期限`);
      if (p.length > 0) failures.push({ ref: letterRef(v.app, l), message: `${p.join('；')}。` });
    }
    return tally(failures, checked, skipped, '出具的答复书');
  },
});

const A09 = define({
  id: 'A09',
  area: 'applications',
  title: '实际提供信息',
  description: '予以公开、部分公开的答复附有所公开的信息，或写明获取的网址和方式。',
  kind: 'score',
  points: 3,
  perOccurrence: 0,
  source: 'docs/domain/regulation.md#art-36 第三十六、三十七条; CASS“答复内容” RECOLLECTION',
  confidence: 'recollection',
  unconfirmedNote: '评估机构对“答复内容”的打分方式来自回忆。',
  fixEffort: 2,
  run(ctx) {
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const { letters, skipped } = lettersInPeriod(ctx, cases);
    const failures: Failure[] = [];
    let checked = 0;
    for (const { v, l } of letters) {
      const outcome = outcomeOf(v, l);
      if (outcome !== 'granted' && outcome !== 'partial') continue;
      checked++;
      if ((l.attachments?.length ?? 0) === 0 && blank(l.accessPath)) {
        failures.push({
          ref: letterRef(v.app, l),
          message: '答复公开信息，但未附信息，也未写明获取方式和途径。',
        });
      }
    }
    return tally(failures, checked, skipped, '予以公开或部分公开的答复');
  },
});

const A10 = define({
  id: 'A10',
  area: 'applications',
  title: '不违规收费、不要求说明用途',
  description:
    '只在达到国办函〔2020〕109号规定的数量、频次标准时收取信息处理费并发出完整的收费通知；不要求申请人说明用途。',
  kind: 'deduct',
  points: 3,
  perOccurrence: 3,
  source: 'docs/domain/fees.md; docs/domain/regulation.md#art-42 第四十二条',
  confidence: 'confirmed',
  fixEffort: 1,
  run(ctx) {
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const failures: Failure[] = [];
    const skipped = [...cases.skipped];
    let checked = 0;
    for (const v of cases.views) {
      if (!receivedInPeriod(ctx, v)) continue;
      const feeEvent = v.app.events.find((e) => e.type === 'feeNoticeSent');
      const known = v.app.purposeDemanded === true || v.app.purposeDemanded === false;
      if (!known && !feeEvent) continue;
      const p: string[] = [];
      if (v.app.purposeDemanded === true) p.push('要求申请人说明申请用途');
      if (feeEvent) {
        const fee = v.app.fee;
        if (!fee || fee.thresholdMet === null) {
          skipped.push({ ref: appRef(v.app), message: '收取了信息处理费，但未记录是否达到收费标准。' });
          continue;
        }
        if (fee.thresholdMet === false) p.push('未达到109号规定的数量、频次标准却收取信息处理费');
        if (fee.noticeComplete === false) p.push('收费通知未载明依据、标准、数额或缴纳方式');
      }
      checked++;
      if (p.length > 0) failures.push({ ref: appRef(v.app), message: `${p.join('；')}。`, fixable: false });
    }
    if (checked === 0 && skipped.length === 0) {
      return na('办理记录未登记是否要求说明用途，评估期内也没有收费的申请。');
    }
    return { failures, checked, skipped };
  },
});

const REGISTER_FIELDS = [
  ['applicant', '申请人'],
  ['receivedOn', '收件日期'],
  ['request', '申请内容'],
] as const;

const A11 = define({
  id: 'A11',
  area: 'applications',
  title: '申请登记簿完整',
  description: '每件申请都在登记簿中登记申请人、收件日期、申请内容；已办结的还登记答复时间和结果。',
  kind: 'deduct',
  points: 4,
  perOccurrence: 1,
  source: '[L-YH]; docs/domain/regulation.md#art-45 第四十五条',
  confidence: 'confirmed',
  fixEffort: 1,
  run(ctx) {
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const failures: Failure[] = [];
    let checked = 0;
    for (const v of cases.views) {
      if (!receivedInPeriod(ctx, v)) continue;
      checked++;
      const reg = v.app.register;
      if (isMissing(reg)) {
        failures.push({ ref: appRef(v.app), message: '未在申请登记簿中登记。' });
        continue;
      }
      const r = reg as RegisterEntry;
      const missing: string[] = REGISTER_FIELDS.filter(([k]) => blank(r[k])).map(([, label]) => label);
      if (v.d.closedOn !== null && v.d.closedOn <= ctx.cp) {
        if (blank(r.repliedOn)) missing.push('答复时间');
        if (blank(r.result)) missing.push('答复结果');
      }
      if (missing.length > 0)
        failures.push({ ref: appRef(v.app), message: `登记簿缺少${missing.join('、')}。` });
    }
    return tally(failures, checked, cases.skipped, '收到的申请');
  },
});

const A12 = define({
  id: 'A12',
  area: 'applications',
  title: '复议、诉讼被纠正',
  description: '评估期内因政府信息公开被行政复议或行政诉讼纠正的案件数，每件扣分。',
  kind: 'deduct',
  points: 3,
  perOccurrence: 3,
  source: '[L-LC]',
  confidence: 'confirmed',
  run(ctx) {
    const list = section(ctx.input.litigation, '未提供行政复议、行政诉讼结果数据');
    if (isNa(list)) return list;
    const inWindow = list.filter((r) => inPeriod(r.decidedOn, ctx.from, ctx.to) && r.decidedOn <= ctx.cp);
    const failures = inWindow
      .filter((r) => r.result === 'corrected')
      .map<Failure>((r) => ({
        ref: {
          type: 'litigation',
          id: r.id,
          label: r.label ?? `${r.kind === 'review' ? '行政复议' : '行政诉讼'}${r.id}`,
        },
        message: `${cn(r.decidedOn)}${r.kind === 'review' ? '行政复议' : '行政诉讼'}结果为纠正。`,
        fixable: false,
      }));
    return { failures, checked: inWindow.length };
  },
});

// ---------------------------------------------------------------------------------------------------------
// 主动公开/目录 (§6.2)

type GuideField = readonly [keyof GuideInfo, string];

const ART12_FIELDS: readonly GuideField[] = [
  ['classification', '政府信息的分类'],
  ['arrangement', '编排体系'],
  ['obtainingMethod', '获取方式'],
  ['officeName', '工作机构名称'],
  ['officeAddress', '办公地址'],
  ['officeHours', '办公时间'],
  ['phone', '联系电话'],
  ['fax', '传真号码'],
  ['internetContact', '互联网联系方式'],
  ['onlineApplicationUrl', '在线申请入口'],
  ['postalAddress', '信函申请邮寄地址'],
  ['statesTimeLimits', '答复期限'],
  ['statesFees', '收费规定'],
  ['statesRemedies', '救济途径'],
];

const POSTAL_FIELDS: readonly GuideField[] = [
  ['postalAddress', '邮寄地址'],
  ['postcode', '邮政编码'],
  ['postalRecipient', '收件单位'],
];

function guideFields(g: GuideInfo, fields: readonly GuideField[]): string[] {
  return fields
    .filter(([k]) => {
      const v = g[k];
      return v === null || v === undefined || v === false || (typeof v === 'string' && v.trim() === '');
    })
    .map(([, label]) => label);
}

const P02 = define({
  id: 'P02',
  area: 'catalogue',
  title: '政府信息公开指南完整、及时更新',
  description:
    '指南载明条例第十二条的各项内容和申请程序（在线入口、邮寄地址、期限、收费、救济）；机构或联系方式变化后已更新，且12个月内更新过。',
  kind: 'score',
  points: 4,
  perOccurrence: 0,
  source: 'docs/domain/regulation.md#art-12 第十二条; [L-WL]; [L-YH]; 12个月 DERIVED',
  confidence: 'derived',
  unconfirmedNote: '“12个月内更新”是系统默认值，可配置。',
  fixEffort: 1,
  run(ctx) {
    const g = section(ctx.input.agency.guide, '未提供政府信息公开指南数据');
    if (isNa(g)) return g;
    const ref: RecordRef = { type: 'guide', id: 'guide', label: '政府信息公开指南' };
    const failures: Failure[] = guideFields(g, ART12_FIELDS).map((label) => ({
      ref: { ...ref, id: `guide:${label}` },
      message: `指南缺少“${label}”。`,
    }));
    const oldest = addCalendarDays(ctx.cp, -ctx.opts.guideMaxAgeDays);
    if (g.updatedOn === null || g.updatedOn < oldest) {
      failures.push({
        ref: { ...ref, id: 'guide:updated' },
        message: g.updatedOn
          ? `指南最近一次更新为${cn(g.updatedOn)}，已超过${ctx.opts.guideMaxAgeDays}天。`
          : '指南未记录更新日期。',
      });
    } else if (g.organisationChangedOn !== null && g.updatedOn < g.organisationChangedOn) {
      failures.push({
        ref: { ...ref, id: 'guide:updated' },
        message: `机构或联系方式于${cn(g.organisationChangedOn)}变更，指南尚未更新。`,
      });
    }
    return { failures, checked: ART12_FIELDS.length + 1 };
  },
});

function publishedBy(ctx: Ctx, i: CatalogueItem): boolean {
  return i.publishedOn !== null && i.publishedOn !== undefined && i.publishedOn <= ctx.cp;
}

function publishedInPeriod(ctx: Ctx, i: CatalogueItem): boolean {
  return inPeriod(i.publishedOn, ctx.from, ctx.to) && publishedBy(ctx, i);
}

/**
 * The outcome of an indicator that judges each catalogue item published in the period that `pick` selects:
 * `check` returns the item's failure, or null when it passes; `what` names the items when there are none.
 */
function eachPublishedItem(
  ctx: Ctx,
  pick: (i: CatalogueItem) => boolean,
  check: (i: CatalogueItem) => Failure | null,
  what: string,
): Outcome | Unassessable {
  const items = catalogue(ctx);
  if (isNa(items)) return items;
  const failures: Failure[] = [];
  let checked = 0;
  for (const i of items) {
    if (!pick(i) || !publishedInPeriod(ctx, i)) continue;
    checked++;
    const failure = check(i);
    if (failure !== null) failures.push(failure);
  }
  return tally(failures, checked, [], what);
}

const P03 = define({
  id: 'P03',
  area: 'catalogue',
  title: '目录元数据完整',
  description:
    '评估期内发布的每条信息都有索引号、名称、内容概述、生成日期、发布机构、主题分类；公文类（规范性文件、政策文件）还有文号和有效性。',
  kind: 'deduct',
  points: 4,
  perOccurrence: 1,
  source: 'docs/domain/catalogue.md#index-number; [L-LC]（−1/条）',
  confidence: 'confirmed',
  run(ctx) {
    return eachPublishedItem(
      ctx,
      () => true,
      (i) => {
        const m: string[] = [];
        if (blank(i.indexNo)) m.push('索引号');
        if (blank(i.title)) m.push('名称');
        if (blank(i.summary)) m.push('内容概述');
        if (!i.formedOn) m.push('生成日期');
        if (blank(i.publisher)) m.push('发布机构');
        if (blank(i.topic)) m.push('主题分类');
        if (i.isNormativeDoc || i.isPolicyDoc) {
          if (blank(i.docNumber)) m.push('文号');
          if (!i.validity) m.push('有效性');
        }
        return m.length > 0 ? { ref: itemRef(i), message: `目录信息缺少${m.join('、')}。` } : null;
      },
      '发布的信息',
    );
  },
});

/** The Art. 26 publication deadline of an item. */
export function publishDue(cal: Calendar, i: CatalogueItem): IsoDate | null {
  const formed = i.formedOrChangedOn ?? i.formedOn;
  if (!formed) return null;
  return addWorkingDays(cal, formed, i.publishWithinWorkingDays ?? PUBLISH_WORKING_DAYS).date;
}

const P04 = define({
  id: 'P04',
  area: 'catalogue',
  title: '按时公开，不超期、不提前',
  description:
    '自信息形成或者变更之日起20个工作日内公开（法律、法规另有规定的从其规定）；不得在文件印发前提前公开。',
  kind: 'deduct',
  points: 5,
  perOccurrence: 1,
  source: 'docs/domain/regulation.md#art-26 第二十六条; [L-LC]（提前或超期公开 −5/条）',
  confidence: 'confirmed',
  run(ctx) {
    const items = catalogue(ctx);
    if (isNa(items)) return items;
    const failures: Failure[] = [];
    const skipped: Failure[] = [];
    let checked = 0;
    for (const i of items) {
      const pubInPeriod = publishedInPeriod(ctx, i);
      const formed = i.formedOrChangedOn ?? i.formedOn;
      if (!formed) {
        if (pubInPeriod)
          skipped.push({ ref: itemRef(i), message: '缺少生成（形成或变更）日期，无法判断是否按时公开。' });
        continue;
      }
      const due = publishDue(ctx.cal, i) as IsoDate;
      const dec = decisionOf(ctx, i.publishedOn ?? null, due);
      if (!dec.judged && !pubInPeriod) continue;
      const published = publishedBy(ctx, i) ? (i.publishedOn as IsoDate) : null;
      const p: string[] = [];
      if (dec.judged && dec.late) {
        p.push(
          dec.done === null
            ? `应于${cn(due)}前公开，至${cn(ctx.cp)}仍未公开`
            : `${cn(formed)}形成，应于${cn(due)}前公开，${cn(dec.done)}才公开，超期`,
        );
      }
      const released = i.releasedOn ?? i.formedOn;
      if (pubInPeriod && released && published !== null && published < released) {
        p.push(`${cn(released)}印发，${cn(published)}即已公开，提前公开`);
      }
      checked++;
      if (p.length > 0) failures.push({ ref: itemRef(i), message: `${p.join('；')}。`, fixable: false });
    }
    return {
      failures,
      checked,
      skipped,
      ...(checked === 0 && skipped.length === 0 ? { reason: nothingToCheck('应公开或已公开的信息') } : {}),
    };
  },
});

const P07 = define({
  id: 'P07',
  area: 'catalogue',
  title: '目录与网站一致（无“两张皮”）',
  description: '每条目录信息都出现在对应栏目，且元数据一致。',
  kind: 'score',
  points: 3,
  perOccurrence: 0,
  source: '[E-TOC15]',
  confidence: 'confirmed',
  fixEffort: 1,
  run(ctx) {
    const items = catalogue(ctx);
    if (isNa(items)) return items;
    const failures: Failure[] = [];
    let checked = 0;
    for (const i of items) {
      if (!publishedBy(ctx, i) || i.matchesSite === null || i.matchesSite === undefined) continue;
      checked++;
      if (!i.matchesSite)
        failures.push({ ref: itemRef(i), message: '目录信息与网站栏目中的信息不一致或缺失。' });
    }
    if (checked === 0) return na('尚未比对目录与网站栏目（没有比对结果）。');
    return { failures, checked };
  },
});

const P09 = defineManual({
  id: 'P09',
  area: 'catalogue',
  title: '公开文件本身而非新闻报道',
  description: '第二十条各类事项（如行政处罚结果）发生时，公开的是文件本身，而不只是一条动态新闻。',
  points: 2,
  source: '[E-2017N]',
  confidence: 'confirmed',
  how: '抽查第二十条各类事项，确认公开了文件而非仅有动态报道，并录入核验结果。',
});

// ---------------------------------------------------------------------------------------------------------
// 平台与栏目

/** The four standard first-level columns of the 专栏 (docs/domain/catalogue.md#platform; exact mandate UNCONFIRMED). */
export const REQUIRED_COLUMNS: readonly { kind: PortalColumn['kind']; title: string }[] = [
  { kind: 'guide', title: '政府信息公开指南' },
  { kind: 'rules', title: '政府信息公开制度' },
  { kind: 'statutory', title: '法定主动公开内容' },
  { kind: 'annualReport', title: '政府信息公开年报' },
];

const P01 = define({
  id: 'P01',
  area: 'platform',
  title: '专栏结构完整',
  description:
    '一级栏目包括政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报，且均有内容。',
  kind: 'veto',
  points: 3,
  perOccurrence: 0,
  source: 'docs/domain/catalogue.md#platform（61号，四个栏目 UNCONFIRMED）; [E-TOC15]',
  confidence: 'partial',
  unconfirmedNote: '61号文是否恰好要求这四个一级栏目尚未核实。',
  fixEffort: 2,
  run(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const failures: Failure[] = [];
    for (const req of REQUIRED_COLUMNS) {
      const found = cols.filter((c) => c.level === 1 && (c.kind === req.kind || c.title === req.title));
      if (found.length === 0) {
        failures.push({
          ref: { type: 'column', id: `missing:${req.kind}`, label: `“${req.title}”栏目` },
          message: `专栏缺少一级栏目“${req.title}”。`,
        });
      } else if (found.every((c) => c.itemCount === 0)) {
        failures.push({
          ref: columnRef(found[0] as PortalColumn),
          message: `一级栏目“${req.title}”没有内容。`,
        });
      }
    }
    return { failures, checked: REQUIRED_COLUMNS.length };
  },
});

/** The last day a column may go without a new item, or null when it need not be updated. */
export function freshUntil(c: PortalColumn): IsoDate | null {
  if (c.lastItemOn === null) return null;
  if (c.expectedUpdateDays !== null && c.expectedUpdateDays !== undefined)
    return addCalendarDays(c.lastItemOn, c.expectedUpdateDays);
  switch (c.kind) {
    case 'dynamic':
      return addCalendarDays(c.lastItemOn, DYNAMIC_COLUMN_DAYS);
    case 'notice':
    case 'policy':
    case 'normative':
      return addMonths(c.lastItemOn, SLOW_COLUMN_MONTHS);
    default:
      return null;
  }
}

function needsUpdates(c: PortalColumn): boolean {
  return (
    (c.expectedUpdateDays !== null && c.expectedUpdateDays !== undefined) ||
    c.kind === 'dynamic' ||
    c.kind === 'notice' ||
    c.kind === 'policy' ||
    c.kind === 'normative'
  );
}

/** Stale and blank columns at the check point. */
function columnProblems(ctx: Ctx, cols: readonly PortalColumn[]): { stale: Failure[]; blank: Failure[] } {
  const stale: Failure[] = [];
  const blankCols: Failure[] = [];
  for (const c of cols) {
    if (c.itemCount === 0) {
      blankCols.push({ ref: columnRef(c), message: '空白栏目，没有任何内容。' });
      continue;
    }
    if (!needsUpdates(c)) continue;
    const until = freshUntil(c);
    if (until === null) {
      stale.push({ ref: columnRef(c), message: '栏目信息均未注明发布日期，视为不更新。' });
    } else if (ctx.cp > until) {
      stale.push({
        ref: columnRef(c),
        message: `最近一次更新为${cn(c.lastItemOn as IsoDate)}，应在${cn(until)}前更新，至${cn(ctx.cp)}未更新。`,
      });
    }
  }
  return { stale, blank: blankCols };
}

const P05 = define({
  id: 'P05',
  area: 'platform',
  title: '栏目不更新、空白栏目（否决）',
  description: `检查点有${STALE_COLUMNS_VETO}个以上栏目超期未更新（动态类2周、通知公告和政策文件类6个月），或${BLANK_COLUMNS_VETO}个以上空白栏目。`,
  kind: 'veto',
  points: 4,
  perOccurrence: 0,
  source: '[W-2015a]; [W-NN]; 2019年阈值 RECOLLECTION',
  confidence: 'recollection',
  unconfirmedNote: '阈值出自2015年普查评分表；19号文沿用的具体阈值来自回忆，待核实。',
  run(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const { stale, blank: blanks } = columnProblems(ctx, cols);
    const veto = stale.length >= STALE_COLUMNS_VETO || blanks.length >= BLANK_COLUMNS_VETO;
    if (!veto) {
      const note =
        stale.length + blanks.length > 0
          ? `${stale.length}个栏目超期未更新、${blanks.length}个空白栏目，未达到否决标准（见P05a）。`
          : undefined;
      return { failures: [], checked: cols.length, ...(note ? { reason: note } : {}) };
    }
    return { failures: [...stale, ...blanks], checked: cols.length, status: 'fail' };
  },
});

const P05a = define({
  id: 'P05a',
  area: 'platform',
  title: '栏目及时更新、无空白栏目',
  description: '每个超期未更新的栏目、每个空白栏目各扣分（动态类2周、通知公告和政策文件类6个月）。',
  kind: 'deduct',
  points: 4,
  perOccurrence: 1,
  source: '[L-YH]（杜绝空白栏目）; [W-2015a]',
  confidence: 'confirmed',
  run(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const { stale, blank: blanks } = columnProblems(ctx, cols);
    return { failures: [...stale, ...blanks], checked: cols.length };
  },
});

const P05b = define({
  id: 'P05b',
  area: 'platform',
  title: '政策文件类一级栏目6个月内有更新',
  description: '监测时间点前6个月内，政策文件类一级栏目有更新。',
  kind: 'deduct',
  points: 5,
  perOccurrence: 5,
  source: '[W-SELF]（扣5分）',
  confidence: 'partial',
  unconfirmedNote: '出自依19号文的自查表，国家指标原文未能完整读取。',
  run(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const policy = cols.filter((c) => c.level === 1 && c.kind === 'policy');
    if (policy.length === 0) return na('未找到政策文件类一级栏目（请在栏目设置中标明栏目类型）。');
    const failures: Failure[] = [];
    for (const c of policy) {
      const until = c.lastItemOn === null ? null : addMonths(c.lastItemOn, SLOW_COLUMN_MONTHS);
      if (until === null || ctx.cp > until) {
        failures.push({
          ref: columnRef(c),
          message: c.lastItemOn
            ? `最近一次更新为${cn(c.lastItemOn)}，6个月内未更新。`
            : '没有注明日期的信息，视为未更新。',
        });
      }
    }
    return { failures, checked: policy.length };
  },
});

const P06 = defineManual({
  id: 'P06',
  area: 'platform',
  title: '站内搜索有效',
  description: '随机抽取已发布信息，按标题和文号搜索，目标信息排在前3位的比例不低于99%。',
  points: 2,
  source: '[E-TOC15]; [W-SELF]; 测试方法 DERIVED',
  confidence: 'derived',
  unconfirmedNote: '抽样测试方法为系统设计，非评估机构规则。',
  how: '运行站内搜索抽样测试并录入结果。',
});

const P08 = define({
  id: 'P08',
  area: 'platform',
  title: '链接和附件有效',
  description: '已发布页面无失效链接，附件可下载；规范性文件同时提供WORD和PDF版本。',
  kind: 'deduct',
  points: 3,
  perOccurrence: 1,
  source: '[W-NN]（链接可用性）; [L-JZ]',
  confidence: 'confirmed',
  fixEffort: 1,
  run(ctx) {
    const items = catalogue(ctx);
    if (isNa(items)) return items;
    const failures: Failure[] = [];
    let checked = 0;
    for (const i of items) {
      if (!publishedBy(ctx, i)) continue;
      const linksKnown = i.brokenLinks !== null && i.brokenLinks !== undefined;
      const downloadsKnown = i.isNormativeDoc && i.downloads !== null && i.downloads !== undefined;
      if (!linksKnown && !downloadsKnown) continue;
      checked++;
      const p: string[] = [];
      if (linksKnown && (i.brokenLinks as number) > 0) p.push(`${i.brokenLinks}个链接或附件失效`);
      if (downloadsKnown) {
        const d = i.downloads as readonly string[];
        const lack = [d.includes('word') ? null : 'WORD', d.includes('pdf') ? null : 'PDF'].filter(Boolean);
        if (lack.length > 0) p.push(`规范性文件未提供${lack.join('、')}版本下载`);
      }
      if (p.length > 0) failures.push({ ref: itemRef(i), message: `${p.join('；')}。` });
    }
    if (checked === 0) return na('尚未运行链接检查，也没有下载版本记录。');
    return { failures, checked };
  },
});

const P10 = defineManual({
  id: 'P10',
  area: 'platform',
  title: '咨询电话畅通',
  description: '定期拨打指南公布的咨询电话，能够接通并答复。',
  points: 2,
  source: '[E-TOC15]（咨询电话畅通性）',
  confidence: 'confirmed',
  how: '定期拨打咨询电话测试并录入结果。',
});

const W05 = defineManual({
  id: 'W05',
  area: 'platform',
  title: '无严重表述错误',
  description: '发布前对领导姓名、职务等作词典核对，无严重错别字、虚假或违规内容。',
  points: 3,
  source: '[W-2015a]',
  confidence: 'confirmed',
  how: '录入发布前审核（领导姓名职务核对、禁用内容检查）的核验结果。',
});

const W07 = defineManual({
  id: 'W07',
  area: 'platform',
  title: '网站可访问',
  description: '外部监测每天至少20次、超时15秒，每周访问失败率低于5%。',
  points: 3,
  source: '[W-2015a]',
  confidence: 'confirmed',
  how: '录入外部可用性监测的结果。',
});

// ---------------------------------------------------------------------------------------------------------
// 规范性文件与解读 (§6.3, W06)

function normativePublishedBy(ctx: Ctx, items: readonly CatalogueItem[]): CatalogueItem[] {
  return items.filter((i) => i.isNormativeDoc && publishedBy(ctx, i));
}

const N01 = define({
  id: 'N01',
  area: 'normative',
  title: '规范性文件集中公开、现行有效库',
  description: '每件现行有效的规范性文件都列入规范性文件栏目（现行有效库）。',
  kind: 'score',
  points: 3,
  perOccurrence: 0,
  source: '[N-REG]; [L-JZ]; [E-TOC15]',
  confidence: 'confirmed',
  fixEffort: 1,
  run(ctx) {
    const items = catalogue(ctx);
    if (isNa(items)) return items;
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const library = new Set(cols.filter((c) => c.kind === 'normative').map((c) => c.key));
    const docs = normativePublishedBy(ctx, items).filter((i) => i.validity === '有效' || !i.validity);
    if (library.size === 0) {
      if (docs.length === 0)
        return { failures: [], checked: 0, reason: nothingToCheck('现行有效的规范性文件') };
      return na('未设置规范性文件栏目（请在栏目设置中将其类型标为“规范性文件”）。');
    }
    const failures = docs
      .filter((i) => !i.columnKey || !library.has(i.columnKey))
      .map<Failure>((i) => ({ ref: itemRef(i), message: '现行有效的规范性文件未列入规范性文件栏目。' }));
    return { failures, checked: docs.length };
  },
});

const N02 = define({
  id: 'N02',
  area: 'normative',
  title: '规范性文件标注有效性',
  description:
    '每件规范性文件都标注有效性（有效、失效、废止、已修改）；被新文件废止或修改的，原文件标注已更新；有效期届满的不再标为有效。',
  kind: 'veto',
  points: 4,
  perOccurrence: 0,
  source: 'docs/domain/catalogue.md#platform（47号）; [E-TOC15]; [L-JZ]',
  confidence: 'confirmed',
  fixEffort: 1,
  run(ctx) {
    const items = catalogue(ctx);
    if (isNa(items)) return items;
    const docs = normativePublishedBy(ctx, items);
    const marks = new Set<string>(VALIDITY_MARKS);
    const repealedBy = new Map<string, CatalogueItem>();
    for (const i of items) {
      if (!publishedBy(ctx, i)) continue;
      for (const r of i.repeals ?? []) repealedBy.set(r, i);
    }
    const failures: Failure[] = [];
    for (const i of docs) {
      if (!i.validity || !marks.has(i.validity)) {
        failures.push({ ref: itemRef(i), message: '未标注有效性。' });
        continue;
      }
      const by = repealedBy.get(i.id);
      if (by && i.validity === '有效') {
        failures.push({
          ref: itemRef(i),
          message: `已被${itemRef(by).label}（${cn(by.publishedOn as IsoDate)}发布）废止或修改，仍标注为“有效”。`,
        });
      } else if (i.validUntil && i.validUntil < ctx.cp && i.validity === '有效') {
        failures.push({ ref: itemRef(i), message: `有效期至${cn(i.validUntil)}，已届满，仍标注为“有效”。` });
      }
    }
    return {
      failures,
      checked: docs.length,
      ...(docs.length === 0 ? { reason: nothingToCheck('已发布的规范性文件') } : {}),
    };
  },
});

function interpretationProblems(ctx: Ctx, i: CatalogueItem): { problems: string[]; fixable: boolean } {
  const list = i.interpretations ?? [];
  const published = list.filter((x) => x.publishedOn && x.publishedOn <= ctx.cp);
  if (published.length === 0) return { problems: ['没有发布配套解读'], fixable: false };
  const latestOk = addCalendarDays(i.publishedOn as IsoDate, ctx.opts.interpretationLagDays);
  const problems: string[] = [];
  let fixable = true;
  const timely = published.filter((x) => (x.publishedOn as IsoDate) <= latestOk);
  if (timely.length === 0) {
    const first = published.map((x) => x.publishedOn as IsoDate).sort()[0] as IsoDate;
    problems.push(
      ctx.opts.interpretationLagDays === 0
        ? `解读${cn(first)}发布，未与文件（${cn(i.publishedOn as IsoDate)}）同步发布`
        : `解读${cn(first)}发布，晚于文件发布${ctx.opts.interpretationLagDays}天以上`,
    );
    fixable = false;
  }
  if (published.every((x) => x.linksBack !== true)) problems.push('解读与文件未相互链接');
  return { problems, fixable };
}

function interpretationIndicator(
  ctx: Ctx,
  pick: (i: CatalogueItem) => boolean,
  what: string,
): Outcome | Unassessable {
  return eachPublishedItem(
    ctx,
    pick,
    (i) => {
      const { problems, fixable } = interpretationProblems(ctx, i);
      return problems.length > 0 ? { ref: itemRef(i), message: `${problems.join('；')}。`, fixable } : null;
    },
    what,
  );
}

const N03 = define({
  id: 'N03',
  area: 'normative',
  title: '规范性文件解读同步发布、相互链接',
  description: '评估期内发布的每件规范性文件都有解读，解读与文件同步发布（默认当天，可配置），并相互链接。',
  kind: 'deduct',
  points: 4,
  perOccurrence: 1,
  source: '[L-JZ]（一一对应、链通）; [W-LN]（同步发布）; [W-SELF]',
  confidence: 'confirmed',
  run: (ctx) => interpretationIndicator(ctx, (i) => i.isNormativeDoc, '发布的规范性文件'),
});

const N04 = define({
  id: 'N04',
  area: 'normative',
  title: '规范性文件元数据',
  description: '规范性文件有文号、成文日期、发布时间、有效性、关键词、发布机关、信息分类、索引号、主题分类。',
  kind: 'deduct',
  points: 3,
  perOccurrence: 1,
  source: '[L-JZ]',
  confidence: 'confirmed',
  run(ctx) {
    return eachPublishedItem(
      ctx,
      (i) => i.isNormativeDoc,
      (i) => {
        const m: string[] = [];
        if (blank(i.docNumber)) m.push('文号');
        if (!i.formedOn) m.push('成文日期');
        if (!i.validity) m.push('有效性');
        if ((i.keywords?.filter((k) => k.trim() !== '').length ?? 0) === 0) m.push('关键词');
        if (blank(i.publisher)) m.push('发布机关');
        if (blank(i.category)) m.push('信息分类');
        if (blank(i.indexNo)) m.push('索引号');
        if (blank(i.topic)) m.push('主题分类');
        return m.length > 0 ? { ref: itemRef(i), message: `规范性文件缺少${m.join('、')}。` } : null;
      },
      '发布的规范性文件',
    );
  },
});

const N05 = define({
  id: 'N05',
  area: 'normative',
  title: '备案情况按季度公开',
  description: `每个季度公开规范性文件备案目录（季度结束后${FILING_GRACE_DAYS}天内）。`,
  kind: 'score',
  points: 2,
  perOccurrence: 0,
  source: '[L-JZ]; [E-TOC15]（备案审查）; 宽限期 DERIVED',
  confidence: 'derived',
  unconfirmedNote: '季度结束后的宽限天数为系统默认值；清理结果未计入。',
  run(ctx) {
    const items = catalogue(ctx);
    if (isNa(items)) return items;
    // `special` absent on every item: the catalogue does not mark 备案目录 at all (not the same as none).
    if (items.every((i) => i.special === undefined))
      return na('目录未标记规范性文件备案目录，无法判断是否按季度公开。');
    const filings = items.filter((i) => i.special === 'filing' && publishedBy(ctx, i));
    const due = quartersIn(ctx.input.period).filter((q) => {
      const d = addCalendarDays(q.to, FILING_GRACE_DAYS);
      return inPeriod(d, ctx.from, ctx.to) && d <= ctx.cp;
    });
    if (due.length === 0) return na('评估期内没有到期应公开备案目录的季度。');
    const failures: Failure[] = [];
    for (const q of due) {
      const last = addCalendarDays(q.to, FILING_GRACE_DAYS);
      if (!filings.some((f) => (f.publishedOn as IsoDate) >= q.from && (f.publishedOn as IsoDate) <= last)) {
        const label = `${q.from.slice(0, 4)}年第${Math.floor((Number(q.from.slice(5, 7)) - 1) / 3) + 1}季度`;
        failures.push({
          ref: { type: 'item', id: `filing:${q.from}`, label: `${label}备案目录` },
          message: `${label}的规范性文件备案目录未在${cn(last)}前公开。`,
          fixable: false,
        });
      }
    }
    return { failures, checked: due.length };
  },
});

const W06 = define({
  id: 'W06',
  area: 'normative',
  title: '政策文件配发解读',
  description: '评估期内发布的其他政策文件（规范性文件见N03）都有同步发布、相互链接的解读。',
  kind: 'deduct',
  points: 3,
  perOccurrence: 1,
  source: '[W-SELF]',
  confidence: 'partial',
  unconfirmedNote: '出自依19号文的自查表，国家指标的扣分标准未能完整读取。',
  run: (ctx) =>
    interpretationIndicator(ctx, (i) => i.isPolicyDoc === true && !i.isNormativeDoc, '发布的政策文件'),
});

// ---------------------------------------------------------------------------------------------------------
// 年度报告 (§6.4)

/** Reports published in the period (by the check point): the ones R02–R08 judge. */
function publishedReports(ctx: Ctx): AnnualReportRecord[] | Unassessable {
  const list = reports(ctx);
  if (isNa(list)) return list;
  const published = list.filter(
    (r) => inPeriod(r.publishedOn, ctx.from, ctx.to) && (r.publishedOn as IsoDate) <= ctx.cp,
  );
  if (published.length === 0) return na('评估期内没有发布年度报告（是否按时发布见R01）。');
  return published;
}

const R01 = define({
  id: 'R01',
  area: 'annualReport',
  title: '年度报告按时发布',
  description: '年度报告在规定期限前（部门1月31日、政府3月31日，街道按本地规定）向社会公布。',
  kind: 'veto',
  points: 5,
  perOccurrence: 0,
  source: 'docs/domain/regulation.md#art-49 第四十九条; [E-AR11b]; [L-LC]; [L-YH]',
  confidence: 'confirmed',
  run(ctx) {
    const list = reports(ctx);
    if (isNa(list)) return list;
    const failures: Failure[] = [];
    let checked = 0;
    for (const r of list) {
      const dec = decisionOf(ctx, r.publishedOn, r.dueOn);
      if (!dec.judged) continue;
      checked++;
      if (!dec.late) continue;
      failures.push({
        ref: reportRef(r),
        message:
          dec.done === null
            ? `应于${cn(r.dueOn)}前发布，至${cn(ctx.cp)}仍未发布。`
            : `应于${cn(r.dueOn)}前发布，${cn(dec.done)}才发布。`,
        fixable: false,
      });
    }
    if (checked === 0) return na('评估期内没有到期或发布的年度报告。');
    return { failures, checked };
  },
});

const R02 = define({
  id: 'R02',
  area: 'annualReport',
  title: '一份规范文本，修改留痕',
  description: '年报专栏中只有一个版本，发布后的修改都有公开的修订说明。',
  kind: 'deduct',
  points: 2,
  perOccurrence: 1,
  source: '[E-AR16]（二）（三）（四）（六）; [E-AR11b]',
  confidence: 'confirmed',
  fixEffort: 2,
  run(ctx) {
    const list = publishedReports(ctx);
    if (isNa(list)) return list;
    const failures: Failure[] = [];
    let checked = 0;
    for (const r of list) {
      const copiesKnown = r.copies !== null && r.copies !== undefined;
      const editsKnown = r.silentEdits !== null && r.silentEdits !== undefined;
      if (!copiesKnown && !editsKnown) continue;
      checked++;
      if (copiesKnown && (r.copies as number) > 1)
        failures.push({ ref: reportRef(r), message: `发现${r.copies}个内容不一致的版本。` });
      if (editsKnown && (r.silentEdits as number) > 0)
        failures.push({ ref: reportRef(r), message: `发布后有${r.silentEdits}处修改未公开修订说明。` });
    }
    if (checked === 0) return na('尚未检查年度报告的版本和修改记录。');
    return { failures, checked };
  },
});

function normalizeHeading(s: string): string {
  return s.replace(/\s+/g, '');
}

const R03 = define({
  id: 'R03',
  area: 'annualReport',
  title: '使用当年的全国统一格式',
  description: '年报按该年度适用的统一格式（2019或2021格式）编写，一至六部分标题和表格齐全。',
  kind: 'veto',
  points: 4,
  perOccurrence: 0,
  source: 'docs/domain/report-formats.md#sections; [L-LC]（未按要素 −5）; [E-AR16]',
  confidence: 'confirmed',
  fixEffort: 8,
  run(ctx) {
    const list = publishedReports(ctx);
    if (isNa(list)) return list;
    const failures: Failure[] = [];
    const skipped: Failure[] = [];
    let checked = 0;
    for (const r of list) {
      if (r.formatUsed === null) {
        skipped.push({ ref: reportRef(r), message: '未记录年报所用格式。' });
        continue;
      }
      checked++;
      const expected = FORMATS[r.formatExpected];
      const p: string[] = [];
      if (r.formatUsed !== r.formatExpected)
        p.push(`应使用${expected.issuedBy}格式，实际使用${FORMATS[r.formatUsed].issuedBy}格式`);
      if (r.sectionHeadings) {
        const have = new Set(r.sectionHeadings.map(normalizeHeading));
        const lack = expected.sections.filter((s) => !have.has(normalizeHeading(s)));
        if (lack.length > 0) p.push(`缺少“${lack.join('”“')}”部分`);
      }
      const layout = isMissing(r.findings)
        ? []
        : (r.findings as readonly Finding[]).filter((f) => f.rule === 'LAYOUT' && f.severity === 'error');
      if (layout.length > 0) p.push(`表格版式不符：${layout[0]?.message ?? ''}`);
      if (p.length > 0) failures.push({ ref: reportRef(r), message: `${p.join('；')}。` });
    }
    return { failures, checked, skipped };
  },
});

const R04 = define({
  id: 'R04',
  area: 'annualReport',
  title: '年报数据勾稽无误',
  description: '检查器对已发布年报的勾稽规则（R1–R6、X1–X3）和正文与表格一致性检查没有错误。',
  kind: 'veto',
  points: 4,
  perOccurrence: 0,
  source: 'docs/domain/report-formats.md#rules; research/checker-anchors.md; 评估机构采用 RECOLLECTION',
  confidence: 'recollection',
  unconfirmedNote: '评估机构检查勾稽关系一事来自回忆；规则本身见docs/domain/report-formats.md#rules。',
  run(ctx) {
    const list = publishedReports(ctx);
    if (isNa(list)) return list;
    const failures: Failure[] = [];
    const skipped: Failure[] = [];
    let checked = 0;
    for (const r of list) {
      if (isMissing(r.findings)) {
        skipped.push({ ref: reportRef(r), message: missingReason(r.findings, '尚未用检查器检查该年报。') });
        continue;
      }
      checked++;
      for (const f of r.findings as readonly Finding[]) {
        if (f.severity !== 'error' || f.rule === 'LAYOUT') continue;
        const where = [f.table, f.row, f.column].filter((x) => x !== null).join(' / ');
        failures.push({
          ref: { type: 'report-cell', id: `${r.year}:${f.id}`, label: `${r.year}年度报告 ${where}` },
          message: `${f.rule}：${f.message}`,
        });
      }
    }
    return { failures, checked, skipped };
  },
});

/** Key of a table cell for `explainedCells`: `applications:granted:total`, `review:3`, `proactive:fees.amountWanYuan`. */
export function cellKey(
  table: 'applications' | 'review' | 'proactive',
  row: string,
  column?: string,
): string {
  return column === undefined ? `${table}:${row}` : `${table}:${row}:${column}`;
}

const REVIEW_LABELS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] as const;
const REVIEW_GROUPS = ['行政复议', '未经复议直接起诉', '复议后起诉'] as const;

/** Cells where the published tables differ from the recount. */
export function tableDifferences(
  published: ReportTables,
  recounted: ReportTables,
): { key: string; label: string; published: unknown; recounted: unknown }[] {
  const out: { key: string; label: string; published: unknown; recounted: unknown }[] = [];
  const rows = new Set([...Object.keys(published.applications), ...Object.keys(recounted.applications)]);
  for (const row of rows) {
    const a = published.applications[row as keyof ReportTables['applications']];
    const b = recounted.applications[row as keyof ReportTables['applications']];
    APPLICANT_COLUMN_KEYS.forEach((col, idx) => {
      const x = a?.[idx] ?? null;
      const y = b?.[idx] ?? null;
      if ((x ?? 0) !== (y ?? 0))
        out.push({
          key: cellKey('applications', row, col),
          label: `表三 ${row} ${col}`,
          published: x,
          recounted: y,
        });
    });
  }
  for (let i = 0; i < Math.max(published.review.length, recounted.review.length); i++) {
    const x = published.review[i] ?? null;
    const y = recounted.review[i] ?? null;
    if ((x ?? 0) !== (y ?? 0)) {
      const label = `表四 ${REVIEW_GROUPS[Math.floor(i / 5)] ?? ''} ${REVIEW_LABELS[i % 5] ?? ''}`;
      out.push({ key: cellKey('review', String(i)), label, published: x, recounted: y });
    }
  }
  const keys = new Set([...Object.keys(published.proactive), ...Object.keys(recounted.proactive)]);
  for (const k of keys) {
    const x = published.proactive[k] ?? null;
    const y = recounted.proactive[k] ?? null;
    if (typeof x === 'string' || typeof y === 'string') {
      if ((x ?? '') !== (y ?? ''))
        out.push({ key: cellKey('proactive', k), label: `表二 ${k}`, published: x, recounted: y });
    } else if ((x ?? 0) !== (y ?? 0)) {
      out.push({ key: cellKey('proactive', k), label: `表二 ${k}`, published: x, recounted: y });
    }
  }
  return out;
}

const R05 = define({
  id: 'R05',
  area: 'annualReport',
  title: '年报数据与台账一致',
  description:
    '表三按申请登记簿重新统计、表二按目录重新统计、表四按复议诉讼记录重新统计，与公布的数字一致；差异须有说明。',
  kind: 'veto',
  points: 4,
  perOccurrence: 0,
  source: 'DERIVED（种子年报表三错误，test/fixtures/reports/00.txt）',
  confidence: 'derived',
  unconfirmedNote: '本项为系统设计的自查项，不是评估机构的规则。',
  run(ctx) {
    const list = publishedReports(ctx);
    if (isNa(list)) return list;
    const failures: Failure[] = [];
    const skipped: Failure[] = [];
    let checked = 0;
    for (const r of list) {
      if (isMissing(r.tables) || isMissing(r.recountedTables)) {
        skipped.push({
          ref: reportRef(r),
          message: isMissing(r.tables)
            ? missingReason(r.tables, '未提供已公布的年报表格。')
            : missingReason(r.recountedTables, '未能按台账重新统计年报表格。'),
        });
        continue;
      }
      checked++;
      const explained = new Set(r.explainedCells ?? []);
      for (const d of tableDifferences(r.tables as ReportTables, r.recountedTables as ReportTables)) {
        if (explained.has(d.key)) continue;
        failures.push({
          ref: { type: 'report-cell', id: `${r.year}:${d.key}`, label: `${r.year}年度报告 ${d.label}` },
          message: `公布为${d.published ?? '空'}，按台账统计为${d.recounted ?? '空'}，差异没有说明。`,
        });
      }
    }
    return { failures, checked, skipped };
  },
});

/** Section-by-section similarity of a report to the previous year's, 0…1. */
export function sectionSimilarities(
  current: Readonly<Record<string, string>>,
  previous: Readonly<Record<string, string>>,
): { key: string; similarity: number }[] {
  return Object.keys(current)
    .filter((k) => previous[k] !== undefined && (current[k] ?? '').trim() !== '')
    .map((k) => ({ key: k, similarity: textSimilarity(current[k] ?? '', previous[k] ?? '') }));
}

const R06 = define({
  id: 'R06',
  area: 'annualReport',
  title: '年报不雷同',
  description: '年报各部分正文与上一年度相比的相似度（字符二元组Jaccard）不超过阈值（默认50%）。',
  kind: 'deduct',
  points: 5,
  perOccurrence: 5,
  source: '[E-2017N]（重复率达90%）; [L-LC]（雷同 −5）; [E-AR10]; 阈值 UNCONFIRMED',
  confidence: 'derived',
  unconfirmedNote: '相似度阈值未见评估机构公布，默认50%，可配置。',
  run(ctx) {
    const list = publishedReports(ctx);
    if (isNa(list)) return list;
    const failures: Failure[] = [];
    const skipped: Failure[] = [];
    const metrics: Record<string, number> = {};
    let checked = 0;
    const threshold = ctx.opts.similarityThreshold;
    for (const r of list) {
      if (isMissing(r.sections) || isMissing(r.previousSections)) {
        skipped.push({
          ref: reportRef(r),
          message: isMissing(r.sections)
            ? missingReason(r.sections, '未提供年报正文。')
            : missingReason(r.previousSections, '未提供上一年度年报正文。'),
        });
        continue;
      }
      const sims = sectionSimilarities(
        r.sections as Readonly<Record<string, string>>,
        r.previousSections as Readonly<Record<string, string>>,
      );
      for (const s of sims) {
        checked++;
        metrics[`similarity.${r.year}.${s.key}`] = percent(s.similarity);
        if (s.similarity > threshold) {
          failures.push({
            ref: { type: 'report', id: `${r.year}:${s.key}`, label: `${r.year}年度报告 第${s.key}部分` },
            message: `与上一年度报告相似度${percent(s.similarity)}%，超过${percent(threshold)}%。`,
            fixable: false,
          });
        }
      }
    }
    if (checked === 0 && skipped.length === 0) return na('年报正文与上一年度没有可比较的部分。');
    return { failures, checked, skipped, metrics };
  },
});

const R07 = define({
  id: 'R07',
  area: 'annualReport',
  title: '问题及改进情况具体',
  description: `“五、存在的主要问题及改进情况”不少于${MIN_PROBLEMS_SECTION_CHARS}字、不照抄上年，并回应上一年度的改进措施。`,
  kind: 'score',
  points: 3,
  perOccurrence: 0,
  source: '[E-AR16]（内容不翔实）; [E-AR-Q]; 判断方法 DERIVED',
  confidence: 'derived',
  unconfirmedNote: '字数、相似度和“回应上年”的判断方法为系统设计。',
  run(ctx) {
    const list = publishedReports(ctx);
    if (isNa(list)) return list;
    const failures: Failure[] = [];
    const skipped: Failure[] = [];
    let checked = 0;
    for (const r of list) {
      if (isMissing(r.sections)) {
        skipped.push({ ref: reportRef(r), message: missingReason(r.sections, '未提供年报正文。') });
        continue;
      }
      const text = (r.sections as Readonly<Record<string, string>>)[PROBLEMS_SECTION] ?? '';
      const ref: RecordRef = { type: 'report', id: `${r.year}:五`, label: `${r.year}年度报告 第五部分` };
      const length = Array.from(text.replace(/\s+/g, '')).length;
      checked++;
      if (length < MIN_PROBLEMS_SECTION_CHARS)
        failures.push({
          ref,
          message: `只有${length}字，不足${MIN_PROBLEMS_SECTION_CHARS}字。`,
          fixable: false,
        });
      checked++;
      if (!/上年|上一年|去年|上年度/.test(text) && !text.includes(`${r.year - 1}年`))
        failures.push({ ref, message: '没有回应上一年度的问题和改进措施。', fixable: false });
      if (!isMissing(r.previousSections)) {
        const prev = (r.previousSections as Readonly<Record<string, string>>)[PROBLEMS_SECTION];
        if (prev !== undefined) {
          checked++;
          const s = textSimilarity(text, prev);
          if (s > ctx.opts.similarityThreshold)
            failures.push({ ref, message: `与上一年度第五部分相似度${percent(s)}%。`, fixable: false });
        }
      }
    }
    return { failures, checked, skipped };
  },
});

const R08 = define({
  id: 'R08',
  area: 'annualReport',
  title: '图解版本',
  description: '年报配有图解版本（加分项性质）。',
  kind: 'score',
  points: 1,
  perOccurrence: 0,
  source: '[E-AR16]（图解说明、形式新颖性）',
  confidence: 'confirmed',
  run(ctx) {
    const list = publishedReports(ctx);
    if (isNa(list)) return list;
    const known = list.filter((r) => r.hasGraphic === true || r.hasGraphic === false);
    if (known.length === 0) return na('未记录年报是否配有图解。');
    const failures = known
      .filter((r) => r.hasGraphic === false)
      .map<Failure>((r) => ({ ref: reportRef(r), message: '没有图解版本。', fixable: false }));
    return { failures, checked: known.length };
  },
});

// ---------------------------------------------------------------------------------------------------------
// 互动交流 (§6.5, §6.6)

function messages(
  ctx: Ctx,
  key: 'questions' | 'errorReports',
  what: string,
): readonly Message[] | Unassessable {
  const inter = section(ctx.input.interaction, '未提供互动交流数据');
  if (isNa(inter)) return inter;
  return section(inter[key], `未提供${what}数据`);
}

/** The answer date as known at the check point (null = unanswered then). */
function answeredBy(ctx: Ctx, m: Message): IsoDate | null {
  return m.answeredOn !== null && m.answeredOn <= ctx.cp ? m.answeredOn : null;
}

const W01 = define({
  id: 'W01',
  area: 'interaction',
  title: '政务咨询留言3个月内答复',
  description: '检查点前一年内收到的政务咨询留言，没有超过3个月未答复的。',
  kind: 'veto',
  points: 5,
  perOccurrence: 0,
  source: '[W-2015a]; [W-NN]; [W-CODE]; 2019年阈值 RECOLLECTION',
  confidence: 'recollection',
  unconfirmedNote: '2015年普查规则已确认；19号文沿用的阈值来自回忆。',
  run(ctx) {
    const list = messages(ctx, 'questions', '政务咨询留言');
    if (isNa(list)) return list;
    const since = addMonths(ctx.cp, -QUESTION_LOOKBACK_MONTHS);
    const failures: Failure[] = [];
    let checked = 0;
    for (const m of list) {
      if (m.receivedOn <= since || m.receivedOn > ctx.cp) continue;
      checked++;
      const deadline = addMonths(m.receivedOn, QUESTION_MAX_MONTHS);
      const answered = answeredBy(ctx, m);
      if (answered === null && ctx.cp > deadline) {
        failures.push({
          ref: messageRef('question', m),
          message: `${cn(m.receivedOn)}收到，超过3个月（${cn(deadline)}）仍未答复。`,
          fixable: false,
        });
      } else if (answered !== null && answered > deadline) {
        failures.push({
          ref: messageRef('question', m),
          message: `${cn(m.receivedOn)}收到，${cn(answered)}才答复，超过3个月。`,
          fixable: false,
        });
      }
    }
    return tally(failures, checked, [], '政务咨询留言');
  },
});

const W02 = define({
  id: 'W02',
  area: 'interaction',
  title: '留言答复保持更新',
  description: '最近一次公开答复在检查点前2个月内。',
  kind: 'deduct',
  points: 3,
  perOccurrence: 3,
  source: '[W-SELF]（−3）',
  confidence: 'partial',
  unconfirmedNote: '出自依19号文的自查表。',
  fixEffort: 1,
  run(ctx) {
    const list = messages(ctx, 'questions', '政务咨询留言');
    if (isNa(list)) return list;
    const since = addMonths(ctx.cp, -QUESTION_LOOKBACK_MONTHS);
    const recent = list.filter((m) => m.receivedOn > since && m.receivedOn <= ctx.cp);
    if (recent.length === 0)
      return { failures: [], checked: 0, reason: '检查点前一年内没有收到政务咨询留言。' };
    let latest: IsoDate | null = null;
    for (const m of list) {
      const a = answeredBy(ctx, m);
      if (a !== null && (latest === null || a > latest)) latest = a;
    }
    const limit = addMonths(ctx.cp, -REPLIES_CURRENT_MONTHS);
    if (latest !== null && latest >= limit) return { failures: [], checked: 1 };
    const pending = recent.some((m) => answeredBy(ctx, m) === null);
    return {
      failures: [
        {
          ref: { type: 'question', id: 'latest-reply', label: '留言答复' },
          message: latest
            ? `最近一次答复为${cn(latest)}，2个月内没有新的答复。`
            : '检查点前一年内的留言均未答复。',
          fixable: pending,
        },
      ],
      checked: 1,
    };
  },
});

const W03 = define({
  id: 'W03',
  area: 'interaction',
  title: '公开留言办理统计',
  description: '定期公开留言收到、答复数量和平均办理时间（默认92天内至少一次）。',
  kind: 'deduct',
  points: 2,
  perOccurrence: 2,
  source: '[W-SELF]; 周期 DERIVED',
  confidence: 'derived',
  unconfirmedNote: '公开周期为系统默认值（每季度）。',
  fixEffort: 1,
  run(ctx) {
    const inter = section(ctx.input.interaction, '未提供互动交流数据');
    if (isNa(inter)) return inter;
    const dates = section(inter.statisticsPublishedOn, '未记录留言统计的公开日期');
    if (isNa(dates)) return dates;
    const limit = addCalendarDays(ctx.cp, -ctx.opts.statisticsMaxAgeDays);
    const ok = dates.some((d) => d <= ctx.cp && d >= limit);
    if (ok) return { failures: [], checked: 1 };
    const last = dates
      .filter((d) => d <= ctx.cp)
      .sort()
      .at(-1);
    return {
      failures: [
        {
          ref: { type: 'question', id: 'statistics', label: '留言办理统计' },
          message: last
            ? `最近一次公开统计为${cn(last)}，已超过${ctx.opts.statisticsMaxAgeDays}天。`
            : '从未公开留言办理统计。',
        },
      ],
      checked: 1,
    };
  },
});

const W04 = define({
  id: 'W04',
  area: 'interaction',
  title: '找错留言3个工作日内办结',
  description:
    '“我为政府网站找错”留言自收到之日起3个工作日内办结（按时办结的计入办结当期，逾期的计入期限届满次日所在期间）。',
  kind: 'deduct',
  points: 3,
  perOccurrence: 1,
  source: '[W-19C]; [W-HB]; [W-LN]',
  confidence: 'partial',
  unconfirmedNote: '3个工作日为湖北、辽宁规定；国家年度考核的扣分标准读自不完整的镜像。',
  run(ctx) {
    const list = messages(ctx, 'errorReports', '找错留言');
    if (isNa(list)) return list;
    const failures: Failure[] = [];
    let checked = 0;
    for (const m of list) {
      const due = addWorkingDays(ctx.cal, m.receivedOn, ERROR_REPORT_WORKING_DAYS).date;
      const dec = decisionOf(ctx, m.answeredOn, due);
      if (!dec.judged) continue;
      checked++;
      if (!dec.late) continue;
      failures.push({
        ref: messageRef('error-report', m),
        message:
          dec.done === null
            ? `${cn(m.receivedOn)}收到，应于${cn(due)}前办结，至${cn(ctx.cp)}仍未办结。`
            : `${cn(m.receivedOn)}收到，应于${cn(due)}前办结，${cn(dec.done)}才办结。`,
        fixable: false,
      });
    }
    return tally(failures, checked, [], '到期的找错留言');
  },
});

const S01 = defineManual({
  id: 'S01',
  area: 'interaction',
  title: '开展公众满意度评议',
  description: '每年开展社会评议，问卷包括内容完整准确、形式便利、依申请公开依法及时答复、公开效果四方面。',
  points: 2,
  source: '[L-CX]',
  confidence: 'confirmed',
  how: '录入本年度社会评议（满意度调查）的开展情况。',
});

// ---------------------------------------------------------------------------------------------------------
// The catalogue of indicators

export const INDICATORS: readonly Indicator[] = Object.freeze([
  A01,
  A02,
  A03,
  A04,
  A05,
  A06,
  A07,
  A08,
  A09,
  A10,
  A11,
  A12,
  P02,
  P03,
  P04,
  P07,
  P09,
  P01,
  P05,
  P05a,
  P05b,
  P06,
  P08,
  P10,
  W05,
  W07,
  N01,
  N02,
  N03,
  N04,
  N05,
  W06,
  R01,
  R02,
  R03,
  R04,
  R05,
  R06,
  R07,
  R08,
  W01,
  W02,
  W03,
  W04,
  S01,
]);

export const INDICATORS_BY_ID: ReadonlyMap<string, Indicator> = new Map(INDICATORS.map((i) => [i.id, i]));

/**
 * Evaluates every indicator (or the given ones) over one agency's input.
 *
 * @example evaluateAll(input).filter((r) => r.status === 'fail').map((r) => r.id)
 */
export function evaluateAll(
  input: AssessmentInput,
  indicators: readonly Indicator[] = INDICATORS,
): IndicatorResult[] {
  return indicators.map((i) => i.evaluate(input));
}
