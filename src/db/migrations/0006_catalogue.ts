import { type Kysely, sql } from 'kysely';
import { TOPIC_SEED } from '../../catalogue/taxonomy.ts';
import type { Dialect } from '../database.ts';
import { withId } from '../schema-helpers.ts';

/**
 * The proactive-disclosure catalogue (主动公开): items with their versions, attachments, the
 * per-agency 索引号 counters, the 主题分类 taxonomy, the bigram search postings
 * (docs/decisions/004-chinese-search.md) and the public questions and error reports.
 */
export function m0006Catalogue(dialect: Dialect) {
  const bigint = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('catalogue_topics'), dialect)
        .addColumn('parent_id', 'integer', (c) => c.references('catalogue_topics.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      let order = 0;
      for (const [top, subs] of TOPIC_SEED) {
        order += 1;
        const parent = await db
          .insertInto('catalogue_topics' as never)
          .values({ parent_id: null, name: top, sort_order: order, active: 1 } as never)
          .returning('id' as never)
          .executeTakeFirstOrThrow();
        const parentId = (parent as { id: number }).id;
        let sub = 0;
        for (const name of subs) {
          sub += 1;
          await db
            .insertInto('catalogue_topics' as never)
            .values({ parent_id: parentId, name, sort_order: sub, active: 1 } as never)
            .execute();
        }
      }

      await db.schema
        .createTable('catalogue_settings')
        .addColumn('agency_id', 'integer', (c) => c.primaryKey().references('agencies.id'))
        .addColumn('index_pattern', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('catalogue_counters')
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last_seq', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('catalogue_counters_pk', ['agency_id', 'year'])
        .execute();

      await withId(db.schema.createTable('catalogue_items'), dialect)
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('index_no', 'text', (c) => c.unique())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('doc_type', 'text', (c) => c.notNull())
        .addColumn('basis', 'text', (c) => c.notNull())
        .addColumn('topic_id', 'integer', (c) => c.references('catalogue_topics.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('genre', 'text', (c) => c.notNull())
        .addColumn('publisher', 'text', (c) => c.notNull())
        .addColumn('doc_number', 'text')
        .addColumn('keywords', 'text')
        .addColumn('written_on', 'text')
        .addColumn('formed_on', 'text', (c) => c.notNull())
        .addColumn('publish_due', 'text', (c) => c.notNull())
        .addColumn('deadline_override', 'text')
        .addColumn('published_on', 'text')
        .addColumn('validity', 'text')
        .addColumn('validity_on', 'text')
        .addColumn('disclosure_method', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('interprets_id', 'integer', (c) => c.references('catalogue_items.id'))
        .addColumn('interpreter', 'text')
        .addColumn('interpretation_form', 'text')
        .addColumn('no_interpretation_reason', 'text')
        .addColumn('secrecy_note', 'text')
        .addColumn('reviewed_by', 'integer')
        .addColumn('reviewed_at', 'text')
        .addColumn('review_comment', 'text')
        .addColumn('withdrawn_reason', 'text')
        .addColumn('withdrawn_at', 'text')
        .addColumn('sort_key', bigint)
        .addColumn('search_title', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('catalogue_items_agency_status')
        .on('catalogue_items')
        .columns(['agency_id', 'status', 'published_on'])
        .execute();
      await db.schema
        .createIndex('catalogue_items_sort')
        .on('catalogue_items')
        .columns(['sort_key'])
        .execute();
      await db.schema
        .createIndex('catalogue_items_interprets')
        .on('catalogue_items')
        .columns(['interprets_id'])
        .execute();

      await withId(db.schema.createTable('catalogue_item_versions'), dialect)
        .addColumn('item_id', 'integer', (c) => c.notNull().references('catalogue_items.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('snapshot_json', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .execute();
      await db.schema
        .createIndex('catalogue_item_versions_item')
        .on('catalogue_item_versions')
        .columns(['item_id', 'version'])
        .unique()
        .execute();

      await withId(db.schema.createTable('catalogue_attachments'), dialect)
        .addColumn('item_id', 'integer', (c) => c.notNull().references('catalogue_items.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('stored_name', 'text', (c) => c.notNull().unique())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('alt_text', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .execute();
      await db.schema
        .createIndex('catalogue_attachments_item')
        .on('catalogue_attachments')
        .columns(['item_id'])
        .execute();

      // Postings: one row per distinct bigram of a published item; in_title = 1 when the bigram is
      // in the title (relevance tier). Ordered by sort_key (publication date, then id).
      const postings = db.schema
        .createTable('catalogue_grams')
        .addColumn('gram', 'text', (c) => c.notNull())
        .addColumn('in_title', 'integer', (c) => c.notNull())
        .addColumn('sort_key', bigint, (c) => c.notNull())
        .addColumn('item_id', 'integer', (c) => c.notNull())
        .addColumn('agency_id', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('catalogue_grams_pk', ['gram', 'in_title', 'sort_key']);
      await (dialect === 'sqlite' ? postings.modifyEnd(sql`without rowid`) : postings).execute();
      await db.schema
        .createIndex('catalogue_grams_item')
        .on('catalogue_grams')
        .columns(['item_id'])
        .execute();

      await withId(db.schema.createTable('catalogue_messages'), dialect)
        .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
        .addColumn('item_id', 'integer', (c) => c.references('catalogue_items.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('contact', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('received_on', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text')
        .addColumn('answer', 'text')
        .addColumn('answered_on', 'text')
        .addColumn('answered_by', 'integer')
        .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('catalogue_messages_agency')
        .on('catalogue_messages')
        .columns(['agency_id', 'answered_on'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of [
        'catalogue_messages',
        'catalogue_grams',
        'catalogue_attachments',
        'catalogue_item_versions',
        'catalogue_items',
        'catalogue_counters',
        'catalogue_settings',
        'catalogue_topics',
      ]) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
