import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { runBackup, runRestore } from '../../src/backup/backup.service.ts';
import { MANIFEST_FILE, type Manifest } from '../../src/backup/manifest.rules.ts';
import type { DatabaseTarget } from '../../src/config.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect.ts';
import type { Database, Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { main } from '../../src/main.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import type { Io } from '../../src/shared/io.ts';
import { applyOnline, type FilePart } from '../support/apply-form.ts';
import { startTestApp, type TestContext } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase, testDialect } from '../support/test-db.ts';

const work = mkdtempSync(join(tmpdir(), 'gk-backup-'));
after(() => rmSync(work, { recursive: true, force: true }));
let folders = 0;
const newFolder = (name: string): string => {
  folders += 1;
  const dir = join(work, `${name}-${folders}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

const id17 = '22010319800101301';
const answers = (i: number) => ({
  applicantType: 'naturalPerson',
  applicantName: `备份申请人${i}`,
  idDocType: 'resident_id',
  idDocName: '',
  idDocNumber: `${id17}${residentIdCheckChar(id17)}`,
  creditCode: '',
  contactPerson: '',
  phone: '13811112222',
  email: '',
  address: '长春市宽城区备份路1号',
  postcode: '130051',
  request: `欣园街道2026年第${i}号社区工程的验收报告`,
  purpose: '',
  formWanted: 'paper',
  delivery: 'post',
});
/** A small JPEG-looking file with bytes of every value, different for each `seed`. */
const photo = (seed: number): Buffer =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    randomBytes(2048),
    Buffer.from([seed & 255, 0, 255]),
  ]);
const idFiles = (seed: number): FilePart[] => [
  { field: 'idFiles', name: '身份证正面.jpg', content: photo(seed) },
  { field: 'idFiles', name: '身份证反面.jpg', content: photo(seed + 1000) },
];

/** A published report's stored file: bytes in the database (`blob` / `bytea`), every byte value in it. */
async function storeReportFile(db: Db): Promise<void> {
  const content = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(4096)]);
  await db
    .insertInto('report_files')
    .values({
      report_id: 1,
      format: 'pdf',
      source_sha256: 'f'.repeat(64),
      file_name: '2020年报.pdf',
      mime: 'application/pdf',
      size: content.length,
      sha256: 'e'.repeat(64),
      content,
      created_at: '2026-11-25T02:00:00.000Z',
    } as never)
    .execute();
}

type Rows = Map<string, string[]>;

/** Every row of every table the backup holds, normalised (bytes as base64) and sorted, per table. */
async function contentOf(db: Db, tables: readonly string[]): Promise<Rows> {
  const out: Rows = new Map();
  for (const table of tables) {
    const rows = await db
      .selectFrom(table as never)
      .selectAll()
      .execute();
    out.set(
      table,
      rows
        .map((row) =>
          JSON.stringify(
            Object.fromEntries(
              Object.entries(row as Record<string, unknown>)
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([k, v]) => [
                  k,
                  v instanceof Uint8Array
                    ? `base64:${Buffer.from(v).toString('base64')}`
                    : typeof v === 'bigint'
                      ? Number(v)
                      : v,
                ]),
            ),
          ),
        )
        .sort(),
    );
  }
  return out;
}

function assertSameContent(actual: Rows, expected: Rows): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()]);
  for (const [table, rows] of expected) {
    const got = actual.get(table) ?? [];
    assert.equal(got.length, rows.length, `rows of ${table}`);
    assert.deepEqual(got, rows, `content of ${table}`);
  }
}

/** Every file under `root` (relative path → bytes). */
function filesUnder(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!existsSync(root)) return out;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.set(relative(root, full).split(sep).join('/'), readFileSync(full));
  }
  return out;
}

function assertSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [path, bytes] of expected) assert.ok(actual.get(path)?.equals(bytes), `bytes of ${path}`);
}

const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
const tablesOf = (dir: string): string[] => manifestOf(dir).tables.map((t) => t.name);

/** A database never migrated: a new SQLite file, or a new PostgreSQL database (dropped afterwards). */
async function bareDatabase(
  dialect: 'sqlite' | 'postgres',
): Promise<DatabaseHandle & { url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const file = join(newFolder('bare-sqlite'), 'restored.db');
    const handle = await openDatabase({ kind: 'sqlite', file });
    return { ...handle, url: `sqlite:${file}`, drop: () => handle.close() };
  }
  const adminUrl = process.env.TEST_POSTGRES_URL as string;
  const name = `gk_restore_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    ...handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function collectingIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s) };
}

