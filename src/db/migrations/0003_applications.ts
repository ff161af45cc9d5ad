import { agencyColumn, defineMigration, optionalText, requiredText, stamps } from '../schema-helpers.ts';

/**
 * Applications (依申请公开) and their timeline of events. The deadlines are derived from the events
 * (src/applications/rules/timeline.ts); `reply_due` and `status` are a cache of that derivation for
 * sorting the work queue, recomputed whenever the events or the calendar change.
 */
export const m0003Applications = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('applications')
      .$call(agencyColumn)
      .$call(requiredText('serial'))
      .addColumn('lookup_code', 'text', (c) => c.notNull().unique())
      .$call(requiredText('source', 'applicant_type', 'applicant_name'))
      .$call(
        optionalText(
          'id_doc_type',
          'id_doc_number',
          'credit_code',
          'contact_phone',
          'contact_email',
          'contact_address',
          'contact_postcode',
        ),
      )
      .$call(requiredText('request_description'))
      .$call(optionalText('form_wanted', 'delivery_method'))
      .$call(requiredText('channel', 'submitted_on'))
      .$call(optionalText('received_on'))
      .$call(requiredText('status'))
      .$call(optionalText('outcome', 'closed_on', 'reply_due'))
      .addColumn('reply_due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('repeat_of_id', 'integer', (c) => c.references('applications.id'))
      .$call(stamps('created_at', 'updated_at', 'created_by'))
      .execute();
    await schema.index('applications', 'applications_agency_serial', ['agency_id', 'serial'], {
      unique: true,
    });
    await schema.index('applications', 'applications_agency_received', ['agency_id', 'received_on']);
    await schema.index('applications', 'applications_agency_closed', ['agency_id', 'closed_on']);
    await schema.index('applications', 'applications_queue', ['agency_id', 'status', 'reply_due']);

    await schema
      .tableWithId('application_events')
      .addColumn('application_id', 'integer', (c) =>
        c.notNull().references('applications.id').onDelete('cascade'),
      )
      .addColumn('seq', 'integer', (c) => c.notNull())
      .$call(requiredText('type', 'on_date', 'data_json'))
      .$call(optionalText('note'))
      .$call(stamps('created_at', 'created_by'))
      .execute();
    await schema.index('application_events', 'application_events_seq', ['application_id', 'seq'], {
      unique: true,
    });
  },
  async down(schema) {
    await schema.dropTables('application_events', 'applications');
  },
});
