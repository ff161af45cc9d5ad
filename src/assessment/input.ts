/**
 * What the 政务公开体检 (docs/domain/README.md#assessment) reads: one agency's records for one period, as plain data.
 *
 * The lead's adapters build this from the database (applications, catalogue, reports, litigation,
 * interaction); the assessment itself is pure. Every part that may be missing is a {@link Section}: the
 * data, or `{ unavailable: reason }`, or absent. An indicator whose data is absent or unavailable reports
 * 无法评估 with the reason — never a silent pass.
 *
 * Dates are ISO `YYYY-MM-DD`. `today` and the working-day calendar are passed in.
 */
import type { AgencyKind, AgencyLevel } from '../agencies/agency.rules.ts';
import type { CaseEvent, CaseOutcome, Deadlines, ReceiptChannel } from '../applications/rules/timeline.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { type IsoDate, isIsoDate } from '../calendar/dates.ts';
import type { ReportTables } from '../reports/format/tables.ts';
import type { FormatId } from '../reports/format/types.ts';
import type { Finding } from '../reports/rules/findings.ts';

// ---------------------------------------------------------------------------------------------------------
// Optional-with-reason

/** Data that the adapter could not supply, with the reason in Chinese (shown as 无法评估：reason). */
export interface Unavailable {
  readonly unavailable: string;
}

/** A part of the input: the data, an explicit "unavailable because …", or absent (reason generated). */
export type Section<T> = T | Unavailable | undefined;

/** Whether a section is missing (absent or explicitly unavailable). */
export function isMissing<T>(s: Section<T>): s is Unavailable | undefined {
  return s === undefined || (typeof s === 'object' && s !== null && 'unavailable' in s);
}

/** Reason why a section is missing: the adapter's reason, or `fallback` when the section is absent. */
export function missingReason<T>(s: Section<T>, fallback: string): string {
  return s !== undefined && typeof s === 'object' && s !== null && 'unavailable' in s
    ? (s as Unavailable).unavailable
    : fallback;
}

// ---------------------------------------------------------------------------------------------------------
// Agency and 指南

/**
 * The fields of the 政府信息公开指南 (Art. 12) plus the application procedure. `null` or empty = not stated.
 */
export interface GuideInfo {
  /** 政府信息的分类. */
  readonly classification: string | null;
  /** 编排体系. */
  readonly arrangement: string | null;
  /** 获取方式. */
  readonly obtainingMethod: string | null;
  /** 政府信息公开工作机构的名称. */
  readonly officeName: string | null;
  readonly officeAddress: string | null;
  readonly officeHours: string | null;
  readonly phone: string | null;
  readonly fax: string | null;
  /** 互联网联系方式 (email or web form). */
  readonly internetContact: string | null;
  /** Where to file an application online. */
  readonly onlineApplicationUrl: string | null;
  /** 信函申请: postal address, postcode and recipient (A02). */
  readonly postalAddress: string | null;
  readonly postcode: string | null;
  readonly postalRecipient: string | null;
  /** Whether the guide states the reply time limits, fees and remedies. */
  readonly statesTimeLimits: boolean | null;
  readonly statesFees: boolean | null;
  readonly statesRemedies: boolean | null;
  /** Last update of the guide. */
  readonly updatedOn: IsoDate | null;
  /** Last change to the organisation or its contacts: the guide must be updated after it. */
  readonly organisationChangedOn: IsoDate | null;
}

export interface AgencyProfile {
  readonly name: string;
  readonly kind: AgencyKind;
  readonly level: AgencyLevel;
  /** 复议机关 the reply letters must name (e.g. 区人民政府 for a 街道); null when not configured. */
  readonly reviewBody: string | null;
  /** Other names a letter may be signed with (e.g. the full and the short name); never an internal division. */
  readonly signatureNames?: readonly string[];
  readonly guide?: Section<GuideInfo>;
}

// ---------------------------------------------------------------------------------------------------------
// Applications

export type LetterKind = 'reply' | 'correction' | 'extension' | 'consultation' | 'fee' | 'other';

/** How a letter reached the applicant; a phone call or a text message is not a written reply (A03). */
export type DeliveryMode = 'post' | 'in_person' | 'online' | 'email' | 'fax' | 'phone' | 'sms';

export interface LetterRemedies {
  /** The 复议机关 named in the letter. */
  readonly reviewBody?: string | null;
  /** 复议 time limit stated, in days (行政复议法 Art. 20: 60). */
  readonly reviewDays?: number | null;
  /** The court named, if any. */
  readonly court?: string | null;
  /** 诉讼 time limit stated, in months (行政诉讼法 Art. 46: 6). */
  readonly courtMonths?: number | null;
  /** Whether the letter states 复议前置 (行政复议法 2023 Art. 23). */
  readonly reviewFirst?: boolean | null;
}

