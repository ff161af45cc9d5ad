import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from '../schema-helpers.ts';

/**
 * 政务公开体检 (docs/domain/README.md#assessment): attestations of the manual indicators (phone test, uptime probe, survey…), the
 * administrator's scoring overrides (one row per profile), and the 文号 of a reply letter, assigned when the
 * reviewer approves it.
 */
export function m0007Assessment(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('assessment_attestations'), dialect)
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('indicator_id', 'text', (c) => c.notNull())
        .addColumn('on_date', 'text', (c) => c.notNull())
        .addColumn('passed', 'integer', (c) => c.notNull())
        .addColumn('by_name', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .execute();
      await db.schema
        .createIndex('assessment_attestations_agency')
        .on('assessment_attestations')
        .columns(['agency_id', 'indicator_id', 'on_date'])
        .execute();

      await db.schema
        .createTable('assessment_overrides')
        .addColumn('profile_id', 'text', (c) => c.primaryKey())
        /** ScoringOverrides of src/assessment/score.ts as JSON. */
        .addColumn('overrides_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'integer')
        .execute();

      await db.schema.alterTable('application_letters').addColumn('doc_number', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('application_letters').dropColumn('doc_number').execute();
      await db.schema.dropTable('assessment_overrides').execute();
      await db.schema.dropIndex('assessment_attestations_agency').execute();
      await db.schema.dropTable('assessment_attestations').execute();
    },
  };
}
