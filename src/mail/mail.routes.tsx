import type { FastifyInstance } from 'fastify';
import { can, requireViewer } from '../accounts/auth.ts';
import type { Deps } from '../shared/deps.ts';
import { noticeFrom, sendAdminPage } from '../shared/http/page.ts';
import { idOf } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { OutboxPage, STATUS_FILTERS } from './mail.views.tsx';
import type { OutboxStatusFilter } from './outbox.model.ts';
import { listOutboxPage } from './outbox.repository.ts';
import { outboxAgencyOf, outboxLine, resendFailedMail } from './outbox.service.ts';

const PAGE_SIZE = 50;

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
    return sendAdminPage(request, reply, 'mail', OutboxPage, {
      lines: rows.map((r) => outboxLine(r, config.timeZone, canResend)),
      total,
      page,
      pageSize: PAGE_SIZE,
      status,
      scopeLabel: agency === null ? '全部机构' : (viewer.agencyName ?? ''),
      smtpConfigured: Boolean(config.smtpUrl && config.mailFrom),
      notice: noticeFrom(request, { resent: '邮件已重新排入发送队列。' }),
    });
  });

  app.post(
    paths.mail.resend.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const mailId = idOf((request.params as { mailId: string }).mailId);
      await resendFailedMail(db, requireViewer(request), request.ip, mailId, deps.clock.now().toISOString());
      return reply.redirect(paths.mail.outbox(undefined, { status: 'failed', resent: '1' }), 303);
    },
  );
}
