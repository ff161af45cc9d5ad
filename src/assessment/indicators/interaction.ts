/**
 * 互动交流 (docs/domain/assessment.md#interaction): 政务咨询 and 找错 messages, their statistics, the survey.
 */
import { addCalendarDays, type IsoDate } from '../../calendar/dates.ts';
import { addWorkingDays } from '../../calendar/workdays.ts';
import { ERROR_REPORT_REPLY_WORKING_DAYS } from '../../catalogue/statute.ts';
import type { InteractionRecords, Message } from '../input.ts';
import { addMonths } from '../periods.ts';
import {
  type Ctx,
  cn,
  type Failure,
  isNa,
  type RecordRef,
  type Runs,
  scan,
  section,
  type Unassessable,
} from './kit.ts';

/** 19号 / 2015 普查: a 政务咨询 message unanswered for more than 3 months is a veto. */
export const QUESTION_MAX_MONTHS = 3;
/** Look-back of the 互动回应差 rule: the year before the check point. */
export const QUESTION_LOOKBACK_MONTHS = 12;
/** [W-SELF]: the latest published reply within 2 months (−3). */
export const REPLIES_CURRENT_MONTHS = 2;

function interaction(ctx: Ctx): InteractionRecords | Unassessable {
  return section(ctx.input.interaction, '未提供互动交流数据');
}

function messages(
  ctx: Ctx,
  key: 'questions' | 'errorReports',
  what: string,
): readonly Message[] | Unassessable {
  const inter = interaction(ctx);
  if (isNa(inter)) return inter;
  return section(inter[key], `未提供${what}数据`);
}

function questions(ctx: Ctx): readonly Message[] | Unassessable {
  return messages(ctx, 'questions', '政务咨询留言');
}

function messageRef(type: 'question' | 'error-report', m: Message): RecordRef {
  return {
    type,
    id: m.id,
    label: m.label ?? `${type === 'question' ? '咨询留言' : '找错留言'}${m.id}`,
  };
}

/** The answer date as known at the check point (null = unanswered then). */
function answeredBy(ctx: Ctx, m: Message): IsoDate | null {
  return m.answeredOn !== null && m.answeredOn <= ctx.cp ? m.answeredOn : null;
}

/** The questions received in the look-back year before the check point (W01, W02). */
function recentQuestions(ctx: Ctx, list: readonly Message[]): Message[] {
  const since = addMonths(ctx.cp, -QUESTION_LOOKBACK_MONTHS);
  return list.filter((m) => m.receivedOn > since && m.receivedOn <= ctx.cp);
}

/** A standing fact judged once at the check point: one check, failing with `failure` when given. */
function single(failure: Failure | null) {
  return { failures: failure === null ? [] : [failure], checked: 1 };
}

/** How each row of the area is judged (its definition: `definitions.ts`). */
export const INTERACTION_RUNS = {
  /** 政务咨询留言3个月内答复 */
  W01(ctx) {
    const list = questions(ctx);
    if (isNa(list)) return list;
    return scan(
      recentQuestions(ctx, list),
      (m, t) => {
        t.checked++;
        const deadline = addMonths(m.receivedOn, QUESTION_MAX_MONTHS);
        const answered = answeredBy(ctx, m);
        const late = answered === null ? ctx.cp > deadline : answered > deadline;
        if (!late) return;
        const when =
          answered === null ? `超过3个月（${cn(deadline)}）仍未答复` : `${cn(answered)}才答复，超过3个月`;
        t.fail(messageRef('question', m), `${cn(m.receivedOn)}收到，${when}。`, false);
      },
      '政务咨询留言',
    );
  },
  /** 留言答复保持更新 */
  W02(ctx) {
    const list = questions(ctx);
    if (isNa(list)) return list;
    const recent = recentQuestions(ctx, list);
    if (recent.length === 0)
      return { failures: [], checked: 0, reason: '检查点前一年内没有收到政务咨询留言。' };
    let latest: IsoDate | null = null;
    for (const m of list) {
      const a = answeredBy(ctx, m);
      if (a !== null && (latest === null || a > latest)) latest = a;
    }
    if (latest !== null && latest >= addMonths(ctx.cp, -REPLIES_CURRENT_MONTHS)) return single(null);
    return single({
      ref: { type: 'question', id: 'latest-reply', label: '留言答复' },
      message: latest
        ? `最近一次答复为${cn(latest)}，2个月内没有新的答复。`
        : '检查点前一年内的留言均未答复。',
      fixable: recent.some((m) => answeredBy(ctx, m) === null),
    });
  },
  /** 公开留言办理统计 */
  W03(ctx) {
    const inter = interaction(ctx);
    if (isNa(inter)) return inter;
    const dates = section(inter.statisticsPublishedOn, '未记录留言统计的公开日期');
    if (isNa(dates)) return dates;
    const limit = addCalendarDays(ctx.cp, -ctx.opts.statisticsMaxAgeDays);
    if (dates.some((d) => d <= ctx.cp && d >= limit)) return single(null);
    const last = dates
      .filter((d) => d <= ctx.cp)
      .sort()
      .at(-1);
    return single({
      ref: { type: 'question', id: 'statistics', label: '留言办理统计' },
      message: last
        ? `最近一次公开统计为${cn(last)}，已超过${ctx.opts.statisticsMaxAgeDays}天。`
        : '从未公开留言办理统计。',
    });
  },
  /** 找错留言3个工作日内办结 */
  W04: (ctx) =>
    scan(
      messages(ctx, 'errorReports', '找错留言'),
      (m, t) => {
        const due = addWorkingDays(ctx.cal, m.receivedOn, ERROR_REPORT_REPLY_WORKING_DAYS).date;
        const late = t.late(ctx, m.answeredOn, due);
        if (late === null) return;
        const when = late.done === null ? `至${cn(ctx.cp)}仍未办结` : `${cn(late.done)}才办结`;
        t.fail(
          messageRef('error-report', m),
          `${cn(m.receivedOn)}收到，应于${cn(due)}前办结，${when}。`,
          false,
        );
      },
      '到期的找错留言',
    ),
} satisfies Runs;
