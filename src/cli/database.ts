import { type Config, loadConfig } from '../config.ts';
import { DatabaseOpenError, openDatabase } from '../db/connect.ts';
import type { Db } from '../db/database.ts';
import { MigrationError, migrateToLatest } from '../db/migrate.ts';
import type { Io } from '../shared/io.ts';

/** Loads the config, opens and migrates the database, runs `fn`, closes; config and database problems → 1. */
export async function withConfiguredDatabase(
  io: Io,
  fn: (env: { db: Db; config: Config; description: string }) => Promise<number>,
): Promise<number> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    io.stderr('配置有误：');
    for (const p of loaded.problems) io.stderr(`  - ${p}`);
    return 1;
  }
  try {
    const handle = await openDatabase(loaded.config.database);
    try {
      await migrateToLatest(handle.db, handle.dialect);
      return await fn({ db: handle.db, config: loaded.config, description: handle.description });
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof DatabaseOpenError || err instanceof MigrationError) {
      io.stderr(err.message);
      return 1;
    }
    throw err;
  }
}