export interface LetterAttachment {
  readonly name: string;
  readonly url?: string | null;
}

/** One letter of a case, as issued. Absent fields are treated as not present in the letter. */
export interface CaseLetter {
  readonly id: string;
  readonly kind: LetterKind;
  readonly title?: string | null;
  /** 文号, e.g. 某公复〔2025〕12号. */
  readonly docNumber?: string | null;
  readonly issuedOn?: IsoDate | null;
  readonly addressee?: string | null;
  /** The 收到申请之日 printed in the letter. */
  readonly receivedDateStated?: IsoDate | null;
  /** Whether the letter restates what was requested. */
  readonly requestRestated?: boolean | null;
  /** The outcome the letter concludes (Art. 36 type, annual-report row key). */
  readonly conclusion?: CaseOutcome | null;
  /** Cited provisions, e.g. ['《政府信息公开条例》第十四条']. */
  readonly legalBasis?: readonly string[] | null;
  readonly reasonText?: string | null;
  readonly remedies?: LetterRemedies | null;
  /** 落款: the name the letter is signed with. */
  readonly signedBy?: string | null;
  /** Seal applied (e-seal flag or a sealed scan). */
  readonly sealed?: boolean | null;
  readonly attachments?: readonly LetterAttachment[] | null;
  /** Where and how to get the information (URL + instructions) when it is not attached. */
  readonly accessPath?: string | null;
  readonly delivery?: DeliveryMode | null;
  /** Correction notices: whether each item to correct and a reasonable deadline are listed (Art. 30). */
  readonly itemsListed?: boolean | null;
  readonly correctionDeadlineStated?: boolean | null;
}

/** The 登记簿 row of a case (Art. 45; 玉环 rubric: 申请人, 收件日期, 申请内容, 答复时间及结果). */
export interface RegisterEntry {
  readonly applicant: string | null;
  readonly receivedOn: IsoDate | null;
  readonly request: string | null;
  readonly repliedOn: IsoDate | null;
  readonly result: string | null;
}

export interface FeeCheck {
  /** Whether the 数量/频次 threshold of 国办函〔2020〕109号 was met for this application. */
  readonly thresholdMet: boolean | null;
  /** Whether a 收费通知 stating basis, standard, amount and payment method was sent. */
  readonly noticeComplete: boolean | null;
}

export interface ApplicationRecord {
  /** Stable id (database key). */
  readonly id: string;
  /** 申请编号 / 查询码 shown to users. */
  readonly serial: string;
  readonly channel: ReceiptChannel;
  readonly submittedOn: IsoDate;
  /** The case timeline (starts with `received`). */
  readonly events: readonly CaseEvent[];
  /** The timeline's computed deadlines; computed from `events` with the input calendar when absent. */
  readonly deadlines?: Deadlines;
  readonly letters?: Section<readonly CaseLetter[]>;
  readonly register?: Section<RegisterEntry>;
  /** Whether the applicant was asked for the purpose (用途) of the request (A10). */
  readonly purposeDemanded?: boolean | null;
  /** Present for cases with a fee notice (A10). */
  readonly fee?: FeeCheck | null;
}

// ---------------------------------------------------------------------------------------------------------
// Catalogue and portal

export const VALIDITY_MARKS = ['有效', '失效', '废止', '已修改'] as const;
export type ValidityMark = (typeof VALIDITY_MARKS)[number];

export interface Interpretation {
  readonly id: string;
  readonly title?: string | null;
  readonly publishedOn: IsoDate | null;
  /** Whether the 解读 links back to the document (链通 both ways). */
  readonly linksBack: boolean | null;
}

