/**
 * The application case as a timeline of events; every deadline is derived from it (docs/domain/regulation.md#applications, docs/domain/deadlines.md, docs/domain/regulation.md#workflow).
 *
 * Pure: the calendar, the policy and (for validation) `now` are passed in. Dates are ISO `YYYY-MM-DD`.
 * `computeDeadlines` explains every date it derives in Chinese (`steps`), for the case page.
 *
 * Rules chosen where the Regulation (《政府信息公开条例》, 2019) is silent — see also the report of the
 * author and docs/decisions/006-legal-choices.md:
 *
 * 1. Counting. "自…之日起N个工作日" counts from the next day (`addWorkingDays`, docs/domain/deadlines.md#counting).
 * 2. Consultation pauses (Art. 33 ¶3: 征求第三方和其他机关意见所需时间不计算在期限内). The excluded time runs
 *    from the day the consultation letter is sent to the day the reply comes in, or to the end of the 15-WD
 *    window (Art. 32, 34) when no reply comes in time — whichever is earlier. Like every period in Chinese
 *    law (民法典第二百零一条: 开始的当日不计入), the sending day itself still counts for the agency; the
 *    working days in (sent, end] are excluded and the reply clock resumes the day after `end`. Overlapping
 *    consultations (several third parties, or a third party and an agency at once) are merged, so a day is
 *    never excluded twice. The 15-WD window counts from the day the addressee received the letter when
 *    recorded (`deliveredOn`), else from the sending day (the shorter, applicant-friendly reading). A
 *    reply after the window does not extend the pause. A consultation started after the reply period has
 *    already run out does not revive it (warning).
 * 3. Fee period. Whether the time between the 收费通知 and payment pauses the reply period is UNCONFIRMED
 *    (docs/domain/deadlines.md#fee-pause). Policy `feePausesReplyClock`, default **true** (paused): the agency cannot provide the
 *    information before payment, and the applicant controls how long payment takes. The pause runs from
 *    the day the notice is sent to the payment day, capped at the 20-WD payment window; unpaid → 视为放弃.
 * 4. Art. 35 (数量、频次明显超过合理范围). Waiting for the applicant's reason does not pause the reply period
 *    unless policy `volumeReasonPausesReplyClock` is set (default false: Art. 33 ¶3 excludes only
 *    consultation time). A decision that the reason is unreasonable is itself the reply (告知申请人不予处理)
 *    and closes the case with outcome `notProcessed.massRepeat`; a reasonable reason with a delayed
 *    deadline (确定延迟答复的合理期限) replaces the reply deadline.
 * 5. Correction (Art. 30). The notice is due within 7 WD of receipt; a later notice is allowed but flagged.
 *    Only one correction request (一次性告知). The reply clock restarts from the day the correction is
 *    received; the time before it does not count.
 * 6. Extension (Art. 33 ¶2). One extension of at most 20 WD, approved by the head of the 政府信息公开工作
 *    机构 before the reply period has run out.
 * 7. Receipt (Art. 31). An oral application (Art. 29) is received on the day the clerk records it, like a
 *    submission in person. Email is an 互联网渠道 (Art. 31 (三)): 双方确认之日.
 */
import type { Calendar } from '../../calendar/calendar.ts';
import { formatChineseDate, type IsoDate, isIsoDate } from '../../calendar/dates.ts';
import { addWorkingDays, type WorkingDayResult, workingDaysBetween } from '../../calendar/workdays.ts';
import {
  ART30_CORRECTION_NOTICE_WORKING_DAYS,
  ART32_CONSULTATION_WORKING_DAYS,
  ART33_EXTENSION_MAX_WORKING_DAYS,
  ART33_REPLY_WORKING_DAYS,
  FEE_PAYMENT_WORKING_DAYS,
} from './statute.ts';

// ---------------------------------------------------------------------------------------------------------
// Named statutory periods (defined in statute.ts, named after their article)

/** A reply deadline is "due soon" when at most this many working days remain. */
export const DUE_SOON_WORKING_DAYS = 3;

const REG = '《政府信息公开条例》';

// ---------------------------------------------------------------------------------------------------------
// Events

export type ReceiptChannel = 'in_person' | 'post_signed' | 'post_plain' | 'fax' | 'email' | 'online' | 'oral';

export const DENIED_GROUNDS = [
  'stateSecret',
  'lawForbidden',
  'threeSafetyOneStability',
  'thirdParty',
  'internalAffairs',
  'processInfo',
  'enforcementFile',
  'queryMatter',
] as const;
export const UNABLE_REASONS = ['notHeld', 'needCreation', 'unclearAfterCorrection'] as const;
export const NOT_PROCESSED_REASONS = [
  'petition',
  'repeat',
  'publication',
  'massRepeat',
  'confirmAgain',
] as const;

/** Outcome of a reply; keys follow the annual-report rows (docs/domain/report-formats.md#table-3). */
export type AnswerOutcome =
  | 'granted'
  | 'partial'
  | `denied.${(typeof DENIED_GROUNDS)[number]}`
  | `unable.${(typeof UNABLE_REASONS)[number]}`
  | `notProcessed.${(typeof NOT_PROCESSED_REASONS)[number]}`
  | 'other.misc';

/** How a case ended: a reply, or one of the lapses of the 2021 report rows （六）1 and 2. */
export type CaseOutcome = AnswerOutcome | 'other.overdueCorrection' | 'other.overdueFee' | 'withdrawn';

export type CaseEvent =
  | {
      readonly type: 'received';
      readonly channel: ReceiptChannel;
      /** Day handed in, recorded (oral), posted online / faxed / emailed, or the letter arrived. */
      readonly submittedOn: IsoDate;
      /** 双方确认之日 (fax, email, online) or 与申请人确认之日 (平常信函). */
      readonly confirmedOn?: IsoDate;
      /** 签收之日 (registered post). */
      readonly signedOn?: IsoDate;
    }
  | { readonly type: 'receiptConfirmed'; readonly on: IsoDate }
  | { readonly type: 'correctionRequested'; readonly on: IsoDate; readonly dueOn: IsoDate }
  | { readonly type: 'correctionReceived'; readonly on: IsoDate }
  | { readonly type: 'correctionLapsed'; readonly on: IsoDate }
  | {
      readonly type: 'thirdPartyConsultationSent';
      readonly on: IsoDate;
      readonly party: string;
      readonly deliveredOn?: IsoDate;
    }
  | {
      readonly type: 'thirdPartyReplied';
      readonly on: IsoDate;
      readonly party: string;
      readonly consents: boolean;
    }
  | {
      readonly type: 'agencyConsultationSent';
      readonly on: IsoDate;
      readonly agency: string;
      readonly deliveredOn?: IsoDate;
    }
  | {
      readonly type: 'agencyReplied';
      readonly on: IsoDate;
      readonly agency: string;
      readonly consents: boolean;
    }
  | {
      readonly type: 'extensionApproved';
      readonly on: IsoDate;
      readonly workingDays: number;
      readonly approvedBy: string;
    }
  | {
      readonly type: 'feeNoticeSent';
      readonly on: IsoDate;
      readonly amount: number;
      readonly deliveredOn?: IsoDate;
    }
  | { readonly type: 'feePaid'; readonly on: IsoDate }
  | { readonly type: 'feeLapsed'; readonly on: IsoDate }
  | { readonly type: 'volumeReasonRequested'; readonly on: IsoDate }
  | {
      readonly type: 'volumeDecided';
      readonly on: IsoDate;
      readonly reasonable: boolean;
      /** Art. 35: the reasonable delayed deadline set by the agency, when the reason is reasonable. */
      readonly delayedReplyDue?: IsoDate;
    }
  | {
      readonly type: 'answered';
      readonly on: IsoDate;
      readonly outcome: AnswerOutcome;
      readonly onTheSpot?: boolean;
    }
  | { readonly type: 'withdrawn'; readonly on: IsoDate };

