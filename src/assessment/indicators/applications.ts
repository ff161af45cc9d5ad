/**
 * 依申请公开 (docs/domain/assessment.md#applications): A01–A12, judged case by case and letter by
 * letter.
 */

import {
  ART30_CORRECTION_NOTICE_WORKING_DAYS,
  LITIGATION_MONTHS,
  RECONSIDERATION_DAYS,
} from '../../applications/rules/statute.ts';
import {
  type CaseEvent,
  type CaseOutcome,
  computeDeadlines,
  type Deadlines,
} from '../../applications/rules/timeline.ts';
import type { Calendar } from '../../calendar/calendar.ts';
import type { IsoDate } from '../../calendar/dates.ts';
import { addWorkingDays, workingDaysBetween } from '../../calendar/workdays.ts';
import {
  type ApplicationRecord,
  type CaseLetter,
  inPeriod,
  isMissing,
  missingReason,
  type RegisterEntry,
} from '../input.ts';
import {
  blank,
  type Ctx,
  cn,
  decisionOf,
  type Failure,
  type GuideField,
  guideFields,
  guideOf,
  isNa,
  type Outcome,
  type RecordRef,
  type Runs,
  scan,
  section,
  Tally,
  type Unassessable,
} from './kit.ts';

// ---------------------------------------------------------------------------------------------------------
// Named thresholds and rules

/** Art. 30: the correction is requested once (一次性告知). */
export const MAX_CORRECTION_REQUESTS = 1;
/** A postal application is confirmed the day it arrives (Art. 31 (二)); grace in working days. */
export const RECEIPT_CONFIRM_GRACE_WORKING_DAYS = 1;

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

const POSTAL_FIELDS: readonly GuideField[] = [
  ['postalAddress', '邮寄地址'],
  ['postcode', '邮政编码'],
  ['postalRecipient', '收件单位'],
];

const REGISTER_FIELDS = [
  ['applicant', '申请人'],
  ['receivedOn', '收件日期'],
  ['request', '申请内容'],
] as const;

// ---------------------------------------------------------------------------------------------------------
// Cases and letters

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

interface CaseView {
  readonly app: ApplicationRecord;
  readonly d: Deadlines;
}

interface Cases {
  readonly views: readonly CaseView[];
  /** Cases whose deadlines cannot be computed. */
  readonly skipped: readonly Failure[];
}

const caseCache = new WeakMap<Ctx, Cases>();

/** Cases whose deadlines can be computed, plus the skipped ones (once per evaluation context). */
function casesOf(ctx: Ctx): Cases | Unassessable {
  const apps = section(ctx.input.applications, '未提供依申请公开办理记录');
  if (isNa(apps)) return apps;
  let cases = caseCache.get(ctx);
  if (!cases) {
    const views: CaseView[] = [];
    const skipped: Failure[] = [];
    for (const app of apps) {
      const d = deadlinesOf(app, ctx.cal);
      if (typeof d === 'string') skipped.push({ ref: appRef(app), message: d });
      else views.push({ app, d });
    }
    cases = { views, skipped };
    caseCache.set(ctx, cases);
  }
  return cases;
}

/** `judge` over each case whose deadlines are known; those that have none are skipped. */
function eachCase(ctx: Ctx, judge: (v: CaseView, t: Tally) => void, what?: string): Outcome | Unassessable {
  const cases = casesOf(ctx);
  if (isNa(cases)) return cases;
  return scan(cases.views, judge, what, cases.skipped);
}

/** Receipt date (or submission date while unconfirmed) in the period. */
function receivedInPeriod(ctx: Ctx, v: CaseView): boolean {
  return inPeriod(v.d.receiptDate ?? v.app.submittedOn, ctx.from, ctx.to);
}

function needsReply(outcome: CaseOutcome | null): boolean {
  return outcome === null || !NO_REPLY_OUTCOMES.has(outcome);
}

/** The case's reply letters, or a skip reason. */
function replyLetters(v: CaseView): readonly CaseLetter[] | string {
  const letters = v.app.letters;
  if (isMissing(letters)) return missingReason(letters, '未提供本申请的文书记录');
  return (letters as readonly CaseLetter[]).filter((l) => l.kind === 'reply');
}

interface LetterView {
  readonly v: CaseView;
  readonly l: CaseLetter;
  /** The letter's conclusion, else the case's outcome. */
  readonly outcome: CaseOutcome | null;
}

