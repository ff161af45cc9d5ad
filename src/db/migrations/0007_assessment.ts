import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { agencyColumn, MigrationSchema, optionalText, requiredText, stamps } from '../schema-helpers.ts';

/**
 * 政务公开体检 (docs/domain/README.md#assessment): attestations of the manual indicators (phone test, uptime probe, survey…), the
 * administrator's scoring overrides (one row per profile), and the 文号 of a reply letter, assigned when the
 * reviewer approves it.
 */
export function m0007Assessment(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const schema = new MigrationSchema(db, dialect);
      await schema
        .tableWithId('assessment_attestations')
        .$call(agencyColumn)
        .$call(requiredText('indicator_id', 'on_date'))
        .addColumn('passed', 'integer', (c) => c.notNull())
        .$call(requiredText('by_name'))
        .$call(optionalText('note'))
        .$call(stamps('created_at', 'created_by'))
        .execute();
      await schema.index('assessment_attestations', 'assessment_attestations_agency', [
        'agency_id',
        'indicator_id',
        'on_date',
      ]);

      await db.schema
        .createTable('assessment_overrides')
        .addColumn('profile_id', 'text', (c) => c.primaryKey())
        /** ScoringOverrides of src/assessment/score.ts as JSON. */
        .$call(requiredText('overrides_json', 'updated_at'))
        .$call(stamps('updated_by'))
        .execute();

      await db.schema.alterTable('application_letters').addColumn('doc_number', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      const schema = new MigrationSchema(db, dialect);
      await db.schema.alterTable('application_letters').dropColumn('doc_number').execute();
      await schema.dropTables('assessment_overrides');
      await schema.dropIndexes('assessment_attestations_agency');
      await schema.dropTables('assessment_attestations');
    },
  };
}