export type CaseEventType = CaseEvent['type'];

/** Chinese name of each kind of event, as used in messages. */
export const EVENT_LABELS: Readonly<Record<CaseEventType, string>> = {
  received: '收到申请',
  receiptConfirmed: '确认收到申请',
  correctionRequested: '告知补正',
  correctionReceived: '收到补正',
  correctionLapsed: '逾期未补正',
  thirdPartyConsultationSent: '征求第三方意见',
  thirdPartyReplied: '第三方回复意见',
  agencyConsultationSent: '征求其他机关意见',
  agencyReplied: '其他机关回复意见',
  extensionApproved: '延长答复期限',
  feeNoticeSent: '发出收费通知',
  feePaid: '缴纳信息处理费',
  feeLapsed: '逾期未缴费',
  volumeReasonRequested: '要求申请人说明理由',
  volumeDecided: '对申请人说明的理由作出决定',
  answered: '作出答复',
  withdrawn: '申请人撤回申请',
};

const DENIED_LABELS: Readonly<Record<(typeof DENIED_GROUNDS)[number], string>> = {
  stateSecret: '属于国家秘密',
  lawForbidden: '其他法律行政法规禁止公开',
  threeSafetyOneStability: '危及“三安全一稳定”',
  thirdParty: '保护第三方合法权益',
  internalAffairs: '属于三类内部事务信息',
  processInfo: '属于四类过程性信息',
  enforcementFile: '属于行政执法案卷',
  queryMatter: '属于行政查询事项',
};
const UNABLE_LABELS: Readonly<Record<(typeof UNABLE_REASONS)[number], string>> = {
  notHeld: '本机关不掌握相关政府信息',
  needCreation: '没有现成信息需要另行制作',
  unclearAfterCorrection: '补正后申请内容仍不明确',
};
const NOT_PROCESSED_LABELS: Readonly<Record<(typeof NOT_PROCESSED_REASONS)[number], string>> = {
  petition: '信访举报投诉类申请',
  repeat: '重复申请',
  publication: '要求提供公开出版物',
  massRepeat: '无正当理由大量反复申请',
  confirmAgain: '要求行政机关确认或重新出具已获取信息',
};

/** Chinese label of an outcome, following the annual-report rows. */
export function outcomeLabel(outcome: CaseOutcome): string {
  const [group, key] = outcome.split('.') as [string, string | undefined];
  switch (group) {
    case 'granted':
      return '予以公开';
    case 'partial':
      return '部分公开';
    case 'withdrawn':
      return '申请人撤回申请';
    case 'denied':
      return `不予公开（${DENIED_LABELS[key as keyof typeof DENIED_LABELS]}）`;
    case 'unable':
      return `无法提供（${UNABLE_LABELS[key as keyof typeof UNABLE_LABELS]}）`;
    case 'notProcessed':
      return `不予处理（${NOT_PROCESSED_LABELS[key as keyof typeof NOT_PROCESSED_LABELS]}）`;
    default:
      if (key === 'overdueCorrection')
        return '其他处理（申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请）';
      if (key === 'overdueFee')
        return '其他处理（申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请）';
      return '其他处理';
  }
}

const ANSWER_OUTCOMES: ReadonlySet<string> = new Set<string>([
  'granted',
  'partial',
  'other.misc',
  ...DENIED_GROUNDS.map((g) => `denied.${g}`),
  ...UNABLE_REASONS.map((g) => `unable.${g}`),
  ...NOT_PROCESSED_REASONS.map((g) => `notProcessed.${g}`),
]);

// ---------------------------------------------------------------------------------------------------------
// Policy and result

export interface TimelinePolicy {
  /** Whether the fee period (notice → payment) is excluded from the reply period. UNCONFIRMED; default true. */
  readonly feePausesReplyClock: boolean;
  /** Whether waiting for the applicant's reason (Art. 35) is excluded. Default false. */
  readonly volumeReasonPausesReplyClock: boolean;
}

export const DEFAULT_TIMELINE_POLICY: TimelinePolicy = Object.freeze({
  feePausesReplyClock: true,
  volumeReasonPausesReplyClock: false,
});

export type CaseStatus =
  | 'awaiting_confirmation'
  | 'awaiting_correction'
  | 'in_progress'
  | 'consulting'
  | 'awaiting_fee'
  | 'awaiting_volume_reason'
  | 'answered'
  | 'withdrawn'
  | 'abandoned_correction'
  | 'abandoned_fee';

export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  awaiting_confirmation: '待确认收到日期',
  awaiting_correction: '待补正',
  in_progress: '办理中',
  consulting: '征求意见中',
  awaiting_fee: '待缴费',
  awaiting_volume_reason: '待申请人说明理由',
  answered: '已答复',
  withdrawn: '已撤回',
  abandoned_correction: '逾期未补正，视为放弃申请',
  abandoned_fee: '逾期未缴费，视为放弃申请',
};

export type PauseKind = 'third_party' | 'agency' | 'fee' | 'volume_reason';

/** Time excluded from the reply period: the working days in `(from, to]`. */
export interface PausedInterval {
  readonly kind: PauseKind;
  /** e.g. 征求第三方意见（某某公司）. */
  readonly label: string;
  /** The day the letter/notice was sent (still counted). */
  readonly from: IsoDate;
  /** The last excluded day (reply day, window end or payment day). */
  readonly to: IsoDate;
  /** True when the end is not yet known (no reply/payment yet) and `to` is the latest possible end. */
  readonly open: boolean;
  /** Working days in `(from, to]` (before merging with overlapping pauses). */
  readonly workingDays: number;
}

