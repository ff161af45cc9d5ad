/**
 * Reads of the 政务公开体检: bulk, read-only selects of the records of one or many agencies for a period,
 * and the two tables the assessment owns (attestations, scoring overrides). The per-case repositories of the
 * other capabilities read one case at a time; an assessment of a province cannot, so these selects live here
 * (read-only, never written).
 *
 * One path for one agency and for a province (`rowsForAgencies`): nine set-based queries per chunk of
 * agencies (`agency_id IN (…)`), each selecting only the columns the assessment reads, aliased to the row
 * shapes below so that no row is copied; rows are grouped by agency in one pass (Maps, no joins in JS).
 */

import type { CaseEvent } from '../applications/rules/timeline.ts';
import type { IsoDate } from '../calendar/dates.ts';
import type { CatalogueItem } from '../catalogue/catalogue.model.ts';
import type { Executor } from '../db/database.ts';
import { type AnnualReport, toReport } from '../reports/report.repository.ts';
import type { Attestation } from './input.ts';
import type { ScoringOverrides } from './score.ts';

/** An application as the assessment reads it. */
export interface ApplicationRow {
  readonly id: number;
  readonly agencyId: number;
  readonly serial: string;
  readonly channel: string;
  readonly submittedOn: string;
  readonly applicantName: string;
  readonly request: string;
  readonly deliveryMethod: string | null;
  readonly closedOn: string | null;
  readonly outcome: string | null;
}

/** A sent letter of an application (drafts and approved-but-unsent letters are not read). */
export interface LetterRow {
  readonly id: number;
  readonly applicationId: number;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly sentOn: string | null;
  readonly docNumber: string | null;
  /** electronic | paper | none, recorded when the letter was sent; null for letters sent before. */
  readonly seal: string | null;
}

/** A catalogue item as the assessment reads it (any status but withdrawn: an unpublished item can be overdue). */
export type CatalogueRow = Pick<
  CatalogueItem,
  | 'id'
  | 'agencyId'
  | 'status'
  | 'indexNo'
  | 'docType'
  | 'basis'
  | 'topicId'
  | 'title'
  | 'description'
  | 'genre'
  | 'publisher'
  | 'docNumber'
  | 'keywords'
  | 'formedOn'
  | 'publishDue'
  | 'publishedOn'
  | 'validity'
  | 'interpretsId'
>;

export interface MessageRow {
  readonly id: number;
  readonly agencyId: number;
  readonly kind: string;
  readonly name: string;
  readonly receivedOn: string;
  readonly answeredOn: string | null;
}

/** A decided 行政复议 or 行政诉讼 case (pending ones are not assessed). */
export interface DecidedCaseRow {
  readonly id: number;
  readonly agencyId: number;
  readonly kind: string;
  readonly caseNumber: string | null;
  readonly decidedOn: string;
  readonly result: string;
}

/** Agencies per `agency_id IN (…)` at most (well under SQLite's and PostgreSQL's parameter limits). */
export const BULK_CHUNK = 500;

export interface AgencyRows {
  /** Names of the agency's reading places (查阅场所), in display order. */
  readonly placeNames: string[];
  readonly apps: ApplicationRow[];
  readonly events: Map<number, CaseEvent[]>;
  readonly letters: Map<number, LetterRow[]>;
  readonly items: CatalogueRow[];
  readonly messages: MessageRow[];
  readonly cases: DecidedCaseRow[];
  readonly reports: AnnualReport[];
  readonly attestations: Attestation[];
}

function emptyRows(): AgencyRows {
  return {
    placeNames: [],
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
 * The records of the given agencies that matter for a period: applications received by its end and open or
 * closed in it (with their events and sent letters), every catalogue item but withdrawn ones, messages,
 * decided litigation, annual reports, attestations and reading places. One agency or a province: nine
 * queries per `BULK_CHUNK` agencies. Every list is in a fixed order (by id unless noted).
 *
 * @example const rows = (await rowsForAgencies(db, [agency.id], '2026-01-01', '2026-11-25')).get(agency.id)
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
  const [places, apps, events, letters, items, messages, cases, reports, attestations] = await Promise.all([
    db
      .selectFrom('reading_places')
      .select(['agency_id as agencyId', 'name'])
      .where('agency_id', 'in', ids)
      .orderBy('sort_order')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('applications')
      .select([
        'id',
        'agency_id as agencyId',
        'serial',
        'channel',
        'submitted_on as submittedOn',
        'applicant_name as applicantName',
        'request_description as request',
        'delivery_method as deliveryMethod',
        'closed_on as closedOn',
        'outcome',
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
      .select([
        'id',
        'application_id as applicationId',
        'kind',
        'title',
        'body',
        'sent_on as sentOn',
        'doc_number as docNumber',
        'seal',
      ])
      .where('application_id', 'in', scope)
      .where('status', '=', 'sent')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('catalogue_items')
      .select([
        'id',
        'agency_id as agencyId',
        'status',
        'index_no as indexNo',
        'doc_type as docType',
        'basis',
        'topic_id as topicId',
        'title',
        'description',
        'genre',
        'publisher',
        'doc_number as docNumber',
        'keywords',
        'formed_on as formedOn',
        'publish_due as publishDue',
        'published_on as publishedOn',
        'validity',
        'interprets_id as interpretsId',
      ])
      .where('agency_id', 'in', ids)
      .where('status', '!=', 'withdrawn')
      .orderBy('id')
      .$narrowType<Pick<CatalogueRow, 'status' | 'docType' | 'validity'>>()
      .execute(),
    db
      .selectFrom('catalogue_messages')
      .select([
        'id',
        'agency_id as agencyId',
        'kind',
        'name',
        'received_on as receivedOn',
        'answered_on as answeredOn',
      ])
      .where('agency_id', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('litigation_cases')
      .select([
        'id',
        'agency_id as agencyId',
        'kind',
        'case_number as caseNumber',
        'decided_on as decidedOn',
        'result',
      ])
      .where('agency_id', 'in', ids)
      .where('decided_on', 'is not', null)
      .orderBy('filed_on', 'desc')
      .orderBy('id', 'desc')
      .$narrowType<{ decidedOn: string }>()
      .execute(),
    db
      .selectFrom('annual_reports')
      .selectAll()
      .where('agency_id', 'in', ids)
      .orderBy('year', 'desc')
      .execute(),
    db
      .selectFrom('assessment_attestations')
      .select(['agency_id', 'indicator_id', 'on_date', 'passed', 'by_name', 'note'])
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
  for (const r of places) of(r.agencyId).placeNames.push(r.name);
  // Events and letters are keyed by application: find the application's agency once per case.
  const rowsOfApp = new Map<number, AgencyRows>();
  for (const r of apps) {
    const rows = of(r.agencyId);
    rowsOfApp.set(r.id, rows);
    rows.apps.push(r);
  }
  for (const r of events) {
    const rows = rowsOfApp.get(r.application_id);
    if (rows) pushTo(rows.events, r.application_id, JSON.parse(r.data_json) as CaseEvent);
  }
  for (const r of letters) {
    const rows = rowsOfApp.get(r.applicationId);
    if (rows) pushTo(rows.letters, r.applicationId, r);
  }
  for (const r of items) of(r.agencyId).items.push(r);
  for (const r of messages) of(r.agencyId).messages.push(r);
  for (const r of cases) of(r.agencyId).cases.push(r);
  for (const r of reports) of(r.agency_id).reports.push(toReport(r));
  for (const r of attestations) of(r.agency_id).attestations.push(toAttestation(r));
}

// ---------------------------------------------------------------------------------------------------------
// Attestations and overrides (tables of this capability)

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
