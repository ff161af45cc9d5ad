/**
 * Use cases of the applications capability. Every write runs in one transaction with its audit entry;
 * functions given a `Trx` never touch the root handle (SQLite has one connection).
 */
import type { AuthedUser } from '../accounts/auth.ts';
import { scopeIncludes } from '../accounts/roles.ts';
import { type AuditActor, appendAudit } from '../audit/audit.repository.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { addWorkingDays } from '../calendar/workdays.ts';
import type { Db, Executor, Trx } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Deps } from '../shared/deps.ts';
import { FormError } from '../shared/form-error.ts';
import { forbidden, notFound } from '../shared/http/errors.ts';
import type { Acting } from './acting.ts';
import {
  type Application,
  bumpCounter,
  findApplication,
  findSameApplicant,
  insertApplication,
  insertEvent,
  isLookupCodeTaken,
  listLetters,
  loadEvents,
  nextSerial,
  type StoredEvent,
  saveDerived,
} from './application.repository.ts';
import {
  type ApplicantInput,
  newLookupCode,
  REPEAT_SIMILARITY,
  type ReceiptInput,
  requestSimilarity,
} from './application.rules.ts';
import { linkPendingUploads } from './documents.repository.ts';
import { PENDING_UPLOAD_TTL_MS } from './documents.rules.ts';
import { type FeeBasis, type FormEventType, parseEventForm } from './event-forms.ts';
import type { ImportRow } from './ledger.ts';
import { type NotifyContext, notifyApplicant } from './notifications.ts';
import { computePieceFee, computeVolumeFee, type FeeResult } from './rules/fees.ts';
import {
  type CaseEvent,
  computeDeadlines,
  type Deadlines,
  DUE_SOON_WORKING_DAYS,
  EVENT_LABELS,
  STATUS_LABELS,
  validateEvent,
} from './rules/timeline.ts';

/** A write refused by the rules; the message is shown to the user as is. */
export class ApplicationRefused extends Error {
  constructor(
    message: string,
    readonly field: string = 'form',
  ) {
    super(message);
  }
}

export function actorOf(viewer: AuthedUser | null, ip: string | null): AuditActor {
  return viewer ? { userId: viewer.id, login: viewer.login, ip } : { userId: null, login: 'public', ip };
}

/** Loads an application the viewer may see, or 404 (out of scope looks the same as missing). */
export async function applicationInScope(db: Executor, viewer: AuthedUser, id: number): Promise<Application> {
  const a = Number.isInteger(id) && id > 0 ? await findApplication(db, id) : null;
  if (!a || !scopeIncludes(viewer.scope, a.agencyPath)) throw notFound('申请');
  return a;
}

/** Handling a case is for the handling agency's staff (a supervisor above it only sees it). */
export function requireHandlingStaff(viewer: AuthedUser, a: Pick<Application, 'agencyId'>): void {
  if (!isHandlingStaff(viewer, a)) throw forbidden('只有办理机关的工作人员可以办理该申请。');
}

/** Whether the viewer works at the handling agency (sees full personal data, handles the case). */
export function isHandlingStaff(viewer: AuthedUser, a: Pick<Application, 'agencyId'>): boolean {
  return viewer.scope.kind === 'all' || (viewer.scope.kind === 'agency' && viewer.agencyId === a.agencyId);
}

/** The last day that counts as "due soon" seen from `today`. */
export function dueSoonUntil(cal: Calendar, today: string): string {
  return addWorkingDays(cal, today, DUE_SOON_WORKING_DAYS).date;
}

/** Runs a transaction again (up to 3 times) when it hit a unique violation (a concurrent writer won). */
async function withRetry<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (err) {
      if (attempt >= 3 || !isUniqueViolation(err)) throw err;
    }
  }
}

/** At most this many registrations share one transaction. */
const MAX_BATCH = 32;

/**
 * Group commit of registrations. Registrations that arrive while another batch is being written wait for
 * the next batch, which writes them all in one transaction (one commit instead of one each: the commit is
 * the largest single cost of a submission on SQLite, and an fsync on PostgreSQL). Each registration still
 * stands alone: if any of a batch fails, the batch is rolled back and every registration of it runs again
 * in its own transaction, so one refused or conflicting registration never takes others with it, and every
 * caller learns its own outcome. A registration arriving alone is written at once.
 */