function refOfLetter(x: LetterView): RecordRef {
  return letterRef(x.v.app, x.l);
}

interface Letters {
  readonly letters: readonly LetterView[];
  /** Cases without computable deadlines, and cases closed in the period with no letters on file. */
  readonly skipped: readonly Failure[];
}

const letterCache = new WeakMap<Ctx, Letters>();

/**
 * The reply letters issued in the period (a letter without a date counts on the case's closing day); a case
 * closed in the period that needed a reply but has no letters on file is skipped. Once per context.
 */
function lettersOf(ctx: Ctx): Letters | Unassessable {
  const cases = casesOf(ctx);
  if (isNa(cases)) return cases;
  let found = letterCache.get(ctx);
  if (!found) {
    const letters: LetterView[] = [];
    const skipped = [...cases.skipped];
    for (const v of cases.views) {
      const ls = replyLetters(v);
      if (typeof ls === 'string') {
        if (inPeriod(v.d.closedOn, ctx.from, ctx.to) && v.d.outcome !== null && needsReply(v.d.outcome))
          skipped.push({ ref: appRef(v.app), message: ls });
        continue;
      }
      for (const l of ls)
        if (inPeriod(l.issuedOn ?? v.d.closedOn, ctx.from, ctx.to))
          letters.push({ v, l, outcome: l.conclusion ?? v.d.outcome });
    }
    found = { letters, skipped };
    letterCache.set(ctx, found);
  }
  return found;
}

/** `judge` over each reply letter issued in the period (see {@link lettersOf}). */
function eachLetter(
  ctx: Ctx,
  judge: (x: LetterView, t: Tally) => void,
  what?: string,
): Outcome | Unassessable {
  const found = lettersOf(ctx);
  if (isNa(found)) return found;
  return scan(found.letters, judge, what, found.skipped);
}

function notAnswered(ctx: Ctx, due: IsoDate): string {
  return `答复期限${cn(due)}已过，至${cn(ctx.cp)}仍未答复。`;
}

// ---------------------------------------------------------------------------------------------------------
// Indicators

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

/** 文号 used by more than one of the letters. */
function duplicateNumbers(letters: readonly LetterView[]): Set<string> {
  const seen = new Map<string, number>();
  for (const { l } of letters) {
    const n = l.docNumber?.trim();
    if (n) seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, c]) => c > 1).map(([n]) => n));
}

