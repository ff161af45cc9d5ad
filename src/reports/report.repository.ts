import type { Selectable } from 'kysely';
import { selectedAgencyIds } from '../agencies/agency.repository.ts';
import type { AgencySelection } from '../agencies/agency.rules.ts';
import type { AnnualReportTable, Executor } from '../db/database.ts';
import type { Article20Figures } from './count/count.ts';
import type { FormatId } from './format/types.ts';
import {
  type AnnualReport,
  type NarrativeTemplates,
  REPORT_STATUSES,
  type ReportDocument,
  type ReportStatus,
} from './report.model.ts';

/** The annual-report capability's table (annual_reports). */

export { type AnnualReport, REPORT_STATUSES, type ReportStatus };

/** An `annual_reports` row as a report (also for other modules that read the table with a join). */
export function toReport(r: Selectable<AnnualReportTable>): AnnualReport {
  return {
    id: r.id,
    agencyId: r.agency_id,
    year: r.year,
    formatOverride: r.format_override === '2019' || r.format_override === '2021' ? r.format_override : null,
    status: (REPORT_STATUSES as readonly string[]).includes(r.status) ? (r.status as ReportStatus) : 'draft',
    narrative: JSON.parse(r.narrative_json) as NarrativeTemplates,
    article20: JSON.parse(r.article20_json) as Article20Figures,
    dueOn: r.due_on,
    signedOn: r.signed_on,
    submittedAt: r.submitted_at,
    approvedAt: r.approved_at,
    publishedAt: r.published_at,
    published: r.published_json ? (JSON.parse(r.published_json) as ReportDocument) : null,
    updatedAt: r.updated_at,
  };
}

export async function findAnnualReport(
  db: Executor,
  agencyId: number,
  year: number,
): Promise<AnnualReport | null> {
  const r = await db
    .selectFrom('annual_reports')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('year', '=', year)
    .executeTakeFirst();
  return r ? toReport(r) : null;
}

export async function listAgencyReports(db: Executor, agencyId: number): Promise<AnnualReport[]> {
  const rows = await db
    .selectFrom('annual_reports')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('year', 'desc')
    .execute();
  return rows.map(toReport);
}

/** Published reports of an agency, newest year first. */
export async function listPublishedReports(db: Executor, agencyId: number): Promise<AnnualReport[]> {
  const rows = await db
    .selectFrom('annual_reports')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('published_json', 'is not', null)
    .orderBy('year', 'desc')
    .execute();
  return rows.map(toReport);
}

