/**
 * Backup and restore (issue 12 item 2; docs/decisions/011-backup-and-durability.md).
 *
 * `runBackup` writes, while the system serves, a consistent snapshot of the database — every table as
 * JSON Lines read inside one snapshot (PostgreSQL: one REPEATABLE READ READ ONLY transaction; SQLite: the
 * online backup API's copy, which is itself kept, read back) — then the files under UPLOAD_DIR, and
 * `manifest.json` with the checksums of all of it. It writes into `DIR.partial` and renames that to `DIR`
 * at the end, so a half backup never looks whole.
 *
 * `runRestore` checks the manifest and every checksum first, then restores into an empty database (of
 * either dialect) and an empty UPLOAD_DIR, in one transaction.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type Dirent, readFileSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import {
  appliedMigrations,
  MigrationError,
  migrateToLatest,
  migrateUpTo,
  migrationNames,
} from '../db/migrate.ts';
import type { Deps } from '../shared/deps.ts';
import type { Io } from '../shared/io.ts';
import {
  countRows,
  deferForeignKeys,
  deleteAllRows,
  insertRows,
  readPage,
  resetSequences,
  sqliteFile,
  type TableShape,
  tableShapes,
} from './backup.repository.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupFile,
  type BackupTable,
  decodeRow,
  encodeRow,
  fileProblem,
  insertBatchSize,
  MANIFEST_FILE,
  type Manifest,
  manifestText,
  migrationProblem,
  orderTables,
  parseManifest,
  SQLITE_COPY_FILE,
  TRANSIENT_UPLOAD_FOLDERS,
  tableFile,
  tableWithData,
  uploadFile,
} from './manifest.rules.ts';

/** Rows read per page while exporting: memory stays flat whatever a table's size. */
const PAGE_ROWS = 500;

export type BackupOutcome =
  | {
      readonly ok: true;
      readonly dir: string;
      readonly manifest: Manifest;
      /** Files of UPLOAD_DIR that disappeared between the listing and the copy (deleted meanwhile). */
      readonly vanished: number;
    }
  | { readonly ok: false; readonly problem: string };

export type RestoreOutcome =
  | { readonly ok: true; readonly manifest: Manifest; readonly rows: number; readonly files: number }
  | { readonly ok: false; readonly problem: string };

const quietIo: Io = { stdout: () => {}, stderr: () => {} };

function gongkaiVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException)?.code === 'ENOENT';

/** Writes lines to a file with back-pressure, hashing and counting what is written; synced on close. */
class HashedWriter {
  private readonly hash = createHash('sha256');
  private readonly stream;
  private bytes = 0;
  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }
  async write(text: string): Promise<void> {
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async close(): Promise<{ size: number; sha256: string }> {
    this.stream.end();
    await once(this.stream, 'finish');
    await syncFile(this.path);
    return { size: this.bytes, sha256: this.hash.digest('hex') };
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Every regular file under `root` (relative, `/`-separated), transient folders left out. */
async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, e.name);
      const rel = relative(root, full).split(sep).join('/');
      if (e.isDirectory()) {
        if (dir === root && TRANSIENT_UPLOAD_FOLDERS.includes(e.name)) continue;
        await walk(full);
      } else if (e.isFile()) out.push(rel);
    }
  };
  await walk(root);
  return out;
}