const urlOf = (target: DatabaseTarget): string =>
  target.kind === 'sqlite' ? `sqlite:${target.file}` : target.url;

describe(`backup and restore (${testDialect()})`, () => {
  let t: TestContext;
  let agencyId: number;
  const uploadDir = newFolder('uploads');
  const deps = () => ({ config: t.config, db: t.database.db, dialect: t.database.dialect, clock: t.clock });
  const restored: TestDatabase[] = [];
  const fresh = async (): Promise<TestDatabase> => {
    const db = await createTestDatabase();
    restored.push(db);
    return db;
  };
  let quiet = '';

  before(async () => {
    t = await startTestApp({ config: { UPLOAD_DIR: uploadDir } });
    agencyId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!.id;
    await storeReportFile(t.database.db);
    for (let i = 0; i < 3; i++) await applyOnline(t, t.agent(), agencyId, answers(i), idFiles(i));
  });
  after(async () => {
    await t.close();
    for (const db of restored) await db.destroy();
  });

  it('a backup taken while the public submits restores into an empty database with every row consistent', async () => {
    const before = (await t.database.db.selectFrom('applications').select('id').execute()).length;
    const dir = join(newFolder('during'), 'backup');
    const submitted: string[] = [];
    const load = (async () => {
      for (let i = 10; i < 16; i++)
        submitted.push(await applyOnline(t, t.agent(), agencyId, answers(i), idFiles(i)));
    })();
    const backup = runBackup(deps(), dir);
    const [outcome] = await Promise.all([backup, load]);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.problem);
    assert.equal(submitted.length, 6);
    assert.equal(existsSync(`${dir}.partial`), false, 'the partial folder is renamed at the end');
    const manifest = manifestOf(dir);
    const inBackup = manifest.tables.find((x) => x.name === 'applications')?.rows ?? 0;
    assert.ok(inBackup >= before && inBackup <= before + 6, `${inBackup} applications in the backup`);

    const target = await fresh();
    const restoredUploads = newFolder('restored-uploads');
    const r = await runRestore({ db: target.db, dialect: target.dialect, uploadDir: restoredUploads }, dir);
    assert.ok(r.ok, r.ok ? '' : r.problem);
    // Each table as many rows as the manifest says; each restored application as the source holds it,
    // with its receipt event and its identity documents' files (one snapshot: no half submission).
    for (const table of manifest.tables) {
      const n = (await contentOf(target.db, [table.name])).get(table.name)?.length;
      assert.equal(n, table.rows, `rows of ${table.name}`);
    }
    const source = await contentOf(t.database.db, ['applications', 'application_uploads']);
    const back = await contentOf(target.db, ['applications', 'application_uploads', 'application_events']);
    for (const row of back.get('applications') ?? []) assert.ok(source.get('applications')?.includes(row));
    for (const row of back.get('application_uploads') ?? [])
      assert.ok(source.get('application_uploads')?.includes(row));
    const withEvents = new Set(
      (back.get('application_events') ?? []).map((e) => JSON.parse(e).application_id),
    );
    for (const row of back.get('applications') ?? [])
      assert.ok(withEvents.has(JSON.parse(row).id), 'every application has its receipt event');
    const sourceFiles = filesUnder(uploadDir);
    for (const [path, bytes] of filesUnder(restoredUploads))
      assert.ok(sourceFiles.get(path)?.equals(bytes), `bytes of ${path}`);
    for (const row of back.get('application_uploads') ?? []) {
      const stored = JSON.parse(row).stored_name as string;
      assert.ok(existsSync(join(restoredUploads, 'applications', stored)), `the file of ${stored}`);
    }
  });

  it('a backup of the quiet system restores equal, table by table and file by file, and the restored system runs on', async () => {
    quiet = join(newFolder('quiet'), 'backup');
    const outcome = await runBackup(deps(), quiet);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.problem);
    const manifest = manifestOf(quiet);
    assert.equal(manifest.sourceDialect, testDialect());
    assert.equal(manifest.formatVersion, 1);
    assert.match(manifest.migration, /^\d{4}_/);
    assert.ok(manifest.files.some((f) => f.path === 'tables/report_files.jsonl'));
    assert.equal(
      manifest.files.some((f) => f.path === 'database.sqlite'),
      testDialect() === 'sqlite',
    );
    if (testDialect() === 'sqlite') {
      // The online backup's copy stands alone (no WAL beside it) and holds the same rows.
      assert.equal(existsSync(join(quiet, 'database.sqlite-wal')), false);
      const copy = new Kysely<Database>({
        dialect: new SqliteDialect({
          database: new SQLite(join(quiet, 'database.sqlite'), { readonly: true }),
        }),
      });
      try {
        const tables = tablesOf(quiet);
        assertSameContent(await contentOf(copy, tables), await contentOf(t.database.db, tables));
      } finally {
        await copy.destroy();
      }
    }
    const target = await fresh();
    const restoredUploads = newFolder('restored-uploads');
    const r = await runRestore({ db: target.db, dialect: target.dialect, uploadDir: restoredUploads }, quiet);
    assert.ok(r.ok, r.ok ? '' : r.problem);
    const tables = tablesOf(quiet);
    assertSameContent(await contentOf(target.db, tables), await contentOf(t.database.db, tables));
    assertSameFiles(filesUnder(restoredUploads), filesUnder(uploadDir));
    assert.ok(filesUnder(restoredUploads).size >= 18, 'two identity documents for each of nine applications');

    // The restored database takes new rows: generated ids continue after the restored ones.
    const restoredApp = await startTestApp({
      database: target,
      demo: false,
      config: { UPLOAD_DIR: restoredUploads },
    });
    try {
      const maxId = Math.max(
        ...(await target.db.selectFrom('applications').select('id').execute()).map((a) => a.id),
      );
      await applyOnline(restoredApp, restoredApp.agent(), agencyId, answers(99), idFiles(99));
      const newest = await target.db
        .selectFrom('applications')
        .select('id')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(newest.id, maxId + 1);
    } finally {
      await restoredApp.app.close();
    }
  });

  it('refuses a database with data, an upload folder with files, a tampered or missing file, a later version — naming each', async () => {
    const target = await fresh();
    const emptyUploads = () => newFolder('empty-uploads');
    const restoreInto = (dir: string, uploads = emptyUploads(), db = target) =>
      runRestore({ db: db.db, dialect: db.dialect, uploadDir: uploads }, dir);
    const problem = (r: Awaited<ReturnType<typeof runRestore>>) => (r.ok ? 'restored' : r.problem);

    const copy = (name: string) => {
      const dir = join(newFolder(name), 'backup');
      cpSync(quiet, dir, { recursive: true });
      return dir;
    };
    const tampered = copy('tampered');
    const file = join(tampered, 'tables', 'applications.jsonl');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('备份申请人1', '备份申请人7'));
    assert.equal(
      problem(await restoreInto(tampered)),
      '备份文件 tables/applications.jsonl 的校验和与清单不符，文件已损坏或被修改。',
    );

    const missing = copy('missing');
    const upload = manifestOf(missing).files.find((f) => f.path.startsWith('uploads/applications/'));
    assert.ok(upload);
    rmSync(join(missing, upload.path));
    assert.equal(problem(await restoreInto(missing)), `备份缺少文件 ${upload.path}。`);

    const newer = copy('newer');
    writeFileSync(
      join(newer, MANIFEST_FILE),
      JSON.stringify({ ...manifestOf(newer), migration: '9999_from_the_future' }),
    );
    assert.match(
      problem(await restoreInto(newer)),
      /^备份来自更新版本的 Gongkai（数据库版本 9999_from_the_future，本程序最高 \d{4}_\w+），请先升级本程序再恢复。$/,
    );

    const busyUploads = emptyUploads();
    mkdirSync(join(busyUploads, 'applications'));
    writeFileSync(join(busyUploads, 'applications', 'kept.jpg'), 'x');
    assert.equal(
      problem(await restoreInto(quiet, busyUploads)),
      `上传文件目录 ${busyUploads} 中已有文件（如 applications/kept.jpg）；恢复只能写入空目录。`,
    );

    // Nothing was written by the refusals: the database is still empty and takes the backup.
    assert.equal((await target.db.selectFrom('agencies').select('id').execute()).length, 0);
    const ok = await restoreInto(quiet);
    assert.ok(ok.ok, problem(ok));
    assert.match(
      problem(await restoreInto(quiet)),
      /^目标数据库中已有数据（数据表 agencies 有 \d+ 行）；恢复只能写入空数据库。$/,
    );

    const backupProblem = async (dir: string) =>
      runBackup(deps(), dir).then((r) => (r.ok ? 'done' : r.problem));
    assert.match(await backupProblem(quiet), /^备份目录 .+ 不是空目录；请给出一个新的或空的目录。$/);
    assert.equal(
      await backupProblem(join(uploadDir, 'backups', 'today')),
      `备份目录不能在上传文件目录 ${uploadDir} 之中。`,
    );
    const stale = join(newFolder('stale'), 'backup');
    mkdirSync(`${stale}.partial`);
    assert.equal(
      await backupProblem(stale),
      `${stale}.partial 已存在（上次未完成的备份）；确认无用后请先删除它。`,
    );
  });

  it('gongkai backup and restore: 0 with a summary, 1 with the reason, 2 for a missing folder', async () => {
    const env = (database: string, uploads: string) => ({
      NODE_ENV: 'test',
      SESSION_SECRET: 'test-session-secret-0123456789-abcdefghijklmnop',
      DATABASE_URL: database,
      UPLOAD_DIR: uploads,
    });
    const source = env(urlOf(t.database.target), uploadDir);
    const usage = collectingIo();
    assert.equal(await main(['backup'], usage, source), 2);
    assert.match(usage.err.join('\n'), /请给出一个备份目录/);
    const dir = join(newFolder('cli'), 'backup');
    const made = collectingIo();
    assert.equal(await main(['backup', dir], made, source), 0, made.err.join('\n'));
    assert.match(
      made.out.join('\n'),
      /备份完成：.+（\d+ 个数据表共 \d+ 行，上传文件 \d+ 个，数据库版本 \d{4}_\w+）。/,
    );
    const again = collectingIo();
    assert.equal(await main(['backup', dir], again, source), 1);
    assert.match(again.err.join('\n'), /不是空目录/);

    // Into a database never migrated (restore migrates it), and one that a first `gongkai migrate`
    // without SESSION_SECRET left with nothing but a generated secret (replaced by the backup's).
    const bare = await bareDatabase(testDialect());
    const migrated = await bareDatabase(testDialect());
    try {
      const { SESSION_SECRET: _, ...noSecret } = env(migrated.url, newFolder('cli-uploads'));
      assert.equal(await main(['migrate'], collectingIo(), noSecret), 0);
      assert.equal((await migrated.db.selectFrom('app_secrets').select('name').execute()).length, 1);
      const intoMigrated = collectingIo();
      assert.equal(
        await main(['restore', dir], intoMigrated, env(migrated.url, newFolder('cli-uploads'))),
        0,
        intoMigrated.err.join('\n'),
      );
      const uploads = newFolder('cli-uploads');
      const restoredIo = collectingIo();
      assert.equal(
        await main(['restore', dir], restoredIo, env(bare.url, uploads)),
        0,
        restoredIo.err.join('\n'),
      );
      assert.match(restoredIo.out.join('\n'), /恢复完成：/);
      const tables = tablesOf(dir);
      assertSameContent(await contentOf(bare.db, tables), await contentOf(t.database.db, tables));
      const refused = collectingIo();
      assert.equal(await main(['restore', dir], refused, env(bare.url, newFolder('cli-uploads'))), 1);
      assert.match(refused.err.join('\n'), /目标数据库中已有数据/);
      assertSameContent(await contentOf(migrated.db, tables), await contentOf(t.database.db, tables));
    } finally {
      await bare.drop();
      await migrated.drop();
    }
  });
});

