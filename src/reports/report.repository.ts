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
  let q = db
    .selectFrom('annual_reports')
    .innerJoin('agencies', 'agencies.id', 'annual_reports.agency_id')
    .select([
      'annual_reports.agency_id',
      'agencies.name',
      'agencies.level',
      'annual_reports.year',
      'agencies.path',
    ])
    .where('annual_reports.published_json', 'is not', null);
  if (path !== null) q = q.where('agencies.path', 'like', `${path}%`);
  if (year !== null) q = q.where('annual_reports.year', '=', year);
  const rows = await q.orderBy('agencies.path').orderBy('annual_reports.year', 'desc').execute();
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
