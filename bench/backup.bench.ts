/**
 * Backup and restore (decision 011) of a SQLite database with a big table: 200,000 audit entries
 * (~300 bytes each) beside the demo.
 * 1. `runBackup` (online backup copy + JSON Lines export of every table + manifest) vs the online
 *    backup copy alone (better-sqlite3 `backup()`), and the process's peak memory growth during it
 *    against the size of the data (memory stays flat: the export reads 500 rows at a time);
 * 2. `runRestore` of that backup into an empty SQLite database, in rows per second.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { runBackup, runRestore } from '../src/backup/backup.service.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemoIfEmpty } from '../src/demo/demo.ts';
import { fixedClock } from '../src/shared/clock.ts';

const ROWS = Number(process.env.BACKUP_BENCH_ROWS ?? 200_000);

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-backup-'));
  try {
    const file = join(dir, 'source.db');
    const source = await openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(source.db, source.dialect);
    await loadDemoIfEmpty(source.db, '2026-11-25T02:00:00.000Z', 'Bench-Pass-2026');
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS})
      insert into audit_log (at, user_id, user_login, agency_id, action, entity_type, entity_id, summary, after_json)
      select '2026-11-25T02:00:00.000Z', 1, 'demo-clerk', 4, 'application.update', 'application', i,
             '修改申请 ' || i || ' 的联系方式和所需信息的内容描述', '{"phone":"13800000000","address":"长春市宽城区欣园路' || i || '号"}'
      from n`.execute(source.db);
    const dbBytes = statSync(file).size;
    const loaded = loadConfig({
      NODE_ENV: 'test',
      SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghijklmnop',
      UPLOAD_DIR: join(dir, 'uploads'),
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const deps = {
      config: loaded.config,
      db: source.db,
      dialect: source.dialect,
      clock: fixedClock('2026-11-25T02:00:00.000Z'),
    };

    // Baseline: the online backup copy alone.
    const t0 = performance.now();
    const live = new SQLite(file);
    await live.backup(join(dir, 'copy.db'), { progress: () => 0x7fffffff });
    live.close();
    const copyMs = performance.now() - t0;

    let peak = 0;
    const rssBefore = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss - rssBefore);
    }, 20);
    const t1 = performance.now();
    const backup = await runBackup(deps, join(dir, 'backup'));
    const backupMs = performance.now() - t1;
    clearInterval(sampler);
    if (!backup.ok) throw new Error(backup.problem);
    const rows = backup.manifest.tables.reduce((n, t) => n + t.rows, 0);
    const jsonBytes = backup.manifest.files
      .filter((f) => f.path.startsWith('tables/'))
      .reduce((n, f) => n + f.size, 0);
    console.log(
      `backup of a SQLite database of ${(dbBytes / 1e6).toFixed(0)} MB (${rows} rows, JSON Lines ${(jsonBytes / 1e6).toFixed(0)} MB): ${(backupMs / 1000).toFixed(2)} s, peak memory growth ${(peak / 1e6).toFixed(0)} MB | baseline online backup copy alone: ${(copyMs / 1000).toFixed(2)} s | ratio ${(backupMs / copyMs).toFixed(1)}×`,
    );
    await source.close();

    const target = await openDatabase({ kind: 'sqlite', file: join(dir, 'restored.db') });
    const t2 = performance.now();
    const restored = await runRestore(
      { db: target.db, dialect: target.dialect, uploadDir: join(dir, 'restored-uploads') },
      join(dir, 'backup'),
    );
    const restoreMs = performance.now() - t2;
    await target.close();
    if (!restored.ok) throw new Error(restored.problem);
    console.log(
      `restore of that backup into an empty SQLite database (checksums, migrations, one transaction): ${(restoreMs / 1000).toFixed(2)} s, ${((restored.rows / restoreMs) * 1000).toFixed(0)} rows/s | ratio to the backup ${(restoreMs / backupMs).toFixed(1)}×`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