function normalizeBasis(s: string): string {
  return s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

/** How each row of the area is judged (its definition: `definitions.ts`). */
export const APPLICATION_RUNS = {
  /** 信函申请渠道公布且可用 */
  A02(ctx) {
    const guide = guideOf(ctx);
    if (isNa(guide)) return guide;
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const t = new Tally();
    t.judge(
      (): RecordRef => ({ type: 'guide', id: 'postal', label: '政府信息公开指南' }),
      guide,
      guideFields(guide, POSTAL_FIELDS),
      undefined,
      '指南未载明信函申请的',
    );
    for (const { app, d } of cases.views) {
      const ch = app.channel;
      if ((ch !== 'post_signed' && ch !== 'post_plain') || !inPeriod(app.submittedOn, ctx.from, ctx.to))
        continue;
      t.checked++;
      if (d.receiptDate !== null) continue;
      const grace = addWorkingDays(ctx.cal, app.submittedOn, RECEIPT_CONFIRM_GRACE_WORKING_DAYS).date;
      const what = ch === 'post_signed' ? '签收' : '与申请人确认';
      if (ctx.cp > grace) t.fail(appRef(app), `${cn(app.submittedOn)}邮寄的申请未登记${what}日期。`);
    }
    return { failures: t.failures, checked: t.checked, skipped: cases.skipped };
  },
  /** 每件申请均书面答复 */
  A03: (ctx) =>
    eachCase(
      ctx,
      (v, t) => {
        const { app, d } = v;
        if (d.closedOn === null || d.closedOn > ctx.cp) {
          if (d.replyDue === null || !decisionOf(ctx, null, d.replyDue).judged) return;
          t.checked++;
          t.fail(appRef(app), notAnswered(ctx, d.replyDue));
          return;
        }
        if (!inPeriod(d.closedOn, ctx.from, ctx.to) || d.outcome === null || !needsReply(d.outcome)) return;
        const ls = replyLetters(v);
        if (typeof ls === 'string') return t.skip(appRef(app), ls);
        t.checked++;
        if (ls.some((l) => l.delivery !== 'phone' && l.delivery !== 'sms')) return;
        const how = ls.length > 0 ? '仅以电话或短信答复，' : '';
        t.fail(appRef(app), `${cn(d.closedOn)}办结，${how}未出具书面答复。`);
      },
      '应答复的申请',
    ),
  /** 在法定期限内答复 */
  A04: (ctx) =>
    eachCase(
      ctx,
      ({ app, d }, t) => {
        if (d.replyDue === null || !needsReply(d.outcome)) return;
        const due = d.replyDue;
        const late = t.late(ctx, d.closedOn, due);
        if (late === null) return;
        const { done } = late;
        const days = done === null ? 0 : workingDaysBetween(ctx.cal, due, done);
        t.fail(
          appRef(app),
          done === null
            ? notAnswered(ctx, due)
            : `答复期限${cn(due)}，${cn(done)}才答复，逾期${days}个工作日。`,
          false,
        );
      },
      '答复期限届满的申请',
    ),
  /** 补正一次性告知且不超过7个工作日 */
  A05: (ctx) =>
    eachCase(
      ctx,
      ({ app, d }, t) => {
        const requests = app.events.filter(
          (e): e is Extract<CaseEvent, { type: 'correctionRequested' }> => e.type === 'correctionRequested',
        );
        const first = requests[0];
        if (!first || !inPeriod(first.on, ctx.from, ctx.to)) return;
        const problems: string[] = [];
        if (requests.length > MAX_CORRECTION_REQUESTS)
          problems.push(`告知补正${requests.length}次，未一次性告知`);
        const receipt = d.receiptDate ?? app.submittedOn;
        const due = addWorkingDays(ctx.cal, receipt, ART30_CORRECTION_NOTICE_WORKING_DAYS).date;
        if (first.on > due) {
          problems.push(
            `收到申请之日为${cn(receipt)}，应于${cn(due)}前告知补正，实际${cn(first.on)}告知，超过${ART30_CORRECTION_NOTICE_WORKING_DAYS}个工作日`,
          );
        }
        const letters = isMissing(app.letters) ? [] : (app.letters as readonly CaseLetter[]);
        for (const l of letters) {
          if (l.kind !== 'correction') continue;
          if (l.itemsListed === false) problems.push('补正告知书未列明需要补正的事项');
          if (l.correctionDeadlineStated === false) problems.push('补正告知书未载明补正期限');
        }
        t.judge(appRef, app, problems, false);
      },
      '告知补正的申请',
    ),
  /** 答复书形式要素齐全 */
  A06(ctx) {
    const found = lettersOf(ctx);
    if (isNa(found)) return found;
    const duplicates = duplicateNumbers(found.letters);
    return eachLetter(
      ctx,
      (x, t) =>
        t.judge(refOfLetter, x, letterElementProblems(ctx, x.v, x.l, duplicates), undefined, '答复书缺少'),
      '出具的答复书',
    );
  },
  /** 不予提供的答复说明理由和法律依据 */
  A07: (ctx) =>
    eachLetter(
      ctx,
      (x, t) => {
        const { l, outcome } = x;
        if (outcome === null) return t.skip(refOfLetter(x), '答复结论未记录，无法判断是否需要说明理由。');
        if (outcome === 'granted' || !needsReply(outcome)) return;
        const p: string[] = [];
        const basis = (l.legalBasis ?? []).map(normalizeBasis).filter((b) => b !== '');
        const expected = EXPECTED_BASIS[outcome] ?? [];
        if (basis.length === 0 || !basis.some((b) => ARTICLE_PATTERN.test(b))) p.push('未引用具体条款');
        else if (expected.length > 0 && !basis.some((b) => expected.some((e) => b.includes(e))))
          p.push(`引用的条款与答复结论不符（应引用${expected.join('或')}）`);
        if (blank(l.reasonText)) p.push('未说明理由');
        t.judge(refOfLetter, x, p);
      },
      '不予提供信息的答复书',
    ),
  /** 答复书告知救济途径 */
  A08(ctx) {
    const expectedBody = ctx.input.agency.reviewBody?.trim() || null;
    return eachLetter(
      ctx,
      (x, t) => {
        const { l, outcome } = x;
        if (!needsReply(outcome)) return;
        const r = l.remedies;
        if (!r) {
          t.checked++;
          return t.fail(refOfLetter(x), '答复书未告知复议、诉讼等救济途径。');
        }
        const p: string[] = [];
        if (blank(r.reviewBody)) p.push('未写明复议机关');
        else if (expectedBody !== null && (r.reviewBody as string).trim() !== expectedBody)
          p.push(`复议机关写为“${r.reviewBody}”，应为“${expectedBody}”`);
        if (r.reviewDays !== RECONSIDERATION_DAYS) p.push(`未写明${RECONSIDERATION_DAYS}日的复议申请期限`);
        if (outcome !== null && requiresReviewFirst(outcome)) {
          if (r.reviewFirst !== true)
            p.push('不予公开的答复未告知应当先申请行政复议（行政复议法第二十三条）');
        } else if (r.courtMonths !== LITIGATION_MONTHS) p.push(`未写明${LITIGATION_MONTHS}个月的起诉期限`);
        t.judge(refOfLetter, x, p);
      },
      '出具的答复书',
    );
  },
  /** 实际提供信息 */
  A09: (ctx) =>
    eachLetter(
      ctx,
      (x, t) => {
        const { l, outcome } = x;
        if (outcome !== 'granted' && outcome !== 'partial') return;
        t.checked++;
        if ((l.attachments?.length ?? 0) === 0 && blank(l.accessPath))
          t.fail(refOfLetter(x), '答复公开信息，但未附信息，也未写明获取方式和途径。');
      },
      '予以公开或部分公开的答复',
    ),
  /** 不违规收费、不要求说明用途 */
  A10(ctx) {
    const cases = casesOf(ctx);
    if (isNa(cases)) return cases;
    const t = new Tally(cases.skipped);
    for (const v of cases.views) {
      if (!receivedInPeriod(ctx, v)) continue;
      const { app } = v;
      const feeEvent = app.events.find((e) => e.type === 'feeNoticeSent');
      if (app.purposeDemanded !== true && app.purposeDemanded !== false && !feeEvent) continue;
      const p: string[] = [];
      if (app.purposeDemanded === true) p.push('要求申请人说明申请用途');
      if (feeEvent) {
        const fee = app.fee;
        if (!fee || fee.thresholdMet === null) {
          t.skip(appRef(app), '收取了信息处理费，但未记录是否达到收费标准。');
          continue;
        }
        if (fee.thresholdMet === false) p.push('未达到109号规定的数量、频次标准却收取信息处理费');
        if (fee.noticeComplete === false) p.push('收费通知未载明依据、标准、数额或缴纳方式');
      }
      t.judge(appRef, app, p, false);
    }
    return t.outcomeOr('办理记录未登记是否要求说明用途，评估期内也没有收费的申请。');
  },
  /** 申请登记簿完整 */
  A11: (ctx) =>
    eachCase(
      ctx,
      (v, t) => {
        if (!receivedInPeriod(ctx, v)) return;
        const reg = v.app.register;
        if (isMissing(reg)) {
          t.checked++;
          return t.fail(appRef(v.app), '未在申请登记簿中登记。');
        }
        const r = reg as RegisterEntry;
        const missing: string[] = REGISTER_FIELDS.filter(([k]) => blank(r[k])).map(([, label]) => label);
        if (v.d.closedOn !== null && v.d.closedOn <= ctx.cp) {
          if (blank(r.repliedOn)) missing.push('答复时间');
          if (blank(r.result)) missing.push('答复结果');
        }
        t.judge(appRef, v.app, missing, undefined, '登记簿缺少');
      },
      '收到的申请',
    ),
  /** 复议、诉讼被纠正 */
  A12: (ctx) =>
    scan(section(ctx.input.litigation, '未提供行政复议、行政诉讼结果数据'), (r, t) => {
      if (!inPeriod(r.decidedOn, ctx.from, ctx.to) || r.decidedOn > ctx.cp) return;
      t.checked++;
      if (r.result !== 'corrected') return;
      const kind = r.kind === 'review' ? '行政复议' : '行政诉讼';
      const ref: RecordRef = { type: 'litigation', id: r.id, label: r.label ?? `${kind}${r.id}` };
      t.fail(ref, `${cn(r.decidedOn)}${kind}结果为纠正。`, false);
    }),
} satisfies Runs;
