/** The outbox of the back office: whose mail a viewer sees, how a message is shown, 重新发送. */
import type { AuthedUser } from '../accounts/auth.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/database.ts';
import { formatDateTime } from '../shared/clock.ts';
import { conflict, notFound } from '../shared/http/errors.ts';
import type { OutboxLine } from './outbox.model.ts';
import {
  findOutboxRow,
  maskEmail,
  type OutboxRow,
  requeueFailed,
  UNCONFIGURED,
} from './outbox.repository.ts';

const OUTBOX_KIND_LABELS: Readonly<Record<OutboxRow['kind'], string>> = {
  applicant: '申请人通知',
  reminder: '每日提醒',
  review: '审核通知',
};

/** Whose mail a viewer sees: administrators every agency's (null), everyone else their own agency's. */
export function outboxAgencyOf(viewer: AuthedUser): number | null | 'none' {
  if (viewer.scope.kind === 'all') return null;
  return viewer.agencyId ?? 'none';
}

/** Presenter: a stored message as a line of the page (recipient masked, local time). */
export function outboxLine(r: OutboxRow, timeZone: string, canResend: boolean): OutboxLine {
  const base = {
    id: r.id,
    createdAt: formatDateTime(r.createdAt, timeZone),
    kindLabel: OUTBOX_KIND_LABELS[r.kind],
    to: maskEmail(r.to),
    subject: r.subject,
    attempts: r.attempts,
    lastError: r.lastError === UNCONFIGURED ? null : r.lastError,
    attachments: r.attachments.length,
  };
  switch (r.status) {
    case 'sent':
      return {
        ...base,
        statusLabel: '已发送',
        tone: 'green',
        detail: r.sentAt ? formatDateTime(r.sentAt, timeZone) : null,
        canResend: false,
      };
    case 'failed':
      return { ...base, statusLabel: '失败', tone: 'red', detail: '多次发送失败，已停止重试', canResend };
    default:
      return {
        ...base,
        statusLabel: '待发送',
        tone: r.status === 'sending' ? 'blue' : 'yellow',
        detail:
          r.status === 'sending'
            ? '正在发送'
            : r.lastError === UNCONFIGURED
              ? UNCONFIGURED
              : r.lastError
                ? `将于 ${formatDateTime(r.nextAttemptAt, timeZone)} 重试`
                : null,
        canResend: false,
      };
  }
}

/**
 * Puts a failed message of the viewer's outbox back in the queue (audited); 404 for mail the viewer
 * may not see, 409 unless it failed.
 */
export async function resendFailedMail(
  db: Db,
  viewer: AuthedUser,
  ip: string,
  mailId: number,
  now: string,
): Promise<void> {
  const row = mailId > 0 ? await findOutboxRow(db, mailId) : null;
  const agency = outboxAgencyOf(viewer);
  if (!row || agency === 'none' || (agency !== null && row.agencyId !== agency)) throw notFound('邮件');
  if (row.status !== 'failed') throw conflict('只有发送失败的邮件可以重新发送。');
  await db.transaction().execute(async (trx) => {
    if (!(await requeueFailed(trx, row.id, now))) throw conflict('该邮件已重新发送或已发出。');
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'resend',
      entityType: 'outbox',
      entityId: row.id,
      agencyId: row.agencyId,
      summary: `重新发送邮件“${row.subject}”（收件人 ${maskEmail(row.to)}，此前尝试 ${row.attempts} 次）`,
      before: { status: row.status, attempts: row.attempts, lastError: row.lastError },
      after: { status: 'pending', attempts: 0 },
    });
  });
}