class RegistrationBatcher {
  private queue: {
    work: (trx: Trx) => Promise<Registered>;
    resolve: (r: Registered) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private draining = false;
  constructor(private readonly db: Db) {}

  submit(work: (trx: Trx) => Promise<Registered>): Promise<Registered> {
    return new Promise((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        if (batch.length > 1) {
          const results = await this.db
            .transaction()
            .execute(async (trx) => {
              const out: Registered[] = [];
              for (const p of batch) out.push(await p.work(trx));
              return out;
            })
            .catch(() => null);
          if (results) {
            for (const [i, p] of batch.entries()) p.resolve(results[i] as Registered);
            continue;
          }
        }
        for (const p of batch) await withRetry(this.db, p.work).then(p.resolve, p.reject);
      }
    } finally {
      this.draining = false;
    }
  }
}

const batchers = new WeakMap<Db, RegistrationBatcher>();
function batcherOf(db: Db): RegistrationBatcher {
  let b = batchers.get(db);
  if (!b) {
    b = new RegistrationBatcher(db);
    batchers.set(db, b);
  }
  return b;
}

export interface Registration {
  readonly agencyId: number;
  /** online | clerk | api | import | demo */
  readonly source: string;
  readonly applicant: ApplicantInput;
  readonly receipt: ReceiptInput;
  readonly note?: string | null;
  /** The public form's upload token: its pending identity documents are linked to the application. */
  readonly uploadToken?: string | null;
  /** The agency's name when the caller has it (saves re-reading the new row for the receipt mail). */
  readonly agencyName?: string;
}

export interface Registered {
  readonly id: number;
  readonly serial: string;
  readonly lookupCode: string;
  readonly deadlines: Deadlines;
  readonly repeatOfId: number | null;
  /** Identity documents linked from the form's pending uploads. */
  readonly identityDocuments: number;
}

function receivedEvent(r: ReceiptInput): CaseEvent {
  return {
    type: 'received',
    channel: r.channel,
    submittedOn: r.submittedOn,
    ...(r.confirmedOn ? { confirmedOn: r.confirmedOn } : {}),
    ...(r.signedOn ? { signedOn: r.signedOn } : {}),
  };
}

/** The answered application of the same applicant that this request most likely repeats, if any. */
export async function findRepeatOf(
  db: Executor,
  agencyId: number,
  applicant: ApplicantInput,
  exceptId: number | null,
): Promise<Application | null> {
  const same = await findSameApplicant(db, agencyId, applicant, exceptId, 'answered');
  let best: Application | null = null;
  let bestScore = 0;
  for (const a of same) {
    if (a.status !== 'answered') continue;
    const score = requestSimilarity(a.applicant.request, applicant.request);
    if (score >= REPEAT_SIMILARITY && score > bestScore) {
      best = a;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Registers an application (any channel) with its receipt event, in one transaction with its audit entry
 * and, when the applicant gave an e-mail address and `notify` is given, the receipt mail in the outbox.
 */
export async function registerApplication(
  db: Db,
  cal: Calendar,
  input: Registration,
  actor: AuditActor,
  now: string,
  today: string,
  notify: NotifyContext | null,
): Promise<Registered> {
  const event = receivedEvent(input.receipt);
  const refused = validateEvent([], event, today, cal);
  if (refused) throw new ApplicationRefused(refused, 'submittedOn');
  // Computed once, outside the transaction (it depends on the event and the calendar only).
  const deadlines = computeDeadlines([event], cal);
  return batcherOf(db).submit(async (trx) => {
    const year = Number(
      (input.receipt.signedOn ?? input.receipt.confirmedOn ?? input.receipt.submittedOn).slice(0, 4),
    );
    const serial = await nextSerial(trx, input.agencyId, year);
    // A 12-character code from 32 symbols: a collision is astronomically rare, and the unique index turns
    // it into a retry of the whole transaction (withRetry) instead of a query per registration.
    const lookupCode = newLookupCode();
    const repeat = await findRepeatOf(trx, input.agencyId, input.applicant, null);
    const id = await insertApplication(trx, {
      agencyId: input.agencyId,
      serial,
      lookupCode,
      source: input.source,
      applicant: input.applicant,
      channel: input.receipt.channel,
      submittedOn: input.receipt.submittedOn,
      repeatOfId: repeat?.id ?? null,
      createdBy: actor.userId,
      now,
      derived: deadlines,
    });
    await insertEvent(trx, id, 1, event, input.note ?? null, now, actor.userId);
    const linked = input.uploadToken
      ? await linkPendingUploads(
          trx,
          input.uploadToken,
          id,
          new Date(Date.parse(now) - PENDING_UPLOAD_TTL_MS).toISOString(),
          now,
        )
      : [];
    await appendAudit(trx, {
      actor,
      at: now,
      action: 'create',
      entityType: 'application',
      entityId: id,
      agencyId: input.agencyId,
      summary: `登记政府信息公开申请 ${serial}（${input.source === 'online' ? '网上申请' : '工作人员登记'}）${repeat ? `，可能重复申请（与 ${repeat.serial} 相同）` : ''}`,
      // Personal data stays out of the log: only the kind of applicant and the channel.
      after: {
        serial,
        channel: input.receipt.channel,
        applicantType: input.applicant.applicantType,
        receiptDate: deadlines.receiptDate,
        replyDue: deadlines.replyDue,
        // Identity documents by content only (their names may be personal).
        ...(linked.length > 0
          ? { identityDocuments: linked.map((f) => ({ mime: f.mime, size: f.size, sha256: f.sha256 })) }
          : {}),
      },
    });
    if (notify && input.applicant.email) {
      const stored =
        input.agencyName !== undefined
          ? {
              id,
              agencyId: input.agencyId,
              agencyName: input.agencyName,
              serial,
              lookupCode,
              applicant: input.applicant,
            }
          : await findApplication(trx, id);
      if (stored) await notifyApplicant(trx, stored, { type: 'registered' }, deadlines, notify, now);
    }
    return {
      id,
      serial,
      lookupCode,
      deadlines,
      repeatOfId: repeat?.id ?? null,
      identityDocuments: linked.length,
    };
  });
}

/**
 * Appends an event to a case after `validateEvent` accepted it; recomputes and caches the derived
 * status and dates; audits; queues the applicant's notification (when `notify` is given and the applicant
 * gave an e-mail address). Nothing is written when the event is refused.
 */
export async function appendEvent(
  db: Db,
  ...args: Parameters<typeof appendEventInTransaction> extends [Trx, ...infer Rest] ? Rest : never
): Promise<Deadlines> {
  return db.transaction().execute((trx) => appendEventInTransaction(trx, ...args));
}

/** `appendEvent` in the caller's transaction: everything it writes, the outbox row included, commits or rolls back with it. */
export async function appendEventInTransaction(
  trx: Trx,
  cal: Calendar,
  app: Pick<Application, 'id' | 'agencyId' | 'serial'>,
  event: CaseEvent,
  note: string | null,
  actor: AuditActor,
  now: string,
  today: string,
  notify: NotifyContext | null,
): Promise<Deadlines> {
  // Touch the row first: on PostgreSQL this locks the case until commit, so two clerks adding events at
  // once are serialised (SQLite serialises every write transaction anyway).
  await trx.updateTable('applications').set({ updated_at: now }).where('id', '=', app.id).execute();
  const stored = await loadEvents(trx, app.id);
  const events = stored.map((s) => s.event);
  const refused = validateEvent(events, event, today, cal);
  if (refused) throw new ApplicationRefused(refused);
  const before = events.length > 0 ? computeDeadlines(events, cal) : null;
  await insertEvent(trx, app.id, (stored.at(-1)?.seq ?? 0) + 1, event, note, now, actor.userId);
  const after = computeDeadlines([...events, event], cal);
  await saveDerived(trx, app.id, after, now);
  await appendAudit(trx, {
    actor,
    at: now,
    action: 'event',
    entityType: 'application',
    entityId: app.id,
    agencyId: app.agencyId,
    summary: `申请 ${app.serial}：${EVENT_LABELS[event.type]}（${event.type === 'received' ? event.submittedOn : event.on}）`,
    before: before ? { status: before.status, replyDue: before.replyDue } : undefined,
    after: { event, status: after.status, replyDue: after.replyDue, outcome: after.outcome },
  });
  if (notify) {
    const full = await findApplication(trx, app.id);
    if (full?.applicant.email) {
      const sentLetters =
        event.type === 'answered'
          ? (await listLetters(trx, app.id)).flatMap((l) =>
              l.status === 'sent' && l.sentOn ? [{ title: l.title, sentOn: l.sentOn }] : [],
            )
          : [];
      await notifyApplicant(trx, full, event, after, notify, now, { previous: events, sentLetters });
    }
  }
  return after;
}

export interface CaseView {
  readonly app: Application;
  readonly events: readonly StoredEvent[];
  readonly deadlines: Deadlines;
}

export async function loadCase(db: Executor, cal: Calendar, app: Application): Promise<CaseView> {
  const events = await loadEvents(db, app.id);
  return {
    app,
    events,
    deadlines: computeDeadlines(
      events.map((e) => e.event),
      cal,
    ),
  };
}

/** The consultations still awaiting a reply that an event of `type` may record the reply of. */
export function pendingParties(d: Deadlines, type: FormEventType): string[] {
  const kind = type === 'thirdPartyReplied' ? 'third_party' : type === 'agencyReplied' ? 'agency' : null;
  return kind
    ? d.consultations.filter((x) => x.kind === kind && x.repliedOn === null).map((x) => x.party)
    : [];
}

/** The information processing fee of a fee notice: per volume, or per piece counting the applicant's other cases. */
async function feeOf(db: Executor, a: Application, receivedOn: string, fee: FeeBasis): Promise<FeeResult> {
  if (fee.method === 'per_volume') return computeVolumeFee(fee.pages);
  const others = await findSameApplicant(db, a.agencyId, a.applicant, a.id);
  return computePieceFee(
    { ref: a.serial, receivedOn, pieces: fee.pieces },
    others
      .filter((o) => o.receivedOn)
      .map((o) => ({ ref: o.serial, receivedOn: o.receivedOn as string, pieces: 1 })),
  );
}

/**
 * Records a step of the case from its form (the HTML form or the API's fields): parses it (FormError for
 * the fields), computes a fee notice's amount, and appends the event (ApplicationRefused when the
 * timeline refuses it). Returns the recomputed deadlines.
 */
export async function recordEvent(
  deps: Deps,
  by: Acting,
  a: Application,
  type: FormEventType,
  values: Readonly<Record<string, string>>,
): Promise<{ event: CaseEvent; deadlines: Deadlines }> {
  requireHandlingStaff(by.viewer, a);
  const { db } = deps;
  const cal = await deps.calendar.get(db);
  const c = await loadCase(db, cal, a);
  const parsed = parseEventForm(
    type,
    values,
    Number(by.today.slice(0, 4)),
    pendingParties(c.deadlines, type),
  );
  if (!parsed.ok) throw new FormError(parsed.errors);
  let { event, note } = parsed.data;
  if (event.type === 'feeNoticeSent' && parsed.data.fee) {
    const fee = await feeOf(db, a, c.deadlines.receiptDate ?? a.submittedOn, parsed.data.fee);
    if (fee.amount <= 0)
      throw new FormError({
        method: `按此计算信息处理费为 0 元（${fee.lines.at(-2)?.text ?? ''}），无需发出收费通知。`,
      });
    event = { ...event, amount: fee.amount };
    note = [fee.lines.map((l) => l.text).join('\n'), note].filter(Boolean).join('\n');
  }
  const deadlines = await appendEvent(db, cal, a, event, note, by.actor, by.now, by.today, {
    publicBaseUrl: deps.config.publicBaseUrl,
  });
  return { event, deadlines };
}

/** Shows the applicant's full personal data to the handling agency's staff; each view is audited. */
export async function viewPersonal(db: Db, by: Acting, a: Application): Promise<void> {
  if (!isHandlingStaff(by.viewer, a)) throw forbidden('只有办理机关的工作人员可以查看申请人的完整个人信息。');
  await auditPersonalView(db, a, by.actor, by.now);
}

/** Audits a view of an applicant's full personal data (ID and phone numbers). */
export async function auditPersonalView(
  db: Db,
  app: Application,
  actor: AuditActor,
  now: string,
): Promise<void> {
  await appendAudit(db, {
    actor,
    at: now,
    action: 'view_personal',
    entityType: 'application',
    entityId: app.id,
    agencyId: app.agencyId,
    summary: `查看申请 ${app.serial} 申请人的完整身份证明号码和联系电话`,
  });
}

/**
 * Recomputes the cached derivation of every open application (after a calendar change), in the caller's
 * transaction; returns how many rows changed.
 */
export async function recomputeAll(trx: Trx, cal: Calendar, now: string): Promise<number> {
  const rows = await trx
    .selectFrom('applications')
    .select(['id', 'status', 'reply_due', 'reply_due_provisional', 'outcome', 'closed_on', 'received_on'])
    .where('closed_on', 'is', null)
    .execute();
  if (rows.length === 0) return 0;
  const events = await trx
    .selectFrom('application_events')
    .innerJoin('applications', 'applications.id', 'application_events.application_id')
    .select(['application_events.application_id', 'application_events.data_json'])
    .where('applications.closed_on', 'is', null)
    .orderBy('application_events.application_id')
    .orderBy('application_events.seq')
    .execute();
  const byApp = new Map<number, CaseEvent[]>();
  for (const e of events) {
    const list = byApp.get(e.application_id) ?? [];
    list.push(JSON.parse(e.data_json) as CaseEvent);
    byApp.set(e.application_id, list);
  }
  let changed = 0;
  for (const r of rows) {
    const list = byApp.get(r.id);
    if (!list || list.length === 0) continue;
    const d = computeDeadlines(list, cal);
    const did = await saveDerived(trx, r.id, d, now, {
      status: r.status as Deadlines['status'],
      replyDue: r.reply_due,
      replyDueProvisional: r.reply_due_provisional === 1,
      outcome: r.outcome,
      closedOn: r.closed_on,
      receivedOn: r.received_on,
    });
    if (did) changed++;
  }
  return changed;
}

export { STATUS_LABELS };

/** Writes a checked ledger (see ledger.ts) in one transaction; returns how many applications were written. */
export async function importLedgerRows(
  db: Db,
  cal: Calendar,
  agencyId: number,
  rows: readonly ImportRow[],
  actor: AuditActor,
  now: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const maxByYear = new Map<number, number>();
    for (const r of rows) {
      let lookupCode = newLookupCode();
      while (await isLookupCodeTaken(trx, lookupCode)) lookupCode = newLookupCode();
      const first = r.events[0] as Extract<CaseEvent, { type: 'received' }>;
      const id = await insertApplication(trx, {
        agencyId,
        serial: r.serial,
        lookupCode,
        source: 'import',
        applicant: r.applicant,
        channel: r.channel,
        submittedOn: first.submittedOn,
        repeatOfId: null,
        createdBy: actor.userId,
        now,
      });
      let seq = 1;
      for (const e of r.events)
        await insertEvent(trx, id, seq++, e, seq === 2 ? '历史台账导入' : null, now, actor.userId);
      await saveDerived(trx, id, computeDeadlines(r.events, cal), now);
      const [y, n] = r.serial.split('-').map(Number) as [number, number];
      maxByYear.set(y, Math.max(maxByYear.get(y) ?? 0, n));
    }
    for (const [y, n] of maxByYear) await bumpCounter(trx, agencyId, y, n);
    await appendAudit(trx, {
      actor,
      at: now,
      action: 'import',
      entityType: 'application',
      entityId: null,
      agencyId,
      summary: `从历史台账导入 ${rows.length} 件申请（${rows
        .map((r) => r.serial)
        .slice(0, 5)
        .join('、')}${rows.length > 5 ? '等' : ''}）`,
    });
    return rows.length;
  });
}
