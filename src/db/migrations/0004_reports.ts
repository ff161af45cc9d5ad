import { agencyColumn, defineMigration, optionalText, requiredText, stamps } from '../schema-helpers.ts';

/**
 * The annual report (年度报告) of an agency for a data year, and the reconsideration and litigation
 * cases (行政复议、行政诉讼) that fill its table 四.
 * - `annual_reports`: one row per agency and year: workflow status, the narrative templates
 *   (sections 一, 五, 六 as JSON text), the hand-entered Article 20 figures (JSON text), an optional
 *   format override and due date, and the snapshot of the published document (JSON text), which the
 *   public page serves even after the report is reopened for correction.
 * - `litigation_cases`: one row per case; `application_id` links the application when there is one.
 */
export const m0004Reports = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('annual_reports')
      .$call(agencyColumn)
      .addColumn('year', 'integer', (c) => c.notNull())
      .$call(optionalText('format_override'))
      .$call(requiredText('status', 'narrative_json', 'article20_json'))
      .$call(optionalText('due_on', 'signed_on'))
      .$call(stamps('submitted_at', 'submitted_by', 'approved_at', 'approved_by', 'published_at'))
      .$call(optionalText('published_json'))
      .$call(stamps('created_at', 'updated_at', 'updated_by'))
      .execute();
    await schema.index('annual_reports', 'annual_reports_agency_year', ['agency_id', 'year'], {
      unique: true,
    });

    await schema
      .tableWithId('litigation_cases')
      .$call(agencyColumn)
      .$call(requiredText('kind'))
      .addColumn('application_id', 'integer', (c) => c.references('applications.id'))
      .$call(optionalText('case_number', 'counterparty'))
      .$call(requiredText('filed_on'))
      .$call(optionalText('decided_on'))
      .$call(requiredText('result'))
      .$call(optionalText('documents'))
      .$call(stamps('created_at', 'updated_at', 'created_by'))
      .execute();
    await schema.index('litigation_cases', 'litigation_cases_agency_filed', ['agency_id', 'filed_on']);
  },
  async down(schema) {
    await schema.dropTables('litigation_cases', 'annual_reports');
  },
});