export interface Consultation {
  readonly kind: 'third_party' | 'agency';
  readonly party: string;
  readonly sentOn: IsoDate;
  /** End of the 15-WD window. */
  readonly dueOn: IsoDate;
  readonly repliedOn: IsoDate | null;
  readonly consents: boolean | null;
}

export interface DeadlineStep {
  readonly label: string;
  readonly date: IsoDate | null;
  /** How the date was computed, in Chinese. */
  readonly explanation: string;
}

export interface Deadlines {
  readonly receiptDate: IsoDate | null;
  /** The Art. 31 rule that fixed the receipt date, in Chinese. */
  readonly receiptRule: string | null;
  /** The day the reply clock starts from: receipt, or the day the correction was received. */
  readonly clockStart: IsoDate | null;
  /** Reply deadline; null while it cannot be known (receipt unconfirmed, awaiting correction). */
  readonly replyDue: IsoDate | null;
  /** True when `replyDue` assumes an open pause runs to its latest possible end. */
  readonly replyDueProjected: boolean;
  readonly correctionNoticeDue: IsoDate | null;
  readonly correctionDue: IsoDate | null;
  /** Latest window end of the third-party consultations, if any. */
  readonly thirdPartyDue: IsoDate | null;
  /** Latest window end of the consultations of other agencies, if any. */
  readonly agencyDue: IsoDate | null;
  readonly feeDue: IsoDate | null;
  /** Working days of the approved extension (0 when none). */
  readonly extendedBy: number;
  readonly pausedIntervals: readonly PausedInterval[];
  /** Working days excluded from the reply period after merging overlapping pauses. */
  readonly excludedWorkingDays: number;
  readonly consultations: readonly Consultation[];
  /** True when some derived date steps over a year without a holiday notice. */
  readonly provisional: boolean;
  readonly provisionalYears: readonly number[];
  readonly status: CaseStatus;
  readonly statusLabel: string;
  readonly outcome: CaseOutcome | null;
  readonly closedOn: IsoDate | null;
  /** For an answered case: whether the answer came after `replyDue`. */
  readonly answeredLate: boolean | null;
  /** Allowed but irregular facts (late correction notice, late answer…), in Chinese. */
  readonly warnings: readonly string[];
  readonly steps: readonly DeadlineStep[];
}

// ---------------------------------------------------------------------------------------------------------
// Replay

interface ConsultationState {
  kind: 'third_party' | 'agency';
  party: string;
  sentOn: IsoDate;
  deliveredOn: IsoDate | null;
  repliedOn: IsoDate | null;
  consents: boolean | null;
}

interface CaseState {
  received: Extract<CaseEvent, { type: 'received' }> | null;
  confirmedLater: IsoDate | null;
  correction: {
    requestedOn: IsoDate;
    dueOn: IsoDate;
    receivedOn: IsoDate | null;
    lapsedOn: IsoDate | null;
  } | null;
  consultations: ConsultationState[];
  extension: { on: IsoDate; workingDays: number; approvedBy: string } | null;
  fee: {
    sentOn: IsoDate;
    deliveredOn: IsoDate | null;
    amount: number;
    paidOn: IsoDate | null;
    lapsedOn: IsoDate | null;
  } | null;
  volume: {
    requestedOn: IsoDate;
    decidedOn: IsoDate | null;
    reasonable: boolean | null;
    delayedReplyDue: IsoDate | null;
  } | null;
  closed: { on: IsoDate; outcome: CaseOutcome; by: CaseEventType; onTheSpot: boolean } | null;
  lastDate: IsoDate | null;
}

function replay(events: readonly CaseEvent[]): CaseState {
  const s: CaseState = {
    received: null,
    confirmedLater: null,
    correction: null,
    consultations: [],
    extension: null,
    fee: null,
    volume: null,
    closed: null,
    lastDate: null,
  };
  for (const e of events) apply(s, e);
  return s;
}

function eventDate(e: CaseEvent): IsoDate {
  return e.type === 'received' ? e.submittedOn : e.on;
}

function pendingConsultation(
  s: CaseState,
  kind: 'third_party' | 'agency',
  party: string,
): ConsultationState | undefined {
  return s.consultations.find((c) => c.kind === kind && c.party === party && c.repliedOn === null);
}

function apply(s: CaseState, e: CaseEvent): void {
  s.lastDate = eventDate(e);
  switch (e.type) {
    case 'received':
      s.received = e;
      return;
    case 'receiptConfirmed':
      s.confirmedLater = e.on;
      return;
    case 'correctionRequested':
      s.correction = { requestedOn: e.on, dueOn: e.dueOn, receivedOn: null, lapsedOn: null };
      return;
    case 'correctionReceived':
      if (s.correction) s.correction.receivedOn = e.on;
      return;
    case 'correctionLapsed':
      if (s.correction) s.correction.lapsedOn = e.on;
      s.closed = { on: e.on, outcome: 'other.overdueCorrection', by: e.type, onTheSpot: false };
      return;
    case 'thirdPartyConsultationSent':
    case 'agencyConsultationSent': {
      const kind = e.type === 'thirdPartyConsultationSent' ? 'third_party' : 'agency';
      const party = e.type === 'thirdPartyConsultationSent' ? e.party : e.agency;
      s.consultations.push({
        kind,
        party,
        sentOn: e.on,
        deliveredOn: e.deliveredOn ?? null,
        repliedOn: null,
        consents: null,
      });
      return;
    }
    case 'thirdPartyReplied':
    case 'agencyReplied': {
      const kind = e.type === 'thirdPartyReplied' ? 'third_party' : 'agency';
      const c = pendingConsultation(s, kind, e.type === 'thirdPartyReplied' ? e.party : e.agency);
      if (c) {
        c.repliedOn = e.on;
        c.consents = e.consents;
      }
      return;
    }
    case 'extensionApproved':
      s.extension = { on: e.on, workingDays: e.workingDays, approvedBy: e.approvedBy };
      return;
    case 'feeNoticeSent':
      s.fee = {
        sentOn: e.on,
        deliveredOn: e.deliveredOn ?? null,
        amount: e.amount,
        paidOn: null,
        lapsedOn: null,
      };
      return;
    case 'feePaid':
      if (s.fee) s.fee.paidOn = e.on;
      return;
    case 'feeLapsed':
      if (s.fee) s.fee.lapsedOn = e.on;
      s.closed = { on: e.on, outcome: 'other.overdueFee', by: e.type, onTheSpot: false };
      return;
    case 'volumeReasonRequested':
      s.volume = { requestedOn: e.on, decidedOn: null, reasonable: null, delayedReplyDue: null };
      return;
    case 'volumeDecided':
      if (s.volume) {
        s.volume.decidedOn = e.on;
        s.volume.reasonable = e.reasonable;
        s.volume.delayedReplyDue = e.delayedReplyDue ?? null;
      }
      if (!e.reasonable)
        s.closed = { on: e.on, outcome: 'notProcessed.massRepeat', by: e.type, onTheSpot: false };
      return;
    case 'answered':
      s.closed = { on: e.on, outcome: e.outcome, by: e.type, onTheSpot: e.onTheSpot === true };
      return;
    case 'withdrawn':
      s.closed = { on: e.on, outcome: 'withdrawn', by: e.type, onTheSpot: false };
      return;
  }
}

