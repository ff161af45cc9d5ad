import { defineMigration, requiredText, stamps, storedFileColumns } from '../schema-helpers.ts';

/**
 * Redaction of disclosed documents (issue 14, 部分公开): `letter_attachment_redactions` keeps, for a
 * letter attachment that was redacted, the ORIGINAL file (its name, stored name, type, size, digest —
 * never sent, never offered for download to the applicant) and what was removed (`boxes_json`: page,
 * rectangle, ground, kind and the text under it; `raster_pages_json`: pages redone as images). The
 * attachment row itself then points at the redacted file, so the lookup and the mail can only ever
 * give the redacted bytes.
 */
export const m0020Redactions = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('letter_attachment_redactions')
      .addColumn('attachment_id', 'integer', (c) =>
        c.notNull().unique().references('application_letter_attachments.id').onDelete('cascade'),
      )
      .$call(storedFileColumns({ uniqueStoredName: false }))
      .$call(requiredText('boxes_json', 'raster_pages_json'))
      .$call(stamps('created_at', 'created_by'))
      .execute();
  },
  async down(schema) {
    await schema.dropTables('letter_attachment_redactions');
  },
});
