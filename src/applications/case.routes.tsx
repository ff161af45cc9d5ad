/** Staff routes of cases: the work queue, registration by a clerk, the case page, its events and files. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthedUser, can } from '../accounts/auth.ts';
import { isIsoDate } from '../calendar/dates.ts';
import { addWorkingDays } from '../calendar/workdays.ts';
import { sendDownload } from '../shared/http/download.ts';
import { forbidden, notFound } from '../shared/http/errors.ts';
import { formBody, orFormError, parseForm } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { REGISTER_FIELDS, registerSchema } from './application.forms.ts';
import { findApplication, listLetters, listQueue, statsByAgency } from './application.repository.ts';
import {
  ApplicationRefused,
  applicationInScope,
  dueSoonUntil,
  isHandlingStaff,
  loadCase,
  pendingParties,
  recordEvent,
  registerApplication,
  requireHandlingStaff,
  viewPersonal,
} from './application.service.ts';
import {
  CasePage,
  EventFormPage,
  type QueueNarrowing,
  QueuePage,
  RegisterPage,
} from './application.views.tsx';
import { listIdentityUploads } from './documents.repository.ts';
import { identityDocumentDownload } from './documents.service.ts';
import { type FormEventType, isFormEventType } from './event-forms.ts';
import { letterDeliveries } from './letter.service.ts';
import type { RouteKit } from './route-kit.ts';

const p = paths.applications;
const PAGE_SIZE = 50;
const QUEUE_STATUSES = [
  'open',
  'closed',
  'all',
  'awaiting_confirmation',
  'awaiting_correction',
  'in_progress',
  'consulting',
  'awaiting_fee',
];
type CaseParams = { Params: RouteParams<typeof p.show> };
type EventParams = { Params: RouteParams<typeof p.eventNew> };

/** Registration is for the staff of one handling agency. */
export function registeringAgency(viewer: AuthedUser): number {
  if (viewer.scope.kind !== 'agency') throw forbidden('请使用办理机关经办人或审核人的账号登记申请。');
  return viewer.scope.agencyId;
}

/** The narrowing filters the statistics pages link with (one click from a chart to its records). */
function narrowingOf(q: Record<string, string | undefined>): QueueNarrowing {
  const date = (v: string | undefined) => (v && isIsoDate(v) ? v : undefined);
  return {
    agency: q.agency && /^\d{1,9}$/.test(q.agency) ? Number(q.agency) : undefined,
    receivedFrom: date(q.receivedFrom),
    receivedTo: date(q.receivedTo),
    closedFrom: date(q.closedFrom),
    closedTo: date(q.closedTo),
    outcome: q.outcome && /^[a-zA-Z]{1,30}(\.[a-zA-Z]{1,40})?$/.test(q.outcome) ? q.outcome : undefined,
    late: q.late === '1' ? true : undefined,
  };
}