/** One 目录 item (docs/domain/catalogue.md#metadata). Absent or empty fields count as missing metadata. */
export interface CatalogueItem {
  readonly id: string;
  /** 索引号. */
  readonly indexNo?: string | null;
  /** 名称. */
  readonly title?: string | null;
  /** 内容概述. */
  readonly summary?: string | null;
  /** 生成日期 / 成文日期. */
  readonly formedOn?: IsoDate | null;
  /** The date the information was formed or changed (Art. 26 clock); defaults to `formedOn`. */
  readonly formedOrChangedOn?: IsoDate | null;
  /** The document's own release date (印发日期): publication before it is "提前公开". Defaults to `formedOn`. */
  readonly releasedOn?: IsoDate | null;
  /** 发布日期 on the portal; null = not (yet) published. */
  readonly publishedOn?: IsoDate | null;
  /** 发布机构. */
  readonly publisher?: string | null;
  /** 文号. */
  readonly docNumber?: string | null;
  /** 有效性. */
  readonly validity?: ValidityMark | null;
  /** 有效期 end, if the document has one. */
  readonly validUntil?: IsoDate | null;
  /** 主题分类. */
  readonly topic?: string | null;
  /** 信息分类 / 体裁分类. */
  readonly category?: string | null;
  readonly keywords?: readonly string[] | null;
  readonly isNormativeDoc: boolean;
  /** A policy document (政策文件) that needs a 解读, normative or not. */
  readonly isPolicyDoc?: boolean;
  readonly interpretations?: readonly Interpretation[] | null;
  /** Ids of the items this document repeals or amends (their validity must change, N02). */
  readonly repeals?: readonly string[] | null;
  readonly columnKey?: string | null;
  /** A special law sets another publication period, in working days (Art. 26 last sentence). */
  readonly publishWithinWorkingDays?: number | null;
  /** 备案 list or 清理 result (N05); null = neither; absent on every item = not tracked (N05 无法评估). */
  readonly special?: 'filing' | 'cleanup' | null;
  /** Link check: broken links on the page; null = not checked (P08). */
  readonly brokenLinks?: number | null;
  /** Downloadable versions (P08: WORD and PDF for 规范性文件). */
  readonly downloads?: readonly ('word' | 'pdf' | 'ofd' | 'other')[] | null;
  /** Whether the item appears in its portal column with identical metadata; null = not compared (P07). */
  readonly matchesSite?: boolean | null;
}

/**
 * Column kinds: `dynamic` 动态/要闻 (2 weeks), `notice` 通知公告 and `policy` 政策文件 (6 months),
 * `normative` the 规范性文件库, `static` content that need not change (概况), `guide`, `rules`,
 * `statutory`, `annualReport` the four standard first-level columns (P01), `other`.
 */
export type ColumnKind =
  | 'dynamic'
  | 'notice'
  | 'policy'
  | 'normative'
  | 'static'
  | 'guide'
  | 'rules'
  | 'statutory'
  | 'annualReport'
  | 'other';

export interface PortalColumn {
  readonly key: string;
  readonly title: string;
  readonly kind: ColumnKind;
  /** 1 = first-level column. */
  readonly level: number;
  readonly itemCount: number;
  /** Date of the newest dated item; null when none. */
  readonly lastItemOn: IsoDate | null;
  /** Expected update period in calendar days; defaults by kind (dynamic 14, notice/policy 183). */
  readonly expectedUpdateDays?: number | null;
}

// ---------------------------------------------------------------------------------------------------------
// Annual reports

export interface AnnualReportRecord {
  /** Data year (the report of year N is due in year N + 1). */
  readonly year: number;
  readonly dueOn: IsoDate;
  readonly publishedOn: IsoDate | null;
  readonly formatUsed: FormatId | null;
  readonly formatExpected: FormatId;
  /** The six section headings as published (R03); absent = not checked. */
  readonly sectionHeadings?: readonly string[];
  /** Findings of the rule checker (`runRules`) on the published report. */
  readonly findings?: Section<readonly Finding[]>;
  /** Tables as published. */
  readonly tables?: Section<ReportTables>;
  /** The same tables recounted from the records (register, catalogue, litigation). */
  readonly recountedTables?: Section<ReportTables>;
  /** Cells whose difference has an explanation on file, as `table:row:column` keys (see `cellKey`). */
  readonly explainedCells?: readonly string[];
  /** Text of each section, keyed by heading number 一…六. */
  readonly sections?: Section<Readonly<Record<string, string>>>;
  /** The previous year's sections, same keys. */
  readonly previousSections?: Section<Readonly<Record<string, string>>>;
  /** Number of divergent copies found (R02); absent = not checked. */
  readonly copies?: number | null;
  /** Edits after publication without a visible revision note (R02). */
  readonly silentEdits?: number | null;
  /** A 图解 version is attached (R08). */
  readonly hasGraphic?: boolean | null;
}

// ---------------------------------------------------------------------------------------------------------
// Litigation, interaction, attestations

export interface LitigationResult {
  readonly id: string;
  readonly kind: 'review' | 'litigation';
  readonly decidedOn: IsoDate;
  readonly result: 'upheld' | 'corrected' | 'other' | 'pending';
  /** e.g. 案号 or the application serial. */
  readonly label?: string;
}

