import { defineMigration, requiredText, stamps, storedFileColumns } from '../schema-helpers.ts';

/**
 * Documents of applications (docs/domain/README.md#applications):
 * - `application_uploads`: identity documents uploaded with the public form. A file is stored at once as
 *   a pending upload keyed by a random token (carried in a hidden field through the check-your-answers
 *   page), linked to the application when it is sent; pending uploads older than 24 h are purged.
 * - `application_letter_attachments`: the disclosed documents attached to a reply letter.
 * Bytes live on disk under UPLOAD_DIR, as catalogue attachments (`stored_name`, SHA-256 kept).
 * - `outbox.attachments_json`: files a queued mail carries (JSON list of name, type, path, size).
 * - Indexes for the repeat-application check run by every registration (same applicant in an agency).
 */
export const m0010ApplicationDocuments = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('application_uploads')
      /** Random token of the form that uploaded it (hex, 32 characters). */
      .$call(requiredText('token'))
      /** Null while pending (not yet sent with an application). */
      .addColumn('application_id', 'integer', (c) => c.references('applications.id').onDelete('cascade'))
      .$call(storedFileColumns({ uniqueStoredName: false }))
      .$call(stamps('created_at', 'linked_at'))
      .execute();
    await schema.index('application_uploads', 'application_uploads_token', ['token']);
    // Serves both "the files of an application" and "pending uploads older than 24 h" (application_id null).
    await schema.index('application_uploads', 'application_uploads_pending', [
      'application_id',
      'created_at',
    ]);

    await schema
      .tableWithId('application_letter_attachments')
      .addColumn('letter_id', 'integer', (c) =>
        c.notNull().references('application_letters.id').onDelete('cascade'),
      )
      .$call(storedFileColumns({ uniqueStoredName: false }))
      .$call(stamps('created_at', 'created_by'))
      .execute();
    await schema.index('application_letter_attachments', 'application_letter_attachments_letter', [
      'letter_id',
    ]);

    await schema.addTextColumn('outbox', 'attachments_json');
    await schema.index('outbox', 'outbox_agency_status', ['agency_id', 'status']);

    await schema.index('applications', 'applications_agency_id_doc', ['agency_id', 'id_doc_number']);
    await schema.index('applications', 'applications_agency_credit', ['agency_id', 'credit_code']);
    await schema.index('applications', 'applications_agency_name_phone', [
      'agency_id',
      'applicant_name',
      'contact_phone',
    ]);
  },
  async down(schema) {
    await schema.dropIndexes(
      'applications_agency_name_phone',
      'applications_agency_credit',
      'applications_agency_id_doc',
      'outbox_agency_status',
    );
    await schema.dropColumn('outbox', 'attachments_json');
    await schema.dropTables('application_letter_attachments', 'application_uploads');
  },
});
