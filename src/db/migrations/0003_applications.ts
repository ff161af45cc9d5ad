import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from '../schema-helpers.ts';

/**
 * Applications (依申请公开) and their timeline of events. The deadlines are derived from the events
 * (src/applications/rules/timeline.ts); `reply_due` and `status` are a cache of that derivation for
 * sorting the work queue, recomputed whenever the events or the calendar change.
 */
export function m0003Applications(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('applications'), dialect)
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('serial', 'text', (c) => c.notNull())
        .addColumn('lookup_code', 'text', (c) => c.notNull().unique())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('applicant_type', 'text', (c) => c.notNull())
        .addColumn('applicant_name', 'text', (c) => c.notNull())
        .addColumn('id_doc_type', 'text')
        .addColumn('id_doc_number', 'text')
        .addColumn('credit_code', 'text')
        .addColumn('contact_phone', 'text')
        .addColumn('contact_email', 'text')
        .addColumn('contact_address', 'text')
        .addColumn('contact_postcode', 'text')
        .addColumn('request_description', 'text', (c) => c.notNull())
        .addColumn('form_wanted', 'text')
        .addColumn('delivery_method', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('submitted_on', 'text', (c) => c.notNull())
        .addColumn('received_on', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('closed_on', 'text')
        .addColumn('reply_due', 'text')
        .addColumn('reply_due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('repeat_of_id', 'integer', (c) => c.references('applications.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .execute();
      await db.schema
        .createIndex('applications_agency_serial')
        .on('applications')
        .columns(['agency_id', 'serial'])
        .unique()
        .execute();
      await db.schema
        .createIndex('applications_agency_received')
        .on('applications')
        .columns(['agency_id', 'received_on'])
        .execute();
      await db.schema
        .createIndex('applications_agency_closed')
        .on('applications')
        .columns(['agency_id', 'closed_on'])
        .execute();
      await db.schema
        .createIndex('applications_queue')
        .on('applications')
        .columns(['agency_id', 'status', 'reply_due'])
        .execute();

      await withId(db.schema.createTable('application_events'), dialect)
        .addColumn('application_id', 'integer', (c) =>
          c.notNull().references('applications.id').onDelete('cascade'),
        )
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('on_date', 'text', (c) => c.notNull())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .execute();
      await db.schema
        .createIndex('application_events_seq')
        .on('application_events')
        .columns(['application_id', 'seq'])
        .unique()
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('application_events').execute();
      await db.schema.dropTable('applications').execute();
    },
  };
}
