import { sql } from 'kysely';
import { defineMigration } from '../schema-helpers.ts';

/**
 * Several app servers on one database (docs/decisions/012-several-app-servers.md):
 * - `rate_limit_hits`: the request counters of the rate limits, shared by every app server on
 *   PostgreSQL (one row per client address and limit, reset when its window ends). UNLOGGED on
 *   PostgreSQL: counters need not survive a crash, and skipping the WAL makes the per-request upsert
 *   cheap. Created on SQLite too (same schema everywhere) but unused there: one process, counters in memory.
 * - PostgreSQL only: `gongkai_notify_write()`, a statement-level trigger function that sends
 *   `NOTIFY gongkai_write`, attached by `gongkai_attach_write_triggers()` to every table whose
 *   changes can show on a page (all but sessions, throttles, counters, tokens, the outbox and the
 *   migration bookkeeping). NOTIFY is transactional: the other servers hear of a write when it commits, never
 *   before, and once per transaction however many statements it ran. `migrateToLatest` calls the
 *   attach function after every run, so tables of later migrations get the trigger too.
 */
export const m0018Multiserver = defineMigration({
  async up(schema, db) {
    if (schema.dialect === 'postgres') {
      await sql`create unlogged table rate_limit_hits (key text primary key, hits integer not null, reset_at bigint not null)`.execute(
        db,
      );
      await sql`create or replace function gongkai_notify_write() returns trigger language plpgsql as $$
        begin
          perform pg_notify('gongkai_write', '');
          return null;
        end $$`.execute(db);
      await sql`create or replace function gongkai_attach_write_triggers() returns integer language plpgsql as $$
        declare
          t text;
          n integer := 0;
        begin
          for t in
            select c.relname from pg_class c
            where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
              and c.relname not in ('sessions', 'login_throttle', 'rate_limit_hits', 'api_tokens', 'outbox',
                                    'app_secrets', 'gongkai_migrations', 'gongkai_migrations_lock')
              and not exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'gongkai_write_notify')
          loop
            execute format('create trigger gongkai_write_notify after insert or update or delete or truncate on %I '
                           'for each statement execute function gongkai_notify_write()', t);
            n := n + 1;
          end loop;
          return n;
        end $$`.execute(db);
      await sql`select gongkai_attach_write_triggers()`.execute(db);
      return;
    }
    await schema
      .createTable('rate_limit_hits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addColumn('reset_at', 'integer', (c) => c.notNull())
      .execute();
  },
  async down(schema, db) {
    if (schema.dialect === 'postgres') {
      const tables = await sql<{
        relname: string;
      }>`select c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid
        where g.tgname = 'gongkai_write_notify'`.execute(db);
      for (const t of tables.rows)
        await sql`drop trigger gongkai_write_notify on ${sql.id(t.relname)}`.execute(db);
      await sql`drop function if exists gongkai_attach_write_triggers()`.execute(db);
      await sql`drop function if exists gongkai_notify_write()`.execute(db);
    }
    await schema.dropTables('rate_limit_hits');
  },
});
