/**
 * The only module that queries the applications tables (applications, application_events,
 * application_counters, application_letters). Rows are mapped to domain objects here.
 */
import { type Selectable, sql } from 'kysely';
import type { Scope } from '../accounts/roles.ts';
import type { ApplicationLetterTable, ApplicationTable, Executor, Trx } from '../db/database.ts';
import { paged } from '../shared/paged.ts';
import type { AgencyStats, Application, Letter, QueueRow, StoredEvent } from './application.model.ts';
import type {
  ApplicantInput,
  ApplicantType,
  DeliveryMethod,
  FormWanted,
  IdDocType,
} from './application.rules.ts';
import { type LetterSeal, parseLetterSeal } from './letters.ts';
import type { CaseEvent, CaseStatus, Deadlines, ReceiptChannel } from './rules/timeline.ts';

interface Details {
  idDocName?: string | null;
  contactPerson?: string | null;
  purpose?: string | null;
}

type Row = Selectable<ApplicationTable> & { agency_name: string; agency_path: string };

function toApplication(r: Row): Application {
  const d = (r.details_json ? JSON.parse(r.details_json) : {}) as Details;
  return {
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    agencyPath: r.agency_path,
    serial: r.serial,
    lookupCode: r.lookup_code,
    source: r.source,
    applicant: {
      applicantType: r.applicant_type as ApplicantType,
      applicantName: r.applicant_name,
      idDocType: r.id_doc_type as IdDocType | null,
      idDocName: d.idDocName ?? null,
      idDocNumber: r.id_doc_number,
      creditCode: r.credit_code,
      contactPerson: d.contactPerson ?? null,
      phone: r.contact_phone,
      email: r.contact_email,
      address: r.contact_address,
      postcode: r.contact_postcode,
      request: r.request_description,
      purpose: d.purpose ?? null,
      formWanted: (r.form_wanted ?? 'paper') as FormWanted,
      delivery: (r.delivery_method ?? 'pickup') as DeliveryMethod,
    },
    channel: r.channel as ReceiptChannel,
    submittedOn: r.submitted_on,
    receivedOn: r.received_on,
    status: r.status as CaseStatus,
    outcome: r.outcome,
    closedOn: r.closed_on,
    replyDue: r.reply_due,
    replyDueProvisional: r.reply_due_provisional === 1,
    repeatOfId: r.repeat_of_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function base(db: Executor) {
  return db
    .selectFrom('applications')
    .innerJoin('agencies', 'agencies.id', 'applications.agency_id')
    .selectAll('applications')
    .select(['agencies.name as agency_name', 'agencies.path as agency_path']);
}

export type { AgencyStats, Application, Letter, QueueRow, StoredEvent };

export async function findApplication(db: Executor, id: number): Promise<Application | null> {
  const r = await base(db).where('applications.id', '=', id).executeTakeFirst();
  return r ? toApplication(r) : null;
}

export async function findApplicationByLookupCode(db: Executor, code: string): Promise<Application | null> {
  const r = await base(db).where('applications.lookup_code', '=', code).executeTakeFirst();
  return r ? toApplication(r) : null;
}

/**
 * The next serial number of an agency's year, from a counter row updated atomically (both dialects lock
 * the row for the rest of the transaction, so concurrent registrations never get the same number). The
 * counter starts after the highest serial already stored for that year (demo or imported history).
 */
export async function nextSerial(trx: Trx, agencyId: number, year: number): Promise<string> {
  const prefix = `${year}-`;
  const bump = () =>
    trx
      .updateTable('application_counters')
      .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
      .where('agency_id', '=', agencyId)
      .where('year', '=', year)
      .returning('last_number')
      .executeTakeFirst();
  // The counter row exists after the first registration of the year: one statement in the usual case.
  let r = await bump();
  if (!r) {
    const existing = await trx
      .selectFrom('applications')
      .select((eb) => eb.fn.max('serial').as('max'))
      .where('agency_id', '=', agencyId)
      .where('serial', 'like', `${prefix}%`)
      .executeTakeFirst();
    const start = existing?.max ? Number(String(existing.max).slice(prefix.length)) || 0 : 0;
    await trx
      .insertInto('application_counters')
      .values({ agency_id: agencyId, year, last_number: start })
      .onConflict((oc) => oc.columns(['agency_id', 'year']).doNothing())
      .execute();
    r = await bump();
    if (!r) throw new Error(`application counter of agency ${agencyId} for ${year} is missing`);
  }
  return `${prefix}${String(r.last_number).padStart(4, '0')}`;
}

export interface NewApplication
  extends Pick<
    Application,
    'agencyId' | 'serial' | 'lookupCode' | 'source' | 'applicant' | 'channel' | 'submittedOn' | 'repeatOfId'
  > {
  readonly createdBy: number | null;
  readonly now: string;
  /** The derivation of the first events, written with the row (saves the `saveDerived` update). */
  readonly derived?: Deadlines | undefined;
}

export async function insertApplication(trx: Trx, a: NewApplication): Promise<number> {
  const d = a.derived;
  const p = a.applicant;
  const details: Details = { idDocName: p.idDocName, contactPerson: p.contactPerson, purpose: p.purpose };
  const r = await trx
    .insertInto('applications')
    .values({
      agency_id: a.agencyId,
      serial: a.serial,
      lookup_code: a.lookupCode,
      source: a.source,
      applicant_type: p.applicantType,
      applicant_name: p.applicantName,
      id_doc_type: p.idDocType,
      id_doc_number: p.idDocNumber,
      credit_code: p.creditCode,
      contact_phone: p.phone,
      contact_email: p.email,
      contact_address: p.address,
      contact_postcode: p.postcode,
      request_description: p.request,
      form_wanted: p.formWanted,
      delivery_method: p.delivery,
      channel: a.channel,
      submitted_on: a.submittedOn,
      received_on: d ? d.receiptDate : null,
      status: d ? d.status : 'awaiting_confirmation',
      outcome: d ? d.outcome : null,
      closed_on: d ? d.closedOn : null,
      reply_due: d ? d.replyDue : null,
      reply_due_provisional: d?.provisional ? 1 : 0,
      repeat_of_id: a.repeatOfId,
      details_json: JSON.stringify(details),
      created_at: a.now,
      updated_at: a.now,
      created_by: a.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The id of the agency's application with that serial (申请编号), or null (a litigation case links to it). */
export async function applicationIdBySerial(
  db: Executor,
  agencyId: number,
  serial: string,
): Promise<number | null> {
  const r = await db
    .selectFrom('applications')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where('serial', '=', serial)
    .executeTakeFirst();
  return r?.id ?? null;
}

/** The serial of an application, or null when there is none with that id. */
export async function applicationSerial(db: Executor, id: number): Promise<string | null> {
  const r = await db.selectFrom('applications').select('serial').where('id', '=', id).executeTakeFirst();
  return r?.serial ?? null;
}

export async function isLookupCodeTaken(db: Executor, code: string): Promise<boolean> {
  const r = await db
    .selectFrom('applications')
    .select('id')
    .where('lookup_code', '=', code)
    .executeTakeFirst();
  return r !== undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Events

export async function loadEvents(db: Executor, applicationId: number): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('application_events')
    .leftJoin('users', 'users.id', 'application_events.created_by')
    .select([
      'application_events.id',
      'application_events.seq',
      'application_events.data_json',
      'application_events.note',
      'application_events.created_at',
      'application_events.created_by',
      'users.display_name',
    ])
    .where('application_events.application_id', '=', applicationId)
    .orderBy('application_events.seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    event: JSON.parse(r.data_json) as CaseEvent,
    note: r.note,
    createdAt: r.created_at,
    createdBy: r.created_by,
    createdByName: r.display_name,
  }));
}

export async function insertEvent(
  trx: Trx,
  applicationId: number,
  seq: number,
  event: CaseEvent,
  note: string | null,
  now: string,
  by: number | null,
): Promise<void> {
  await trx
    .insertInto('application_events')
    .values({
      application_id: applicationId,
      seq,
      type: event.type,
      on_date: event.type === 'received' ? event.submittedOn : event.on,
      data_json: JSON.stringify(event),
      note,
      created_at: now,
      created_by: by,
    })
    .execute();
}

/** Writes the cached derivation of the timeline onto the row; returns whether anything changed. */
export async function saveDerived(
  trx: Trx,
  id: number,
  d: Deadlines,
  now: string,
  previous?: Pick<
    Application,
    'status' | 'replyDue' | 'replyDueProvisional' | 'outcome' | 'closedOn' | 'receivedOn'
  >,
): Promise<boolean> {
  const values = {
    status: d.status,
    reply_due: d.replyDue,
    reply_due_provisional: d.provisional ? 1 : 0,
    outcome: d.outcome,
    closed_on: d.closedOn,
    received_on: d.receiptDate,
  };
  if (
    previous &&
    previous.status === values.status &&
    previous.replyDue === values.reply_due &&
    previous.replyDueProvisional === d.provisional &&
    previous.outcome === values.outcome &&
    previous.closedOn === values.closed_on &&
    previous.receivedOn === values.received_on
  )
    return false;
  await trx
    .updateTable('applications')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
  return true;
}

export async function setRepeatOf(trx: Trx, id: number, repeatOf: number | null): Promise<void> {
  await trx.updateTable('applications').set({ repeat_of_id: repeatOf }).where('id', '=', id).execute();
}

/** Open applications (not closed), with their events, for recomputation after a calendar change. */
export async function listOpenIds(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('applications').select('id').where('closed_on', 'is', null).execute();
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------------------
// Queue and statistics

export interface QueueFilter {
  readonly scope: Scope;
  readonly agencyId?: number | undefined;
  /** open | closed | all | a CaseStatus */
  readonly status: string;
  readonly overdue: boolean;
  readonly dueSoon: boolean;
  readonly q: string;
  /** Received (收到申请之日) and closed within these days (inclusive), and an outcome (a report row, or its group). */
  readonly receivedFrom?: string | undefined;
  readonly receivedTo?: string | undefined;
  readonly closedFrom?: string | undefined;
  readonly closedTo?: string | undefined;
  readonly outcome?: string | undefined;
  /** Closed after the reply deadline. */
  readonly late?: boolean | undefined;
  readonly today: string;
  /** Last day that counts as "due soon" (today + 3 working days). */
  readonly dueSoonUntil: string;
  readonly limit: number;
  readonly offset: number;
}

function applyScope(db: Executor, scope: Scope) {
  let q = db.selectFrom('applications').innerJoin('agencies', 'agencies.id', 'applications.agency_id');
  switch (scope.kind) {
    case 'all':
      break;
    case 'subtree':
      q = q.where('agencies.path', 'like', `${scope.path}%`);
      break;
    case 'agency':
      q = q.where('applications.agency_id', '=', scope.agencyId);
      break;
    case 'none':
      q = q.where(sql<boolean>`1 = 0`);
      break;
  }
  return q;
}

export async function listQueue(db: Executor, f: QueueFilter): Promise<{ rows: QueueRow[]; total: number }> {
  let q = applyScope(db, f.scope);
  if (f.agencyId !== undefined) q = q.where('applications.agency_id', '=', f.agencyId);
  if (f.status === 'open') q = q.where('applications.closed_on', 'is', null);
  else if (f.status === 'closed') q = q.where('applications.closed_on', 'is not', null);
  else if (f.status !== 'all' && f.status !== '') q = q.where('applications.status', '=', f.status);
  if (f.overdue)
    q = q.where('applications.closed_on', 'is', null).where('applications.reply_due', '<', f.today);
  if (f.dueSoon)
    q = q
      .where('applications.closed_on', 'is', null)
      .where('applications.reply_due', '>=', f.today)
      .where('applications.reply_due', '<=', f.dueSoonUntil);
  if (f.receivedFrom) q = q.where('applications.received_on', '>=', f.receivedFrom);
  if (f.receivedTo) q = q.where('applications.received_on', '<=', f.receivedTo);
  if (f.closedFrom) q = q.where('applications.closed_on', '>=', f.closedFrom);
  if (f.closedTo) q = q.where('applications.closed_on', '<=', f.closedTo);
  if (f.late)
    q = q
      .where('applications.closed_on', 'is not', null)
      .whereRef('applications.closed_on', '>', 'applications.reply_due');
  if (f.outcome) {
    const outcome = f.outcome;
    q = q.where((eb) =>
      eb.or([eb('applications.outcome', '=', outcome), eb('applications.outcome', 'like', `${outcome}.%`)]),
    );
  }
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, '')}%`;
    q = q.where((eb) =>
      eb.or([eb('applications.serial', 'like', like), eb('applications.applicant_name', 'like', like)]),
    );
  }
  return paged(
    q,
    f,
    (q) =>
      q
        .select([
          'applications.id',
          'agencies.name as agency_name',
          'applications.serial',
          'applications.applicant_name',
          'applications.applicant_type',
          'applications.request_description',
          'applications.channel',
          'applications.submitted_on',
          'applications.received_on',
          'applications.status',
          'applications.outcome',
          'applications.closed_on',
          'applications.reply_due',
          'applications.reply_due_provisional',
          'applications.repeat_of_id',
        ])
        .orderBy(sql`case when applications.closed_on is null then 0 else 1 end`)
        .orderBy(sql`case when applications.reply_due is null then 0 else 1 end`)
        .orderBy('applications.reply_due')
        .orderBy('applications.closed_on', 'desc')
        .orderBy('applications.id'),
    (r) => ({
      id: r.id,
      agencyName: r.agency_name,
      serial: r.serial,
      applicantName: r.applicant_name,
      applicantType: r.applicant_type,
      request: r.request_description,
      channel: r.channel,
      submittedOn: r.submitted_on,
      receivedOn: r.received_on,
      status: r.status,
      outcome: r.outcome,
      closedOn: r.closed_on,
      replyDue: r.reply_due,
      provisional: r.reply_due_provisional === 1,
      repeatOfId: r.repeat_of_id,
    }),
  );
}

export interface DueRow {
  readonly id: number;
  readonly agencyId: number;
  readonly agencyName: string;
  readonly serial: string;
  readonly status: CaseStatus;
  readonly replyDue: string;
  readonly provisional: boolean;
}

/** How many open applications of every agency are past their reply deadline on `today` (a metrics gauge). */
export async function countOverdueOpen(db: Executor, today: string): Promise<number> {
  const r = await db
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('closed_on', 'is', null)
    .where('reply_due', '<', today)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Open applications of every agency whose reply deadline is on or before `until` (overdue and due soon),
 * sorted by agency, then deadline, then serial — for the daily reminder.
 */
export async function listDueOpen(db: Executor, until: string): Promise<DueRow[]> {
  const rows = await db
    .selectFrom('applications')
    .innerJoin('agencies', 'agencies.id', 'applications.agency_id')
    .select([
      'applications.id',
      'applications.agency_id',
      'agencies.name as agency_name',
      'applications.serial',
      'applications.status',
      'applications.reply_due',
      'applications.reply_due_provisional',
    ])
    .where('applications.closed_on', 'is', null)
    .where('applications.reply_due', 'is not', null)
    .where('applications.reply_due', '<=', until)
    .orderBy('agencies.path')
    .orderBy('applications.reply_due')
    .orderBy('applications.serial')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    serial: r.serial,
    status: r.status as CaseStatus,
    replyDue: r.reply_due as string,
    provisional: r.reply_due_provisional === 1,
  }));
}

/** Per-agency counts for the viewer's scope (supervisors see their subtree). */
export async function statsByAgency(
  db: Executor,
  scope: Scope,
  today: string,
  dueSoonUntil: string,
): Promise<AgencyStats[]> {
  const year = today.slice(0, 4);
  const rows = await applyScope(db, scope)
    .select((eb) => [
      'applications.agency_id',
      'agencies.name',
      'agencies.path',
      eb.fn.sum<number>(sql`case when applications.closed_on is null then 1 else 0 end`).as('open'),
      eb.fn
        .sum<number>(
          sql`case when applications.closed_on is null and applications.reply_due < ${today} then 1 else 0 end`,
        )
        .as('overdue'),
      eb.fn
        .sum<number>(
          sql`case when applications.closed_on is null and applications.reply_due >= ${today} and applications.reply_due <= ${dueSoonUntil} then 1 else 0 end`,
        )
        .as('due_soon'),
      eb.fn
        .sum<number>(sql`case when applications.closed_on like ${`${year}-%`} then 1 else 0 end`)
        .as('closed_year'),
      eb.fn
        .sum<number>(sql`case when applications.received_on like ${`${year}-%`} then 1 else 0 end`)
        .as('received_year'),
    ])
    .groupBy(['applications.agency_id', 'agencies.name', 'agencies.path'])
    .orderBy('agencies.path')
    .execute();
  return rows.map((r) => ({
    agencyId: r.agency_id,
    agencyName: r.name,
    agencyPath: r.path,
    open: Number(r.open ?? 0),
    overdue: Number(r.overdue ?? 0),
    dueSoon: Number(r.due_soon ?? 0),
    closedThisYear: Number(r.closed_year ?? 0),
    receivedThisYear: Number(r.received_year ?? 0),
  }));
}

/**
 * The applicant's other applications to the same agency (same credit code, ID number, or name and
 * phone), newest first, for the fee computation (same month) and repeat detection.
 */
export async function findSameApplicant(
  db: Executor,
  agencyId: number,
  a: Pick<ApplicantInput, 'creditCode' | 'idDocNumber' | 'applicantName' | 'phone'>,
  exceptId: number | null,
  /** Only applications with this status (the repeat check looks at answered ones only). */
  status?: CaseStatus,
): Promise<Application[]> {
  let q = base(db).where('applications.agency_id', '=', agencyId);
  if (status !== undefined) q = q.where('applications.status', '=', status);
  if (a.creditCode) q = q.where('applications.credit_code', '=', a.creditCode);
  else if (a.idDocNumber) q = q.where('applications.id_doc_number', '=', a.idDocNumber);
  else
    q = q
      .where('applications.applicant_name', '=', a.applicantName)
      .where('applications.contact_phone', '=', a.phone ?? '');
  if (exceptId !== null) q = q.where('applications.id', '<>', exceptId);
  const rows = await q.orderBy('applications.id', 'desc').limit(500).execute();
  return rows.map(toApplication);
}

/** Every application of an agency received (or submitted) in a year, for the ledger export. */
export async function listForLedger(db: Executor, agencyId: number, year: number): Promise<Application[]> {
  const rows = await base(db)
    .where('applications.agency_id', '=', agencyId)
    .where((eb) =>
      eb.or([
        eb('applications.received_on', 'like', `${year}-%`),
        eb.and([
          eb('applications.received_on', 'is', null),
          eb('applications.submitted_on', 'like', `${year}-%`),
        ]),
      ]),
    )
    .orderBy('applications.serial')
    .execute();
  return rows.map(toApplication);
}

// ---------------------------------------------------------------------------------------------------------
// Letters

function toLetter(r: Selectable<ApplicationLetterTable>): Letter {
  return {
    id: r.id,
    applicationId: r.application_id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    status: r.status as Letter['status'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    approvedAt: r.approved_at,
    approvedBy: r.approved_by,
    sentOn: r.sent_on,
    docNumber: r.doc_number ?? null,
    seal: parseLetterSeal(r.seal),
    submittedAt: r.submitted_at ?? null,
    submittedBy: r.submitted_by ?? null,
    returnedAt: r.returned_at ?? null,
    returnedBy: r.returned_by ?? null,
    returnReason: r.return_reason ?? null,
  };
}

/** The letters of one application (the query both the list and the lookup start from). */
function lettersOf(db: Executor, applicationId: number) {
  return db.selectFrom('application_letters').selectAll().where('application_id', '=', applicationId);
}

export async function listLetters(db: Executor, applicationId: number): Promise<Letter[]> {
  return (await lettersOf(db, applicationId).orderBy('id').execute()).map(toLetter);
}

export async function findLetter(db: Executor, applicationId: number, id: number): Promise<Letter | null> {
  const r = await lettersOf(db, applicationId).where('id', '=', id).executeTakeFirst();
  return r ? toLetter(r) : null;
}

export async function insertLetter(
  trx: Trx,
  l: { applicationId: number; kind: string; title: string; body: string; now: string; by: number | null },
): Promise<number> {
  const r = await trx
    .insertInto('application_letters')
    .values({
      application_id: l.applicationId,
      kind: l.kind,
      title: l.title,
      body: l.body,
      status: 'draft',
      created_at: l.now,
      created_by: l.by,
      updated_at: l.now,
      approved_at: null,
      approved_by: null,
      sent_on: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateLetter(
  trx: Trx,
  id: number,
  values: Partial<{
    title: string;
    body: string;
    status: string;
    approved_at: string | null;
    approved_by: number | null;
    sent_on: string | null;
    seal: LetterSeal;
    submitted_at: string | null;
    submitted_by: number | null;
    returned_at: string | null;
    returned_by: number | null;
    return_reason: string | null;
  }>,
  now: string,
): Promise<void> {
  await trx
    .updateTable('application_letters')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
  if (values.status === 'approved') await assignDocNumber(trx, id, now);
}

/** A draft letter in review: waiting for the reviewer (`submitted`) or returned to the clerk (`returned`). */
export interface LetterInReview {
  readonly letterId: number;
  readonly applicationId: number;
  readonly serial: string;
  readonly agencyId: number;
  readonly agencyName: string;
  readonly title: string;
  readonly submittedAt: string | null;
  readonly submittedByName: string | null;
  readonly returnedAt: string | null;
  readonly returnedByName: string | null;
  readonly returnReason: string | null;
  /** The application's reply deadline (null until the receipt date is settled). */
  readonly replyDue: string | null;
  readonly provisional: boolean;
}

/**
 * Draft letters of the given agencies (null: every agency) that wait for review (`submitted`, oldest
 * submission first) or were returned and not submitted again (`returned`, oldest return first).
 */
export async function listLettersInReview(
  db: Executor,
  agencyIds: readonly number[] | null,
  state: 'submitted' | 'returned',
): Promise<LetterInReview[]> {
  if (agencyIds !== null && agencyIds.length === 0) return [];
  let q = db
    .selectFrom('application_letters as l')
    .innerJoin('applications as a', 'a.id', 'l.application_id')
    .innerJoin('agencies as g', 'g.id', 'a.agency_id')
    .leftJoin('users as s', 's.id', 'l.submitted_by')
    .leftJoin('users as r', 'r.id', 'l.returned_by')
    .select([
      'l.id as letter_id',
      'a.id as application_id',
      'a.serial',
      'a.agency_id',
      'g.name as agency_name',
      'l.title',
      'l.submitted_at',
      's.display_name as submitted_by_name',
      'l.returned_at',
      'r.display_name as returned_by_name',
      'l.return_reason',
      'a.reply_due',
      'a.reply_due_provisional',
    ])
    .where('l.status', '=', 'draft');
  if (agencyIds !== null) q = q.where('a.agency_id', 'in', [...agencyIds]);
  q =
    state === 'submitted'
      ? q.where('l.submitted_at', 'is not', null).orderBy('l.submitted_at')
      : q.where('l.submitted_at', 'is', null).where('l.returned_at', 'is not', null).orderBy('l.returned_at');
  const rows = await q.orderBy('l.id').execute();
  return rows.map((r) => ({
    letterId: r.letter_id,
    applicationId: r.application_id,
    serial: r.serial,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    title: r.title,
    submittedAt: r.submitted_at ?? null,
    submittedByName: r.submitted_by_name ?? null,
    returnedAt: r.returned_at ?? null,
    returnedByName: r.returned_by_name ?? null,
    returnReason: r.return_reason ?? null,
    replyDue: r.reply_due ?? null,
    provisional: r.reply_due_provisional === 1,
  }));
}

/**
 * Gives an approved letter its 文号 (GB/T 9704: 机关代字〔年份〕序号号), once: the agency's short name (or
 * name) + 依申公开, the year of approval and the next number of that agency and year.
 */
async function assignDocNumber(trx: Trx, letterId: number, now: string): Promise<void> {
  const row = await trx
    .selectFrom('application_letters')
    .innerJoin('applications', 'applications.id', 'application_letters.application_id')
    .innerJoin('agencies', 'agencies.id', 'applications.agency_id')
    .select([
      'application_letters.doc_number',
      'agencies.id as agency_id',
      'agencies.name',
      'agencies.short_name',
    ])
    .where('application_letters.id', '=', letterId)
    .executeTakeFirst();
  if (!row || row.doc_number) return;
  const year = now.slice(0, 4);
  const prefix = `${(row.short_name ?? row.name).trim()}依申公开〔${year}〕`;
  const taken = await trx
    .selectFrom('application_letters')
    .innerJoin('applications', 'applications.id', 'application_letters.application_id')
    .select('application_letters.doc_number')
    .where('applications.agency_id', '=', row.agency_id)
    .where('application_letters.doc_number', 'like', `${prefix}%`)
    .execute();
  let last = 0;
  for (const t of taken) {
    const n = Number(/〔\d{4}〕(\d+)号$/.exec(t.doc_number ?? '')?.[1] ?? 0);
    if (n > last) last = n;
  }
  await trx
    .updateTable('application_letters')
    .set({ doc_number: `${prefix}${last + 1}号` })
    .where('id', '=', letterId)
    .execute();
}

/** Raises an agency's year counter to at least `n` (after importing serials from a ledger). */
export async function bumpCounter(trx: Trx, agencyId: number, year: number, n: number): Promise<void> {
  await trx
    .insertInto('application_counters')
    .values({ agency_id: agencyId, year, last_number: n })
    .onConflict((oc) =>
      oc.columns(['agency_id', 'year']).doUpdateSet({
        last_number: sql<number>`case when application_counters.last_number < ${n} then ${n} else application_counters.last_number end`,
      }),
    )
    .execute();
}

export async function listSerials(db: Executor, agencyId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('applications')
    .select('serial')
    .where('agency_id', '=', agencyId)
    .execute();
  return new Set(rows.map((r) => r.serial));
}
