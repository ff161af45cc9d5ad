/**
 * Reads of the 政务公开体检: bulk, read-only selects of one agency's records for a period (applications with
 * their events and letters in three queries, the catalogue in one), and the two tables the assessment owns
 * (attestations, scoring overrides). The per-case repositories of the other capabilities read one case at a
 * time; an assessment of 10,000 cases cannot, so these selects live here (read-only, never written).
 */

import type { ReadingPlace } from '../agencies/agency.rules.ts';
import type { CaseEvent } from '../applications/rules/timeline.ts';
import type { IsoDate } from '../calendar/dates.ts';
import type { Executor } from '../db/database.ts';
import type { LitigationCase } from '../litigation/litigation.rules.ts';
import type { Article20Figures } from '../reports/count/count.ts';
import type { NarrativeTemplates, ReportDocument } from '../reports/report.model.ts';
import { type AnnualReport, REPORT_STATUSES, type ReportStatus } from '../reports/report.repository.ts';
import type { Attestation } from './input.ts';
import type { ScoringOverrides } from './score.ts';

export interface ApplicationRow {
  readonly id: number;
  readonly serial: string;
  readonly channel: string;
  readonly submittedOn: string;
  readonly receivedOn: string | null;
  readonly applicantName: string;
  readonly request: string;
  readonly deliveryMethod: string | null;
  readonly closedOn: string | null;
  readonly outcome: string | null;
  readonly details: { readonly purpose?: string | null };
}

export interface LetterRow {
  readonly id: number;
  readonly applicationId: number;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly status: string;
  readonly sentOn: string | null;
  readonly docNumber: string | null;
}

/** Applications of an agency that matter for a period: received by its end, and open or closed in it. */
export async function applicationsForPeriod(
  db: Executor,
  agencyId: number,
  from: IsoDate,
  to: IsoDate,
): Promise<{ apps: ApplicationRow[]; events: Map<number, CaseEvent[]>; letters: Map<number, LetterRow[]> }> {
  const scope = db
    .selectFrom('applications')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where('submitted_on', '<=', to)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', from)]));
  const [appRows, eventRows, letterRows] = await Promise.all([
    db
      .selectFrom('applications')
      .select([
        'id',
        'serial',
        'channel',
        'submitted_on',
        'received_on',
        'applicant_name',
        'request_description',
        'delivery_method',
        'closed_on',
        'outcome',
        'details_json',
      ])
      .where('id', 'in', scope)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('application_events')
      .select(['application_id', 'data_json'])
      .where('application_id', 'in', scope)
      .orderBy('application_id')
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('application_letters')
      .select(['id', 'application_id', 'kind', 'title', 'body', 'status', 'sent_on', 'doc_number'])
      .where('application_id', 'in', scope)
      .orderBy('id')
      .execute(),
  ]);
  const events = new Map<number, CaseEvent[]>();
  for (const r of eventRows) pushTo(events, r.application_id, JSON.parse(r.data_json) as CaseEvent);
  const letters = new Map<number, LetterRow[]>();
  for (const r of letterRows) pushTo(letters, r.application_id, toLetterRow(r));
  return { apps: appRows.map(toApplicationRow), events, letters };
}

function toLetterRow(r: {
  id: number;
  application_id: number;
  kind: string;
  title: string;
  body: string;
  status: string;
  sent_on: string | null;
  doc_number: string | null;
}): LetterRow {
  return {
    id: r.id,
    applicationId: r.application_id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    status: r.status,
    sentOn: r.sent_on,
    docNumber: r.doc_number ?? null,
  };
}

function toApplicationRow(r: {
  id: number;
  serial: string;
  channel: string;
  submitted_on: string;
  received_on: string | null;
  applicant_name: string;
  request_description: string;
  delivery_method: string | null;
  closed_on: string | null;
  outcome: string | null;
  details_json: string | null;
}): ApplicationRow {
  return {
    id: r.id,
    serial: r.serial,
    channel: r.channel,
    submittedOn: r.submitted_on,
    receivedOn: r.received_on,
    applicantName: r.applicant_name,
    request: r.request_description,
    deliveryMethod: r.delivery_method,
    closedOn: r.closed_on,
    outcome: r.outcome,
    details: r.details_json ? (JSON.parse(r.details_json) as ApplicationRow['details']) : {},
  };
}