/** Writes every table, in restore order, as JSON Lines into `folder/tables/`. */
async function exportTables(
  db: Kysely<Database>,
  dialect: Dialect,
  folder: string,
  io: Io,
): Promise<{ migration: string; tables: BackupTable[]; files: BackupFile[] }> {
  const migrations = await sql<{ name: string }>`
    select name from gongkai_migrations order by name desc limit 1`.execute(db);
  const migration = migrations.rows[0]?.name;
  if (!migration) throw new Error('数据库尚未迁移，没有可备份的数据表。');
  const shapes = await tableShapes(db, dialect);
  const byName = new Map(shapes.map((s) => [s.name, s]));
  const order = orderTables(shapes);
  await mkdir(join(folder, 'tables'), { recursive: true });
  const tables: BackupTable[] = [];
  const files: BackupFile[] = [];
  for (const name of order) {
    const shape = byName.get(name) as TableShape;
    const file = tableFile(name);
    const writer = new HashedWriter(join(folder, file));
    let rows = 0;
    let after: unknown[] | null = null;
    for (;;) {
      const page = await readPage(db, shape, after, rows, PAGE_ROWS);
      if (page.length > 0)
        await writer.write(
          page
            .map((row) => `${JSON.stringify(encodeRow(row, shape.columns, shape.binaryColumns))}\n`)
            .join(''),
        );
      rows += page.length;
      if (page.length < PAGE_ROWS) break;
      const last = page[page.length - 1] as Record<string, unknown>;
      after = shape.key.map((k) => last[k]);
    }
    const written = await writer.close();
    tables.push({ name, rows, columns: shape.columns, binaryColumns: shape.binaryColumns, file });
    files.push({ path: file, ...written });
    io.stdout(`数据表 ${name}：${rows} 行`);
  }
  return { migration, tables, files };
}

/**
 * SQLite: the online backup API copies the live database into `copy` (in one step, so writes by other
 * connections meanwhile cannot restart it half-way), then the tables are exported from that copy.
 */
async function sqliteSnapshot(source: string, folder: string, io: Io) {
  const copy = join(folder, SQLITE_COPY_FILE);
  const live = new SQLite(source, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    await live.backup(copy, { progress: () => 0x7fffffff });
  } finally {
    live.close();
  }
  const snapshot = new SQLite(copy);
  // A file that stands alone: no WAL beside it.
  snapshot.pragma('journal_mode = DELETE');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: snapshot }) });
  try {
    const exported = await exportTables(db, 'sqlite', folder, io);
    return exported;
  } finally {
    await db.destroy();
  }
}

async function isEmptyOrMissing(dir: string): Promise<'missing' | 'empty' | 'not-empty' | 'not-dir'> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) return 'not-dir';
    return (await readdir(dir)).length === 0 ? 'empty' : 'not-empty';
  } catch (err) {
    if (isMissing(err)) return 'missing';
    throw err;
  }
}

/**
 * Backs up the database and UPLOAD_DIR into `dir` (empty or not existing), while the system serves.
 * Used by `gongkai backup` and by scheduled backups.
 */
