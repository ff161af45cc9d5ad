import type { AuthedUser } from '../accounts/auth.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { addWorkingDays } from '../calendar/workdays.ts';
import type { Db } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { notFound } from '../shared/http/errors.ts';
import type { CatalogueMessage } from './catalogue.model.ts';
import { findMessage, insertMessage, answerMessage as saveAnswer } from './messages.repository.ts';
import { ERROR_REPORT_REPLY_WORKING_DAYS } from './statute.ts';

/** 互动交流: public questions (咨询) and error reports (网民纠错), answered by clerks. */

const KIND_LABELS: Readonly<Record<CatalogueMessage['kind'], string>> = {
  question: '咨询',
  error_report: '网民纠错',
};

export interface MessageInput {
  readonly name: string;
  readonly contact: string;
  readonly body: string;
}

export const MESSAGE_BODY_MAX = 2000;

/**
 * Receives a 咨询 (itemId null) or a 网民纠错 about a published item; an error report is due within
 * the statutory working days. Audited as an anonymous action from the sender's address.
 */
export async function receiveMessage(
  db: Db,
  cal: Calendar,
  ip: string | null,
  target: {
    readonly agencyId: number;
    readonly itemId: number | null;
    readonly kind: CatalogueMessage['kind'];
  },
  input: MessageInput,
  today: string,
  now: string,
): Promise<number> {
  const errors: Record<string, string> = {};
  if (!input.name) errors.name = '请填写您的称呼';
  if (!input.body) errors.body = target.kind === 'question' ? '请填写咨询内容' : '请填写错误内容';
  if (input.body.length > MESSAGE_BODY_MAX) errors.body = `内容不能超过 ${MESSAGE_BODY_MAX} 个字`;
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  const due =
    target.kind === 'error_report' ? addWorkingDays(cal, today, ERROR_REPORT_REPLY_WORKING_DAYS).date : null;
  return db.transaction().execute(async (trx) => {
    const id = await insertMessage(
      trx,
      {
        ...target,
        name: input.name,
        contact: input.contact || null,
        body: input.body,
        receivedOn: today,
        dueOn: due,
      },
      now,
    );
    await appendAudit(trx, {
      actor: { userId: null, login: null, ip },
      at: now,
      action: 'create',
      entityType: 'catalogue_message',
      entityId: id,
      agencyId: target.agencyId,
      summary: `收到${KIND_LABELS[target.kind]}`,
    });
    return id;
  });
}

/**
 * Answers a message of the viewer's agencies (`scope`, null = all); a question's answer may be
 * published on the portal. An empty answer changes nothing.
 */
export async function answerMessage(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  scope: readonly number[] | null,
  messageId: number,
  input: { readonly answer: string; readonly publish: boolean },
  today: string,
  now: string,
): Promise<void> {
  const m = await findMessage(db, messageId);
  if (!m || (scope !== null && !scope.includes(m.agencyId))) throw notFound('来信');
  if (!input.answer) return;
  const publish = m.kind === 'question' && input.publish;
  await db.transaction().execute(async (trx) => {
    await saveAnswer(trx, m.id, input.answer, publish, today, viewer.id);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'answer',
      entityType: 'catalogue_message',
      entityId: m.id,
      agencyId: m.agencyId,
      summary: `答复${KIND_LABELS[m.kind]} #${m.id}`,
      after: { answer: input.answer, published: input.publish },
    });
  });
}
