import { defineMigration, optionalText, requiredText, stamps } from '../schema-helpers.ts';

/**
 * Mail (docs/domain/README.md#applications): the outbox, written in the same transaction as the change that causes a
 * message and delivered later by the sender; and an optional e-mail address on accounts (for the daily
 * reminder to clerks and reviewers).
 */
export const m0008Mail = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('outbox')
      /** kind: applicant | reminder */
      .$call(requiredText('kind', 'to_address', 'subject', 'body_text'))
      .$call(optionalText('body_html'))
      /** Makes a message idempotent, e.g. `reminder:USER:DATE`; null when any number may be sent. */
      .addColumn('dedupe_key', 'text', (c) => c.unique())
      .addColumn('application_id', 'integer')
      .addColumn('agency_id', 'integer')
      .addColumn('user_id', 'integer')
      /** pending | sending | sent | failed */
      .$call(requiredText('status'))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .$call(optionalText('last_error'))
      .$call(requiredText('next_attempt_at'))
      .$call(stamps('claimed_at', 'sent_at', 'created_at'))
      .execute();
    await schema.index('outbox', 'outbox_due', ['status', 'next_attempt_at']);
    await schema.index('outbox', 'outbox_application', ['application_id']);

    await schema.addTextColumn('users', 'email');
  },
  async down(schema) {
    await schema.dropColumn('users', 'email');
    await schema.dropIndexes('outbox_application', 'outbox_due');
    await schema.dropTables('outbox');
  },
});
