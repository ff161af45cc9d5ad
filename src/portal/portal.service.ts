import { findAgenciesByIds, findAgency } from '../agencies/agency.repository.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import type { Executor } from '../db/database.ts';
import { notFound } from '../shared/http/errors.ts';

/** An agency of the portal and the agencies above it (for the breadcrumbs), or 404. */
export interface PortalAgency {
  readonly agency: Agency;
  readonly ancestors: readonly Agency[];
}

export async function portalAgency(db: Executor, agencyId: number): Promise<PortalAgency> {
  const agency = await findAgency(db, agencyId);
  if (!agency) throw notFound('机构');
  const ids = agency.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => id !== agency.id);
  const found = await findAgenciesByIds(db, ids);
  const ancestors = ids
    .map((id) => found.find((a) => a.id === id))
    .filter((a): a is Agency => a !== undefined);
  return { agency, ancestors };
}