export interface CatalogueRow {
  readonly id: number;
  readonly status: string;
  readonly indexNo: string | null;
  readonly docType: string;
  readonly basis: string;
  readonly topicId: number | null;
  readonly title: string;
  readonly description: string | null;
  readonly genre: string;
  readonly publisher: string;
  readonly docNumber: string | null;
  readonly keywords: string | null;
  readonly formedOn: string;
  readonly publishDue: string;
  readonly publishedOn: string | null;
  readonly validity: string | null;
  readonly validityOn: string | null;
  readonly interpretsId: number | null;
}

/** Every item of an agency except withdrawn ones (drafts count: an unpublished item can be overdue). */
export async function catalogueItems(db: Executor, agencyId: number): Promise<CatalogueRow[]> {
  const rows = await db
    .selectFrom('catalogue_items')
    .select(CATALOGUE_COLUMNS)
    .where('agency_id', '=', agencyId)
    .where('status', '!=', 'withdrawn')
    .orderBy('id')
    .execute();
  return rows.map(toCatalogueRow);
}

const CATALOGUE_COLUMNS = [
  'id',
  'status',
  'index_no',
  'doc_type',
  'basis',
  'topic_id',
  'title',
  'description',
  'genre',
  'publisher',
  'doc_number',
  'keywords',
  'formed_on',
  'publish_due',
  'published_on',
  'validity',
  'validity_on',
  'interprets_id',
] as const;

function toCatalogueRow(r: {
  id: number;
  status: string;
  index_no: string | null;
  doc_type: string;
  basis: string;
  topic_id: number | null;
  title: string;
  description: string | null;
  genre: string;
  publisher: string;
  doc_number: string | null;
  keywords: string | null;
  formed_on: string;
  publish_due: string;
  published_on: string | null;
  validity: string | null;
  validity_on: string | null;
  interprets_id: number | null;
}): CatalogueRow {
  return {
    id: r.id,
    status: r.status,
    indexNo: r.index_no,
    docType: r.doc_type,
    basis: r.basis,
    topicId: r.topic_id,
    title: r.title,
    description: r.description,
    genre: r.genre,
    publisher: r.publisher,
    docNumber: r.doc_number,
    keywords: r.keywords,
    formedOn: r.formed_on,
    publishDue: r.publish_due,
    publishedOn: r.published_on,
    validity: r.validity,
    validityOn: r.validity_on,
    interpretsId: r.interprets_id,
  };
}

export interface MessageRow {
  readonly id: number;
  readonly kind: string;
  readonly name: string;
  readonly receivedOn: string;
  readonly answeredOn: string | null;
}

export async function messagesOf(db: Executor, agencyId: number): Promise<MessageRow[]> {
  const rows = await db
    .selectFrom('catalogue_messages')
    .select(['id', 'kind', 'name', 'received_on', 'answered_on'])
    .where('agency_id', '=', agencyId)
    .orderBy('id')
    .execute();
  return rows.map(toMessageRow);
}

function toMessageRow(r: {
  id: number;
  kind: string;
  name: string;
  received_on: string;
  answered_on: string | null;
}): MessageRow {
  return { id: r.id, kind: r.kind, name: r.name, receivedOn: r.received_on, answeredOn: r.answered_on };
}

// ---------------------------------------------------------------------------------------------------------
// Attestations and overrides (tables of this capability)