describe('SQLite durability', { skip: testDialect() !== 'sqlite' }, () => {
  it('opens SQLite in WAL mode with synchronous=FULL: an acknowledged commit is on disk', async () => {
    const file = join(newFolder('durability'), 'd.db');
    const handle = await openDatabase({ kind: 'sqlite', file });
    try {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(handle.db);
      const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(handle.db);
      assert.equal(mode.rows[0]?.journal_mode, 'wal');
      assert.equal(sync.rows[0]?.synchronous, 2, '2 = FULL');
    } finally {
      await handle.close();
    }
  });
});

describe('SQLite → PostgreSQL → SQLite', { skip: !process.env.TEST_POSTGRES_URL }, () => {
  it('moves an agency off the embedded database and back with every row and file equal', async () => {
    const file = join(newFolder('sqlite-source'), 'source.db');
    const handle = await openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(handle.db, handle.dialect);
    const database: TestDatabase = {
      ...handle,
      target: { kind: 'sqlite', file },
      destroy: () => handle.close(),
    };
    const uploadDir = newFolder('sqlite-uploads');
    const t = await startTestApp({ database, config: { UPLOAD_DIR: uploadDir } });
    const pgTarget = await bareDatabase('postgres');
    const back = await bareDatabase('sqlite');
    try {
      const agencyId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!.id;
      await storeReportFile(t.database.db);
      for (let i = 0; i < 2; i++) await applyOnline(t, t.agent(), agencyId, answers(i), idFiles(i));
      const deps = { config: t.config, db: t.database.db, dialect: t.database.dialect, clock: t.clock };
      const fromSqlite = join(newFolder('from-sqlite'), 'backup');
      assert.ok((await runBackup(deps, fromSqlite)).ok);
      const tables = tablesOf(fromSqlite);
      const expected = await contentOf(t.database.db, tables);

      const pgUploads = newFolder('pg-uploads');
      const toPg = await runRestore(
        { db: pgTarget.db, dialect: 'postgres', uploadDir: pgUploads },
        fromSqlite,
      );
      assert.ok(toPg.ok, toPg.ok ? '' : toPg.problem);
      assertSameContent(await contentOf(pgTarget.db, tables), expected);
      assertSameFiles(filesUnder(pgUploads), filesUnder(uploadDir));

      const fromPg = join(newFolder('from-pg'), 'backup');
      const pgDeps = {
        ...deps,
        db: pgTarget.db,
        dialect: 'postgres' as const,
        config: { ...t.config, uploadDir: pgUploads },
      };
      assert.ok((await runBackup(pgDeps, fromPg)).ok);
      // The portable export is the same on both databases, byte for byte.
      for (const table of tables)
        assert.ok(
          readFileSync(join(fromPg, 'tables', `${table}.jsonl`)).equals(
            readFileSync(join(fromSqlite, 'tables', `${table}.jsonl`)),
          ),
          `tables/${table}.jsonl`,
        );
      const backUploads = newFolder('back-uploads');
      const toSqlite = await runRestore({ db: back.db, dialect: 'sqlite', uploadDir: backUploads }, fromPg);
      assert.ok(toSqlite.ok, toSqlite.ok ? '' : toSqlite.problem);
      assertSameContent(await contentOf(back.db, tables), expected);
      assertSameFiles(filesUnder(backUploads), filesUnder(uploadDir));
    } finally {
      await t.close();
      await pgTarget.drop();
      await back.drop();
    }
  });
});
