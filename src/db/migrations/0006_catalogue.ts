import { sql } from 'kysely';
import { TOPIC_SEED } from '../../catalogue/taxonomy.ts';
import { agencyColumn, defineMigration, optionalText, requiredText, stamps } from '../schema-helpers.ts';

/**
 * The proactive-disclosure catalogue (主动公开): items with their versions, attachments, the
 * per-agency 索引号 counters, the 主题分类 taxonomy, the bigram search postings
 * (docs/decisions/004-chinese-search.md) and the public questions and error reports.
 */
export const m0006Catalogue = defineMigration({
  async up(schema, db) {
    await schema
      .tableWithId('catalogue_topics')
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

    await schema
      .createTable('catalogue_settings')
      .addColumn('agency_id', 'integer', (c) => c.primaryKey().references('agencies.id'))
      .$call(requiredText('index_pattern'))
      .$call(stamps('updated_at'))
      .execute();

    await schema.agencyYearCounter('catalogue_counters', 'last_seq');

    await schema
      .tableWithId('catalogue_items')
      .$call(agencyColumn)
      .$call(requiredText('status'))
      .addColumn('index_no', 'text', (c) => c.unique())
      .addColumn('version', 'integer', (c) => c.notNull())
      .$call(requiredText('doc_type', 'basis'))
      .addColumn('topic_id', 'integer', (c) => c.references('catalogue_topics.id'))
      .$call(requiredText('title'))
      .$call(optionalText('description'))
      .$call(requiredText('genre', 'publisher'))
      .$call(optionalText('doc_number', 'keywords', 'written_on'))
      .$call(requiredText('formed_on', 'publish_due'))
      .$call(optionalText('deadline_override', 'published_on', 'validity', 'validity_on'))
      .$call(requiredText('disclosure_method', 'body_html'))
      .addColumn('interprets_id', 'integer', (c) => c.references('catalogue_items.id'))
      .$call(optionalText('interpreter', 'interpretation_form', 'no_interpretation_reason', 'secrecy_note'))
      .$call(stamps('reviewed_by', 'reviewed_at'))
      .$call(optionalText('review_comment', 'withdrawn_reason'))
      .$call(stamps('withdrawn_at'))
      .addColumn('sort_key', schema.bigint)
      .addColumn('search_title', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
      .$call(stamps('created_at', 'created_by', 'updated_at'))
      .execute();
    await schema.index('catalogue_items', 'catalogue_items_agency_status', [
      'agency_id',
      'status',
      'published_on',
    ]);
    await schema.index('catalogue_items', 'catalogue_items_sort', ['sort_key']);
    await schema.index('catalogue_items', 'catalogue_items_interprets', ['interprets_id']);

    await schema
      .tableWithId('catalogue_item_versions')
      .addColumn('item_id', 'integer', (c) => c.notNull().references('catalogue_items.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .$call(requiredText('status', 'snapshot_json'))
      .$call(optionalText('note'))
      .$call(stamps('created_at', 'created_by'))
      .execute();
    await schema.index('catalogue_item_versions', 'catalogue_item_versions_item', ['item_id', 'version'], {
      unique: true,
    });

    await schema
      .tableWithId('catalogue_attachments')
      .addColumn('item_id', 'integer', (c) => c.notNull().references('catalogue_items.id'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('stored_name', 'text', (c) => c.notNull().unique())
      .$call(requiredText('mime', 'kind'))
      .addColumn('size', 'integer', (c) => c.notNull())
      .$call(requiredText('sha256'))
      .$call(optionalText('alt_text'))
      .$call(stamps('created_at', 'created_by'))
      .execute();
    await schema.index('catalogue_attachments', 'catalogue_attachments_item', ['item_id']);

    // Postings: one row per distinct bigram of a published item; in_title = 1 when the bigram is
    // in the title (relevance tier). Ordered by sort_key (publication date, then id).
    const postings = schema
      .createTable('catalogue_grams')
      .addColumn('gram', 'text', (c) => c.notNull())
      .addColumn('in_title', 'integer', (c) => c.notNull())
      .addColumn('sort_key', schema.bigint, (c) => c.notNull())
      .addColumn('item_id', 'integer', (c) => c.notNull())
      .addColumn('agency_id', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('catalogue_grams_pk', ['gram', 'in_title', 'sort_key']);
    await (schema.dialect === 'sqlite' ? postings.modifyEnd(sql`without rowid`) : postings).execute();
    await schema.index('catalogue_grams', 'catalogue_grams_item', ['item_id']);

    await schema
      .tableWithId('catalogue_messages')
      .$call(agencyColumn)
      .addColumn('item_id', 'integer', (c) => c.references('catalogue_items.id'))
      .$call(requiredText('kind', 'name'))
      .$call(optionalText('contact'))
      .$call(requiredText('body', 'received_on'))
      .$call(optionalText('due_on', 'answer', 'answered_on'))
      .$call(stamps('answered_by'))
      .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
      .$call(stamps('created_at'))
      .execute();
    await schema.index('catalogue_messages', 'catalogue_messages_agency', ['agency_id', 'answered_on']);
  },
  async down(schema) {
    await schema.dropTables(
      'catalogue_messages',
      'catalogue_grams',
      'catalogue_attachments',
      'catalogue_item_versions',
      'catalogue_items',
      'catalogue_counters',
      'catalogue_settings',
      'catalogue_topics',
    );
  },
});
