import { selectedAgencyIds } from '../agencies/agency.repository.ts';
import type { AgencySelection } from '../agencies/agency.rules.ts';
import type { Executor } from '../db/database.ts';

/** Reconsideration and litigation cases filed in a period, counted per agency, kind and result (issue 15). */
export interface LitigationCount {
  readonly agencyId: number;
  /** review | litigationDirect | litigationAfterReview */
  readonly kind: string;
  /** upheld | corrected | other | pending */
  readonly result: string;
  readonly count: number;
}

export async function litigationCounts(
  db: Executor,
  agencies: AgencySelection,
  from: string,
  to: string,
): Promise<LitigationCount[]> {
  if ('ids' in agencies && agencies.ids.length === 0) return [];
  const rows = await db
    .selectFrom('litigation_cases')
    .select((eb) => ['agency_id', 'kind', 'result', eb.fn.countAll<number | string>().as('n')])
    .where('agency_id', 'in', selectedAgencyIds(db, agencies))
    .where('filed_on', '>=', from)
    .where('filed_on', '<=', to)
    .groupBy(['agency_id', 'kind', 'result'])
    .execute();
  return rows.map((r) => ({ agencyId: r.agency_id, kind: r.kind, result: r.result, count: Number(r.n) }));
}
