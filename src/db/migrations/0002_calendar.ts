import type { Kysely } from 'kysely';
import { SEED_HOLIDAY_YEARS } from '../../calendar/holidays-data.ts';
import { defineMigration } from '../schema-helpers.ts';

/** The working-day calendar: one row per year's State Council notice, seeded with 2019–2026. */
export const m0002Calendar = defineMigration({
  async up(schema, db) {
    await schema
      .createTable('holiday_years')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('entry_json', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
    const now = new Date(0).toISOString();
    for (const entry of SEED_HOLIDAY_YEARS) {
      await (
        db as Kysely<{
          holiday_years: { year: number; entry_json: string; updated_at: string; updated_by: string };
        }>
      )
        .insertInto('holiday_years')
        .values({
          year: entry.year,
          entry_json: JSON.stringify(entry),
          updated_at: now,
          updated_by: 'seed',
        })
        .execute();
    }
  },
  async down(schema) {
    await schema.dropTables('holiday_years');
  },
});
