/**
 * Reads of the 政务公开体检: bulk, read-only selects of one agency's records for a period (applications with
 * their events and letters in three queries, the catalogue in one), and the two tables the assessment owns
 * (attestations, scoring overrides). The per-case repositories of the other capabilities read one case at a
 * time; an assessment of 10,000 cases cannot, so these selects live here (read-only, never written).
 */

import type { CaseEvent } from '../applications/rules/timeline.ts';
import type { IsoDate } from '../calendar/dates.ts';
import type { Executor } from '../db/database.ts';
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
  for (const r of eventRows) {
    let list = events.get(r.application_id);
    if (!list) {
      list = [];
      events.set(r.application_id, list);
    }
    list.push(JSON.parse(r.data_json) as CaseEvent);
  }
  const letters = new Map<number, LetterRow[]>();
  for (const r of letterRows) {
    let list = letters.get(r.application_id);
    if (!list) {
      list = [];
      letters.set(r.application_id, list);
    }
    list.push({
      id: r.id,
      applicationId: r.application_id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      status: r.status,
      sentOn: r.sent_on,
      docNumber: r.doc_number ?? null,
    });
  }
  const apps = appRows.map<ApplicationRow>((r) => ({
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
  }));
  return { apps, events, letters };
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
    .select([
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
    ])
    .where('agency_id', '=', agencyId)
    .where('status', '!=', 'withdrawn')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
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
  }));
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
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    receivedOn: r.received_on,
    answeredOn: r.answered_on,
  }));
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
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    on: r.on_date,
    passed: r.passed === 1,
    by: r.by_name,
    ...(r.note ? { note: r.note } : {}),
  }));
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
