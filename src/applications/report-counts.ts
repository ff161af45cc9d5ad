import { sql } from 'kysely';
import type { AgencySelection } from '../agencies/agency.rules.ts';
import type { Executor } from '../db/database.ts';
import type { ApplicationGroupCount } from '../reports/count/count.ts';

/**
 * What the applications capability gives the annual report (年度报告) for table 三: its applications
 * grouped by applicant type and outcome, counted for a data year Y in one SQL aggregate (same text on
 * SQLite and PostgreSQL). The counting rules are the report's (`tallyApplications` in
 * src/reports/count/count.ts, compared cell by cell with this query in test/http/reports-count.test.ts):
 * - new = received in Y; carried = received before Y (and not closed before Y);
 * - closed = closed by Y-12-31 (goes to its outcome row); forward = not closed by Y-12-31;
 * - an application with no receipt date, received after Y or closed before Y is not counted.
 */

/** The groups of the selected agencies together (one agency's report, or a subtree's total). */
export async function applicationCounts(
  db: Executor,
  agencies: AgencySelection,
  year: number,
): Promise<ApplicationGroupCount[]> {
  return (await aggregate(db, agencies, year, false)).map(toCounts);
}

/** The same groups per agency (roll-up breakdown). */
export async function applicationCountsByAgency(
  db: Executor,
  agencies: AgencySelection,
  year: number,
): Promise<Map<number, ApplicationGroupCount[]>> {
  const out = new Map<number, ApplicationGroupCount[]>();
  for (const r of await aggregate(db, agencies, year, true)) {
    const id = Number(r.agency_id);
    const list = out.get(id);
    if (list) list.push(toCounts(r));
    else out.set(id, [toCounts(r)]);
  }
  return out;
}

interface AggregateRow {
  agency_id: number | null;
  applicant_type: string;
  outcome: string | null;
  n_new: number | string;
  n_carried: number | string;
  n_closed: number | string;
  n_forward: number | string;
}

function toCounts(r: AggregateRow): ApplicationGroupCount {
  return {
    applicantType: r.applicant_type,
    outcome: r.outcome,
    newReceived: Number(r.n_new),
    carriedOver: Number(r.n_carried),
    closed: Number(r.n_closed),
    carryForward: Number(r.n_forward),
  };
}

async function aggregate(
  db: Executor,
  agencies: AgencySelection,
  year: number,
  byAgency: boolean,
): Promise<AggregateRow[]> {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  let where: ReturnType<typeof sql>;
  if ('ids' in agencies) {
    if (agencies.ids.length === 0) return [];
    where = sql`a.agency_id in (${sql.join(agencies.ids.map((id) => sql`${id}`))})`;
  } else {
    where = sql`a.agency_id in (select g.id from agencies g where g.path like ${`${agencies.subtreePath}%`})`;
  }
  const agencyCol = byAgency ? sql`a.agency_id` : sql`null`;
  const groupBy = byAgency ? sql`a.agency_id, a.applicant_type, a.outcome` : sql`a.applicant_type, a.outcome`;
  const q = sql<AggregateRow>`
    select ${agencyCol} as agency_id, a.applicant_type, a.outcome,
      sum(case when a.received_on >= ${start} then 1 else 0 end) as n_new,
      sum(case when a.received_on < ${start} then 1 else 0 end) as n_carried,
      sum(case when a.closed_on is not null and a.closed_on <= ${end} then 1 else 0 end) as n_closed,
      sum(case when a.closed_on is null or a.closed_on > ${end} then 1 else 0 end) as n_forward
    from applications a
    where ${where}
      and a.received_on is not null and a.received_on <= ${end}
      and (a.closed_on is null or a.closed_on >= ${start})
    group by ${groupBy}`;
  return (await q.execute(db)).rows;
}
