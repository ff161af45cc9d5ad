import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from '../schema-helpers.ts';

/**
 * The annual report (年度报告) of an agency for a data year, and the reconsideration and litigation
 * cases (行政复议、行政诉讼) that fill its table 四.
 * - `annual_reports`: one row per agency and year: workflow status, the narrative templates
 *   (sections 一, 五, 六 as JSON text), the hand-entered Article 20 figures (JSON text), an optional
 *   format override and due date, and the snapshot of the published document (JSON text), which the
 *   public page serves even after the report is reopened for correction.
 * - `litigation_cases`: one row per case; `application_id` links the application when there is one.
 */
export function m0004Reports(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('annual_reports'), dialect)
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('format_override', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('narrative_json', 'text', (c) => c.notNull())
        .addColumn('article20_json', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text')
        .addColumn('signed_on', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('submitted_by', 'integer')
        .addColumn('approved_at', 'text')
        .addColumn('approved_by', 'integer')
        .addColumn('published_at', 'text')
        .addColumn('published_json', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'integer')
        .execute();
      await db.schema
        .createIndex('annual_reports_agency_year')
        .on('annual_reports')
        .columns(['agency_id', 'year'])
        .unique()
        .execute();

      await withId(db.schema.createTable('litigation_cases'), dialect)
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('application_id', 'integer', (c) => c.references('applications.id'))
        .addColumn('case_number', 'text')
        .addColumn('counterparty', 'text')
        .addColumn('filed_on', 'text', (c) => c.notNull())
        .addColumn('decided_on', 'text')
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('documents', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .execute();
      await db.schema
        .createIndex('litigation_cases_agency_filed')
        .on('litigation_cases')
        .columns(['agency_id', 'filed_on'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('litigation_cases').execute();
      await db.schema.dropTable('annual_reports').execute();
    },
  };
}