/** Receipt date and rule (Art. 31), or null date while a required confirmation is missing. */
function receipt(s: CaseState): { date: IsoDate | null; rule: string } {
  const r = s.received;
  if (!r) return { date: null, rule: '' };
  const confirmed = r.confirmedOn ?? s.confirmedLater;
  switch (r.channel) {
    case 'in_person':
      return {
        date: r.submittedOn,
        rule: `当面提交申请的，以提交之日为收到申请之日（${REG}第三十一条第（一）项）。`,
      };
    case 'oral':
      return {
        date: r.submittedOn,
        rule: `口头提出申请、由政府信息公开工作机构代为填写的（${REG}第二十九条），以工作机构记录之日为收到申请之日（参照第三十一条第（一）项当面提交的规定）。`,
      };
    case 'post_signed':
      return {
        date: r.signedOn ?? null,
        rule: `以邮寄方式提交申请的，以行政机关签收之日为收到申请之日（${REG}第三十一条第（二）项）。`,
      };
    case 'post_plain':
      return {
        date: confirmed ?? null,
        rule: `以平常信函等无需签收的邮寄方式提交申请的，以政府信息公开工作机构与申请人确认之日为收到申请之日（${REG}第三十一条第（二）项）。`,
      };
    case 'online':
      return {
        date: confirmed ?? null,
        rule: `通过互联网渠道提交申请的，以双方确认之日为收到申请之日（${REG}第三十一条第（三）项）。`,
      };
    case 'email':
      return {
        date: confirmed ?? null,
        rule: `通过电子邮件提交申请的，属于互联网渠道，以双方确认之日为收到申请之日（${REG}第三十一条第（三）项）。`,
      };
    case 'fax':
      return {
        date: confirmed ?? null,
        rule: `通过政府信息公开工作机构的传真提交申请的，以双方确认之日为收到申请之日（${REG}第三十一条第（三）项）。`,
      };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Deadlines

/** Chinese date (2025年9月26日), memoised: a case page formats the same few dates dozens of times. */
const chineseDates = new Map<IsoDate, string>();
const CHINESE_DATE_CACHE_LIMIT = 4096;
function cn(date: IsoDate): string {
  let text = chineseDates.get(date);
  if (text === undefined) {
    if (chineseDates.size >= CHINESE_DATE_CACHE_LIMIT) chineseDates.clear();
    text = formatChineseDate(date);
    chineseDates.set(date, text);
  }
  return text;
}

interface Interval {
  from: IsoDate;
  to: IsoDate;
}

/**
 * Derives every deadline of a case from its events (in recorded order; see {@link validateEvent}).
 * Throws `Error` when the first event is not `received` (a programming error).
 */
export function computeDeadlines(
  events: readonly CaseEvent[],
  cal: Calendar,
  policy: TimelinePolicy = DEFAULT_TIMELINE_POLICY,
): Deadlines {
  if (events[0]?.type !== 'received') throw new Error('A case timeline must start with a "received" event');
  const s = replay(events);
  const steps: DeadlineStep[] = [];
  const warnings: string[] = [];
  const provisionalYears = new Set<number>();
  const closed = s.closed;
  const outcome = closed?.outcome ?? null;
  const closedOn = closed?.on ?? null;

  const rc = receipt(s);
  const received = s.received as Extract<CaseEvent, { type: 'received' }>;
  if (rc.date === null) {
    const what = received.channel === 'post_signed' ? '签收日期' : '与申请人确认的日期';
    steps.push({
      label: '收到申请之日',
      date: null,
      explanation: `${rc.rule}${cn(received.submittedOn)}提交的申请尚未登记${what}，各项期限待确认后计算。`,
    });
    return finish({
      receiptDate: null,
      receiptRule: rc.rule,
      clockStart: null,
      replyDue: null,
      replyDueProjected: false,
      correctionNoticeDue: null,
      correctionDue: null,
      thirdPartyDue: null,
      agencyDue: null,
      feeDue: null,
      extendedBy: 0,
      pausedIntervals: [],
      excludedWorkingDays: 0,
      consultations: [],
      status: closed ? statusOfClosed(closed.by) : 'awaiting_confirmation',
      outcome,
      closedOn,
      answeredLate: null,
      warnings,
      steps,
      provisionalYears,
    });
  }
  const receiptDate = rc.date;
  steps.push({ label: '收到申请之日', date: receiptDate, explanation: rc.rule });
  if (received.channel === 'post_plain' && receiptDate > received.submittedOn) {
    warnings.push(
      `平常信函应于收到当日与申请人确认（${REG}第三十一条第（二）项）；本申请${cn(received.submittedOn)}收到，${cn(receiptDate)}才确认。`,
    );
  }

  // Correction (Art. 30)
  const correctionNoticeDue = addTracked(
    cal,
    provisionalYears,
    receiptDate,
    ART30_CORRECTION_NOTICE_WORKING_DAYS,
  );
  const correction = s.correction;
  if (!correction) {
    if (!closed) {
      steps.push({
        label: '补正告知期限',
        date: correctionNoticeDue,
        explanation: `申请内容不明确的，应自收到申请之日起${ART30_CORRECTION_NOTICE_WORKING_DAYS}个工作日内一次性告知申请人补正（${REG}第三十条），自${cn(receiptDate)}次日起算，最迟为${cn(correctionNoticeDue)}。`,
      });
    }
  } else {
    const late = correction.requestedOn > correctionNoticeDue;
    steps.push({
      label: '告知补正',
      date: correction.requestedOn,
      explanation: `${cn(correction.requestedOn)}一次性告知申请人补正（${REG}第三十条），法定告知期限为收到申请之日起${ART30_CORRECTION_NOTICE_WORKING_DAYS}个工作日，即${cn(correctionNoticeDue)}前${late ? '；本次告知已超过该期限' : ''}。`,
    });
    if (late) {
      warnings.push(
        `补正告知晚于法定期限：应自收到申请之日起${ART30_CORRECTION_NOTICE_WORKING_DAYS}个工作日内（最迟${cn(correctionNoticeDue)}）一次性告知，实际于${cn(correction.requestedOn)}告知。`,
      );
    }
    steps.push({
      label: '补正期限',
      date: correction.dueOn,
      explanation: `行政机关确定的合理补正期限为${cn(correction.dueOn)}；申请人无正当理由逾期不补正的，视为放弃申请（${REG}第三十条）。`,
    });
    if (correction.receivedOn) {
      steps.push({
        label: '收到补正之日',
        date: correction.receivedOn,
        explanation: `答复期限自行政机关收到补正的申请之日起计算（${REG}第三十条）。`,
      });
      if (correction.receivedOn > correction.dueOn) {
        warnings.push(`申请人于${cn(correction.receivedOn)}提交补正，晚于补正期限${cn(correction.dueOn)}。`);
      }
    } else if (correction.lapsedOn) {
      steps.push({
        label: '视为放弃申请',
        date: correction.lapsedOn,
        explanation: `补正期限${cn(correction.dueOn)}届满，申请人未补正，视为放弃申请，行政机关不再处理该申请（${REG}第三十条）。`,
      });
    }
  }
  const awaitingCorrection = correction !== null && correction.receivedOn === null;
  const clockStart = correction ? correction.receivedOn : receiptDate;

  // Consultations (Art. 32, 34) and their windows
  const consultations: Consultation[] = s.consultations.map((c) => ({
    kind: c.kind,
    party: c.party,
    sentOn: c.sentOn,
    dueOn: addTracked(cal, provisionalYears, c.deliveredOn ?? c.sentOn, ART32_CONSULTATION_WORKING_DAYS),
    repliedOn: c.repliedOn,
    consents: c.consents,
  }));

  // Fee (109号; docs/domain/fees.md)
  const fee = s.fee;
  const feeDue = fee
    ? addTracked(cal, provisionalYears, fee.deliveredOn ?? fee.sentOn, FEE_PAYMENT_WORKING_DAYS)
    : null;

  // Pauses
  const pauses: PausedInterval[] = [];
  const pauseConsultation: (Consultation | undefined)[] = [];
  for (const c of consultations) {
    const repliedInTime = c.repliedOn !== null && c.repliedOn <= c.dueOn;
    const end = capAt(closedOn, repliedInTime ? (c.repliedOn as IsoDate) : c.dueOn);
    const open = c.repliedOn === null && closedOn === null;
    const label =
      c.kind === 'third_party' ? `征求第三方意见（${c.party}）` : `征求其他机关意见（${c.party}）`;
    const to = laterOf(end, c.sentOn);
    pauses.push({
      kind: c.kind,
      label,
      from: c.sentOn,
      to,
      open,
      workingDays: workingDaysBetween(cal, c.sentOn, to),
    });
    pauseConsultation.push(c);
  }
  if (fee && feeDue && policy.feePausesReplyClock) {
    const end = capAt(closedOn, fee.paidOn !== null && fee.paidOn <= feeDue ? fee.paidOn : feeDue);
    const open = fee.paidOn === null && closedOn === null;
    const workingDays = Math.max(0, workingDaysBetween(cal, fee.sentOn, end));
    pauses.push({
      kind: 'fee',
      label: '待申请人缴纳信息处理费',
      from: fee.sentOn,
      to: end,
      open,
      workingDays,
    });
    pauseConsultation.push(undefined);
  }
  const volume = s.volume;
  let volumePauseUnbounded = false;
  if (volume && policy.volumeReasonPausesReplyClock) {
    const end = volume.decidedOn ?? closedOn;
    if (end === null) volumePauseUnbounded = true;
    else {
      const workingDays = Math.max(0, workingDaysBetween(cal, volume.requestedOn, end));
      pauses.push({
        kind: 'volume_reason',
        label: '待申请人说明理由',
        from: volume.requestedOn,
        to: end,
        open: false,
        workingDays,
      });
      pauseConsultation.push(undefined);
    }
  }
  const pausedIntervals: readonly PausedInterval[] = pauses;

  // Reply clock: 20 WD (+ extension) from clockStart, skipping the merged pauses that start before it runs out.
  const extendedBy = s.extension?.workingDays ?? 0;
  let replyDue: IsoDate | null = null;
  let excludedWorkingDays = 0;
  let replyDueProjected = false;
  if (clockStart !== null && !volumePauseUnbounded) {
    const baseDue = addTracked(cal, provisionalYears, clockStart, ART33_REPLY_WORKING_DAYS);
    steps.push({
      label: correction ? '答复期限（自收到补正之日起算）' : '答复期限（基本期限）',
      date: baseDue,
      explanation: `不能当场答复的，应自${correction ? '收到补正的申请' : '收到申请'}之日起${ART33_REPLY_WORKING_DAYS}个工作日内予以答复（${REG}第${correction ? '三十条、第' : ''}三十三条第二款），自${cn(clockStart)}次日起算第${ART33_REPLY_WORKING_DAYS}个工作日为${cn(baseDue)}。`,
    });
    let budget = ART33_REPLY_WORKING_DAYS + extendedBy;
    let pos = clockStart;
    for (const iv of mergeIntervals(pausedIntervals)) {
      if (iv.to <= pos) continue;
      const from = laterOf(iv.from, pos);
      const available = workingDaysBetween(cal, pos, from);
      if (available >= budget) break;
      budget -= available;
      excludedWorkingDays += workingDaysBetween(cal, from, iv.to);
      pos = iv.to;
    }
    replyDue = addTracked(cal, provisionalYears, pos, budget);
    replyDueProjected = pausedIntervals.some((p) => p.open);

    pausedIntervals.forEach((p, i) => {
      const c = pauseConsultation[i];
      steps.push({ label: p.label, date: p.to, explanation: explainPause(p, c, fee, feeDue) });
      if (replyDue !== null && p.from >= replyDue && (p.kind === 'third_party' || p.kind === 'agency')) {
        warnings.push(
          `${p.label}于${cn(p.from)}发出，已在答复期限（${cn(replyDue)}）届满当日或之后，征求意见时间不再顺延答复期限。`,
        );
      }
      if (c?.repliedOn && c.repliedOn > c.dueOn) {
        warnings.push(
          `${p.label}的回复于${cn(c.repliedOn)}收到，晚于征求意见期限${cn(c.dueOn)}；逾期部分计入答复期限。`,
        );
      }
    });
    if (s.extension) {
      steps.push({
        label: '延长答复期限',
        date: s.extension.on,
        explanation: `${cn(s.extension.on)}经政府信息公开工作机构负责人（${s.extension.approvedBy}）同意，答复期限延长${extendedBy}个工作日，并告知申请人（${REG}第三十三条第二款，延长最长不得超过${ART33_EXTENSION_MAX_WORKING_DAYS}个工作日）。`,
      });
    }
    if (volume?.reasonable === true && volume.delayedReplyDue) {
      steps.push({
        label: '确定延迟答复期限',
        date: volume.delayedReplyDue,
        explanation: `申请数量、频次明显超过合理范围，申请人说明的理由合理但无法在${REG}第三十三条规定的期限内答复，行政机关于${cn(volume.decidedOn as IsoDate)}确定延迟答复的合理期限为${cn(volume.delayedReplyDue)}并告知申请人（第三十五条）；按第三十三条计算的期限为${cn(replyDue)}。`,
      });
      replyDue = volume.delayedReplyDue;
    } else {
      const parts = [`${ART33_REPLY_WORKING_DAYS}个工作日`];
      if (extendedBy > 0) parts.push(`延长${extendedBy}个工作日`);
      const excluded =
        excludedWorkingDays > 0
          ? `，另有${excludedWorkingDays}个工作日${policy.feePausesReplyClock && fee ? '（征求意见、缴费等）' : '（征求意见）'}不计算在答复期限内`
          : '';
      steps.push({
        label: '答复期限',
        date: replyDue,
        explanation: `自${cn(clockStart)}次日起算，${parts.join('加')}${excluded}，答复期限为${cn(replyDue)}${replyDueProjected ? '（按尚未回复或缴费事项的最晚期限计算，事项提前完成时相应提前）' : ''}。`,
      });
    }
  } else if (awaitingCorrection && !closed) {
    steps.push({
      label: '答复期限',
      date: null,
      explanation: `申请正在等待补正，答复期限自收到补正的申请之日起重新计算（${REG}第三十条）。`,
    });
  } else if (volumePauseUnbounded && !closed) {
    steps.push({
      label: '答复期限',
      date: null,
      explanation: `已要求申请人说明理由（${REG}第三十五条），按本机关规定等待期间不计入答复期限，收到理由后重新计算。`,
    });
  }

  if (fee && feeDue) {
    steps.push({
      label: '缴费期限',
      date: feeDue,
      explanation: `${cn(fee.sentOn)}发出收费通知，金额${fee.amount}元；申请人应当在收到收费通知次日起${FEE_PAYMENT_WORKING_DAYS}个工作日内缴纳，逾期未缴纳的视为放弃申请（${fee.deliveredOn ? `${cn(fee.deliveredOn)}收到通知` : '按发出当日收到通知计算'}），最迟为${cn(feeDue)}。${fee.paidOn ? `申请人已于${cn(fee.paidOn)}缴纳。` : ''}`,
    });
  }

  let answeredLate: boolean | null = null;
  if (closed) {
    if (closed.by === 'answered' || closed.by === 'volumeDecided') {
      answeredLate = replyDue !== null && closed.on > replyDue;
      const spot = closed.onTheSpot ? '当场' : '';
      const timing = answeredLate
        ? `，晚于答复期限${cn(replyDue as IsoDate)}，逾期${workingDaysBetween(cal, replyDue as IsoDate, closed.on)}个工作日`
        : replyDue
          ? '，在答复期限内'
          : '';
      steps.push({
        label: '作出答复',
        date: closed.on,
        explanation: `${cn(closed.on)}${spot}作出答复：${outcomeLabel(closed.outcome)}${timing}。`,
      });
      if (answeredLate) warnings.push(`答复晚于答复期限（${cn(replyDue as IsoDate)}）。`);
    } else if (closed.by === 'withdrawn') {
      steps.push({
        label: '撤回申请',
        date: closed.on,
        explanation: `申请人于${cn(closed.on)}撤回申请，本申请办结。`,
      });
    } else if (closed.by === 'feeLapsed' && fee && feeDue) {
      steps.push({
        label: '视为放弃申请',
        date: closed.on,
        explanation: `缴费期限${cn(feeDue)}届满，申请人未缴纳信息处理费，视为放弃申请，行政机关不再处理该申请。`,
      });
    }
  }

  return finish({
    receiptDate,
    receiptRule: rc.rule,
    clockStart,
    replyDue,
    replyDueProjected: replyDue !== null && replyDueProjected && !closed,
    correctionNoticeDue,
    correctionDue: correction?.dueOn ?? null,
    thirdPartyDue: latestDue(consultations, 'third_party'),
    agencyDue: latestDue(consultations, 'agency'),
    feeDue,
    extendedBy,
    pausedIntervals,
    excludedWorkingDays,
    consultations,
    status: closed
      ? statusOfClosed(closed.by)
      : awaitingCorrection
        ? 'awaiting_correction'
        : fee && fee.paidOn === null
          ? 'awaiting_fee'
          : volume && volume.decidedOn === null
            ? 'awaiting_volume_reason'
            : consultations.some((c) => c.repliedOn === null)
              ? 'consulting'
              : 'in_progress',
    outcome,
    closedOn,
    answeredLate,
    warnings,
    steps,
    provisionalYears,
  });
}

/** The later of two ISO dates (string comparison; Math.max does not apply). */
function laterOf(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? b : a;
}

function capAt(closedOn: IsoDate | null, to: IsoDate): IsoDate {
  return closedOn !== null && closedOn < to ? closedOn : to;
}

function latestDue(consultations: readonly Consultation[], kind: 'third_party' | 'agency'): IsoDate | null {
  let max: IsoDate | null = null;
  for (const c of consultations) if (c.kind === kind && (max === null || c.dueOn > max)) max = c.dueOn;
  return max;
}

function statusOfClosed(by: CaseEventType): CaseStatus {
  switch (by) {
    case 'withdrawn':
      return 'withdrawn';
    case 'correctionLapsed':
      return 'abandoned_correction';
    case 'feeLapsed':
      return 'abandoned_fee';
    default:
      return 'answered';
  }
}

type DeadlinesDraft = Omit<Deadlines, 'provisional' | 'provisionalYears' | 'statusLabel'> & {
  warnings: string[];
  steps: DeadlineStep[];
  provisionalYears: Set<number>;
};

function finish(d: DeadlinesDraft): Deadlines {
  const years = [...d.provisionalYears].sort((a, b) => a - b);
  if (years.length > 0) {
    d.warnings.push(
      `${years.map((y) => `${y}年`).join('、')}节假日安排尚未录入，相关期限已按法定节假日暂定，调休以国务院办公厅通知为准。`,
    );
  }
  // An explicit literal rather than a spread of the draft: much cheaper for V8 on this hot path.
  return {
    receiptDate: d.receiptDate,
    receiptRule: d.receiptRule,
    clockStart: d.clockStart,
    replyDue: d.replyDue,
    replyDueProjected: d.replyDueProjected,
    correctionNoticeDue: d.correctionNoticeDue,
    correctionDue: d.correctionDue,
    thirdPartyDue: d.thirdPartyDue,
    agencyDue: d.agencyDue,
    feeDue: d.feeDue,
    extendedBy: d.extendedBy,
    pausedIntervals: d.pausedIntervals,
    excludedWorkingDays: d.excludedWorkingDays,
    consultations: d.consultations,
    provisional: years.length > 0,
    provisionalYears: years,
    status: d.status,
    statusLabel: STATUS_LABELS[d.status],
    outcome: d.outcome,
    closedOn: d.closedOn,
    answeredLate: d.answeredLate,
    warnings: d.warnings,
    steps: d.steps,
  };
}

/** `addWorkingDays` that collects the provisional years (a module function: no closure per call). */
function addTracked(cal: Calendar, years: Set<number>, date: IsoDate, n: number): IsoDate {
  const r: WorkingDayResult = addWorkingDays(cal, date, n);
  for (const y of r.provisionalYears) years.add(y);
  return r.date;
}

/** Union of intervals `(from, to]`, sorted. */
function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out.at(-1);
    if (last && iv.from <= last.to) {
      if (iv.to > last.to) last.to = iv.to;
    } else out.push({ from: iv.from, to: iv.to });
  }
  return out;
}

