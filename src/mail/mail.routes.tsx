import type { FastifyInstance } from 'fastify';
import { type AuthedUser, can, requireViewer } from '../accounts/auth.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { formatDateTime } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { conflict, notFound } from '../shared/http/errors.ts';
import { adminContext, noticeFrom, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { type OutboxLine, OutboxPage, type OutboxStatusFilter, STATUS_FILTERS } from './mail.views.tsx';
import {
  findOutboxRow,
  listOutboxPage,
  maskEmail,
  type OutboxRow,
  requeueFailed,
  UNCONFIGURED,
} from './outbox.repository.ts';

const PAGE_SIZE = 50;

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
    kindLabel: r.kind === 'reminder' ? '每日提醒' : '申请人通知',
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

/** The back-office outbox (/admin/mail): the agency's outgoing mail and 重新发送 of failed mail. */
export async function registerMailRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;

  app.get(paths.mail.outbox.pattern, { config: { access: 'applications.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const q = request.query as Record<string, string | undefined>;
    const status = (STATUS_FILTERS.find((f) => f.value === q.status)?.value ?? 'all') as OutboxStatusFilter;
    const page = Math.max(1, Math.min(100_000, Number(q.page) || 1));
    const agency = outboxAgencyOf(viewer);
    const { rows, total } =
      agency === 'none'
        ? { rows: [], total: 0 }
        : await listOutboxPage(db, {
            agencyId: agency,
            status,
            limit: PAGE_SIZE,
            offset: (page - 1) * PAGE_SIZE,
          });
    const canResend = can(viewer, 'applications.handle');
    return sendPage(
      reply,
      <OutboxPage
        ctx={adminContext(request, reply, 'mail')}
        lines={rows.map((r) => outboxLine(r, config.timeZone, canResend))}
        total={total}
        page={page}
        pageSize={PAGE_SIZE}
        status={status}
        scopeLabel={agency === null ? '全部机构' : (viewer.agencyName ?? '')}
        smtpConfigured={Boolean(config.smtpUrl && config.mailFrom)}
        notice={noticeFrom(request, { resent: '邮件已重新排入发送队列。' })}
      />,
    );
  });

  app.post(
    paths.mail.resend.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const raw = (request.params as { mailId: string }).mailId;
      const row = /^\d{1,9}$/.test(raw) ? await findOutboxRow(db, Number(raw)) : null;
      const agency = outboxAgencyOf(viewer);
      if (!row || agency === 'none' || (agency !== null && row.agencyId !== agency)) throw notFound('邮件');
      if (row.status !== 'failed') throw conflict('只有发送失败的邮件可以重新发送。');
      const now = deps.clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        if (!(await requeueFailed(trx, row.id, now))) throw conflict('该邮件已重新发送或已发出。');
        await appendAudit(trx, {
          actor: { userId: viewer.id, login: viewer.login, ip: request.ip },
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
      return reply.redirect(paths.mail.outbox(undefined, { status: 'failed', resent: '1' }), 303);
    },
  );
}
