import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/config.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or — when
 * TEST_POSTGRES_URL is set — a new PostgreSQL database created for the run and dropped after.
 */
export interface TestDatabase extends DatabaseHandle {
  readonly target: DatabaseTarget;
  destroy(): Promise<void>;
}

export const testDialect = (): 'sqlite' | 'postgres' =>
  process.env.TEST_POSTGRES_URL ? 'postgres' : 'sqlite';

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (adminUrl) {
    const name = `gk_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const target: DatabaseTarget = { kind: 'postgres', url: url.toString() };
    const handle = await openDatabase(target);
    await migrateToLatest(handle.db, handle.dialect);
    return {
      ...handle,
      target,
      async destroy() {
        await handle.close();
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gk-test-'));
  const target: DatabaseTarget = { kind: 'sqlite', file: join(dir, 'test.db') };
  const handle = await openDatabase(target);
  await migrateToLatest(handle.db, handle.dialect);
  return {
    ...handle,
    target,
    async destroy() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For `describe(name, { skip: DATABASE_INDEPENDENT }, …)`: test files that never open the test database (command-line
 * tools on files, tools that make their own SQLite file) run once, in the SQLite tier, not again on PostgreSQL.
 */
export const DATABASE_INDEPENDENT: string | false =
  testDialect() === 'postgres' ? 'independent of the database: runs in the SQLite tier only' : false;
