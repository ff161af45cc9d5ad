import { defineMigration, requiredText, stamps } from '../schema-helpers.ts';

/**
 * The files of a published annual report (HTML, DOCX, PDF, XLSX, JSON), rendered once when it is
 * published and served from here (docs/decisions/009-published-report-files.md). The bytes are in the
 * row (`blob` on SQLite, `bytea` on PostgreSQL), so every app server sharing the database serves the
 * same files without a shared upload folder. `source_sha256` is the digest of the published document
 * the file was rendered from: a row whose digest differs from the report's current snapshot is stale
 * and is rendered again. One row per report and format.
 */
export const m0016ReportFiles = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('report_files')
      .addColumn('report_id', 'integer', (c) =>
        c.notNull().references('annual_reports.id').onDelete('cascade'),
      )
      .$call(requiredText('format', 'source_sha256', 'file_name', 'mime'))
      .addColumn('size', 'integer', (c) => c.notNull())
      .$call(requiredText('sha256'))
      .addColumn('content', schema.dialect === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
      .$call(stamps('created_at'))
      .execute();
    await schema.index('report_files', 'report_files_report_format', ['report_id', 'format'], {
      unique: true,
    });
  },
  async down(schema) {
    await schema.dropIndexes('report_files_report_format');
    await schema.dropTables('report_files');
  },
});
