import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  decodeRow,
  encodeRow,
  fileProblem,
  insertBatchSize,
  isSafeRelativePath,
  type Manifest,
  manifestText,
  migrationProblem,
  orderTables,
  parseManifest,
  tableWithData,
} from './manifest.rules.ts';

const SHA = 'a'.repeat(64);

function manifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    gongkaiVersion: '0.1.0',
    createdAt: '2026-11-25T02:00:00.000Z',
    sourceDialect: 'sqlite',
    migration: '0017_security',
    tables: [
      {
        name: 'agencies',
        rows: 2,
        columns: ['id', 'name'],
        binaryColumns: [],
        file: 'tables/agencies.jsonl',
      },
    ],
    files: [
      { path: 'tables/agencies.jsonl', size: 40, sha256: SHA },
      { path: 'uploads/applications/a.jpg', size: 3, sha256: SHA },
    ],
    ...overrides,
  };
}

describe('the manifest', () => {
  it('reads back what is written', () => {
    const m = manifest();
    const r = parseManifest(manifestText(m));
    assert.deepEqual(r, { ok: true, manifest: m });
  });

  it('refuses what is not a Gongkai manifest, a damaged one, and a later format', () => {
    assert.match((parseManifest('{') as { problem: string }).problem, /不是有效的 JSON/);
    assert.match(
      (parseManifest(JSON.stringify({ format: 'other' })) as { problem: string }).problem,
      /不是 Gongkai 的备份清单/,
    );
    assert.match(
      (parseManifest(JSON.stringify({ ...manifest(), tables: 'x' })) as { problem: string }).problem,
      /内容有误（tables/,
    );
    assert.match(
      (
        parseManifest(manifestText(manifest({ formatVersion: BACKUP_FORMAT_VERSION + 1 }))) as {
          problem: string;
        }
      ).problem,
      /备份格式版本 2 高于本程序能读取的版本 1/,
    );
  });

  it('refuses paths that leave the backup folder, a table without its checksum, duplicates', () => {
    for (const path of ['../etc/passwd', '/etc/passwd', 'uploads/../../x', 'a\\b', 'uploads//x', './x']) {
      const r = parseManifest(manifestText(manifest({ files: [{ path, size: 1, sha256: SHA }] })));
      assert.equal(r.ok, false, path);
    }
    const noChecksum = parseManifest(manifestText(manifest({ files: [] })));
    assert.match((noChecksum as { problem: string }).problem, /未列出数据表 agencies 的文件/);
    const twice = manifest().files[0] as Manifest['files'][number];
    assert.match(
      (parseManifest(manifestText(manifest({ files: [twice, twice] }))) as { problem: string }).problem,
      /重复列出文件 tables\/agencies\.jsonl/,
    );
    const badTableName = manifest({
      tables: [{ name: 'a; drop', rows: 0, columns: ['id'], binaryColumns: [], file: 'tables/a.jsonl' }],
    });
    assert.equal(parseManifest(manifestText(badTableName)).ok, false);
  });

  it('safe relative paths', () => {
    assert.equal(isSafeRelativePath('uploads/applications/1a2b.jpg'), true);
    assert.equal(isSafeRelativePath('tables/agencies.jsonl'), true);
    assert.equal(isSafeRelativePath(''), false);
    assert.equal(isSafeRelativePath('x/..'), false);
  });
});

describe('a file against its manifest entry', () => {
  const entry = { path: 'uploads/a.jpg', size: 3, sha256: SHA };
  it('is named when missing, of another size or another digest', () => {
    assert.equal(fileProblem(entry, { size: 3, sha256: SHA }), null);
    assert.equal(fileProblem(entry, null), '备份缺少文件 uploads/a.jpg。');
    assert.match(
      fileProblem(entry, { size: 4, sha256: SHA }) ?? '',
      /uploads\/a\.jpg 的大小（4 字节）与清单（3 字节）不符/,
    );
    assert.match(
      fileProblem(entry, { size: 3, sha256: 'b'.repeat(64) }) ?? '',
      /uploads\/a\.jpg 的校验和与清单不符/,
    );
  });
});

describe('the backup migration against the code', () => {
  const known = ['0001_foundation', '0002_calendar', '0017_security'];
  it('accepts a known migration, the latest or an earlier one', () => {
    assert.equal(migrationProblem('0017_security', known), null);
    assert.equal(migrationProblem('0002_calendar', known), null);
  });
  it('refuses a later one, and an unknown one', () => {
    assert.match(
      migrationProblem('0018_worker', known) ?? '',
      /备份来自更新版本的 Gongkai（数据库版本 0018_worker，本程序最高 0017_security）/,
    );
    assert.match(migrationProblem('0003_other', known) ?? '', /不是本程序的迁移之一/);
  });
});

describe('the order of tables', () => {
  it('puts each table after those it references, otherwise keeps the given order', () => {
    const order = orderTables([
      { name: 'events', references: ['applications'] },
      { name: 'agencies', references: ['agencies'] },
      { name: 'applications', references: ['agencies', 'users'] },
      { name: 'users', references: ['agencies'] },
      { name: 'holidays', references: [] },
      { name: 'audit', references: ['gone'] },
    ]);
    assert.deepEqual(order, ['agencies', 'users', 'applications', 'events', 'holidays', 'audit']);
  });
  it('keeps going on a cycle', () => {
    assert.deepEqual(
      orderTables([
        { name: 'a', references: ['b'] },
        { name: 'b', references: ['a'] },
      ]),
      ['a', 'b'],
    );
  });
});

describe('rows in JSON Lines', () => {
  it('writes bytes as base64 and reads them back; numbers, text and null as stored', () => {
    const row = { id: 7, name: '欣园', content: Buffer.from([0, 1, 255]), note: null, big: 12345678901234n };
    const columns = ['id', 'name', 'content', 'note', 'big'];
    const json = encodeRow(row, columns, ['content']);
    assert.deepEqual(json, { id: 7, name: '欣园', content: 'AAH/', note: null, big: 12345678901234 });
    const back = decodeRow(JSON.parse(JSON.stringify(json)), columns, ['content']);
    assert.deepEqual(back, { ...row, big: 12345678901234 });
    assert.ok(Buffer.isBuffer(back.content));
  });
  it('fills a column missing from a line with null', () => {
    assert.deepEqual(decodeRow({ id: 1 }, ['id', 'extra'], []), { id: 1, extra: null });
  });
});

describe('a database without data', () => {
  const fresh = new Map([
    ['holiday_years', 8],
    ['catalogue_topics', 30],
    ['agencies', 0],
  ]);
  it('holds nothing but what the migrations seed', () => {
    assert.equal(tableWithData(new Map([...fresh]), fresh), null);
    assert.equal(tableWithData(new Map([...fresh, ['app_secrets', 0]]), fresh), null);
    assert.equal(tableWithData(new Map([...fresh, ['app_secrets', 1]]), fresh), null, 'a generated secret');
  });
  it('names the first table with rows of its own', () => {
    assert.deepEqual(tableWithData(new Map([...fresh, ['agencies', 1]]), fresh), {
      table: 'agencies',
      rows: 1,
    });
    assert.deepEqual(tableWithData(new Map([...fresh, ['holiday_years', 9]]), fresh), {
      table: 'holiday_years',
      rows: 9,
    });
  });
});

describe('insert batches', () => {
  it('stay under both databases’ limits of bound values', () => {
    for (const columns of [1, 5, 40, 200]) {
      const n = insertBatchSize(columns);
      assert.ok(n >= 1 && n * columns <= 32_766, `${columns}: ${n}`);
    }
    assert.equal(insertBatchSize(1), 500);
  });
});
