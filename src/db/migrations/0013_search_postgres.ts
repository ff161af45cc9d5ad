import { sql } from 'kysely';
import { defineMigration } from '../schema-helpers.ts';

/**
 * Catalogue search on PostgreSQL (docs/decisions/004-chinese-search.md, "PostgreSQL"): an index of
 * the postings by `(gram, sort_key)` without the tier, so "this bigram in either tier at this item"
 * (the probes of the second relevance tier, of date order and of the count, and the leapfrog reads)
 * is one index descent instead of one per tier in the primary key `(gram, in_title, sort_key)`.
 * PostgreSQL only: SQLite's postings are the primary key's B-tree itself (`WITHOUT ROWID`), where
 * a descent costs about 1 µs, against 5–10 µs on PostgreSQL; the second index would only add size
 * and write cost there.
 */
export const m0013SearchPostgres = defineMigration({
  async up(schema, db) {
    if (schema.dialect !== 'postgres') return;
    await sql`create index if not exists catalogue_grams_any on catalogue_grams (gram, sort_key)`.execute(db);
  },
  async down(schema, db) {
    if (schema.dialect !== 'postgres') return;
    await sql`drop index if exists catalogue_grams_any`.execute(db);
  },
});
