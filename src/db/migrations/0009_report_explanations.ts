import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from '../schema-helpers.ts';

/**
 * The annual report (docs/domain/README.md#annual-report), the remaining parts:
 * - `report_explanations`: a supervisor's "已说明" mark on one finding of an agency's report for a year,
 *   keyed by the finding's stable id (hash of rule, table, row, column), so the mark survives
 *   re-checking after the figures change. A mark whose finding no longer occurs is kept (shown as
 *   已失效); removing a mark is an audited delete.
 * - `litigation_documents`: files of a reconsideration or litigation case (复议决定书, 判决书…). The bytes
 *   live under UPLOAD_DIR/litigation like catalogue attachments; the row holds name, type, size, digest.
 */
export function m0009ReportExplanations(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('report_explanations'), dialect)
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('finding_id', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('report_explanations_unique')
        .on('report_explanations')
        .columns(['agency_id', 'year', 'finding_id'])
        .unique()
        .execute();

      await withId(db.schema.createTable('litigation_documents'), dialect)
        .addColumn('case_id', 'integer', (c) => c.notNull().references('litigation_cases.id'))
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('stored_name', 'text', (c) => c.notNull().unique())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .execute();
      await db.schema
        .createIndex('litigation_documents_case')
        .on('litigation_documents')
        .columns(['case_id'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('litigation_documents').execute();
      await db.schema.dropTable('report_explanations').execute();
    },
  };
}
