import { defineMigration, optionalText, stamps } from '../schema-helpers.ts';

/**
 * How a sent reply letter reached the applicant (docs/domain/letters.md): one row per sent letter to
 * the applicant, recorded when it is sent. `method`: online | email | post | pickup (the applicant's
 * choices of 获取方式); for post the carrier and 快递单号; for pick-up the day it was collected (null
 * while waiting, recorded later); `outbox_id` the message that carried the letter or its notice.
 * Letters sent before this table existed have no row: not recorded, not missing.
 */
export const m0014LetterDelivery = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('application_letter_deliveries')
      .addColumn('letter_id', 'integer', (c) =>
        c.notNull().references('application_letters.id').onDelete('cascade'),
      )
      .addColumn('method', 'text', (c) => c.notNull())
      .$call(optionalText('carrier', 'tracking_number', 'collected_on'))
      .addColumn('outbox_id', 'integer')
      .$call(stamps('created_at', 'created_by', 'updated_at', 'updated_by'))
      .execute();
    await schema.index(
      'application_letter_deliveries',
      'application_letter_deliveries_letter',
      ['letter_id'],
      {
        unique: true,
      },
    );
  },
  async down(schema) {
    await schema.dropIndexes('application_letter_deliveries_letter');
    await schema.dropTables('application_letter_deliveries');
  },
});
