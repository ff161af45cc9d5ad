import { defineMigration, optionalText, requiredText, stamps } from '../schema-helpers.ts';

/**
 * More of the applications capability (依申请公开): the per-agency serial counter, reply letters
 * (drafted, approved by the reviewer, sent), per-user API tokens (only their hash is stored), and
 * the applicant's extra answers of the online form (organisation kind, other-document name).
 */
export const m0005ApplicationsMore = defineMigration({
  async up(schema) {
    await schema.agencyYearCounter('application_counters', 'last_number');

    await schema
      .tableWithId('application_letters')
      .addColumn('application_id', 'integer', (c) =>
        c.notNull().references('applications.id').onDelete('cascade'),
      )
      /** status: draft | approved | sent */
      .$call(requiredText('kind', 'title', 'body', 'status'))
      .$call(stamps('created_at', 'created_by', 'updated_at', 'approved_at', 'approved_by'))
      .$call(optionalText('sent_on'))
      .execute();
    await schema.index('application_letters', 'application_letters_app', ['application_id']);

    await schema
      .tableWithId('api_tokens')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .$call(optionalText('label'))
      .$call(stamps('created_at', 'last_used_at', 'revoked_at'))
      .execute();

    await schema.addTextColumn('applications', 'details_json');
    await schema.index('applications', 'applications_open_due', ['agency_id', 'closed_on', 'reply_due']);
  },
  async down(schema) {
    await schema.dropIndexes('applications_open_due');
    await schema.dropColumn('applications', 'details_json');
    await schema.dropTables('api_tokens', 'application_letters', 'application_counters');
  },
});
