import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthedUser, can, requireViewer } from '../accounts/auth.ts';
import { findAgenciesByIds, findAgency } from '../agencies/agency.repository.ts';
import { type Agency, reviewBodyFor } from '../agencies/agency.rules.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { addWorkingDays } from '../calendar/workdays.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { CONTENT_TYPES, sendDownload } from '../shared/http/download.ts';
import { AppError, conflict, forbidden, notFound } from '../shared/http/errors.ts';
import { formBody } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import {
  discardReceived,
  keepFile,
  type ReceivedFile,
  registerFileUploads,
  removeFiles,
} from '../shared/http/uploads.ts';
import { paths } from '../shared/paths.ts';
import { printHtmlToPdf } from '../shared/pdf.ts';
import { registerApplicationApi } from './application.api.ts';
import {
  findApplication,
  findApplicationByLookupCode,
  findLetter,
  findSameApplicant,
  insertLetter,
  listForLedger,
  listLetters,
  listQueue,
  listSerials,
  statsByAgency,
  updateLetter,
} from './application.repository.ts';
import {
  applicantToValues,
  lastFour,
  normalizeLookupCode,
  parseDateInput,
  validateApplicant,
  validateReceipt,
} from './application.rules.ts';
import {
  ApplicationRefused,
  actorOf,
  appendEvent,
  applicationInScope,
  auditPersonalView,
  dueSoonUntil,
  importLedgerRows,
  isHandlingStaff,
  loadCase,
  registerApplication,
} from './application.service.ts';
import {
  CasePage,
  EventFormPage,
  ImportPage,
  LetterPage,
  QueuePage,
  RegisterPage,
} from './application.views.tsx';
import {
  deleteLetterAttachment,
  deletePendingUploads,
  findIdentityUpload,
  findLetterAttachment,
  findPublicLetterAttachment,
  insertLetterAttachment,
  insertPendingUploads,
  type LetterAttachment,
  listAttachmentsOfLetters,
  listIdentityUploads,
  listLetterAttachments,
  listPendingUploads,
  purgePendingUploads,
  type NewStoredFile as StoredNew,
} from './documents.repository.ts';
import {
  IDENTITY_MAX_BYTES,
  identityCountProblem,
  identityFileType,
  isApplicantLetter,
  LETTER_MAX_ATTACHMENTS,
  letterAttachmentType,
  PENDING_UPLOAD_TTL_MS,
  THIRD_PARTY_LETTER_KINDS,
} from './documents.rules.ts';
import {
  basisOfNote,
  type FeeBasis,
  type FormEventType,
  isFormEventType,
  parseEventForm,
} from './event-forms.ts';
import { checkLedger, ledgerXlsx } from './ledger.ts';
import { letterDocx } from './letter-docx.ts';
import { letterHtml } from './letter-html.tsx';
import {
  draftLetter,
  LETTER_KINDS,
  LETTER_SEAL_LABELS,
  type LetterContext,
  type LetterKind,
  letterKindForOutcome,
  parseLetterSeal,
} from './letters.ts';
import { notifyLetterSent } from './notifications.ts';
import {
  ApplyColumnPage,
  ApplyPage,
  CheckPage,
  type KeptUpload,
  LookupPage,
  type LookupResult,
  ReceiptPage,
} from './public.views.tsx';
import { computePieceFee, computeVolumeFee, type FeeResult } from './rules/fees.ts';
import { type CaseOutcome, EVENT_LABELS, FEE_PAYMENT_WORKING_DAYS, outcomeLabel } from './rules/timeline.ts';
import { fileDirs } from './uploads.ts';

const PAGE_SIZE = 50;
const RECEIPT_COOKIE = 'gk_apply_receipt';
/** Set after a successful progress lookup: the attachments of that application's sent letters may be downloaded. */
const LOOKUP_COOKIE = 'gk_lookup';
const LOOKUP_COOKIE_MINUTES = 30;
/** A letter attachment may be as large as the catalogue's largest document (50 MB). */
const LETTER_ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024;
const UPLOAD_TOKEN = /^[0-9a-f]{32}$/;

