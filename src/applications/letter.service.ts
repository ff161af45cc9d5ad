/**
 * The letter workflow of a case: draft → edit (attach or detach documents) → approve → send. Each step
 * checks the letter's state again inside its transaction (a letter is sent only after approval, edited
 * only as a draft, approved only by the handling agency's reviewer), writes its audit entry and, when a
 * letter to the applicant is sent, queues the mail in the same transaction.
 */
import { join, relative } from 'node:path';
import { type AuthedUser, can } from '../accounts/auth.ts';
import { findAgenciesByIds, findAgency } from '../agencies/agency.repository.ts';
import { type Agency, reviewBodyFor } from '../agencies/agency.rules.ts';
import { type AuditEntry, appendAudit } from '../audit/audit.repository.ts';
import { addWorkingDays } from '../calendar/workdays.ts';
import type { Db, Trx } from '../db/database.ts';
import { findOutboxRow, listOutbox, outboxStatusText, UNCONFIGURED } from '../mail/outbox.repository.ts';
import { notifyStaff } from '../mail/staff-mail.ts';
import { formatDateTime } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { FormError } from '../shared/form-error.ts';
import { conflict, forbidden, notFound } from '../shared/http/errors.ts';
import { formBody, parseForm } from '../shared/http/forms.ts';
import { type ReceivedFile, removeFiles } from '../shared/http/uploads.ts';
import type { Acting } from './acting.ts';
import { LETTER_FIELDS, letterSchema, SEND_FIELDS, sendSchema } from './application.forms.ts';
import type { Application, Letter, LetterAttachment } from './application.model.ts';
import { findLetter, insertLetter, updateLetter } from './application.repository.ts';
import {
  applicationInScope,
  isHandlingStaff,
  loadCase,
  requireHandlingStaff,
} from './application.service.ts';
import {
  deleteLetterAttachment,
  findLetterAttachment,
  insertLetterAttachment,
  listLetterAttachments,
} from './documents.repository.ts';
import { isApplicantLetter, LETTER_MAX_ATTACHMENTS, letterAttachmentType } from './documents.rules.ts';
import { keepUploads, type StoredDownload, storedDownload } from './documents.service.ts';
import { basisOfNote } from './event-forms.ts';
import {
  APPROVE_FIELDS,
  type ApprovalWarning,
  approvalWarnings,
  approveSchema,
  confirmationNeeded,
  RETURN_FIELDS,
  returnSchema,
  reviewedTextKey,
} from './letter.rules.ts';
import {
  findLetterDelivery,
  insertLetterDelivery,
  listLetterDeliveries,
  updateLetterDelivery,
} from './letter-delivery.repository.ts';
import {
  type DeliveryInput,
  type DeliveryView,
  deliverySummary,
  type LetterDelivery,
  parseDelivery,
  parseDeliveryRecord,
} from './letter-delivery.rules.ts';
import {
  draftLetter,
  LETTER_KINDS,
  LETTER_SEAL_LABELS,
  type LetterContext,
  type LetterKind,
  letterKindForOutcome,
} from './letters.ts';
import { notifyLetterNotice, notifyLetterSent } from './notifications.ts';
import { findRedaction } from './redaction.repository.ts';
import { letterReturnedMail, letterSubmittedMail } from './review-mail.ts';
import { FEE_PAYMENT_WORKING_DAYS } from './rules/statute.ts';
import { fileDirs } from './uploads.ts';

/** A letter attachment may be as large as the catalogue's largest document (50 MB). */
export const LETTER_ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024;

/** A letter of a case the viewer may see. */
export interface LetterOfCase {
  readonly a: Application;
  readonly letter: Letter;
}

export async function letterInScope(
  db: Db,
  viewer: AuthedUser,
  applicationId: number,
  letterId: number,
): Promise<LetterOfCase> {
  const a = await applicationInScope(db, viewer, applicationId);
  const letter = await findLetter(db, a.id, letterId);
  if (!letter) throw notFound('文书');
  return { a, letter };
}

/** What the letter page may offer the viewer. */
export function letterRights(viewer: AuthedUser, a: Application) {
  const staff = isHandlingStaff(viewer, a);
  return {
    canEdit: staff && can(viewer, 'applications.handle'),
    canApprove: staff && can(viewer, 'applications.approve'),
  };
}