export async function listAttestations(db: Executor, agencyId: number): Promise<Attestation[]> {
  const rows = await db
    .selectFrom('assessment_attestations')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('on_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toAttestation);
}

function toAttestation(r: {
  indicator_id: string;
  on_date: string;
  passed: number;
  by_name: string;
  note: string | null;
}): Attestation {
  return {
    indicatorId: r.indicator_id,
    on: r.on_date,
    passed: r.passed === 1,
    by: r.by_name,
    ...(r.note ? { note: r.note } : {}),
  };
}

export async function insertAttestation(
  db: Executor,
  a: Attestation & { agencyId: number; now: string; userId: number | null },
): Promise<void> {
  await db
    .insertInto('assessment_attestations')
    .values({
      agency_id: a.agencyId,
      indicator_id: a.indicatorId,
      on_date: a.on,
      passed: a.passed ? 1 : 0,
      by_name: a.by,
      note: a.note ?? null,
      created_at: a.now,
      created_by: a.userId,
    })
    .execute();
}

export async function findOverrides(db: Executor, profileId: string): Promise<ScoringOverrides> {
  const r = await db
    .selectFrom('assessment_overrides')
    .select('overrides_json')
    .where('profile_id', '=', profileId)
    .executeTakeFirst();
  return r ? (JSON.parse(r.overrides_json) as ScoringOverrides) : {};
}

export async function saveOverrides(
  db: Executor,
  profileId: string,
  overrides: ScoringOverrides,
  now: string,
  userId: number | null,
): Promise<void> {
  const json = JSON.stringify(overrides);
  await db
    .insertInto('assessment_overrides')
    .values({ profile_id: profileId, overrides_json: json, updated_at: now, updated_by: userId })
    .onConflict((oc) =>
      oc.column('profile_id').doUpdateSet({ overrides_json: json, updated_at: now, updated_by: userId }),
    )
    .execute();
}

// ---------------------------------------------------------------------------------------------------------
// Bulk reads for many agencies (the province path): one query per table per chunk of agencies, grouped by
// agency in memory. Each list keeps the order of the per-agency select it replaces, so an input built from
// these rows is the same as the one built from the per-agency selects.

/** Agencies per `agency_id IN (…)` chunk (well under SQLite's and PostgreSQL's parameter limits). */
export const BULK_CHUNK = 500;

export interface AgencyRows {
  readonly places: ReadingPlace[];
  readonly apps: ApplicationRow[];
  readonly events: Map<number, CaseEvent[]>;
  readonly letters: Map<number, LetterRow[]>;
  readonly items: CatalogueRow[];
  readonly messages: MessageRow[];
  readonly cases: LitigationCase[];
  readonly reports: AnnualReport[];
  readonly attestations: Attestation[];
}

function emptyRows(): AgencyRows {
  return {
    places: [],
    apps: [],
    events: new Map(),
    letters: new Map(),
    items: [],
    messages: [],
    cases: [],
    reports: [],
    attestations: [],
  };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Everything `loadAssessmentInput` reads per agency, for many agencies at once (nine queries per chunk of
 * `BULK_CHUNK` agencies instead of about ten per agency).
 */
export async function rowsForAgencies(
  db: Executor,
  agencyIds: readonly number[],
  from: IsoDate,
  to: IsoDate,
): Promise<Map<number, AgencyRows>> {
  const out = new Map<number, AgencyRows>();
  for (const id of agencyIds) out.set(id, emptyRows());
  for (let i = 0; i < agencyIds.length; i += BULK_CHUNK) {
    await readChunk(db, agencyIds.slice(i, i + BULK_CHUNK), from, to, out);
  }
  return out;
}

async function readChunk(
  db: Executor,
  ids: readonly number[],
  from: IsoDate,
  to: IsoDate,
  out: Map<number, AgencyRows>,
): Promise<void> {
  const scope = db
    .selectFrom('applications')
    .select('id')
    .where('agency_id', 'in', ids)
    .where('submitted_on', '<=', to)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', from)]));
  const [places, appRows, eventRows, letterRows, items, messages, cases, reports, attestations] =
    await Promise.all([
      db
        .selectFrom('reading_places')
        .selectAll()
        .where('agency_id', 'in', ids)
        .orderBy('sort_order')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('applications')
        .select([
          'id',
          'agency_id',
          'serial',
          'channel',
          'submitted_on',
          'received_on',
          'applicant_name',
          'request_description',
          'delivery_method',
          'closed_on',
          'outcome',
          'details_json',
        ])
        .where('id', 'in', scope)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('application_events')
        .select(['application_id', 'data_json'])
        .where('application_id', 'in', scope)
        .orderBy('application_id')
        .orderBy('seq')
        .execute(),
      db
        .selectFrom('application_letters')
        .select(['id', 'application_id', 'kind', 'title', 'body', 'status', 'sent_on', 'doc_number'])
        .where('application_id', 'in', scope)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('catalogue_items')
        .select([...CATALOGUE_COLUMNS, 'agency_id'])
        .where('agency_id', 'in', ids)
        .where('status', '!=', 'withdrawn')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('catalogue_messages')
        .select(['id', 'agency_id', 'kind', 'name', 'received_on', 'answered_on'])
        .where('agency_id', 'in', ids)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('litigation_cases')
        .selectAll()
        .where('agency_id', 'in', ids)
        .orderBy('filed_on', 'desc')
        .orderBy('id', 'desc')
        .execute(),
      db
        .selectFrom('annual_reports')
        .selectAll()
        .where('agency_id', 'in', ids)
        .orderBy('year', 'desc')
        .execute(),
      db
        .selectFrom('assessment_attestations')
        .selectAll()
        .where('agency_id', 'in', ids)
        .orderBy('on_date', 'desc')
        .orderBy('id', 'desc')
        .execute(),
    ]);
  const of = (agencyId: number): AgencyRows => {
    const r = out.get(agencyId);
    if (!r) throw new Error(`rows of agency ${agencyId} not requested`);
    return r;
  };
  for (const r of places) {
    of(r.agency_id).places.push({
      id: r.id,
      agencyId: r.agency_id,
      name: r.name,
      address: r.address,
      hours: r.hours,
    });
  }
  const agencyOfApp = new Map<number, number>();
  for (const r of appRows) {
    agencyOfApp.set(r.id, r.agency_id);
    of(r.agency_id).apps.push(toApplicationRow(r));
  }
  for (const r of eventRows) {
    const agencyId = agencyOfApp.get(r.application_id);
    if (agencyId !== undefined)
      pushTo(of(agencyId).events, r.application_id, JSON.parse(r.data_json) as CaseEvent);
  }
  for (const r of letterRows) {
    const agencyId = agencyOfApp.get(r.application_id);
    if (agencyId !== undefined) pushTo(of(agencyId).letters, r.application_id, toLetterRow(r));
  }
  for (const r of items) of(r.agency_id).items.push(toCatalogueRow(r));
  for (const r of messages) of(r.agency_id).messages.push(toMessageRow(r));
  for (const r of cases) {
    of(r.agency_id).cases.push({
      id: r.id,
      agencyId: r.agency_id,
      kind: r.kind as LitigationCase['kind'],
      applicationId: r.application_id,
      caseNumber: r.case_number,
      counterparty: r.counterparty,
      filedOn: r.filed_on,
      decidedOn: r.decided_on,
      result: r.result as LitigationCase['result'],
      documents: r.documents,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
  }
  for (const r of reports) {
    of(r.agency_id).reports.push({
      id: r.id,
      agencyId: r.agency_id,
      year: r.year,
      formatOverride: r.format_override === '2019' || r.format_override === '2021' ? r.format_override : null,
      status: (REPORT_STATUSES as readonly string[]).includes(r.status)
        ? (r.status as ReportStatus)
        : 'draft',
      narrative: JSON.parse(r.narrative_json) as NarrativeTemplates,
      article20: JSON.parse(r.article20_json) as Article20Figures,
      dueOn: r.due_on,
      signedOn: r.signed_on,
      submittedAt: r.submitted_at,
      approvedAt: r.approved_at,
      publishedAt: r.published_at,
      published: r.published_json ? (JSON.parse(r.published_json) as ReportDocument) : null,
      updatedAt: r.updated_at,
    });
  }
  for (const r of attestations) of(r.agency_id).attestations.push(toAttestation(r));
}