function explainPause(
  p: PausedInterval,
  c: Consultation | undefined,
  fee: CaseState['fee'],
  feeDue: IsoDate | null,
): string {
  const excluded = `自${cn(p.from)}次日至${cn(p.to)}共${p.workingDays}个工作日不计算在答复期限内`;
  if (c) {
    const who = c.kind === 'third_party' ? '第三方' : '被征求意见机关';
    const article = c.kind === 'third_party' ? '第三十二条' : '第三十四条';
    const silence =
      c.kind === 'third_party'
        ? '逾期未提出意见的，由行政机关依法决定是否公开'
        : '逾期未提出意见的视为同意公开';
    const reply =
      c.repliedOn === null
        ? p.open
          ? `尚未回复，按征求意见期限届满日${cn(c.dueOn)}计算`
          : `未在期限内回复，${silence}`
        : `${cn(c.repliedOn)}回复，${c.consents ? '同意公开' : '不同意公开'}`;
    return `${cn(c.sentOn)}书面征求${c.party}意见，${who}应自收到征求意见书之日起${ART32_CONSULTATION_WORKING_DAYS}个工作日内提出意见（${REG}${article}），即${cn(c.dueOn)}前；${reply}。${excluded}（${REG}第三十三条第三款）。`;
  }
  if (p.kind === 'fee' && fee && feeDue) {
    const paid = fee.paidOn
      ? `申请人于${cn(fee.paidOn)}缴纳`
      : p.open
        ? `尚未缴纳，按缴费期限${cn(feeDue)}计算`
        : '申请人未缴纳';
    return `${cn(fee.sentOn)}发出收费通知，${paid}。按本机关规定，缴费期间不计入答复期限（法律未明确规定），${excluded}。`;
  }
  return `${cn(p.from)}要求申请人说明理由（${REG}第三十五条），${cn(p.to)}作出决定；按本机关规定，${excluded}。`;
}

