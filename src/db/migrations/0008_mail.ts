import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from '../schema-helpers.ts';

/**
 * Mail (docs/domain/README.md#applications): the outbox, written in the same transaction as the change that causes a
 * message and delivered later by the sender; and an optional e-mail address on accounts (for the daily
 * reminder to clerks and reviewers).
 */
export function m0008Mail(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('outbox'), dialect)
        /** applicant | reminder */
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body_text', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text')
        /** Makes a message idempotent, e.g. `reminder:USER:DATE`; null when any number may be sent. */
        .addColumn('dedupe_key', 'text', (c) => c.unique())
        .addColumn('application_id', 'integer')
        .addColumn('agency_id', 'integer')
        .addColumn('user_id', 'integer')
        /** pending | sending | sent | failed */
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('claimed_at', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_application').on('outbox').column('application_id').execute();

      await db.schema.alterTable('users').addColumn('email', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').dropColumn('email').execute();
      await db.schema.dropIndex('outbox_application').execute();
      await db.schema.dropIndex('outbox_due').execute();
      await db.schema.dropTable('outbox').execute();
    },
  };
}
