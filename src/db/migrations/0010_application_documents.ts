import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from '../schema-helpers.ts';

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
export function m0010ApplicationDocuments(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('application_uploads'), dialect)
        /** Random token of the form that uploaded it (hex, 32 characters). */
        .addColumn('token', 'text', (c) => c.notNull())
        /** Null while pending (not yet sent with an application). */
        .addColumn('application_id', 'integer', (c) => c.references('applications.id').onDelete('cascade'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('stored_name', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('linked_at', 'text')
        .execute();
      await db.schema
        .createIndex('application_uploads_token')
        .on('application_uploads')
        .column('token')
        .execute();
      // Serves both "the files of an application" and "pending uploads older than 24 h" (application_id null).
      await db.schema
        .createIndex('application_uploads_pending')
        .on('application_uploads')
        .columns(['application_id', 'created_at'])
        .execute();

      await withId(db.schema.createTable('application_letter_attachments'), dialect)
        .addColumn('letter_id', 'integer', (c) =>
          c.notNull().references('application_letters.id').onDelete('cascade'),
        )
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('stored_name', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .execute();
      await db.schema
        .createIndex('application_letter_attachments_letter')
        .on('application_letter_attachments')
        .column('letter_id')
        .execute();

      await db.schema.alterTable('outbox').addColumn('attachments_json', 'text').execute();
      await db.schema
        .createIndex('outbox_agency_status')
        .on('outbox')
        .columns(['agency_id', 'status'])
        .execute();

      await db.schema
        .createIndex('applications_agency_id_doc')
        .on('applications')
        .columns(['agency_id', 'id_doc_number'])
        .execute();
      await db.schema
        .createIndex('applications_agency_credit')
        .on('applications')
        .columns(['agency_id', 'credit_code'])
        .execute();
      await db.schema
        .createIndex('applications_agency_name_phone')
        .on('applications')
        .columns(['agency_id', 'applicant_name', 'contact_phone'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('applications_agency_name_phone').execute();
      await db.schema.dropIndex('applications_agency_credit').execute();
      await db.schema.dropIndex('applications_agency_id_doc').execute();
      await db.schema.dropIndex('outbox_agency_status').execute();
      await db.schema.alterTable('outbox').dropColumn('attachments_json').execute();
      await db.schema.dropTable('application_letter_attachments').execute();
      await db.schema.dropTable('application_uploads').execute();
    },
  };
}
