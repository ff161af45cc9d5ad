import type { SelectQueryBuilder, Simplify } from 'kysely';
import { countRows } from './count-rows.ts';

/** Which rows of a listing one page shows. */
export interface PageWindow {
  readonly limit: number;
  readonly offset: number;
}

/**
 * One page of a filtered listing, and how many rows all its pages hold: counts the rows of `filtered`,
 * then selects the page from the same query (`select` gives its columns and order) and maps each row.
 */
export async function paged<DB, TB extends keyof DB, O, S, Row>(
  filtered: SelectQueryBuilder<DB, TB, O>,
  page: PageWindow,
  select: (q: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, S>,
  toRow: (r: Simplify<S>) => Row,
): Promise<{ total: number; rows: Row[] }> {
  const total = await countRows(filtered);
  const rows = await select(filtered).limit(page.limit).offset(page.offset).execute();
  return { total, rows: rows.map(toRow) };
}
