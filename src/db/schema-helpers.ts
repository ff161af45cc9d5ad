import { type CreateTableBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from './database.ts';

/**
 * What the migrations are written with: `defineMigration` hands each `up`/`down` a `MigrationSchema`
 * (tables, indexes, drops, spelled per dialect), and the column shapes the tables repeat are builder
 * steps for `.$call(step)`. Each step adds its columns in the order given, so a table's DDL is exactly
 * what spelled-out `addColumn` calls produce: released migrations must not change what they create.
 */
type Table<T extends string> = CreateTableBuilder<T, string>;
type Step = <T extends string>(table: Table<T>) => Table<T>;

/** Adds an integer primary key that the database generates, spelled per dialect. */
function withId<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: Dialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

/** 64-bit integers (sort keys made of a date and an id): SQLite's `integer` is already 64-bit. */
function bigintType(dialect: Dialect): 'integer' | 'bigint' {
  return dialect === 'sqlite' ? 'integer' : 'bigint';
}

/** `agency_id`: the agency the row belongs to (required). */
export const agencyColumn: Step = (table) =>
  table.addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'));

/** Required text columns, in this order. */
export function requiredText(...names: string[]): Step {
  return (table) => names.reduce((t, name) => t.addColumn(name, 'text', (c) => c.notNull()), table);
}

/** Optional (nullable) text columns, in this order. */
export function optionalText(...names: string[]): Step {
  return (table) => names.reduce((t, name) => t.addColumn(name, 'text'), table);
}

/**
 * Who-and-when columns, typed by their name (docs of database.ts): `*_at` is a UTC timestamp (text),
 * required for `created_at` and `updated_at`, otherwise optional; `*_by` is the acting user's id
 * (integer, optional, without a foreign key).
 */
export function stamps(...names: (`${string}_at` | `${string}_by`)[]): Step {
  return (table) =>
    names.reduce((t, name) => {
      if (name.endsWith('_by')) return t.addColumn(name, 'integer');
      return name === 'created_at' || name === 'updated_at'
        ? t.addColumn(name, 'text', (c) => c.notNull())
        : t.addColumn(name, 'text');
    }, table);
}

/**
 * The columns of a file kept under UPLOAD_DIR (src/shared/stored-file.ts): its name, the name it is
 * stored under (unique where the table says so), type, size and SHA-256 digest.
 */
export function storedFileColumns(options: { uniqueStoredName: boolean }): Step {
  return (table) =>
    table
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('stored_name', 'text', (c) =>
        options.uniqueStoredName ? c.notNull().unique() : c.notNull(),
      )
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull());
}

/**
 * The schema operations of a migration, bound to its database and dialect: tables with a generated id,
 * indexes, counters, append-only tables, and drops.
 */
export class MigrationSchema {
  constructor(
    readonly db: Kysely<unknown>,
    readonly dialect: Dialect,
  ) {}

  /** The type of 64-bit integers (sort keys made of a date and an id). */
  get bigint(): 'integer' | 'bigint' {
    return bigintType(this.dialect);
  }

  /** A new table whose first column is the generated integer `id`. */
  tableWithId(name: string): Table<string> {
    return withId(this.db.schema.createTable(name), this.dialect);
  }

  /** A new table without the generated id (keyed otherwise). */
  createTable(name: string): Table<string> {
    return this.db.schema.createTable(name);
  }

  /** Adds an optional text column to an existing table. */
  async addTextColumn(table: string, column: string): Promise<void> {
    await this.db.schema.alterTable(table).addColumn(column, 'text').execute();
  }

  async dropColumn(table: string, column: string): Promise<void> {
    await this.db.schema.alterTable(table).dropColumn(column).execute();
  }

  /** `create [unique] index NAME on TABLE (COLUMNS)`. */
  async index(
    table: string,
    name: string,
    columns: string[],
    options: { unique?: boolean } = {},
  ): Promise<void> {
    const index = this.db.schema.createIndex(name).on(table).columns(columns);
    await (options.unique ? index.unique() : index).execute();
  }

  /**
   * A per-agency, per-year counter (serial numbers that restart each year): primary key
   * (agency_id, year) named `TABLE_pk`, and the last number handed out.
   */
  async agencyYearCounter(table: string, last: string): Promise<void> {
    await this.db.schema
      .createTable(table)
      .$call(agencyColumn)
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn(last, 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['agency_id', 'year'])
      .execute();
  }

  /** Makes a table append-only: UPDATE and DELETE are refused by the database itself. */
  async appendOnly(table: string): Promise<void> {
    await makeAppendOnly(this.db, this.dialect, table);
  }

  /** Drops the tables in the order given (dependants first). */
  async dropTables(...tables: string[]): Promise<void> {
    for (const table of tables) await this.db.schema.dropTable(table).execute();
  }

  /** Drops the indexes in the order given. */
  async dropIndexes(...indexes: string[]): Promise<void> {
    for (const index of indexes) await this.db.schema.dropIndex(index).execute();
  }
}

/** A migration written against MigrationSchema (with the raw handle for data and dialect-specific SQL). */
export interface SchemaMigration {
  up(schema: MigrationSchema, db: Kysely<unknown>): Promise<void>;
  down(schema: MigrationSchema, db: Kysely<unknown>): Promise<void>;
}

/** Makes a migration for the migrator, which builds each migration for the database's dialect. */
export function defineMigration(migration: SchemaMigration): (dialect: Dialect) => Migration {
  return (dialect) => ({
    up: (db) => migration.up(new MigrationSchema(db, dialect), db),
    down: (db) => migration.down(new MigrationSchema(db, dialect), db),
  });
}

/** Makes a table append-only: UPDATE and DELETE are refused by the database itself. */
async function makeAppendOnly(db: Kysely<unknown>, dialect: Dialect, table: string): Promise<void> {
  const refusal = `${table} is append-only`;
  if (dialect === 'sqlite') {
    for (const event of ['update', 'delete']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${event} BEFORE ${event.toUpperCase()} ON ${table} BEGIN SELECT RAISE(ABORT, '${refusal}'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION ${table}_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '${refusal}'; END $$ LANGUAGE plpgsql`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
    )
    .execute(db);
}
