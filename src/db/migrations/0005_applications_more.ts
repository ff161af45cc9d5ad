import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from '../schema-helpers.ts';

/**
 * More of the applications capability (依申请公开): the per-agency serial counter, reply letters
 * (drafted, approved by the reviewer, sent), per-user API tokens (only their hash is stored), and
 * the applicant's extra answers of the online form (organisation kind, other-document name).
 */
export function m0005ApplicationsMore(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('application_counters')
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last_number', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('application_counters_pk', ['agency_id', 'year'])
        .execute();

      await withId(db.schema.createTable('application_letters'), dialect)
        .addColumn('application_id', 'integer', (c) =>
          c.notNull().references('applications.id').onDelete('cascade'),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        /** draft | approved | sent */
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('approved_at', 'text')
        .addColumn('approved_by', 'integer')
        .addColumn('sent_on', 'text')
        .execute();
      await db.schema
        .createIndex('application_letters_app')
        .on('application_letters')
        .column('application_id')
        .execute();

      await withId(db.schema.createTable('api_tokens'), dialect)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('label', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema.alterTable('applications').addColumn('details_json', 'text').execute();
      await db.schema
        .createIndex('applications_open_due')
        .on('applications')
        .columns(['agency_id', 'closed_on', 'reply_due'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('applications_open_due').execute();
      await db.schema.alterTable('applications').dropColumn('details_json').execute();
      await db.schema.dropTable('api_tokens').execute();
      await db.schema.dropTable('application_letters').execute();
      await db.schema.dropTable('application_counters').execute();
    },
  };
}