export async function caseRoutes(app: FastifyInstance, kit: RouteKit): Promise<void> {
  const { deps } = kit;
  const { db, config } = deps;
  const ctxOf = (request: FastifyRequest, reply: FastifyReply) =>
    adminContext(request, reply, 'applications');

  app.get(p.queue.pattern, { config: { access: 'applications.view' } }, async (request, reply) => {
    const viewer = kit.acting(request).viewer;
    const q = request.query as Record<string, string | undefined>;
    const cal = await deps.calendar.get(db);
    const t = kit.today();
    const until = dueSoonUntil(cal, t);
    const page = Math.max(1, Math.min(100_000, Number(q.page) || 1));
    const filter = {
      status: QUEUE_STATUSES.includes(q.status ?? '') ? (q.status as string) : 'open',
      overdue: q.overdue === '1',
      dueSoon: q.dueSoon === '1',
      q: (q.q ?? '').trim().slice(0, 50),
      narrowing: narrowingOf(q),
    };
    const { agency, ...narrowing } = filter.narrowing;
    const { rows, total } = await listQueue(db, {
      scope: viewer.scope,
      ...filter,
      ...narrowing,
      agencyId: agency,
      today: t,
      dueSoonUntil: until,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const wide = viewer.scope.kind === 'subtree' || viewer.scope.kind === 'all';
    return sendPage(
      reply,
      <QueuePage
        ctx={ctxOf(request, reply)}
        rows={rows}
        total={total}
        page={page}
        pageSize={PAGE_SIZE}
        filter={filter}
        today={t}
        dueSoonUntil={until}
        stats={wide ? await statsByAgency(db, viewer.scope, t, until) : null}
        canHandle={can(viewer, 'applications.handle') && viewer.scope.kind === 'agency'}
        showAgency={wide}
      />,
    );
  });

  app.get(p.register.pattern, { config: { access: 'applications.handle' } }, async (request, reply) => {
    registeringAgency(kit.acting(request).viewer);
    return sendPage(
      reply,
      <RegisterPage ctx={ctxOf(request, reply)} values={{ submittedOn: kit.today() }} />,
    );
  });

  app.post(p.register.pattern, { config: { access: 'applications.handle' } }, async (request, reply) => {
    const by = kit.acting(request);
    const agencyId = registeringAgency(by.viewer);
    const form = parseForm(registerSchema(by.today), request.body, REGISTER_FIELDS);
    let errors = form.ok ? undefined : form.errors;
    if (form.ok) {
      try {
        const cal = await deps.calendar.get(db);
        const r = await registerApplication(
          db,
          cal,
          { agencyId, source: 'clerk', ...form.data },
          by.actor,
          by.now,
          by.today,
          { publicBaseUrl: config.publicBaseUrl },
        );
        return reply.redirect(p.show({ applicationId: r.id }, { created: '1' }), 303);
      } catch (err) {
        if (!(err instanceof ApplicationRefused)) throw err;
        errors = { submittedOn: err.message };
      }
    }
    return sendPage(
      reply,
      <RegisterPage ctx={ctxOf(request, reply)} values={form.values} errors={errors} />,
      400,
    );
  });

  const NOTICES: Record<string, string> = {
    created: '申请已登记。',
    saved: '已登记。',
    letter: '文书已保存。',
    sent: '文书已登记发出，申请人可以在查询办理进度页面查看。',
    sentMailed: '文书已登记发出，申请人可以在查询办理进度页面查看；邮件已放入发件箱，将自动发送。',
    sentMailWaiting:
      '文书已登记发出，申请人可以在查询办理进度页面查看；本系统未配置邮件服务器，邮件在发件箱中等待发送。',
  };

  async function showCase(request: FastifyRequest<CaseParams>, reply: FastifyReply, personalVisible = false) {
    const viewer = kit.acting(request).viewer;
    const a = await applicationInScope(db, viewer, idOf(request.params.applicationId));
    const cal = await deps.calendar.get(db);
    const c = await loadCase(db, cal, a);
    const repeat = a.repeatOfId ? await findApplication(db, a.repeatOfId) : null;
    const q = request.query as Record<string, string | undefined>;
    const t = kit.today();
    const letters = await listLetters(db, a.id);
    return sendPage(
      reply,
      <CasePage
        ctx={ctxOf(request, reply)}
        app={a}
        events={c.events}
        deadlines={c.deadlines}
        today={t}
        dueSoonUntil={dueSoonUntil(cal, t)}
        letters={letters}
        deliveries={await letterDeliveries(deps, letters)}
        repeatOf={repeat ? { id: repeat.id, serial: repeat.serial } : null}
        personalVisible={personalVisible}
        identityDocuments={(await listIdentityUploads(db, a.id)).map((u) => ({
          id: u.id,
          fileName: u.fileName,
          size: u.size,
        }))}
        canSeePersonal={isHandlingStaff(viewer, a)}
        canHandle={can(viewer, 'applications.handle') && isHandlingStaff(viewer, a)}
        notice={Object.entries(NOTICES).find(([k]) => q[k] === '1')?.[1]}
      />,
    );
  }

  app.get<CaseParams>(p.show.pattern, { config: { access: 'applications.view' } }, (request, reply) =>
    showCase(request, reply),
  );

  app.post<CaseParams>(
    p.personal.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const by = kit.acting(request);
      await viewPersonal(db, by, await applicationInScope(db, by.viewer, idOf(request.params.applicationId)));
      return showCase(request, reply, true);
    },
  );

  app.get<{ Params: RouteParams<typeof p.identityDocument> }>(
    p.identityDocument.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const by = kit.acting(request);
      const a = await applicationInScope(db, by.viewer, idOf(request.params.applicationId));
      return sendDownload(reply, await identityDocumentDownload(deps, by, a, idOf(request.params.uploadId)));
    },
  );

  /** The case and the event form's type, for the handling agency's staff. */
  async function eventForm(request: FastifyRequest<EventParams>) {
    const by = kit.acting(request);
    const a = await applicationInScope(db, by.viewer, idOf(request.params.applicationId));
    requireHandlingStaff(by.viewer, a);
    const type = request.params.eventType;
    if (!isFormEventType(type)) throw notFound('事项');
    const cal = await deps.calendar.get(db);
    const c = await loadCase(db, cal, a);
    return {
      by,
      a,
      type,
      cal,
      pending: pendingParties(c.deadlines, type),
      year: Number(by.today.slice(0, 4)),
    };
  }

  const eventPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    x: Awaited<ReturnType<typeof eventForm>>,
    values: Record<string, string>,
    errors?: Readonly<Record<string, string>>,
  ) =>
    sendPage(
      reply,
      <EventFormPage
        ctx={ctxOf(request, reply)}
        app={x.a}
        type={x.type}
        year={x.year}
        pendingParties={x.pending}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );

  app.get<EventParams>(
    p.eventNew.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const x = await eventForm(request);
      const t = x.by.today;
      const defaults: Partial<Record<FormEventType, Record<string, string>>> = {
        correctionRequested: { dueOn: addWorkingDays(x.cal, t, 15).date },
        answered: { onTheSpot: 'no' },
        feeNoticeSent: { method: 'per_piece' },
      };
      return eventPage(request, reply, x, { on: t, ...defaults[x.type] });
    },
  );

  app.post<EventParams>(
    p.eventNew.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const x = await eventForm(request);
      const values = formBody(request.body);
      return orFormError(
        async () => {
          try {
            await recordEvent(deps, x.by, x.a, x.type, values);
          } catch (err) {
            if (!(err instanceof ApplicationRefused)) throw err;
            return eventPage(request, reply, x, values, { on: err.message });
          }
          return reply.redirect(p.show({ applicationId: x.a.id }, { saved: '1' }), 303);
        },
        (errors) => eventPage(request, reply, x, values, errors),
      );
    },
  );
}