export interface Message {
  readonly id: string;
  readonly label?: string;
  readonly receivedOn: IsoDate;
  readonly answeredOn: IsoDate | null;
}

export interface InteractionRecords {
  /** 政务咨询 messages (excluding 在线访谈, 调查征集, 举报投诉). */
  readonly questions?: Section<readonly Message[]>;
  /** 我为政府网站找错 reports. */
  readonly errorReports?: Section<readonly Message[]>;
  /** Dates the message statistics were published (W03). */
  readonly statisticsPublishedOn?: Section<readonly IsoDate[]>;
}

/** A person's or probe's statement for a manual indicator (phone test, canary, uptime, survey…). */
export interface Attestation {
  readonly indicatorId: string;
  readonly on: IsoDate;
  readonly passed: boolean;
  readonly by: string;
  readonly note?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Options and the whole input

export interface AssessmentOptions {
  /** R06/R07: a section more similar than this to last year's is flagged (0–1). UNCONFIRMED; default 0.5. */
  readonly similarityThreshold: number;
  /** N03/W06: a 解读 may follow its document by at most this many calendar days. Default 0 (同步). */
  readonly interpretationLagDays: number;
  /** P02: the guide must have been updated within this many calendar days. DERIVED; default 365. */
  readonly guideMaxAgeDays: number;
  /** W03: statistics must have been published within this many calendar days. DERIVED; default 92. */
  readonly statisticsMaxAgeDays: number;
  /** Manual indicators: an attestation is valid this many calendar days. DERIVED; default 365. */
  readonly attestationValidDays: number;
}

export interface Period {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export interface AssessmentInput {
  readonly agency: AgencyProfile;
  /** Inclusive. */
  readonly period: Period;
  readonly today: IsoDate;
  readonly calendar: Calendar;
  readonly applications?: Section<readonly ApplicationRecord[]>;
  readonly catalogue?: Section<readonly CatalogueItem[]>;
  readonly columns?: Section<readonly PortalColumn[]>;
  readonly annualReports?: Section<readonly AnnualReportRecord[]>;
  readonly litigation?: Section<readonly LitigationResult[]>;
  readonly interaction?: Section<InteractionRecords>;
  readonly attestations?: Section<readonly Attestation[]>;
  readonly options?: Partial<AssessmentOptions>;
}

export const DEFAULT_OPTIONS: AssessmentOptions = Object.freeze({
  similarityThreshold: 0.5,
  interpretationLagDays: 0,
  guideMaxAgeDays: 365,
  statisticsMaxAgeDays: 92,
  attestationValidDays: 365,
});

export function optionsOf(input: AssessmentInput): AssessmentOptions {
  return { ...DEFAULT_OPTIONS, ...input.options };
}

/**
 * The check point: the last day the period's facts are known, `min(today, period.to)`. Open cases,
 * columns and messages are judged as they stood on that day.
 */
export function checkpointOf(input: Pick<AssessmentInput, 'today' | 'period'>): IsoDate {
  return earlierOf(input.today, input.period.to);
}

/** The earlier of two ISO dates (string order; `Math.min` does not apply to strings). */
export function earlierOf(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/** Whether a date lies in `[from, to]`. */
export function inPeriod(date: IsoDate | null | undefined, from: IsoDate, to: IsoDate): boolean {
  return date !== null && date !== undefined && date >= from && date <= to;
}

/**
 * Problems with the shape of an input, in Chinese (empty when usable). The adapters build typed data, so
 * this guards the edges: a CLI period, a JSON import, a wrong calendar.
 */
export function checkInput(input: AssessmentInput): string[] {
  const problems: string[] = [];
  if (typeof input.agency?.name !== 'string' || input.agency.name.trim() === '')
    problems.push('缺少被评估机关的名称。');
  const { from, to } = input.period ?? { from: '', to: '' };
  if (!isIsoDate(from ?? '')) problems.push(`评估期间的起始日期“${from}”无效，应为YYYY-MM-DD。`);
  if (!isIsoDate(to ?? '')) problems.push(`评估期间的截止日期“${to}”无效，应为YYYY-MM-DD。`);
  if (isIsoDate(from ?? '') && isIsoDate(to ?? '') && from > to)
    problems.push(`评估期间的起始日期（${from}）晚于截止日期（${to}）。`);
  if (!isIsoDate(input.today ?? '')) problems.push(`“今天”的日期“${input.today}”无效。`);
  if (!input.calendar?.index) problems.push('缺少工作日历。');
  const t = input.options?.similarityThreshold;
  if (t !== undefined && !(t >= 0 && t <= 1)) problems.push('相似度阈值应在0到1之间。');
  return problems;
}
