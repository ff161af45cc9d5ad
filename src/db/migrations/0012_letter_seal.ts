import type { Kysely } from 'kysely';

/**
 * How a sent letter was sealed (docs/domain/letters.md#seal: the 印章 among a reply letter's formal elements), recorded when
 * the letter is registered as sent: electronic (电子印章) | paper (纸质文书加盖公章) | none. Null for
 * letters sent before this column existed: unknown, not missing.
 */
export function m0012LetterSeal() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('application_letters').addColumn('seal', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('application_letters').dropColumn('seal').execute();
    },
  };
}