export async function runBackup(
  deps: Pick<Deps, 'config' | 'db' | 'dialect' | 'clock'>,
  dir: string,
  io: Io = quietIo,
): Promise<BackupOutcome> {
  const target = resolve(dir);
  const partial = `${target}.partial`;
  const state = await isEmptyOrMissing(target);
  if (state === 'not-dir') return { ok: false, problem: `${target} 不是目录。` };
  if (state === 'not-empty')
    return { ok: false, problem: `备份目录 ${target} 不是空目录；请给出一个新的或空的目录。` };
  if ((await isEmptyOrMissing(partial)) !== 'missing')
    return {
      ok: false,
      problem: `${partial} 已存在（上次未完成的备份）；确认无用后请先删除它。`,
    };
  const uploads = resolve(deps.config.uploadDir);
  if (target === uploads || target.startsWith(`${uploads}${sep}`))
    return { ok: false, problem: `备份目录不能在上传文件目录 ${uploads} 之中。` };
  const createdAt = deps.clock.now().toISOString();
  let sqliteSource: string | null = null;
  if (deps.dialect === 'sqlite') {
    sqliteSource = await sqliteFile(deps.db);
    if (sqliteSource === null) return { ok: false, problem: '内存中的 SQLite 数据库无法备份。' };
  }
  await mkdir(partial, { recursive: true });
  try {
    io.stdout('正在备份数据库……');
    const exported =
      sqliteSource !== null
        ? await sqliteSnapshot(sqliteSource, partial, io)
        : await deps.db
            .transaction()
            .setIsolationLevel('repeatable read')
            .setAccessMode('read only')
            .execute((trx) => exportTables(trx, deps.dialect, partial, io));
    const files: BackupFile[] = [...exported.files];
    if (sqliteSource !== null) {
      const copy = join(partial, SQLITE_COPY_FILE);
      await syncFile(copy);
      files.push({ path: SQLITE_COPY_FILE, ...(await hashFile(copy)) });
    }
    // The files after the snapshot: every file a backed-up row names was there when it was taken.
    io.stdout(`正在复制上传文件（${uploads}）……`);
    const root = uploads;
    let vanished = 0;
    for (const rel of await listFiles(root)) {
      const path = uploadFile(rel);
      const dest = join(partial, path);
      await mkdir(dirname(dest), { recursive: true });
      try {
        await copyFile(join(root, rel), dest);
      } catch (err) {
        if (isMissing(err)) {
          vanished += 1;
          continue;
        }
        throw err;
      }
      await syncFile(dest);
      files.push({ path, ...(await hashFile(dest)) });
    }
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      gongkaiVersion: gongkaiVersion(),
      createdAt,
      sourceDialect: deps.dialect,
      migration: exported.migration,
      tables: exported.tables,
      files,
    };
    const manifestPath = join(partial, MANIFEST_FILE);
    const handle = await open(manifestPath, 'w');
    try {
      await handle.writeFile(manifestText(manifest), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (state === 'empty') await rmdir(target);
    await rename(partial, target);
    await syncFile(dirname(target)).catch(() => {});
    return { ok: true, dir: target, manifest, vanished };
  } catch (err) {
    await rm(partial, { recursive: true, force: true }).catch(() => {});
    return { ok: false, problem: `备份失败：${errorText(err)}` };
  }
}

/** Checks the manifest and every file it lists; the manifest, or the first problem. */
export async function verifyBackup(
  dir: string,
): Promise<{ ok: true; manifest: Manifest } | { ok: false; problem: string }> {
  const folder = resolve(dir);
  let text: string;
  try {
    text = await readFile(join(folder, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if (isMissing(err))
      return { ok: false, problem: `${folder} 中没有 ${MANIFEST_FILE}，不是 Gongkai 的备份。` };
    throw err;
  }
  const parsed = parseManifest(text);
  if (!parsed.ok) return parsed;
  for (const f of parsed.manifest.files) {
    let actual: { size: number; sha256: string } | null;
    try {
      actual = await hashFile(join(folder, f.path));
    } catch (err) {
      if (!isMissing(err)) throw err;
      actual = null;
    }
    const problem = fileProblem(f, actual);
    if (problem) return { ok: false, problem };
  }
  return parsed;
}

/** Row counts of a database freshly migrated to `migration` (what the migrations seed), per table. */
async function freshCounts(migration: string): Promise<Map<string, number>> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  try {
    await migrateUpTo(db, 'sqlite', migration);
    const counts = new Map<string, number>();
    for (const shape of await tableShapes(db, 'sqlite'))
      counts.set(shape.name, await countRows(db, shape.name));
    return counts;
  } finally {
    await db.destroy();
  }
}

async function* jsonLines(path: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line !== '') yield JSON.parse(line) as Record<string, unknown>;
}

export interface RestoreTarget {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly uploadDir: string;
}

/**
 * Restores the backup in `dir` into an empty database and an empty UPLOAD_DIR: refuses, before writing
 * anything, a backup whose manifest or any file does not check out, a backup of a later migration than
 * this code's, a database that holds data, or an upload folder that holds files.
 */
export async function runRestore(
  target: RestoreTarget,
  dir: string,
  io: Io = quietIo,
): Promise<RestoreOutcome> {
  const folder = resolve(dir);
  io.stdout('正在校验备份……');
  const verified = await verifyBackup(folder);
  if (!verified.ok) return verified;
  const manifest = verified.manifest;
  const tooNew = migrationProblem(manifest.migration, migrationNames());
  if (tooNew) return { ok: false, problem: tooNew };
  const uploadRoot = resolve(target.uploadDir);
  const present = await listFiles(uploadRoot);
  if (present.length > 0)
    return {
      ok: false,
      problem: `上传文件目录 ${uploadRoot} 中已有文件（如 ${present[0]}）；恢复只能写入空目录。`,
    };

  try {
    await migrateUpTo(target.db, target.dialect, manifest.migration);
  } catch (err) {
    if (err instanceof MigrationError) return { ok: false, problem: err.message };
    throw err;
  }
  const current = (await appliedMigrations(target.db, target.dialect)).at(-1) ?? manifest.migration;
  const shapes = new Map((await tableShapes(target.db, target.dialect)).map((s) => [s.name, s]));
  for (const t of manifest.tables) {
    const shape = shapes.get(t.name);
    if (!shape) return { ok: false, problem: `目标数据库中没有数据表 ${t.name}，无法恢复。` };
    const missing = t.columns.find((c) => !shape.columns.includes(c));
    if (missing)
      return { ok: false, problem: `目标数据库的数据表 ${t.name} 中没有列 ${missing}，无法恢复。` };
  }
  const fresh = await freshCounts(current);
  const counts = new Map<string, number>();
  for (const name of shapes.keys()) counts.set(name, await countRows(target.db, name));
  const occupied = tableWithData(counts, fresh);
  if (occupied)
    return {
      ok: false,
      problem: `目标数据库中已有数据（数据表 ${occupied.table} 有 ${occupied.rows} 行）；恢复只能写入空数据库。`,
    };

  const copied: string[] = [];
  let rows = 0;
  const uploads = manifest.files.filter((f) => f.path.startsWith('uploads/'));
  try {
    io.stdout(`正在恢复上传文件到 ${uploadRoot}（${uploads.length} 个）……`);
    for (const f of uploads) {
      const dest = join(uploadRoot, f.path.slice('uploads/'.length));
      await mkdir(dirname(dest), { recursive: true });
      await copyFile(join(folder, f.path), dest);
      copied.push(dest);
    }
    io.stdout('正在恢复数据库……');
    const restoreOrder = manifest.tables.map((t) => t.name);
    await target.db.transaction().execute(async (trx) => {
      await deferForeignKeys(trx, target.dialect);
      // The rows the migrations seeded make way for the backup's (dependants first); a table the backup
      // does not have (added by a later migration) keeps its seed.
      for (const name of [...shapes.keys()].reverse())
        if ((counts.get(name) ?? 0) > 0 && restoreOrder.includes(name)) await deleteAllRows(trx, name);
      for (const t of manifest.tables) {
        const batch: Record<string, unknown>[] = [];
        const size = insertBatchSize(t.columns.length);
        let n = 0;
        for await (const json of jsonLines(join(folder, t.file))) {
          batch.push(decodeRow(json, t.columns, t.binaryColumns));
          n += 1;
          if (batch.length >= size) await insertRows(trx, t.name, t.columns, batch.splice(0));
        }
        await insertRows(trx, t.name, t.columns, batch);
        if (n !== t.rows) throw new Error(`数据表 ${t.name} 的文件有 ${n} 行，清单为 ${t.rows} 行`);
        rows += n;
        io.stdout(`数据表 ${t.name}：${n} 行`);
      }
      await resetSequences(trx, target.dialect, restoreOrder);
    });
  } catch (err) {
    for (const path of copied) await unlink(path).catch(() => {});
    return { ok: false, problem: `恢复失败，数据库未作改动：${errorText(err)}` };
  }
  // A backup of an earlier version: the data is in, the later migrations bring it up to date.
  try {
    await migrateToLatest(target.db, target.dialect);
  } catch (err) {
    if (err instanceof MigrationError)
      return { ok: false, problem: `数据已恢复，但迁移到最新版本失败：${err.message}` };
    throw err;
  }
  return { ok: true, manifest, rows, files: uploads.length };
}