// ---------------------------------------------------------------------------------------------------------
// Reminders

/**
 * Whether a reply deadline is near: not yet passed and at most {@link DUE_SOON_WORKING_DAYS} working days
 * away (the due day itself counts as due soon).
 */
export function dueSoon(replyDue: IsoDate, today: IsoDate, cal: Calendar): boolean {
  return today <= replyDue && workingDaysBetween(cal, today, replyDue) <= DUE_SOON_WORKING_DAYS;
}

/** Whether `today` is after the deadline (the due day is the last day to act). */
export function isOverdue(replyDue: IsoDate, today: IsoDate): boolean {
  return today > replyDue;
}

// ---------------------------------------------------------------------------------------------------------
// Validation

function dateFields(e: CaseEvent): [string, IsoDate | undefined][] {
  switch (e.type) {
    case 'received':
      return [
        ['提交日期', e.submittedOn],
        ['确认日期', e.confirmedOn],
        ['签收日期', e.signedOn],
      ];
    case 'correctionRequested':
      return [
        ['日期', e.on],
        ['补正期限', e.dueOn],
      ];
    case 'thirdPartyConsultationSent':
    case 'agencyConsultationSent':
    case 'feeNoticeSent':
      return [
        ['日期', e.on],
        ['送达日期', e.deliveredOn],
      ];
    case 'volumeDecided':
      return [
        ['日期', e.on],
        ['延迟答复期限', e.delayedReplyDue],
      ];
    default:
      return [['日期', e.on]];
  }
}

