/** The 索引号 settings (catalogue_settings) and yearly serial counters (catalogue_counters) of agencies. */
import type { Executor } from '../db/database.ts';
import { DEFAULT_INDEX_PATTERN } from './catalogue.rules.ts';

export async function indexPatternOf(db: Executor, agencyId: number): Promise<string> {
  const r = await db
    .selectFrom('catalogue_settings')
    .select('index_pattern')
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();
  return r?.index_pattern ?? DEFAULT_INDEX_PATTERN;
}

export async function saveIndexPattern(db: Executor, agencyId: number, pattern: string, now: string) {
  await db
    .insertInto('catalogue_settings')
    .values({ agency_id: agencyId, index_pattern: pattern, updated_at: now })
    .onConflict((oc) => oc.column('agency_id').doUpdateSet({ index_pattern: pattern, updated_at: now }))
    .execute();
}

/**
 * The next serial of an agency's year, in one atomic statement: on PostgreSQL the upsert takes the
 * counter row's lock until the publishing transaction ends, so two publishers never get one number.
 */
export async function nextIndexSerial(db: Executor, agencyId: number, year: number): Promise<number> {
  const r = await db
    .insertInto('catalogue_counters')
    .values({ agency_id: agencyId, year, last_seq: 1 })
    .onConflict((oc) =>
      oc
        .columns(['agency_id', 'year'])
        .doUpdateSet((eb) => ({ last_seq: eb('catalogue_counters.last_seq', '+', 1) })),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(r.last_seq);
}