async function ancestorsOf(db: Db, agency: Agency): Promise<Agency[]> {
  const ids = agency.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => id !== agency.id);
  return (await findAgenciesByIds(db, ids)).sort((a, b) => a.depth - b.depth);
}

/** Everything a letter template needs, from the case as it stands today. */
async function letterContext(
  deps: Deps,
  a: Application,
  kind: LetterKind,
  today: string,
): Promise<LetterContext> {
  const { db } = deps;
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
    reviewBody: reviewBodyFor(agency, await ancestorsOf(db, agency)),
    applicantName: a.applicant.applicantName,
    applicantType: a.applicant.applicantType,
    serial: a.serial,
    receivedOn: d.receiptDate,
    request: a.applicant.request,
    today,
    outcome: d.outcome,
    basis: answered ? basisOfNote(answered.note) : null,
    replyDue: d.replyDue,
    correctionDue: d.correctionDue ?? (kind === 'correction' ? addWorkingDays(cal, today, 15).date : null),
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

/** Drafts a letter of the asked kind (or the one the outcome calls for) from the case; returns its id. */
export async function startLetter(
  deps: Deps,
  by: Acting,
  a: Application,
  requestedKind: string,
): Promise<number> {
  requireHandlingStaff(by.viewer, a);
  const kind: LetterKind = (LETTER_KINDS as readonly string[]).includes(requestedKind)
    ? (requestedKind as LetterKind)
    : a.outcome
      ? letterKindForOutcome(a.outcome)
      : 'correction';
  const draft = draftLetter(kind, await letterContext(deps, a, kind, by.today));
  return deps.db.transaction().execute(async (trx) => {
    const id = await insertLetter(trx, {
      applicationId: a.id,
      kind,
      title: draft.title,
      body: draft.body,
      now: by.now,
      by: by.viewer.id,
    });
    await appendAudit(trx, {
      ...auditOf(by, a, 'create'),
      entityId: id,
      summary: `申请 ${a.serial}：起草《${draft.title}》`,
    });
    return id;
  });
}

function auditOf(by: Acting, a: Application, action: string) {
  return {
    actor: by.actor,
    at: by.now,
    action,
    entityType: 'application_letter',
    agencyId: a.agencyId,
  } as const;
}

type Step = Omit<AuditEntry, 'actor' | 'at' | 'agencyId' | 'entityType' | 'entityId'> &
  Partial<Pick<AuditEntry, 'entityType' | 'entityId'>>;

/**
 * One step of the workflow on a letter in `status`: re-reads the letter in the transaction (a concurrent
 * approval or sending wins), refuses with `refusal` when it is no longer in that state, runs `work` and
 * writes the audit entry it returns.
 */
export async function letterStep(
  deps: Deps,
  by: Acting,
  x: LetterOfCase,
  status: Letter['status'],
  refusal: string,
  work: (trx: Trx, letter: Letter) => Promise<Step>,
): Promise<void> {
  if (x.letter.status !== status) throw conflict(refusal);
  await deps.db.transaction().execute(async (trx) => {
    const current = await findLetter(trx, x.a.id, x.letter.id);
    if (current?.status !== status) throw conflict(refusal);
    const step = await work(trx, current);
    await appendAudit(trx, { entityId: x.letter.id, ...auditOf(by, x.a, step.action), ...step });
  });
}

/** Saves the edited text of a draft (form: title, body). */
export async function editLetter(deps: Deps, by: Acting, x: LetterOfCase, form: unknown): Promise<void> {
  requireHandlingStaff(by.viewer, x.a);
  if (x.letter.status !== 'draft') throw conflict('文书已审核，不能再修改。');
  const parsed = parseForm(letterSchema, form, LETTER_FIELDS);
  if (!parsed.ok) throw new FormError(parsed.errors);
  const { title, body } = parsed.data;
  await letterStep(deps, by, x, 'draft', '文书已审核，不能再修改。', async (trx, l) => {
    await updateLetter(trx, l.id, { title, body }, by.now);
    return {
      action: 'update',
      summary: `申请 ${x.a.serial}：修改《${title}》`,
      before: { title: l.title, body: l.body },
      after: { title, body },
    };
  });
}

/** What the reviewer sees before approving: the warnings of the letter and the key of the text read. */
export interface LetterReview {
  readonly warnings: readonly ApprovalWarning[];
  readonly seenKey: string;
}

export function letterReviewOf(letter: Letter, attachments: readonly LetterAttachment[]): LetterReview {
  return {
    warnings: approvalWarnings(letter, attachments.length),
    seenKey: reviewedTextKey(
      letter,
      attachments.map((a) => a.id),
      attachments.map((a) => a.sha256),
    ),
  };
}

const ALREADY_REVIEWED = '该文书已审核。';

/**
 * The clerk submits a draft for review (提交审核): the handling agency's reviewers get a mail, queued in
 * the same transaction. A letter already waiting is refused (no second mail).
 */
export async function submitLetter(deps: Deps, by: Acting, x: LetterOfCase): Promise<void> {
  requireHandlingStaff(by.viewer, x.a);
  const waiting = '文书已提交审核，请等待审核人审核。';
  if (x.letter.status !== 'draft') throw conflict(ALREADY_REVIEWED);
  if (x.letter.submittedAt) throw conflict(waiting);
  const submittedAt = formatDateTime(by.now, deps.config.timeZone);
  await letterStep(deps, by, x, 'draft', ALREADY_REVIEWED, async (trx, l) => {
    if (l.submittedAt) throw conflict(waiting);
    await updateLetter(trx, l.id, { submitted_at: by.now, submitted_by: by.viewer.id }, by.now);
    const told = await notifyStaff(
      trx,
      { agencyId: x.a.agencyId, roles: ['reviewer'], exceptUserId: by.viewer.id, applicationId: x.a.id },
      (u) =>
        letterSubmittedMail(
          u,
          {
            agencyName: x.a.agencyName,
            applicationId: x.a.id,
            serial: x.a.serial,
            letterId: l.id,
            title: l.title,
            submittedBy: by.viewer.displayName,
            submittedAt,
            replyDue: x.a.replyDue,
            provisional: x.a.replyDueProvisional,
          },
          deps.config.publicBaseUrl,
        ),
      by.now,
    );
    return {
      action: 'submit',
      summary: `申请 ${x.a.serial}：《${l.title}》提交审核${told > 0 ? `，已通知审核人 ${told} 人` : ''}`,
    };
  });
}

/**
 * The handling agency's reviewer returns a draft to the clerk with a reason (form: returnReason); the
 * letter leaves the review queue and shows the reason until it is submitted again, and the clerk who
 * submitted it is told by mail in the same transaction.
 */
export async function returnLetter(deps: Deps, by: Acting, x: LetterOfCase, form: unknown): Promise<void> {
  if (!isHandlingStaff(by.viewer, x.a)) throw forbidden('只有办理机关的审核人可以退回文书。');
  if (x.letter.status !== 'draft') throw conflict(ALREADY_REVIEWED);
  const parsed = parseForm(returnSchema, form, RETURN_FIELDS);
  if (!parsed.ok) throw new FormError(parsed.errors);
  const { returnReason } = parsed.data;
  await letterStep(deps, by, x, 'draft', ALREADY_REVIEWED, async (trx, l) => {
    await updateLetter(
      trx,
      l.id,
      {
        submitted_at: null,
        returned_at: by.now,
        returned_by: by.viewer.id,
        return_reason: returnReason,
      },
      by.now,
    );
    if (l.submittedBy !== null)
      await notifyStaff(
        trx,
        {
          agencyId: x.a.agencyId,
          roles: ['clerk', 'reviewer'],
          onlyUserIds: [l.submittedBy],
          exceptUserId: by.viewer.id,
          applicationId: x.a.id,
        },
        (u) =>
          letterReturnedMail(
            u,
            {
              agencyName: x.a.agencyName,
              applicationId: x.a.id,
              serial: x.a.serial,
              letterId: l.id,
              title: l.title,
              replyDue: x.a.replyDue,
              provisional: x.a.replyDueProvisional,
              returnedBy: by.viewer.displayName,
              reason: returnReason,
            },
            deps.config.publicBaseUrl,
          ),
        by.now,
      );
    return {
      action: 'return',
      summary: `申请 ${x.a.serial}：退回《${l.title}》修改：${returnReason}`,
      after: { returnReason },
    };
  });
}

/**
 * The handling agency's reviewer approves a draft (form: confirm, seenKey); its text and attachments
 * are then fixed. A letter with warnings (letter.rules.ts) is approved only with the confirmation 仍然批准,
 * and the warnings overridden go into the audit entry; a letter changed since the reviewer's page was shown
 * is refused.
 */
export async function approveLetter(
  deps: Deps,
  by: Acting,
  x: LetterOfCase,
  form: unknown = {},
): Promise<void> {
  if (!isHandlingStaff(by.viewer, x.a)) throw forbidden('只有办理机关的审核人可以审核文书。');
  if (x.letter.status !== 'draft') throw conflict(ALREADY_REVIEWED);
  const parsed = parseForm(approveSchema, form, APPROVE_FIELDS);
  const { confirm, seenKey: seen } = parsed.ok ? parsed.data : { confirm: false, seenKey: '' };
  await letterStep(deps, by, x, 'draft', ALREADY_REVIEWED, async (trx, l) => {
    const review = letterReviewOf(l, await listLetterAttachments(trx, l.id));
    if (seen && seen !== review.seenKey)
      throw new FormError({ confirm: '经办人在您打开页面后修改了文书或附件，请重新核对后再审核。' });
    if (review.warnings.length > 0 && !confirm)
      throw new FormError({ confirm: confirmationNeeded(review.warnings) });
    await updateLetter(
      trx,
      l.id,
      { status: 'approved', approved_at: by.now, approved_by: by.viewer.id },
      by.now,
    );
    const overridden = review.warnings.map((w) => w.message);
    return {
      action: 'approve',
      summary: `申请 ${x.a.serial}：审核通过《${l.title}》${overridden.length > 0 ? `（仍然批准：${overridden.join('')}）` : ''}`,
      ...(overridden.length > 0 ? { after: { warnings: overridden } } : {}),
    };
  });
}

/** What happened when a letter was registered as sent: whether a mail went to the outbox. */
export interface SentResult {
  readonly mailQueued: boolean;
}

/** The line of the notice mail that says how a letter not mailed itself reaches the applicant. */
function noticeLine(d: DeliveryInput): string {
  switch (d.method) {
    case 'post':
      return `文书已通过${d.carrier ?? ''}邮寄给您，快递单号 ${d.trackingNumber ?? ''}。`;
    case 'pickup':
      return d.collectedOn
        ? '纸质文书已由您领取。'
        : '请携带身份证明到本机关政府信息公开工作机构领取纸质文书（地址和办公时间见本机关的政府信息公开指南）。';
    default:
      return '文书已在“查询办理进度”页面公开，请凭查询码在线查看。';
  }
}

/**
 * Records that an approved letter went out (form: sentOn, seal; for a letter to the applicant also the
 * delivery: delivery, carrier, trackingNumber, collectedOn). A letter to the applicant is on the public
 * lookup at once; by 电子邮件 it is mailed with its attachments, otherwise the applicant who gave an
 * address gets a notice with the lookup link. Mail is queued in the same transaction.
 */
export async function sendLetter(
  deps: Deps,
  by: Acting,
  x: LetterOfCase,
  form: unknown,
): Promise<SentResult> {
  requireHandlingStaff(by.viewer, x.a);
  const refusal = '文书须经审核人审核通过后才能发出。';
  if (x.letter.status !== 'approved') throw conflict(refusal);
  const toApplicant = isApplicantLetter(x.letter.kind);
  const parsed = parseForm(sendSchema(by.today, x.a.receivedOn), form, SEND_FIELDS);
  const delivery = toApplicant
    ? parseDelivery(formBody(form), {
        today: by.today,
        sentOn: parsed.ok ? parsed.data.sentOn : null,
        hasEmail: Boolean(x.a.applicant.email),
      })
    : null;
  if (!parsed.ok || (delivery && !delivery.ok))
    throw new FormError({
      ...(parsed.ok ? {} : parsed.errors),
      ...(delivery && !delivery.ok ? delivery.errors : {}),
    });
  const { sentOn, seal } = parsed.data;
  const how = delivery?.ok ? delivery.data : null;
  const { config } = deps;
  const dirs = fileDirs(config.uploadDir);
  const files = await listLetterAttachments(deps.db, x.letter.id);
  let mailQueued = false;
  await letterStep(deps, by, x, 'approved', refusal, async (trx, l) => {
    await updateLetter(trx, l.id, { status: 'sent', sent_on: sentOn, seal }, by.now);
    const ctx = { publicBaseUrl: config.publicBaseUrl };
    if (how?.method === 'email')
      mailQueued = await notifyLetterSent(
        trx,
        x.a,
        {
          title: l.title,
          body: l.body,
          sentOn,
          docNumber: l.docNumber,
          attachments: files.map((f) => ({ fileName: f.fileName, size: f.size })),
        },
        files.map((f) => ({
          fileName: f.fileName,
          contentType: f.mime,
          path: relative(config.uploadDir, join(dirs.letters, f.storedName)),
          size: f.size,
        })),
        ctx,
        by.now,
      );
    else if (how)
      mailQueued = await notifyLetterNotice(
        trx,
        x.a,
        { title: l.title, sentOn, docNumber: l.docNumber },
        noticeLine(how),
        ctx,
        by.now,
      );
    if (how) {
      const outboxId = mailQueued
        ? ((await listOutbox(trx, { applicationId: x.a.id, kind: 'applicant' })).at(-1)?.id ?? null)
        : null;
      await insertLetterDelivery(trx, l.id, { ...how, outboxId }, by.now, by.viewer.id);
    }
    const mailed =
      how?.method === 'email' && mailQueued
        ? '，已通过电子邮件发送给申请人'
        : mailQueued
          ? '，已通过电子邮件通知申请人'
          : '';
    return {
      action: 'send',
      summary: `申请 ${x.a.serial}：《${l.title}》于 ${sentOn} 发出（${LETTER_SEAL_LABELS[seal]}）${files.length > 0 ? `（附件 ${files.length} 个）` : ''}${how ? `，送达方式：${deliverySummary(how)}` : ''}${mailed}`,
      ...(how ? { after: { delivery: how } } : {}),
    };
  });
  return { mailQueued };
}

async function viewOf(deps: Deps, d: LetterDelivery): Promise<DeliveryView> {
  const mail = d.outboxId !== null ? await findOutboxRow(deps.db, d.outboxId) : null;
  const waiting =
    mail !== null && !deps.config.smtpUrl && (mail.status === 'pending' || mail.status === 'sending');
  return {
    ...d,
    summary: deliverySummary(d),
    mailStatus: mail ? (waiting ? UNCONFIGURED : outboxStatusText(mail)) : null,
    mailWaiting: waiting,
  };
}

/** The delivery of a letter for its page; null when none was recorded. */
export async function letterDelivery(deps: Deps, x: LetterOfCase): Promise<DeliveryView | null> {
  const d = await findLetterDelivery(deps.db, x.letter.id);
  return d ? viewOf(deps, d) : null;
}

/** The deliveries of a case's letters, by letter id, for the case page. */
export async function letterDeliveries(
  deps: Deps,
  letters: readonly Letter[],
): Promise<Map<number, DeliveryView>> {
  const found = await listLetterDeliveries(
    deps.db,
    letters.filter((l) => l.status === 'sent').map((l) => l.id),
  );
  const out = new Map<number, DeliveryView>();
  for (const [id, d] of found) out.set(id, await viewOf(deps, d));
  return out;
}

/**
 * Records later how a sent letter was delivered (form: carrier, trackingNumber for a posted letter;
 * collectedOn for one held for pick-up). Audited.
 */
export async function recordDelivery(deps: Deps, by: Acting, x: LetterOfCase, form: unknown): Promise<void> {
  requireHandlingStaff(by.viewer, x.a);
  if (x.letter.status !== 'sent') throw conflict('文书尚未发出，不能登记送达情况。');
  const current = await findLetterDelivery(deps.db, x.letter.id);
  if (!current) throw notFound('送达记录');
  const r = parseDeliveryRecord(formBody(form), current, { today: by.today, sentOn: x.letter.sentOn });
  if (!r.ok) throw new FormError(r.errors);
  await deps.db.transaction().execute(async (trx) => {
    await updateLetterDelivery(trx, x.letter.id, r.data, by.now, by.viewer.id);
    const after = { ...current, ...r.data };
    await appendAudit(trx, {
      ...auditOf(by, x.a, 'update'),
      entityType: 'application_letter_delivery',
      entityId: x.letter.id,
      summary: `申请 ${x.a.serial}：登记《${x.letter.title}》的送达情况：${deliverySummary(after)}`,
      before: {
        carrier: current.carrier,
        trackingNumber: current.trackingNumber,
        collectedOn: current.collectedOn,
      },
      after: r.data,
    });
  });
}

export const ATTACHMENTS_FIXED = '文书已审核，附件不能再修改。';

/**
 * An attachment of a draft letter that the handling staff may change: 403 for other staff, 409 once the
 * letter left the draft, 404 for an attachment of another letter.
 */
export async function draftAttachment(deps: Deps, by: Acting, x: LetterOfCase, attachmentId: number) {
  requireHandlingStaff(by.viewer, x.a);
  if (x.letter.status !== 'draft') throw conflict(ATTACHMENTS_FIXED);
  const f = await findLetterAttachment(deps.db, x.letter.id, attachmentId);
  if (!f) throw notFound('附件');
  return f;
}

/** Attaches disclosed documents (the `files` of an upload) to a draft; a refused file keeps none of them. */
export async function attachToLetter(
  deps: Deps,
  by: Acting,
  x: LetterOfCase,
  received: readonly ReceivedFile[],
): Promise<void> {
  requireHandlingStaff(by.viewer, x.a);
  if (x.letter.status !== 'draft') throw conflict(ATTACHMENTS_FIXED);
  const files = received.filter((f) => f.field === 'files');
  if (files.length === 0) throw new FormError({ files: '请选择要附上的文件' });
  const typed: { file: ReceivedFile; mime: string }[] = [];
  for (const file of files) {
    const t = letterAttachmentType(
      file.fileName,
      file.head,
      file.size,
      file.truncated,
      LETTER_ATTACHMENT_MAX_BYTES,
    );
    if (typeof t === 'string') throw new FormError({ files: `“${file.fileName}”：${t}` });
    typed.push({ file, mime: t.mime });
  }
  const existing = await listLetterAttachments(deps.db, x.letter.id);
  if (existing.length + typed.length > LETTER_MAX_ATTACHMENTS)
    throw new FormError({
      files: `一份文书最多 ${LETTER_MAX_ATTACHMENTS} 个附件（已有 ${existing.length} 个）`,
    });
  await keepUploads(fileDirs(deps.config.uploadDir).letters, typed, (kept) =>
    letterStep(deps, by, x, 'draft', ATTACHMENTS_FIXED, async (trx, l) => {
      const ids = [];
      for (const k of kept) ids.push(await insertLetterAttachment(trx, l.id, k, by.now, by.viewer.id));
      return {
        action: 'create',
        entityType: 'application_letter_attachment',
        entityId: ids.join(','),
        summary: `申请 ${x.a.serial}：为《${l.title}》添加附件 ${kept.map((k) => `“${k.fileName}”`).join('、')}`,
        after: {
          letterId: l.id,
          files: kept.map((k) => ({ fileName: k.fileName, size: k.size, sha256: k.sha256 })),
        },
      };
    }),
  );
}

/** Removes an attachment of a draft, its file after the row. */
export async function detachFromLetter(
  deps: Deps,
  by: Acting,
  x: LetterOfCase,
  attachmentId: number,
): Promise<void> {
  const f = await draftAttachment(deps, by, x, attachmentId);
  // A redacted attachment takes its original (and the original's PDF conversion) along (issue 14).
  const redaction = await findRedaction(deps.db, f.id);
  const files = [f.storedName, `${f.storedName}.pdf`];
  if (redaction) files.push(redaction.original.storedName, `${redaction.original.storedName}.pdf`);
  await letterStep(deps, by, x, 'draft', ATTACHMENTS_FIXED, async (trx, l) => {
    await deleteLetterAttachment(trx, f.id);
    return {
      action: 'delete',
      entityType: 'application_letter_attachment',
      entityId: f.id,
      summary: `申请 ${x.a.serial}：删除《${l.title}》的附件“${f.fileName}”`,
      before: { letterId: l.id, fileName: f.fileName, size: f.size, sha256: f.sha256 },
    };
  });
  await removeStored(deps, files);
}

async function removeStored(deps: Deps, storedNames: string[]): Promise<void> {
  await removeFiles(fileDirs(deps.config.uploadDir).letters, storedNames);
}

export const listAttachments = (deps: Deps, x: LetterOfCase): Promise<LetterAttachment[]> =>
  listLetterAttachments(deps.db, x.letter.id);

/** One attachment of a letter for download (PDF and images shown in the browser). */
export async function letterAttachmentDownload(
  deps: Deps,
  x: LetterOfCase,
  attachmentId: number,
): Promise<StoredDownload> {
  const f = await findLetterAttachment(deps.db, x.letter.id, attachmentId);
  return storedDownload(fileDirs(deps.config.uploadDir).letters, f, '附件', {
    inline: !!f && (f.mime === 'application/pdf' || f.mime.startsWith('image/')),
  });
}