const CLOSING_PHRASES: Partial<Record<CaseEventType, string>> = {
  answered: '作出答复',
  volumeDecided: '作出不予处理的答复',
  withdrawn: '由申请人撤回',
  correctionLapsed: '因逾期未补正视为放弃申请',
  feeLapsed: '因逾期未缴费视为放弃申请',
};

const CONFIRMED_CHANNELS: ReadonlySet<ReceiptChannel> = new Set(['post_plain', 'fax', 'email', 'online']);

/**
 * Checks whether `next` may be appended to a valid timeline `events` on day `now`; returns null when it may,
 * else the reason in Chinese. Irregular but possible facts (a late correction notice, a late answer) are
 * accepted here and reported as `warnings` by {@link computeDeadlines}.
 */
export function validateEvent(
  events: readonly CaseEvent[],
  next: CaseEvent,
  now: IsoDate,
  cal: Calendar,
  policy: TimelinePolicy = DEFAULT_TIMELINE_POLICY,
): string | null {
  const label = EVENT_LABELS[next.type];
  for (const [name, value] of dateFields(next)) {
    if (value === undefined) continue;
    if (!isIsoDate(value)) return `“${label}”的${name}“${value}”无效，请填写YYYY-MM-DD格式的真实日期。`;
    if (value > now && name !== '补正期限' && name !== '延迟答复期限') {
      return `“${label}”的${name}（${cn(value)}）不能晚于今天（${cn(now)}）。`;
    }
  }
  if (events.length === 0) {
    if (next.type !== 'received') return '请先登记收到申请。';
    return validateReceived(next);
  }
  if (next.type === 'received') return '本申请已登记收到，不能重复登记。';

  const s = replay(events);
  const date = next.on;
  if (s.closed) {
    const how = CLOSING_PHRASES[s.closed.by] ?? '办结';
    if (next.type === 'answered') return `本申请已于${cn(s.closed.on)}${how}，已办结，不能再次作出答复。`;
    return `本申请已于${cn(s.closed.on)}${how}，已办结，不能再登记“${label}”。`;
  }
  if (s.lastDate !== null && date < s.lastDate) {
    return `“${label}”的日期（${cn(date)}）早于上一事项的日期（${cn(s.lastDate)}），请按时间顺序登记。`;
  }
  const rc = receipt(s);
  if (rc.date === null) {
    if (next.type === 'receiptConfirmed' || next.type === 'withdrawn') return null;
    return '收到申请之日尚未确认（需与申请人确认），请先登记确认日期。';
  }
  if (next.type === 'receiptConfirmed') return '本申请的收到申请之日已确定，无需再次确认。';
  if (date < rc.date) return `“${label}”的日期（${cn(date)}）早于收到申请之日（${cn(rc.date)}）。`;

  const d = computeDeadlines(events, cal, policy);
  const c = s.correction;
  const awaitingCorrection = c !== null && c.receivedOn === null;
  if (awaitingCorrection && !['correctionReceived', 'correctionLapsed', 'withdrawn'].includes(next.type)) {
    return `申请正在等待补正（补正期限${cn(c.dueOn)}），收到补正前不能登记“${label}”。`;
  }
  const feePending = s.fee !== null && s.fee.paidOn === null;

  switch (next.type) {
    case 'correctionRequested':
      if (c) return `补正应当一次性告知（${REG}第三十条），本申请已于${cn(c.requestedOn)}告知补正。`;
      if (next.dueOn <= next.on) return '补正期限应晚于告知补正之日。';
      return null;
    case 'correctionReceived':
      if (!awaitingCorrection) return '本申请没有待补正的事项。';
      return null;
    case 'correctionLapsed':
      if (!awaitingCorrection) return '本申请没有待补正的事项。';
      if (next.on <= c.dueOn) return `补正期限（${cn(c.dueOn)}）尚未届满，不能认定申请人逾期未补正。`;
      return null;
    case 'thirdPartyConsultationSent':
    case 'agencyConsultationSent': {
      const isThird = next.type === 'thirdPartyConsultationSent';
      const party = (isThird ? next.party : next.agency).trim();
      if (party === '') return isThird ? '请填写被征求意见的第三方名称。' : '请填写被征求意见的机关名称。';
      if (pendingConsultation(s, isThird ? 'third_party' : 'agency', party)) {
        return `已向${party}征求意见且尚未回复，不能重复登记。`;
      }
      if (next.deliveredOn !== undefined && next.deliveredOn < next.on)
        return '征求意见书的送达日期不能早于发出日期。';
      return null;
    }
    case 'thirdPartyReplied':
    case 'agencyReplied': {
      const isThird = next.type === 'thirdPartyReplied';
      const party = isThird ? next.party : next.agency;
      if (!pendingConsultation(s, isThird ? 'third_party' : 'agency', party)) {
        return `没有向${party}发出、尚待回复的征求意见。`;
      }
      return null;
    }
    case 'extensionApproved':
      if (s.extension) {
        return `答复期限只能延长一次，本申请已于${cn(s.extension.on)}延长${s.extension.workingDays}个工作日。`;
      }
      if (!Number.isInteger(next.workingDays) || next.workingDays < 1)
        return '延长的工作日数应为1至20之间的整数。';
      if (next.workingDays > ART33_EXTENSION_MAX_WORKING_DAYS) {
        return `延长的期限最长不得超过${ART33_EXTENSION_MAX_WORKING_DAYS}个工作日（${REG}第三十三条第二款）。`;
      }
      if (next.approvedBy.trim() === '') return '请填写同意延长答复期限的政府信息公开工作机构负责人。';
      if (d.replyDue !== null && next.on > d.replyDue) {
        return `答复期限已于${cn(d.replyDue)}届满，不能再延长。`;
      }
      return null;
    case 'feeNoticeSent':
      if (s.fee) return `本申请已于${cn(s.fee.sentOn)}发出收费通知，不能重复收费。`;
      if (!Number.isInteger(next.amount) || next.amount <= 0) return '收费金额应为大于0的整数（元）。';
      if (next.deliveredOn !== undefined && next.deliveredOn < next.on)
        return '收费通知的送达日期不能早于发出日期。';
      if (d.replyDue !== null && next.on > d.replyDue) {
        return `收费通知应当在政府信息公开申请处理期限内发出，答复期限已于${cn(d.replyDue)}届满。`;
      }
      return null;
    case 'feePaid':
      if (!feePending) return '本申请没有待缴纳的信息处理费。';
      if (d.feeDue !== null && next.on > d.feeDue) {
        return `缴费期限已于${cn(d.feeDue)}届满，逾期未缴纳的视为放弃申请，不能再登记缴费。`;
      }
      return null;
    case 'feeLapsed':
      if (!feePending) return '本申请没有待缴纳的信息处理费。';
      if (d.feeDue !== null && next.on <= d.feeDue)
        return `缴费期限（${cn(d.feeDue)}）尚未届满，不能认定申请人逾期未缴费。`;
      return null;
    case 'volumeReasonRequested':
      if (s.volume) return `本申请已于${cn(s.volume.requestedOn)}要求申请人说明理由。`;
      return null;
    case 'volumeDecided':
      if (!s.volume) return '请先登记要求申请人说明理由（第三十五条）。';
      if (s.volume.decidedOn) return `本申请已于${cn(s.volume.decidedOn)}对申请人说明的理由作出决定。`;
      if (next.delayedReplyDue !== undefined) {
        if (!next.reasonable) return '理由不合理的，应告知申请人不予处理，不能确定延迟答复期限。';
        if (d.replyDue !== null && next.delayedReplyDue <= d.replyDue) {
          return `延迟答复的期限应晚于按第三十三条计算的答复期限（${cn(d.replyDue)}）。`;
        }
      }
      return null;
    case 'answered':
      if (!ANSWER_OUTCOMES.has(next.outcome)) return `答复结果“${next.outcome}”无效。`;
      if (next.onTheSpot === true && next.on !== rc.date) {
        return `当场答复的日期应为收到申请之日（${cn(rc.date)}）。`;
      }
      if (feePending && s.fee)
        return `申请人尚未缴纳信息处理费（缴费期限${d.feeDue ? cn(d.feeDue) : ''}），请先登记缴费或逾期未缴费。`;
      return null;
    case 'withdrawn':
      return null;
  }
}

