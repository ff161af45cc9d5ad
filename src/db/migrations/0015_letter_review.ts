import { defineMigration } from '../schema-helpers.ts';

/**
 * The review of a reply letter (issue 11: work comes to people): when the clerk submitted the draft to the
 * reviewer (提交审核) and by whom, and when the reviewer returned it (退回修改), by whom and why. A letter
 * keeps its status `draft` while it waits or is returned: `submitted_at` set means it waits; returning
 * clears it and sets `returned_at`; approving keeps all of them as history.
 */
export const m0015LetterReview = defineMigration({
  async up(schema) {
    for (const column of ['submitted_at', 'returned_at', 'return_reason'])
      await schema.addTextColumn('application_letters', column);
    for (const column of ['submitted_by', 'returned_by'])
      await schema.db.schema.alterTable('application_letters').addColumn(column, 'integer').execute();
    await schema.index('application_letters', 'application_letters_review', ['status', 'submitted_at']);
  },
  async down(schema) {
    await schema.dropIndexes('application_letters_review');
    for (const column of ['submitted_at', 'submitted_by', 'returned_at', 'returned_by', 'return_reason'])
      await schema.dropColumn('application_letters', column);
  },
});
