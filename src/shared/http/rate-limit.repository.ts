import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * The shared rate-limit counters (table `rate_limit_hits`, migration 0018), used on PostgreSQL so that
 * every app server counts the same client's requests together (decision 012). One statement a hit.
 */

export interface Hits {
  readonly hits: number;
  readonly resetAt: number;
}

/** Counts one hit of `key` at `nowMs` in a window of `windowMs` (a new window when the last one ended). */
export async function countHit(db: Db, key: string, windowMs: number, nowMs: number): Promise<Hits> {
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ key, hits: 1, reset_at: nowMs + windowMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_hits.reset_at <= ${nowMs} then 1 else rate_limit_hits.hits + 1 end`,
        reset_at: sql<number>`case when rate_limit_hits.reset_at <= ${nowMs} then ${nowMs + windowMs} else rate_limit_hits.reset_at end`,
      }),
    )
    .returning(['hits', 'reset_at'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), resetAt: Number(row.reset_at) };
}

/** Deletes counters whose window ended before `nowMs`. */
export async function deleteEndedWindows(db: Db, nowMs: number): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('reset_at', '<', nowMs).execute();
}
