import { defineMigration, requiredText, stamps, storedFileColumns } from '../schema-helpers.ts';

/**
 * Redaction of catalogue attachments before publishing (issue 14, 主动公开): as for letter attachments
 * (migration 0020), `catalogue_attachment_redactions` keeps the ORIGINAL file of a redacted attachment
 * (never served to the public) and what was removed; the attachment row points at the redacted copy, so
 * the public download can only give the redacted bytes. `page_count` (of the original) lets the item's
 * review page show the pages side by side without reading the PDF.
 */
export const m0022CatalogueRedactions = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('catalogue_attachment_redactions')
      .addColumn('attachment_id', 'integer', (c) =>
        c.notNull().unique().references('catalogue_attachments.id').onDelete('cascade'),
      )
      .$call(storedFileColumns({ uniqueStoredName: false }))
      .$call(requiredText('boxes_json', 'raster_pages_json'))
      .addColumn('page_count', 'integer', (c) => c.notNull())
      .$call(stamps('created_at', 'created_by'))
      .execute();
  },
  async down(schema) {
    await schema.dropTables('catalogue_attachment_redactions');
  },
});