function validateReceived(e: Extract<CaseEvent, { type: 'received' }>): string | null {
  if (e.channel === 'post_signed' && e.signedOn === undefined)
    return '邮寄提交的申请应填写签收日期（第三十一条第（二）项）。';
  if (e.signedOn !== undefined && e.channel !== 'post_signed')
    return '只有需要签收的邮寄申请才填写签收日期。';
  if (e.confirmedOn !== undefined && !CONFIRMED_CHANNELS.has(e.channel)) {
    return '当面、口头或签收的邮寄申请不需要填写确认日期。';
  }
  if (e.signedOn !== undefined && e.signedOn < e.submittedOn) return '签收日期不能早于提交日期。';
  if (e.confirmedOn !== undefined && e.confirmedOn < e.submittedOn) return '确认日期不能早于提交日期。';
  return null;
}

/**
 * Replays {@link validateEvent} over a whole timeline (e.g. on import); returns the first problem.
 */
export function validateTimeline(
  events: readonly CaseEvent[],
  now: IsoDate,
  cal: Calendar,
  policy: TimelinePolicy = DEFAULT_TIMELINE_POLICY,
): { index: number; message: string } | null {
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as CaseEvent;
    const message = validateEvent(events.slice(0, i), e, now, cal, policy);
    if (message !== null) return { index: i, message };
  }
  return null;
}
