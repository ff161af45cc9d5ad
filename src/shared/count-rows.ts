import type { SelectQueryBuilder } from 'kysely';

/**
 * The number of rows a query (before its `select`) would return, as a number on both dialects
 * (PostgreSQL returns `count(*)` as a string). A listing then selects its page from the same query.
 */
export async function countRows<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const r: { n?: number | string } | undefined = await q
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