/** Ids of every published report (the worker renders their files ahead), oldest first. */
export async function publishedReportIds(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom('annual_reports')
    .select('id')
    .where('published_json', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/** One report by id. */
export async function findAnnualReportById(db: Executor, id: number): Promise<AnnualReport | null> {
  const r = await db.selectFrom('annual_reports').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toReport(r) : null;
}

/** Reports of the selected agencies for a year (roll-up status list). */
export async function reportsForYear(
  db: Executor,
  agencies: AgencySelection,
  year: number,
): Promise<AnnualReport[]> {
  if ('ids' in agencies && agencies.ids.length === 0) return [];
  const rows = await db
    .selectFrom('annual_reports')
    .selectAll()
    .where('year', '=', year)
    .where('agency_id', 'in', selectedAgencyIds(db, agencies))
    .execute();
  return rows.map(toReport);
}

export interface NewReport {
  readonly agencyId: number;
  readonly year: number;
  readonly narrative: NarrativeTemplates;
  readonly article20: Article20Figures;
}

export async function insertAnnualReport(
  db: Executor,
  input: NewReport,
  now: string,
  userId: number | null,
): Promise<AnnualReport> {
  const r = await db
    .insertInto('annual_reports')
    .values({
      agency_id: input.agencyId,
      year: input.year,
      format_override: null,
      status: 'draft',
      narrative_json: JSON.stringify(input.narrative),
      article20_json: JSON.stringify(input.article20),
      created_at: now,
      updated_at: now,
      updated_by: userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toReport(r);
}

export interface ReportChanges {
  readonly status?: ReportStatus;
  readonly narrative?: NarrativeTemplates;
  readonly article20?: Article20Figures;
  readonly formatOverride?: FormatId | null;
  readonly dueOn?: string | null;
  readonly signedOn?: string | null;
  readonly submittedAt?: string | null;
  readonly submittedBy?: number | null;
  readonly approvedAt?: string | null;
  readonly approvedBy?: number | null;
  readonly publishedAt?: string | null;
  readonly published?: ReportDocument | null;
}

export async function updateAnnualReport(
  db: Executor,
  report: AnnualReport,
  changes: ReportChanges,
  now: string,
  userId: number | null,
): Promise<AnnualReport> {
  const set: Partial<Record<keyof AnnualReportTable, unknown>> = { updated_at: now, updated_by: userId };
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.narrative !== undefined) set.narrative_json = JSON.stringify(changes.narrative);
  if (changes.article20 !== undefined) set.article20_json = JSON.stringify(changes.article20);
  if (changes.formatOverride !== undefined) set.format_override = changes.formatOverride;
  if (changes.dueOn !== undefined) set.due_on = changes.dueOn;
  if (changes.signedOn !== undefined) set.signed_on = changes.signedOn;
  if (changes.submittedAt !== undefined) set.submitted_at = changes.submittedAt;
  if (changes.submittedBy !== undefined) set.submitted_by = changes.submittedBy;
  if (changes.approvedAt !== undefined) set.approved_at = changes.approvedAt;
  if (changes.approvedBy !== undefined) set.approved_by = changes.approvedBy;
  if (changes.publishedAt !== undefined) set.published_at = changes.publishedAt;
  if (changes.published !== undefined)
    set.published_json = changes.published === null ? null : JSON.stringify(changes.published);
  const r = await db
    .updateTable('annual_reports')
    .set(set as never)
    .where('id', '=', report.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toReport(r);
}

/** A published report of an agency in a subtree: whose, and which year (survey of Gongkai's own agencies). */
export interface PublishedReportRef {
  readonly agencyId: number;
  readonly agencyName: string;
  readonly agencyLevel: string;
  readonly year: number;
}

/**
 * The published reports of the agencies under `path` (null: all) of `year`, or each agency's latest when
 * `year` is null; in the agencies' tree order.
 */
export async function publishedReportsUnder(
  db: Executor,
  path: string | null,
  year: number | null,
): Promise<PublishedReportRef[]> {
  const rows = await publishedIn(db, { subtreePath: path ?? undefined, year: year ?? undefined })
    .select(['r.agency_id', 'a.name', 'a.level', 'r.year'])
    .orderBy('a.path')
    .orderBy('r.year', 'desc')
    .execute();
  const seen = new Set<number>();
  const out: PublishedReportRef[] = [];
  for (const r of rows) {
    const id = Number(r.agency_id);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ agencyId: id, agencyName: r.name, agencyLevel: r.level, year: Number(r.year) });
  }
  return out;
}

/** Which published reports an open-data file holds: one agency, a subtree, or all; optionally one year. */
export interface PublishedSelection {
  readonly agencyId?: number | undefined;
  readonly subtreePath?: string | undefined;
  readonly year?: number | undefined;
  /** Agencies of one level only (`province`, `city`, `county`, `township`). */
  readonly level?: string | undefined;
}

/** A published report with what the open data says of its agency and the agency's parent. */
export interface PublishedReportRow {
  readonly id: number;
  readonly agencyId: number;
  readonly year: number;
  readonly publishedAt: string | null;
  readonly publishedJson: string;
  readonly agencyName: string;
  readonly agencyLevel: string;
  readonly agencyCreditCode: string | null;
  readonly agencyOrgCode: string | null;
  readonly parentId: number | null;
  readonly parentName: string | null;
  readonly parentCreditCode: string | null;
  readonly parentOrgCode: string | null;
}

function publishedIn(db: Executor, sel: PublishedSelection) {
  let q = db
    .selectFrom('annual_reports as r')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .where('r.published_json', 'is not', null);
  if (sel.agencyId !== undefined) q = q.where('r.agency_id', '=', sel.agencyId);
  if (sel.subtreePath !== undefined) q = q.where('a.path', 'like', `${sel.subtreePath}%`);
  if (sel.year !== undefined) q = q.where('r.year', '=', sel.year);
  if (sel.level !== undefined) q = q.where('a.level', '=', sel.level);
  return q;
}

/**
 * One page of published reports after the report id `after`, in id order (keyset paging on the primary
 * key: each page is one short indexed query, so a file of any size is read with flat memory on both
 * databases).
 */
export async function publishedReportPage(
  db: Executor,
  sel: PublishedSelection,
  after: number | null,
  limit: number,
): Promise<PublishedReportRow[]> {
  let q = publishedIn(db, sel).leftJoin('agencies as p', 'p.id', 'a.parent_id');
  if (after !== null) q = q.where('r.id', '>', after);
  const rows = await q
    .select([
      'r.id as id',
      'r.agency_id as agencyId',
      'r.year as year',
      'r.published_at as publishedAt',
      'r.published_json as publishedJson',
      'a.name as agencyName',
      'a.level as agencyLevel',
      'a.credit_code as agencyCreditCode',
      'a.org_code as agencyOrgCode',
      'a.parent_id as parentId',
      'p.name as parentName',
      'p.credit_code as parentCreditCode',
      'p.org_code as parentOrgCode',
    ])
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, publishedJson: r.publishedJson ?? 'null' }));
}

/**
 * What changes whenever the selection's published content may change: how many reports, the latest
 * change, and the sum of their ids (a withdrawal and another publication in between still differ).
 */
export async function publishedFingerprint(
  db: Executor,
  sel: PublishedSelection,
): Promise<{ count: number; latest: string | null; idSum: number }> {
  const r = await publishedIn(db, sel)
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max('r.updated_at').as('latest'),
      eb.fn.sum<number | string | null>('r.id').as('ids'),
    ])
    .executeTakeFirst();
  return { count: Number(r?.n ?? 0), latest: r?.latest ?? null, idSum: Number(r?.ids ?? 0) };
}

/** Published reports of the selection with their agency's name, in (agency, year) order. */
export async function publishedDocuments(
  db: Executor,
  sel: PublishedSelection,
): Promise<{ agencyId: number; agencyName: string; year: number; doc: ReportDocument }[]> {
  const rows = await publishedIn(db, sel)
    .select(['r.agency_id as agencyId', 'a.name as agencyName', 'r.year as year', 'r.published_json as json'])
    .orderBy('r.agency_id')
    .orderBy('r.year')
    .execute();
  return rows.map((r) => ({
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    year: r.year,
    doc: JSON.parse(r.json ?? 'null') as ReportDocument,
  }));
}

/** Years with at least one published report of agencies of a level, newest first. */
export async function publishedYears(db: Executor, level: string): Promise<number[]> {
  const rows = await publishedIn(db, { level })
    .select('r.year as year')
    .distinct()
    .orderBy('r.year', 'desc')
    .execute();
  return rows.map((r) => r.year);
}
