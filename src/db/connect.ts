import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config.ts';
import type { Database, Dialect } from './database.ts';
import { WriteTracker } from './write-version.ts';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** A description without credentials, for logs and messages. */
  readonly description: string;
  close(): Promise<void>;
}

// bigint/numeric come back as strings from pg by default: our counts and ids fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export class DatabaseOpenError extends Error {}

/** Opens the configured database. Throws DatabaseOpenError with a Chinese message on failure. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'sqlite') {
    const file = target.file === ':memory:' ? ':memory:' : resolve(target.file);
    let sqlite: SQLite.Database;
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      sqlite = new SQLite(file);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      // FULL: the WAL is synced at every commit, so an acknowledged submission (a receipt is a legal
      // date) survives a power loss, not only a crash of the process; the group commit of registrations
      // (decision 007) keeps the throughput (measured in docs/decisions/011-backup-and-durability.md).
      sqlite.pragma('synchronous = FULL');
    } catch (err) {
      throw new DatabaseOpenError(`无法打开 SQLite 数据库 ${file}：${(err as Error).message}`);
    }
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      plugins: [new WriteTracker()],
    });
    return { db, dialect: 'sqlite', description: `sqlite:${file}`, close: () => db.destroy() };
  }
  // JIT compilation off: the app's statements are short, and PostgreSQL's cost-based trigger compiles
  // the search's per-posting probes for 15–20 ms each time (docs/decisions/004-chinese-search.md).
  const pool = new pg.Pool({ connectionString: target.url, max: 10, options: '-c jit=off' });
  pool.on('error', () => {
    /* idle client errors are surfaced on the next query */
  });
  // A client checked out between two statements of a transaction has no listener of the pool's: when
  // PostgreSQL restarts or ends the connection then, its 'error' event would crash the process. The
  // failure reaches the transaction's next statement instead, and the pool drops the broken client on
  // release (decision 012).
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const safe = redactUrl(target.url);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new DatabaseOpenError(`无法连接 PostgreSQL 数据库 ${safe}：${(err as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new WriteTracker()] });
  return { db, dialect: 'postgres', description: safe, close: () => db.destroy() };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