function idParam(request: FastifyRequest, name: string): number {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

/** Routes of the applications capability (依申请公开). */
export async function registerApplicationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock, config } = deps;
  const today = todayIn(clock, config.timeZone);
  const nowIso = () => clock.now().toISOString();
  const publicLimit = (max: number) => ({
    max: config.env === 'test' ? 100_000 : max,
    timeWindow: '1 minute',
  });
  const dirs = fileDirs(config.uploadDir);

  async function ancestorsOf(agency: Agency): Promise<Agency[]> {
    const ids = agency.path
      .split('/')
      .filter(Boolean)
      .map(Number)
      .filter((id) => id !== agency.id);
    return (await findAgenciesByIds(db, ids)).sort((a, b) => a.depth - b.depth);
  }

  function requireHandler(viewer: AuthedUser, a: { agencyId: number }): void {
    if (!can(viewer, 'applications.handle') || !isHandlingStaff(viewer, a))
      throw forbidden('只有办理机关的工作人员可以办理该申请。');
  }

  // ---------------------------------------------------------------------------------------------------
  // Work queue

  app.get(
    paths.applications.queue.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const q = request.query as Record<string, string | undefined>;
      const cal = await deps.calendar.get(db);
      const t = today();
      const until = dueSoonUntil(cal, t);
      const page = Math.max(1, Math.min(100_000, Number(q.page) || 1));
      const filter = {
        status: [
          'open',
          'closed',
          'all',
          'awaiting_confirmation',
          'awaiting_correction',
          'in_progress',
          'consulting',
          'awaiting_fee',
        ].includes(q.status ?? '')
          ? (q.status as string)
          : 'open',
        overdue: q.overdue === '1',
        dueSoon: q.dueSoon === '1',
        q: (q.q ?? '').trim().slice(0, 50),
      };
      const { rows, total } = await listQueue(db, {
        scope: viewer.scope,
        ...filter,
        today: t,
        dueSoonUntil: until,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      const wide = viewer.scope.kind === 'subtree' || viewer.scope.kind === 'all';
      const stats = wide ? await statsByAgency(db, viewer.scope, t, until) : null;
      return sendPage(
        reply,
        <QueuePage
          ctx={adminContext(request, reply, 'applications')}
          rows={rows}
          total={total}
          page={page}
          pageSize={PAGE_SIZE}
          filter={filter}
          today={t}
          dueSoonUntil={until}
          stats={stats}
          canHandle={can(viewer, 'applications.handle') && viewer.scope.kind === 'agency'}
          showAgency={wide}
        />,
      );
    },
  );

  // ---------------------------------------------------------------------------------------------------
  // Registration by a clerk

  function registeringAgency(viewer: AuthedUser): number {
    if (viewer.scope.kind !== 'agency') throw forbidden('请使用办理机关经办人或审核人的账号登记申请。');
    return viewer.scope.agencyId;
  }

  app.get(
    paths.applications.register.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      registeringAgency(viewer);
      return sendPage(
        reply,
        <RegisterPage ctx={adminContext(request, reply, 'applications')} values={{ submittedOn: today() }} />,
      );
    },
  );

  app.post(
    paths.applications.register.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const agencyId = registeringAgency(viewer);
      const values = formBody(request.body);
      const t = today();
      const receipt = validateReceipt(values, t);
      const applicant = validateApplicant(values, t);
      let errors: Record<string, string> | undefined;
      if (!receipt.ok || !applicant.ok)
        errors = { ...(receipt.ok ? {} : receipt.errors), ...(applicant.ok ? {} : applicant.errors) };
      else {
        try {
          const cal = await deps.calendar.get(db);
          const r = await registerApplication(
            db,
            cal,
            { agencyId, source: 'clerk', applicant: applicant.data, receipt: receipt.data },
            actorOf(viewer, request.ip),
            nowIso(),
            t,
            { publicBaseUrl: config.publicBaseUrl },
          );
          return reply.redirect(paths.applications.show({ applicationId: r.id }, { created: '1' }), 303);
        } catch (err) {
          if (!(err instanceof ApplicationRefused)) throw err;
          errors = { submittedOn: err.message };
        }
      }
      return sendPage(
        reply,
        <RegisterPage ctx={adminContext(request, reply, 'applications')} values={values} errors={errors} />,
        400,
      );
    },
  );

  // ---------------------------------------------------------------------------------------------------
  // Case page

  async function showCase(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { personalVisible?: boolean; notice?: string } = {},
  ) {
    const viewer = requireViewer(request);
    const a = await applicationInScope(db, viewer, idParam(request, 'applicationId'));
    const cal = await deps.calendar.get(db);
    const c = await loadCase(db, cal, a);
    const letters = await listLetters(db, a.id);
    const repeat = a.repeatOfId ? await findApplication(db, a.repeatOfId) : null;
    const identity = await listIdentityUploads(db, a.id);
    const q = request.query as Record<string, string | undefined>;
    const t = today();
    const notice =
      options.notice ??
      (q.created === '1'
        ? '申请已登记。'
        : q.saved === '1'
          ? '已登记。'
          : q.letter === '1'
            ? '文书已保存。'
            : undefined);
    return sendPage(
      reply,
      <CasePage
        ctx={adminContext(request, reply, 'applications')}
        app={a}
        events={c.events}
        deadlines={c.deadlines}
        today={t}
        dueSoonUntil={dueSoonUntil(cal, t)}
        letters={letters}
        repeatOf={repeat ? { id: repeat.id, serial: repeat.serial } : null}
        personalVisible={options.personalVisible ?? false}
        identityDocuments={identity.map((u) => ({ id: u.id, fileName: u.fileName, size: u.size }))}
        canSeePersonal={isHandlingStaff(viewer, a)}
        canHandle={can(viewer, 'applications.handle') && isHandlingStaff(viewer, a)}
        notice={notice}
      />,
    );
  }

  app.get(paths.applications.show.pattern, { config: { access: 'applications.view' } }, (request, reply) =>
    showCase(request, reply),
  );

  app.post(
    paths.applications.personal.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const a = await applicationInScope(db, viewer, idParam(request, 'applicationId'));
      if (!isHandlingStaff(viewer, a))
        throw forbidden('只有办理机关的工作人员可以查看申请人的完整个人信息。');
      await auditPersonalView(db, a, actorOf(viewer, request.ip), nowIso());
      return showCase(request, reply, { personalVisible: true });
    },
  );

  // An identity document uploaded with the online form: only the handling agency's staff, each view audited.
  app.get(
    paths.applications.identityDocument.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const a = await applicationInScope(db, viewer, idParam(request, 'applicationId'));
      if (!isHandlingStaff(viewer, a))
        throw forbidden('只有办理机关的工作人员可以查看申请人的身份证明文件。');
      const u = await findIdentityUpload(db, a.id, idParam(request, 'uploadId'));
      const body = u ? await readFile(join(dirs.identity, u.storedName)).catch(() => null) : null;
      if (!u || !body) throw notFound('文件');
      await appendAudit(db, {
        actor: actorOf(viewer, request.ip),
        at: nowIso(),
        action: 'view_personal',
        entityType: 'application_upload',
        entityId: u.id,
        agencyId: a.agencyId,
        summary: `查看申请 ${a.serial} 申请人上传的身份证明文件（${u.mime === 'application/pdf' ? 'PDF' : '图片'}，${u.size} 字节）`,
        after: { applicationId: a.id, sha256: u.sha256 },
      });
      return sendDownload(reply, { type: u.mime, fileName: u.fileName, body, inline: true });
    },
  );

  // ---------------------------------------------------------------------------------------------------
  // Events

  async function eventContext(request: FastifyRequest) {
    const viewer = requireViewer(request);
    const a = await applicationInScope(db, viewer, idParam(request, 'applicationId'));
    requireHandler(viewer, a);
    const type = (request.params as Record<string, string>).eventType ?? '';
    if (!isFormEventType(type)) throw notFound('事项');
    const cal = await deps.calendar.get(db);
    const c = await loadCase(db, cal, a);
    const kind = type === 'thirdPartyReplied' ? 'third_party' : type === 'agencyReplied' ? 'agency' : null;
    const pending = kind
      ? c.deadlines.consultations.filter((x) => x.kind === kind && x.repliedOn === null).map((x) => x.party)
      : [];
    const year = Number(today().slice(0, 4));
    return { viewer, a, type: type as FormEventType, cal, c, pending, year };
  }

  function eventDefaults(type: FormEventType, t: string, cal: Awaited<ReturnType<typeof deps.calendar.get>>) {
    const v: Record<string, string> = { on: t };
    if (type === 'correctionRequested') v.dueOn = addWorkingDays(cal, t, 15).date;
    if (type === 'answered') v.onTheSpot = 'no';
    if (type === 'feeNoticeSent') v.method = 'per_piece';
    return v;
  }

  app.get(
    paths.applications.eventNew.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const x = await eventContext(request);
      return sendPage(
        reply,
        <EventFormPage
          ctx={adminContext(request, reply, 'applications')}
          app={x.a}
          type={x.type}
          year={x.year}
          pendingParties={x.pending}
          values={eventDefaults(x.type, today(), x.cal)}
        />,
      );
    },
  );

  async function feeFor(
    a: Awaited<ReturnType<typeof applicationInScope>>,
    receivedOn: string,
    fee: FeeBasis,
  ): Promise<FeeResult> {
    if (fee.method === 'per_volume') return computeVolumeFee(fee.pages);
    const others = await findSameApplicant(db, a.agencyId, a.applicant, a.id);
    return computePieceFee(
      { ref: a.serial, receivedOn, pieces: fee.pieces },
      others
        .filter((o) => o.receivedOn)
        .map((o) => ({ ref: o.serial, receivedOn: o.receivedOn as string, pieces: 1 })),
    );
  }

  app.post(
    paths.applications.eventNew.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const x = await eventContext(request);
      const values = formBody(request.body);
      const parsed = parseEventForm(x.type, values, x.year, x.pending);
      let errors: Record<string, string> | undefined;
      if (!parsed.ok) errors = parsed.errors;
      else {
        let { event, note } = parsed.data;
        if (event.type === 'feeNoticeSent' && parsed.data.fee) {
          const fee = await feeFor(x.a, x.c.deadlines.receiptDate ?? x.a.submittedOn, parsed.data.fee);
          if (fee.amount <= 0)
            errors = {
              method: `按此计算信息处理费为 0 元（${fee.lines.at(-2)?.text ?? ''}），无需发出收费通知。`,
            };
          event = { ...event, amount: fee.amount };
          note = [fee.lines.map((l) => l.text).join('\n'), note].filter(Boolean).join('\n');
        }
        if (!errors) {
          try {
            await appendEvent(db, x.cal, x.a, event, note, actorOf(x.viewer, request.ip), nowIso(), today(), {
              publicBaseUrl: config.publicBaseUrl,
            });
            return reply.redirect(paths.applications.show({ applicationId: x.a.id }, { saved: '1' }), 303);
          } catch (err) {
            if (!(err instanceof ApplicationRefused)) throw err;
            errors = { on: err.message };
          }
        }
      }
      return sendPage(
        reply,
        <EventFormPage
          ctx={adminContext(request, reply, 'applications')}
          app={x.a}
          type={x.type}
          year={x.year}
          pendingParties={x.pending}
          values={values}
          errors={errors}
        />,
        400,
      );
    },
  );

  // ---------------------------------------------------------------------------------------------------
  // Letters

  async function letterContext(
    a: Awaited<ReturnType<typeof applicationInScope>>,
    kind: LetterKind,
  ): Promise<LetterContext> {
    const cal = await deps.calendar.get(db);
    const c = await loadCase(db, cal, a);
    const agency = (await findAgency(db, a.agencyId)) as Agency;
    const d = c.deadlines;
    const answered = c.events.find((e) => e.event.type === 'answered');
    const ext = c.events.find((e) => e.event.type === 'extensionApproved')?.event;
    const feeEvent = c.events.find((e) => e.event.type === 'feeNoticeSent');
    const third = [...c.events].reverse().find((e) => e.event.type === 'thirdPartyConsultationSent')?.event;
    return {
      agencyName: agency.name,
      reviewBody: reviewBodyFor(agency, await ancestorsOf(agency)),
      applicantName: a.applicant.applicantName,
      serial: a.serial,
      receivedOn: d.receiptDate,
      request: a.applicant.request,
      today: today(),
      outcome: d.outcome,
      basis: answered ? basisOfNote(answered.note) : null,
      replyDue: d.replyDue,
      correctionDue:
        d.correctionDue ?? (kind === 'correction' ? addWorkingDays(cal, today(), 15).date : null),
      extension:
        ext && ext.type === 'extensionApproved' ? { workingDays: ext.workingDays, newDue: d.replyDue } : null,
      fee:
        feeEvent && feeEvent.event.type === 'feeNoticeSent'
          ? {
              method: 'per_piece',
              amount: feeEvent.event.amount,
              lines: (feeEvent.note ?? '').split('\n').map((text) => ({ text, amount: null })),
              payBy:
                d.feeDue ??
                addWorkingDays(cal, feeEvent.event.deliveredOn ?? feeEvent.event.on, FEE_PAYMENT_WORKING_DAYS)
                  .date,
            }
          : null,
      thirdParty: third && third.type === 'thirdPartyConsultationSent' ? third.party : null,
      officePhone: agency.office.phone,
      officeAddress: agency.office.address,
    };
  }

  app.post(
    paths.applications.letterNew.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const a = await applicationInScope(db, viewer, idParam(request, 'applicationId'));
      requireHandler(viewer, a);
      const raw = formBody(request.body).kind ?? '';
      const kind: LetterKind = (LETTER_KINDS as readonly string[]).includes(raw)
        ? (raw as LetterKind)
        : a.outcome
          ? letterKindForOutcome(a.outcome)
          : 'correction';
      const draft = draftLetter(kind, await letterContext(a, kind));
      const now = nowIso();
      const id = await db.transaction().execute(async (trx) => {
        const id = await insertLetter(trx, {
          applicationId: a.id,
          kind,
          title: draft.title,
          body: draft.body,
          now,
          by: viewer.id,
        });
        await appendAudit(trx, {
          actor: actorOf(viewer, request.ip),
          at: now,
          action: 'create',
          entityType: 'application_letter',
          entityId: id,
          agencyId: a.agencyId,
          summary: `申请 ${a.serial}：起草《${draft.title}》`,
        });
        return id;
      });
      return reply.redirect(paths.applications.letter({ applicationId: a.id, letterId: id }), 303);
    },
  );

  async function letterOf(request: FastifyRequest) {
    const viewer = requireViewer(request);
    const a = await applicationInScope(db, viewer, idParam(request, 'applicationId'));
    const l = await findLetter(db, a.id, idParam(request, 'letterId'));
    if (!l) throw notFound('文书');
    return { viewer, a, l };
  }

  const letterPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    x: Awaited<ReturnType<typeof letterOf>>,
    extra: { values?: Record<string, string>; errors?: Record<string, string> } = {},
    status = 200,
  ) =>
    sendPage(
      reply,
      <LetterPage
        ctx={adminContext(request, reply, 'applications')}
        app={x.a}
        letter={x.l}
        attachments={await listLetterAttachments(db, x.l.id)}
        canEdit={can(x.viewer, 'applications.handle') && isHandlingStaff(x.viewer, x.a)}
        canApprove={can(x.viewer, 'applications.approve') && isHandlingStaff(x.viewer, x.a)}
        today={today()}
        {...extra}
      />,
      status,
    );

  const attachmentNames = async (letterId: number) =>
    (await listLetterAttachments(db, letterId)).map((f) => f.fileName);

  // Disclosed documents attached to a draft letter (multipart only in this scope). Once the letter is
  // approved its attachments are fixed, like its text.
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      if (!request.viewer) throw new AppError('unauthenticated', '请先登录。');
      if (!can(request.viewer, 'applications.handle'))
        throw new AppError('forbidden', '您的账号没有为文书添加附件的权限。');
    });
    await registerFileUploads(scope, dirs.tmp, {
      fileSize: LETTER_ATTACHMENT_MAX_BYTES,
      maxFiles: LETTER_MAX_ATTACHMENTS,
    });
    scope.post(
      paths.applications.letterAttachments.pattern,
      { config: { access: 'applications.handle' } },
      async (request, reply) => {
        const x = await letterOf(request);
        requireHandler(x.viewer, x.a);
        if (x.l.status !== 'draft') throw conflict('文书已审核，附件不能再修改。');
        const files = (request.uploadedFiles ?? []).filter((f) => f.field === 'files');
        const refuse = async (message: string) => {
          await discardReceived(request);
          return letterPage(request, reply, x, { errors: { files: message } }, 400);
        };
        if (files.length === 0) return refuse('请选择要附上的文件');
        const typed: { f: ReceivedFile; mime: string }[] = [];
        for (const f of files) {
          const t = letterAttachmentType(
            f.fileName,
            f.head,
            f.size,
            f.truncated,
            LETTER_ATTACHMENT_MAX_BYTES,
          );
          if (typeof t === 'string') return refuse(`“${f.fileName}”：${t}`);
          typed.push({ f, mime: t.mime });
        }
        const existing = await listLetterAttachments(db, x.l.id);
        if (existing.length + typed.length > LETTER_MAX_ATTACHMENTS)
          return refuse(`一份文书最多 ${LETTER_MAX_ATTACHMENTS} 个附件（已有 ${existing.length} 个）`);
        const kept: StoredNew[] = [];
        for (const t of typed) kept.push(await keepFile(t.f, dirs.letters, t.mime));
        const now = nowIso();
        try {
          await db.transaction().execute(async (trx) => {
            const current = await findLetter(trx, x.a.id, x.l.id);
            if (current?.status !== 'draft') throw conflict('文书已审核，附件不能再修改。');
            const ids = [];
            for (const k of kept) ids.push(await insertLetterAttachment(trx, x.l.id, k, now, x.viewer.id));
            await appendAudit(trx, {
              actor: actorOf(x.viewer, request.ip),
              at: now,
              action: 'create',
              entityType: 'application_letter_attachment',
              entityId: ids.join(','),
              agencyId: x.a.agencyId,
              summary: `申请 ${x.a.serial}：为《${x.l.title}》添加附件 ${kept.map((k) => `“${k.fileName}”`).join('、')}`,
              after: {
                letterId: x.l.id,
                files: kept.map((k) => ({ fileName: k.fileName, size: k.size, sha256: k.sha256 })),
              },
            });
          });
        } catch (err) {
          await removeFiles(
            dirs.letters,
            kept.map((k) => k.storedName),
          );
          throw err;
        }
        return reply.redirect(
          `${paths.applications.letter({ applicationId: x.a.id, letterId: x.l.id })}#attachments`,
          303,
        );
      },
    );
  });

  app.post(
    paths.applications.letterAttachmentDelete.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const x = await letterOf(request);
      requireHandler(x.viewer, x.a);
      if (x.l.status !== 'draft') throw conflict('文书已审核，附件不能再修改。');
      const f = await findLetterAttachment(db, x.l.id, idParam(request, 'attachmentId'));
      if (!f) throw notFound('附件');
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await deleteLetterAttachment(trx, f.id);
        await appendAudit(trx, {
          actor: actorOf(x.viewer, request.ip),
          at: now,
          action: 'delete',
          entityType: 'application_letter_attachment',
          entityId: f.id,
          agencyId: x.a.agencyId,
          summary: `申请 ${x.a.serial}：删除《${x.l.title}》的附件“${f.fileName}”`,
          before: { letterId: x.l.id, fileName: f.fileName, size: f.size, sha256: f.sha256 },
        });
      });
      await removeFiles(dirs.letters, [f.storedName]);
      return reply.redirect(
        `${paths.applications.letter({ applicationId: x.a.id, letterId: x.l.id })}#attachments`,
        303,
      );
    },
  );

  app.get(
    paths.applications.letterAttachment.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const x = await letterOf(request);
      const f = await findLetterAttachment(db, x.l.id, idParam(request, 'attachmentId'));
      const body = f ? await readFile(join(dirs.letters, f.storedName)).catch(() => null) : null;
      if (!f || !body) throw notFound('附件');
      const inline = f.mime === 'application/pdf' || f.mime.startsWith('image/');
      return sendDownload(reply, { type: f.mime, fileName: f.fileName, body, inline });
    },
  );

  app.get(
    paths.applications.letter.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => letterPage(request, reply, await letterOf(request)),
  );

  app.get(
    paths.applications.letterDocx.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const x = await letterOf(request);
      const body = await letterDocx(x.l.title, x.l.body, await attachmentNames(x.l.id));
      return sendDownload(reply, {
        type: CONTENT_TYPES.docx,
        fileName: `${x.a.serial}-${x.l.title}.docx`,
        body,
      });
    },
  );

  app.get(
    paths.applications.letterPdf.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const x = await letterOf(request);
      const body = await printHtmlToPdf(await letterHtml(x.l.title, x.l.body, await attachmentNames(x.l.id)));
      return sendDownload(reply, {
        type: CONTENT_TYPES.pdf,
        fileName: `${x.a.serial}-${x.l.title}.pdf`,
        body,
      });
    },
  );

  app.post(
    paths.applications.letter.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const x = await letterOf(request);
      requireHandler(x.viewer, x.a);
      if (x.l.status !== 'draft') throw new AppError('conflict', '文书已审核，不能再修改。');
      const v = formBody(request.body);
      const errors: Record<string, string> = {};
      const title = (v.title ?? '').trim();
      const body = (v.body ?? '').replace(/\r\n/g, '\n').trim();
      if (title === '' || title.length > 100) errors.title = '请填写标题（不超过 100 个字）';
      if (body === '' || body.length > 20000) errors.body = '请填写正文（不超过 20000 个字）';
      if (Object.keys(errors).length > 0) return letterPage(request, reply, x, { values: v, errors }, 400);
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await updateLetter(trx, x.l.id, { title, body }, now);
        await appendAudit(trx, {
          actor: actorOf(x.viewer, request.ip),
          at: now,
          action: 'update',
          entityType: 'application_letter',
          entityId: x.l.id,
          agencyId: x.a.agencyId,
          summary: `申请 ${x.a.serial}：修改《${title}》`,
          before: { title: x.l.title, body: x.l.body },
          after: { title, body },
        });
      });
      return reply.redirect(paths.applications.letter({ applicationId: x.a.id, letterId: x.l.id }), 303);
    },
  );

  app.post(
    paths.applications.letterApprove.pattern,
    { config: { access: 'applications.approve' } },
    async (request, reply) => {
      const x = await letterOf(request);
      if (!isHandlingStaff(x.viewer, x.a)) throw forbidden('只有办理机关的审核人可以审核文书。');
      if (x.l.status !== 'draft') throw new AppError('conflict', '该文书已审核。');
      if (x.l.body.includes('____')) {
        return letterPage(
          request,
          reply,
          x,
          { errors: { body: '正文中还有未补全的“____”，请经办人补全后再审核。' } },
          400,
        );
      }
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await updateLetter(
          trx,
          x.l.id,
          { status: 'approved', approved_at: now, approved_by: x.viewer.id },
          now,
        );
        await appendAudit(trx, {
          actor: actorOf(x.viewer, request.ip),
          at: now,
          action: 'approve',
          entityType: 'application_letter',
          entityId: x.l.id,
          agencyId: x.a.agencyId,
          summary: `申请 ${x.a.serial}：审核通过《${x.l.title}》`,
        });
      });
      return reply.redirect(paths.applications.letter({ applicationId: x.a.id, letterId: x.l.id }), 303);
    },
  );

  app.post(
    paths.applications.letterSend.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const x = await letterOf(request);
      requireHandler(x.viewer, x.a);
      if (x.l.status !== 'approved') throw new AppError('conflict', '文书须经审核人审核通过后才能发出。');
      const form = formBody(request.body);
      const raw = form.sentOn ?? '';
      const sentOn = parseDateInput(raw);
      const seal = parseLetterSeal(form.seal);
      const errors: Record<string, string> = {};
      if (!sentOn || sentOn > today() || (x.a.receivedOn && sentOn < x.a.receivedOn))
        errors.sentOn = '发出日期应为收到申请之日至今天之间的有效日期';
      if (!seal) errors.seal = '请选择文书的用印情况';
      if (!sentOn || !seal)
        return letterPage(request, reply, x, { values: { sentOn: raw, seal: form.seal ?? '' }, errors }, 400);
      const now = nowIso();
      const files = await listLetterAttachments(db, x.l.id);
      await db.transaction().execute(async (trx) => {
        await updateLetter(trx, x.l.id, { status: 'sent', sent_on: sentOn, seal }, now);
        // A letter to the applicant goes by e-mail too when an address was given, with its attachments.
        const mailed =
          isApplicantLetter(x.l.kind) &&
          (await notifyLetterSent(
            trx,
            x.a,
            {
              title: x.l.title,
              body: x.l.body,
              sentOn,
              docNumber: x.l.docNumber,
              attachments: files.map((f) => ({ fileName: f.fileName, size: f.size })),
            },
            files.map((f) => ({
              fileName: f.fileName,
              contentType: f.mime,
              path: relative(config.uploadDir, join(dirs.letters, f.storedName)),
              size: f.size,
            })),
            { publicBaseUrl: config.publicBaseUrl },
            now,
          ));
        await appendAudit(trx, {
          actor: actorOf(x.viewer, request.ip),
          at: now,
          action: 'send',
          entityType: 'application_letter',
          entityId: x.l.id,
          agencyId: x.a.agencyId,
          summary: `申请 ${x.a.serial}：《${x.l.title}》于 ${sentOn} 发出（${LETTER_SEAL_LABELS[seal]}）${files.length > 0 ? `（附件 ${files.length} 个）` : ''}${mailed ? '，已通过电子邮件发送给申请人' : ''}`,
        });
      });
      return reply.redirect(paths.applications.show({ applicationId: x.a.id }, { letter: '1' }), 303);
    },
  );

  // ---------------------------------------------------------------------------------------------------
  // Ledger export and import

  app.get(
    paths.applications.ledger.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const q = request.query as Record<string, string | undefined>;
      const year = /^\d{4}$/.test(q.year ?? '') ? Number(q.year) : Number(today().slice(0, 4));
      const agencyId = q.agency && /^\d+$/.test(q.agency) ? Number(q.agency) : viewer.agencyId;
      if (agencyId === null) throw notFound('机构');
      const agency = await findAgency(db, agencyId);
      if (!agency) throw notFound('机构');
      const { scopeIncludes } = await import('../accounts/roles.ts');
      if (!scopeIncludes(viewer.scope, agency.path)) throw notFound('机构');
      const full = isHandlingStaff(viewer, { agencyId });
      const apps = await listForLedger(db, agencyId, year);
      const cal = await deps.calendar.get(db);
      const entries = [];
      for (const a of apps) {
        const c = await loadCase(db, cal, a);
        entries.push({ app: a, extendedBy: c.deadlines.extendedBy });
      }
      const buf = await ledgerXlsx(`${agency.name}${year}年政府信息公开申请办理台账`, entries, full);
      if (full) {
        await appendAudit(db, {
          actor: actorOf(viewer, request.ip),
          at: nowIso(),
          action: 'view_personal',
          entityType: 'application_ledger',
          entityId: `${agencyId}:${year}`,
          agencyId,
          summary: `导出 ${year} 年申请台账（含完整证件号码和联系电话，${apps.length} 件）`,
        });
      }
      return sendDownload(reply, {
        type: CONTENT_TYPES.xlsx,
        fileName: `${agency.name}-${year}-台账.xlsx`,
        body: buf,
      });
    },
  );

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: 10 * 1024 * 1024, files: 1 },
    });

    scope.get(
      paths.applications.ledgerImport.pattern,
      { config: { access: 'applications.handle' } },
      async (request, reply) => {
        const viewer = requireViewer(request);
        registeringAgency(viewer);
        return sendPage(reply, <ImportPage ctx={adminContext(request, reply, 'applications')} />);
      },
    );

    scope.post(
      paths.applications.ledgerImport.pattern,
      { config: { access: 'applications.handle' } },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const agencyId = registeringAgency(viewer);
        const body = (request.body ?? {}) as Record<string, unknown>;
        const file = body.file;
        const ctx = adminContext(request, reply, 'applications');
        if (!Buffer.isBuffer(file) || file.length === 0)
          return sendPage(reply, <ImportPage ctx={ctx} error="请选择要上传的 XLSX 台账文件。" />, 400);
        const cal = await deps.calendar.get(db);
        const check = await checkLedger(file, cal, today(), await listSerials(db, agencyId));
        const ok = check.errors.length === 0;
        let written = 0;
        if (ok && body.mode === 'write')
          written = await importLedgerRows(
            db,
            cal,
            agencyId,
            check.rows,
            actorOf(viewer, request.ip),
            nowIso(),
          );
        return sendPage(
          reply,
          <ImportPage ctx={ctx} report={{ ok, rows: check.total, errors: check.errors, written }} />,
          ok ? 200 : 400,
        );
      },
    );
  });

  // ---------------------------------------------------------------------------------------------------
  // Public: column, online form, receipt, lookup

  async function publicAgency(request: FastifyRequest): Promise<Agency> {
    const a = await findAgency(db, idParam(request, 'agencyId'));
    if (!a) throw notFound('机构');
    return a;
  }

  app.get(paths.applications.column.pattern, { config: { access: 'public' } }, async (request, reply) =>
    sendPage(reply, <ApplyColumnPage agency={await publicAgency(request)} />),
  );

  app.get(paths.applications.apply.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const agency = await publicAgency(request);
    return sendPage(reply, <ApplyPage agency={agency} csrf={reply.generateCsrf()} values={{}} />);
  });

  // Identity documents of the online form: stored at once as pending uploads under a random token that
  // the form carries in a hidden field, so the check page and a redisplayed form keep them; linked to the
  // application when it is sent; pending uploads older than 24 h are purged whenever one is written.
  const uploadCutoff = () => new Date(clock.now().getTime() - PENDING_UPLOAD_TTL_MS).toISOString();
  const tokenOf = (values: Record<string, string>): string | null =>
    UPLOAD_TOKEN.test(values.uploadToken ?? '') ? (values.uploadToken as string) : null;
  async function keptUploads(token: string | null): Promise<KeptUpload[]> {
    if (!token) return [];
    return (await listPendingUploads(db, token, uploadCutoff())).map((u) => ({
      id: u.id,
      fileName: u.fileName,
      size: u.size,
    }));
  }

  /**
   * Applies the form's changes to its identity documents (files removed, files added). A refused file
   * changes nothing and returns the message for the `idFiles` field.
   */
  async function updateUploads(
    request: FastifyRequest,
    values: Record<string, string>,
  ): Promise<{ token: string | null; error: string | null }> {
    let token = tokenOf(values);
    const files = (request.uploadedFiles ?? []).filter((f) => f.field === 'idFiles');
    const removeIds = (values.removeUpload ?? '')
      .split('\n')
      .filter((x) => /^\d{1,9}$/.test(x))
      .map(Number);
    if (files.length === 0 && (removeIds.length === 0 || !token)) return { token, error: null };
    const typed: { f: ReceivedFile; mime: string }[] = [];
    for (const f of files) {
      const t = identityFileType(f.fileName, f.head, f.size, f.truncated);
      if (typeof t === 'string') return { token, error: t };
      typed.push({ f, mime: t.mime });
    }
    const kept = await keptUploads(token);
    const remaining = kept.filter((k) => !removeIds.includes(k.id)).length;
    const tooMany = typed.length > 0 ? identityCountProblem(remaining, typed.length) : null;
    if (tooMany) return { token, error: tooMany };
    token ??= randomBytes(16).toString('hex');
    const stored: StoredNew[] = [];
    for (const t of typed) stored.push(await keepFile(t.f, dirs.identity, t.mime));
    const now = nowIso();
    const gone: string[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        gone.push(...(await deletePendingUploads(trx, token as string, removeIds)));
        await insertPendingUploads(trx, token as string, stored, now);
        gone.push(...(await purgePendingUploads(trx, uploadCutoff())));
      });
    } catch (err) {
      await removeFiles(
        dirs.identity,
        stored.map((x) => x.storedName),
      );
      throw err;
    }
    await removeFiles(dirs.identity, gone);
    return { token, error: null };
  }

  /** Errors in form order, the upload's message right after the identity document number. */
  function withUploadError(
    errors: Record<string, string>,
    uploadError: string | null,
  ): Record<string, string> {
    if (!uploadError) return errors;
    const out: Record<string, string> = {};
    let placed = false;
    const order = ['applicantType', 'applicantName', 'idDocType', 'idDocName', 'idDocNumber'];
    for (const [k, v] of Object.entries(errors)) {
      if (!placed && !order.includes(k)) {
        out.idFiles = uploadError;
        placed = true;
      }
      out[k] = v;
    }
    if (!placed) out.idFiles = uploadError;
    return out;
  }

  // "修改申请内容" from the check page: the answers come back in hidden fields.
  app.post(
    paths.applications.apply.pattern,
    { config: { access: 'public', rateLimit: publicLimit(60) } },
    async (request, reply) => {
      const agency = await publicAgency(request);
      const values = formBody(request.body);
      const token = tokenOf(values);
      return sendPage(
        reply,
        <ApplyPage
          agency={agency}
          csrf={reply.generateCsrf()}
          values={values}
          uploadToken={token}
          uploads={await keptUploads(token)}
        />,
      );
    },
  );

  // The form posts multipart (it may carry identity documents); multipart is registered in this scope only.
  await app.register(async (scope) => {
    await registerFileUploads(scope, dirs.tmp, { fileSize: IDENTITY_MAX_BYTES, maxFiles: 10 });
    scope.post(
      paths.applications.applyCheck.pattern,
      { config: { access: 'public', rateLimit: publicLimit(60) } },
      async (request, reply) => {
        const agency = await publicAgency(request);
        const values = formBody(request.body);
        const upload = await updateUploads(request, values);
        await discardReceived(request);
        const r = validateApplicant(values, today());
        const uploads = await keptUploads(upload.token);
        if (!r.ok || upload.error)
          return sendPage(
            reply,
            <ApplyPage
              agency={agency}
              csrf={reply.generateCsrf()}
              values={values}
              errors={withUploadError(r.ok ? {} : r.errors, upload.error)}
              uploadToken={upload.token}
              uploads={uploads}
            />,
            400,
          );
        return sendPage(
          reply,
          <CheckPage
            agency={agency}
            csrf={reply.generateCsrf()}
            applicant={r.data}
            values={applicantToValues(r.data)}
            uploadToken={upload.token}
            uploads={uploads}
          />,
        );
      },
    );
  });

  app.post(
    paths.applications.applySend.pattern,
    { config: { access: 'public', rateLimit: publicLimit(20) } },
    async (request, reply) => {
      const agency = await publicAgency(request);
      const values = formBody(request.body);
      const t = today();
      const token = tokenOf(values);
      const r = validateApplicant(values, t);
      if (!r.ok)
        return sendPage(
          reply,
          <ApplyPage
            agency={agency}
            csrf={reply.generateCsrf()}
            values={values}
            errors={r.errors}
            uploadToken={token}
            uploads={await keptUploads(token)}
          />,
          400,
        );
      const cal = await deps.calendar.get(db);
      // The system's receipt is the confirmation of both sides (Art. 31 (三)): received the day it is sent.
      const done = await registerApplication(
        db,
        cal,
        {
          agencyId: agency.id,
          source: 'online',
          applicant: r.data,
          receipt: { channel: 'online', submittedOn: t, confirmedOn: t, signedOn: null },
          uploadToken: token,
          agencyName: agency.name,
        },
        actorOf(null, request.ip),
        nowIso(),
        t,
        { publicBaseUrl: config.publicBaseUrl },
      );
      reply.setCookie(RECEIPT_COOKIE, String(done.id), {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        signed: true,
        maxAge: 30 * 60,
        secure: config.env === 'production',
      });
      return reply.redirect(paths.applications.applyDone({ agencyId: agency.id }), 303);
    },
  );

  app.get(paths.applications.applyDone.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const agency = await publicAgency(request);
    const raw = request.cookies[RECEIPT_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    const a = unsigned?.valid && unsigned.value ? await findApplication(db, Number(unsigned.value)) : null;
    if (!a || a.agencyId !== agency.id)
      return reply.redirect(paths.applications.column({ agencyId: agency.id }), 303);
    return sendPage(
      reply,
      <ReceiptPage
        agency={agency}
        serial={a.serial}
        lookupCode={a.lookupCode}
        receivedOn={a.receivedOn}
        replyDue={a.replyDue}
        provisional={a.replyDueProvisional}
      />,
    );
  });

  app.get(paths.applications.lookup.pattern, { config: { access: 'public' } }, async (_request, reply) =>
    sendPage(reply, <LookupPage csrf={reply.generateCsrf()} values={{}} />),
  );

  const DUMMY = Buffer.from('\u0000\u0000\u0000\u0000');
  const same4 = (a: string | null, typed: Buffer): boolean => {
    const b = a ? Buffer.from(a.padEnd(4, '\u0000').slice(0, 4)) : DUMMY;
    return b.length === typed.length && timingSafeEqual(b, typed) && a !== null;
  };

  app.post(
    paths.applications.lookup.pattern,
    { config: { access: 'public', rateLimit: publicLimit(10) } },
    async (request, reply) => {
      const values = formBody(request.body);
      const errors: Record<string, string> = {};
      const code = normalizeLookupCode(values.code ?? '');
      const last4 = (values.last4 ?? '').trim().toUpperCase();
      if (!code) errors.code = '请填写 12 位查询码，例如 AB12-CD34-EF56';
      if (!/^[0-9X]{4}$/.test(last4)) errors.last4 = '请填写联系电话或证件号码的后 4 位（数字或 X）';
      if (Object.keys(errors).length > 0)
        return sendPage(
          reply,
          <LookupPage csrf={reply.generateCsrf()} values={values} errors={errors} />,
          400,
        );
      const a = await findApplicationByLookupCode(db, code as string);
      const typed = Buffer.from(last4);
      // Both comparisons always run, whether or not the code exists, so timing does not tell which failed.
      const phoneOk = same4(lastFour(a?.applicant.phone ?? null), typed);
      const idOk = same4(lastFour(a?.applicant.idDocNumber ?? a?.applicant.creditCode ?? null), typed);
      if (!a || !(phoneOk || idOk))
        return sendPage(reply, <LookupPage csrf={reply.generateCsrf()} values={values} notFound />, 404);
      const cal = await deps.calendar.get(db);
      const c = await loadCase(db, cal, a);
      const letters = (await listLetters(db, a.id)).filter((l) => l.status === 'sent' && l.sentOn);
      // Disclosed documents of the letters sent to the applicant (never a third party's letter).
      const files = await listAttachmentsOfLetters(
        db,
        letters.filter((l) => isApplicantLetter(l.kind)).map((l) => l.id),
      );
      if (files.size > 0)
        reply.setCookie(LOOKUP_COOKIE, String(a.id), {
          path: paths.applications.lookup(),
          httpOnly: true,
          sameSite: 'lax',
          signed: true,
          maxAge: LOOKUP_COOKIE_MINUTES * 60,
          secure: config.env === 'production',
        });
      const result: LookupResult = {
        agencyName: a.agencyName,
        serial: a.serial,
        statusLabel: c.deadlines.statusLabel,
        receivedOn: c.deadlines.receiptDate,
        replyDue: c.deadlines.replyDue,
        provisional: c.deadlines.provisional,
        closedOn: c.deadlines.closedOn,
        outcomeLabel: c.deadlines.outcome ? outcomeLabel(c.deadlines.outcome as CaseOutcome) : null,
        // Dates and kinds only: party names and notes may be personal or confidential.
        steps: c.events.map((e) => ({
          date: e.event.type === 'received' ? e.event.submittedOn : e.event.on,
          label: EVENT_LABELS[e.event.type],
        })),
        letters: letters.map((l) => ({
          title: l.title,
          sentOn: l.sentOn as string,
          attachments: (files.get(l.id) ?? []).map((f: LetterAttachment) => ({
            id: f.id,
            fileName: f.fileName,
            size: f.size,
          })),
        })),
        filesMinutes: LOOKUP_COOKIE_MINUTES,
      };
      return sendPage(reply, <LookupPage csrf={reply.generateCsrf()} values={{}} result={result} />);
    },
  );

  // A disclosed document of a sent letter, for the browser that just passed the lookup check (signed cookie
  // naming the application, 30 minutes). Nothing else of the case is reachable this way.
  app.get(
    paths.applications.lookupFile.pattern,
    { config: { access: 'public', rateLimit: publicLimit(60) } },
    async (request, reply) => {
      const raw = request.cookies[LOOKUP_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : null;
      const applicationId = unsigned?.valid && unsigned.value ? Number(unsigned.value) : Number.NaN;
      if (!Number.isInteger(applicationId))
        throw new AppError(
          'forbidden',
          '请先用查询码和后 4 位查询办理进度，再下载文书附件（查询后 30 分钟内有效）。',
        );
      const f = await findPublicLetterAttachment(
        db,
        applicationId,
        idParam(request, 'attachmentId'),
        THIRD_PARTY_LETTER_KINDS,
      );
      const body = f ? await readFile(join(dirs.letters, f.storedName)).catch(() => null) : null;
      if (!f || !body) throw notFound('附件');
      return sendDownload(reply, { type: f.mime, fileName: f.fileName, body });
    },
  );

  await registerApplicationApi(app, deps);
}
