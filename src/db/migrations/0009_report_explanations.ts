import { agencyColumn, defineMigration, requiredText, stamps, storedFileColumns } from '../schema-helpers.ts';

/**
 * The annual report (docs/domain/README.md#annual-report), the remaining parts:
 * - `report_explanations`: a supervisor's "已说明" mark on one finding of an agency's report for a year,
 *   keyed by the finding's stable id (hash of rule, table, row, column), so the mark survives
 *   re-checking after the figures change. A mark whose finding no longer occurs is kept (shown as
 *   已失效); removing a mark is an audited delete.
 * - `litigation_documents`: files of a reconsideration or litigation case (复议决定书, 判决书…). The bytes
 *   live under UPLOAD_DIR/litigation like catalogue attachments; the row holds name, type, size, digest.
 */
export const m0009ReportExplanations = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('report_explanations')
      .$call(agencyColumn)
      .addColumn('year', 'integer', (c) => c.notNull())
      .$call(requiredText('finding_id', 'note'))
      .$call(stamps('created_by', 'created_at'))
      .execute();
    await schema.index(
      'report_explanations',
      'report_explanations_unique',
      ['agency_id', 'year', 'finding_id'],
      {
        unique: true,
      },
    );

    await schema
      .tableWithId('litigation_documents')
      .addColumn('case_id', 'integer', (c) => c.notNull().references('litigation_cases.id'))
      .$call(agencyColumn)
      .$call(requiredText('kind'))
      .$call(storedFileColumns({ uniqueStoredName: true }))
      .$call(stamps('created_at', 'created_by'))
      .execute();
    await schema.index('litigation_documents', 'litigation_documents_case', ['case_id']);
  },
  async down(schema) {
    await schema.dropTables('litigation_documents', 'report_explanations');
  },
});
