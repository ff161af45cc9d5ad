import type { Executor } from '../db/database.ts';

/** Some agencies: by id, or a subtree given by its materialised path (a roll-up). */
export type AgencySelection = { readonly ids: readonly number[] } | { readonly subtreePath: string };

/**
 * The ids of the selected agencies, as the right side of `where('agency_id', 'in', …)`: the ids as given,
 * or for a subtree a subquery on the agencies whose materialised path starts with its path. Null when
 * the selection names no agency (`in ()` is not SQL): there is then nothing to find.
 */
export function selectedAgencyIds(db: Executor, agencies: AgencySelection) {
  if ('ids' in agencies) return agencies.ids.length === 0 ? null : agencies.ids;
  return db.selectFrom('agencies').select('id').where('path', 'like', `${agencies.subtreePath}%`);
}
