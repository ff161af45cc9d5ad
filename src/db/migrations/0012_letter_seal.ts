import { defineMigration } from '../schema-helpers.ts';

/**
 * How a sent letter was sealed (docs/domain/letters.md#seal: the 印章 among a reply letter's formal elements), recorded when
 * the letter is registered as sent: electronic (电子印章) | paper (纸质文书加盖公章) | none. Null for
 * letters sent before this column existed: unknown, not missing.
 */
export const m0012LetterSeal = defineMigration({
  async up(schema) {
    await schema.addTextColumn('application_letters', 'seal');
  },
  async down(schema) {
    await schema.dropColumn('application_letters', 'seal');
  },
});
