import { defineMigration, optionalText, requiredText, stamps } from '../schema-helpers.ts';

/**
 * Surveys of published reports run from the back office (issue 13): a supervisor gives a list of
 * addresses (and/or the agencies of the subtree on Gongkai itself); each address is an item, claimed,
 * fetched, checked and stored with a compact result. Any app server continues a survey whose runner
 * stopped (no heartbeat for a while), so the run survives a restart. `agency_id` is the supervisor's
 * agency (who may see the survey); null for a survey an administrator without an agency started.
 */
export const m0021ReportSurveys = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('report_surveys')
      .addColumn('agency_id', 'integer', (c) => c.references('agencies.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('year', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .$call(stamps('created_at', 'created_by', 'heartbeat_at', 'finished_at'))
      .execute();
    await schema
      .tableWithId('report_survey_items')
      .addColumn('survey_id', 'integer', (c) =>
        c.notNull().references('report_surveys.id').onDelete('cascade'),
      )
      .addColumn('position', 'integer', (c) => c.notNull())
      .$call(requiredText('url', 'status'))
      .$call(optionalText('listed_name', 'listed_level', 'report_url', 'fetch_error', 'result_json'))
      .addColumn('own_agency_id', 'integer')
      .addColumn('own_year', 'integer')
      .$call(stamps('claimed_at', 'finished_at'))
      .execute();
    await schema.index('report_survey_items', 'report_survey_items_survey', ['survey_id', 'position'], {
      unique: true,
    });
    await schema.index('report_surveys', 'report_surveys_agency', ['agency_id', 'created_at']);
  },
  async down(schema) {
    await schema.dropIndexes('report_survey_items_survey', 'report_surveys_agency');
    await schema.dropTables('report_survey_items', 'report_surveys');
  },
});
