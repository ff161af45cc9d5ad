import { agencyColumn, defineMigration, optionalText, requiredText, stamps } from '../schema-helpers.ts';

/**
 * 政务公开体检 (docs/domain/README.md#assessment): attestations of the manual indicators (phone test, uptime probe, survey…), the
 * administrator's scoring overrides (one row per profile), and the 文号 of a reply letter, assigned when the
 * reviewer approves it.
 */
export const m0007Assessment = defineMigration({
  async up(schema) {
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

    await schema
      .createTable('assessment_overrides')
      .addColumn('profile_id', 'text', (c) => c.primaryKey())
      /** ScoringOverrides of src/assessment/score.ts as JSON. */
      .$call(requiredText('overrides_json'))
      .$call(stamps('updated_at', 'updated_by'))
      .execute();

    await schema.addTextColumn('application_letters', 'doc_number');
  },
  async down(schema) {
    await schema.dropColumn('application_letters', 'doc_number');
    await schema.dropTables('assessment_overrides');
    await schema.dropIndexes('assessment_attestations_agency');
    await schema.dropTables('assessment_attestations');
  },
});
