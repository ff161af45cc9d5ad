import { sql } from 'kysely';
import { selectedAgencyIds } from '../agencies/agency.repository.ts';
import type { AgencySelection } from '../agencies/agency.rules.ts';
import type { Executor } from '../db/database.ts';

/**
 * Catalogue figures per agency for the supervisors' statistics page (issue 15): items published in the
 * period, those of them published after their Art. 26 deadline (`publish_due`), and items not yet
 * published whose deadline had passed by `asOf` (the period's end, or today if sooner).
 */
export interface CatalogueCount {
  readonly agencyId: number;
  readonly published: number;
  readonly publishedLate: number;
  readonly unpublishedOverdue: number;
}

export async function catalogueCounts(
  db: Executor,
  agencies: AgencySelection,
  from: string,
  to: string,
  asOf: string,
): Promise<CatalogueCount[]> {
  if ('ids' in agencies && agencies.ids.length === 0) return [];
  const inPeriod = sql<number>`case when published_on >= ${from} and published_on <= ${to} then 1 else 0 end`;
  const rows = await db
    .selectFrom('catalogue_items')
    .select([
      'agency_id',
      sql<number | string>`sum(${inPeriod})`.as('published'),
      sql<
        number | string
      >`sum(case when published_on >= ${from} and published_on <= ${to} and published_on > publish_due then 1 else 0 end)`.as(
        'late',
      ),
      sql<
        number | string
      >`sum(case when status in ('draft', 'review') and publish_due < ${asOf} then 1 else 0 end)`.as(
        'overdue',
      ),
    ])
    .where('agency_id', 'in', selectedAgencyIds(db, agencies))
    .groupBy('agency_id')
    .execute();
  return rows.map((r) => ({
    agencyId: r.agency_id,
    published: Number(r.published ?? 0),
    publishedLate: Number(r.late ?? 0),
    unpublishedOverdue: Number(r.overdue ?? 0),
  }));
}
