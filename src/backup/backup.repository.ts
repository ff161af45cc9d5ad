/**
 * The database as a backup sees it: every table, whatever its capability, read from the database's
 * own catalogue (so tables added by later migrations are backed up without a change here), read page by
 * page, and written back. The only SQL of the backup; it names no application table.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import { MIGRATION_TABLES } from '../db/migrate.ts';

/** A database handle or a transaction on it. */
type Db = Kysely<Database>;

export interface TableShape {
  readonly name: string;
  /** Columns a row is written with, in the table's order (generated columns left out). */
  readonly columns: readonly string[];
  readonly binaryColumns: readonly string[];
  /** The primary key's columns (empty: none), for paging. */
  readonly key: readonly string[];
  /** Tables its foreign keys reference. */
  readonly references: readonly string[];
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const ident = (name: string) => sql.raw(quote(name));

/** The application's tables (the migrations' own left out), in the order the database created them. */
export async function tableShapes(db: Db, dialect: Dialect): Promise<TableShape[]> {
  return dialect === 'sqlite' ? sqliteShapes(db) : postgresShapes(db);
}

async function sqliteShapes(db: Db): Promise<TableShape[]> {
  const tables = await sql<{ name: string; sql: string | null }>`
    select name, sql from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by rowid`.execute(
    db,
  );
  const virtual = tables.rows
    .filter((t) => /^\s*create\s+virtual\s+table/i.test(t.sql ?? ''))
    .map((t) => t.name);
  const shapes: TableShape[] = [];
  for (const { name } of tables.rows) {
    if (MIGRATION_TABLES.includes(name) || virtual.some((v) => name === v || name.startsWith(`${v}_`)))
      continue;
    const cols = await sql<{ name: string; type: string; pk: number; hidden: number }>`
      select name, type, pk, hidden from pragma_table_xinfo(${name}) order by cid`.execute(db);
    const fks = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(
      db,
    );
    const stored = cols.rows.filter((c) => c.hidden === 0);
    shapes.push({
      name,
      columns: stored.map((c) => c.name),
      binaryColumns: stored.filter((c) => /blob/i.test(c.type)).map((c) => c.name),
      key: stored
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      references: [...new Set(fks.rows.map((f) => f.table))],
    });
  }
  return shapes;
}

async function postgresShapes(db: Db): Promise<TableShape[]> {
  const cols = await sql<{
    table_name: string;
    column_name: string;
    type_name: string;
    attnum: number;
    generated: string;
  }>`
    select c.relname as table_name, a.attname as column_name, t.typname as type_name, a.attnum,
           a.attgenerated as generated
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join pg_type t on t.oid = a.atttypid
    where n.nspname = current_schema() and c.relkind = 'r'
    order by c.oid, a.attnum`.execute(db);
  const keys = await sql<{ table_name: string; column_name: string; position: number }>`
    select c.relname as table_name, a.attname as column_name, k.position
    from pg_constraint p
    join pg_class c on c.oid = p.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(p.conkey) with ordinality as k(attnum, position)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where n.nspname = current_schema() and p.contype = 'p'
    order by c.relname, k.position`.execute(db);
  const fks = await sql<{ table_name: string; referenced: string }>`
    select c.relname as table_name, r.relname as referenced
    from pg_constraint p
    join pg_class c on c.oid = p.conrelid
    join pg_class r on r.oid = p.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and p.contype = 'f'`.execute(db);
  const order: string[] = [];
  const byTable = new Map<string, { columns: string[]; binary: string[] }>();
  for (const c of cols.rows) {
    if (MIGRATION_TABLES.includes(c.table_name)) continue;
    let entry = byTable.get(c.table_name);
    if (!entry) {
      entry = { columns: [], binary: [] };
      byTable.set(c.table_name, entry);
      order.push(c.table_name);
    }
    if (c.generated !== '') continue;
    entry.columns.push(c.column_name);
    if (c.type_name === 'bytea') entry.binary.push(c.column_name);
  }
  return order.map((name) => {
    const entry = byTable.get(name) as { columns: string[]; binary: string[] };
    return {
      name,
      columns: entry.columns,
      binaryColumns: entry.binary,
      key: keys.rows.filter((k) => k.table_name === name).map((k) => k.column_name),
      references: [...new Set(fks.rows.filter((f) => f.table_name === name).map((f) => f.referenced))],
    };
  });
}

export async function countRows(db: Db, table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${ident(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * One page of a table's rows in primary-key order, after the row whose key is `after` (null: from the
 * start). A table without a primary key is paged by offset (`offset`), which is exact inside one snapshot.
 */
export async function readPage(
  db: Db,
  shape: TableShape,
  after: readonly unknown[] | null,
  offset: number,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const columns = sql.join(shape.columns.map(ident));
  if (shape.key.length === 0) {
    const order = sql.join(shape.columns.map(ident));
    const r = await sql<Record<string, unknown>>`
      select ${columns} from ${ident(shape.name)} order by ${order} limit ${limit} offset ${offset}`.execute(
      db,
    );
    return r.rows;
  }
  const key = sql.join(shape.key.map(ident));
  const where = after === null ? sql`` : sql`where (${key}) > (${sql.join(after.map((v) => sql`${v}`))})`;
  const r = await sql<Record<string, unknown>>`
    select ${columns} from ${ident(shape.name)} ${where} order by ${key} limit ${limit}`.execute(db);
  return r.rows;
}

/** Inserts rows (all with the same columns) in one statement. */
export async function insertRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((row) => sql`(${sql.join(columns.map((c) => sql`${row[c] ?? null}`))})`));
  await sql`insert into ${ident(table)} (${sql.join(columns.map(ident))}) values ${values}`.execute(db);
}

/** Removes every row of a table (the rows the migrations seeded, before a restore puts the backup's). */
export async function deleteAllRows(db: Db, table: string): Promise<void> {
  await sql`delete from ${ident(table)}`.execute(db);
}

/**
 * PostgreSQL: moves each identity or serial column's sequence past the largest id restored, so the next
 * generated id follows. (SQLite's AUTOINCREMENT counter follows inserted ids by itself.)
 */
export async function resetSequences(db: Db, dialect: Dialect, tables: readonly string[]): Promise<void> {
  if (dialect !== 'postgres') return;
  const seqs = await sql<{ table_name: string; column_name: string; seq: string }>`
    select c.relname as table_name, a.attname as column_name,
           pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = current_schema() and c.relkind = 'r'
      and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`.execute(db);
  for (const s of seqs.rows) {
    if (!tables.includes(s.table_name)) continue;
    await sql`select setval(${s.seq}::regclass, coalesce((select max(${ident(s.column_name)}) from ${ident(
      s.table_name,
    )}), 0) + 1, false)`.execute(db);
  }
}

/** SQLite: foreign keys checked at commit rather than per statement, inside the restore's transaction. */
export async function deferForeignKeys(db: Db, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(db);
}

/** The SQLite file the database lives in (null: an in-memory database). */
export async function sqliteFile(db: Db): Promise<string | null> {
  const r = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
  const main = r.rows.find((row) => row.name === 'main');
  return main?.file ? main.file : null;
}
