import { sql } from 'kysely';
import { defineMigration, optionalText, requiredText, stamps } from '../schema-helpers.ts';

/**
 * Catalogue (docs/domain/catalogue.md): revisions of published items and the PostgreSQL search postings.
 *
 * - `catalogue_revisions`: a change to a published item waits here for 保密审查 while the public page
 *   keeps the published text; at most one revision per item is under review (a partial unique index,
 *   the same on both databases). `catalogue_items.revised_on` is the 更新日期 of the last approved one.
 * - PostgreSQL only: the postings' primary key also carries `item_id` and `agency_id` (`INCLUDE`), so
 *   reading a posting range is an index-only scan as it is in SQLite's `WITHOUT ROWID` table, and
 *   the planner keeps more statistics on `gram` (skewed: a few bigrams occur in most items).
 *   docs/decisions/004-chinese-search.md.
 */
export const m0011CatalogueRevisions = defineMigration({
  async up(schema, db) {
    await schema.addTextColumn('catalogue_items', 'revised_on');

    await schema
      .tableWithId('catalogue_revisions')
      .addColumn('item_id', 'integer', (c) => c.notNull().references('catalogue_items.id'))
      /** review | approved | rejected | cancelled */
      .$call(requiredText('status'))
      /** The item's version the revision was made from. */
      .addColumn('base_version', 'integer', (c) => c.notNull())
      /**
       * The revisable fields as they were at base_version, and as proposed (JSON objects); `note` is
       * the 修改说明 by the clerk.
       */
      .$call(requiredText('base_json', 'proposed_json', 'note'))
      .$call(stamps('created_at', 'created_by', 'updated_at'))
      .$call(optionalText('secrecy_note', 'review_comment'))
      .$call(stamps('reviewed_by', 'reviewed_at'))
      /** The item's version that published this revision. */
      .addColumn('result_version', 'integer')
      .execute();
    await schema.index('catalogue_revisions', 'catalogue_revisions_item', ['item_id', 'id']);
    await db.schema
      .createIndex('catalogue_revisions_open')
      .on('catalogue_revisions')
      .column('item_id')
      .unique()
      .where(sql.ref('status'), '=', sql.lit('review'))
      .execute();

    if (schema.dialect === 'postgres') {
      await sql`alter table catalogue_grams drop constraint catalogue_grams_pk`.execute(db);
      await sql`alter table catalogue_grams add constraint catalogue_grams_pk primary key (gram, in_title, sort_key) include (item_id, agency_id)`.execute(
        db,
      );
      await sql`alter table catalogue_grams alter column gram set statistics 10000`.execute(db);
    }
  },
  async down(schema, db) {
    if (schema.dialect === 'postgres') {
      await sql`alter table catalogue_grams alter column gram set statistics -1`.execute(db);
      await sql`alter table catalogue_grams drop constraint catalogue_grams_pk`.execute(db);
      await sql`alter table catalogue_grams add constraint catalogue_grams_pk primary key (gram, in_title, sort_key)`.execute(
        db,
      );
    }
    await schema.dropTables('catalogue_revisions');
    await schema.dropColumn('catalogue_items', 'revised_on');
  },
});
