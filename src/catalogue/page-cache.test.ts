import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../db/connect.ts';
import { writeVersion } from '../db/write-version.ts';
import { PageCache } from './page-cache.ts';

test('a database opened by openDatabase counts writes, not reads', async () => {
  const handle = await openDatabase({ kind: 'sqlite', file: ':memory:' });
  try {
    const db = handle.db;
    const v0 = writeVersion();
    await sql`create table t (id integer primary key, name text)`.execute(db);
    assert.ok(writeVersion() > v0);
    const v1 = writeVersion();
    await sql`select count(*) as n from t`.execute(db);
    await sql`pragma data_version`.execute(db);
    assert.equal(writeVersion(), v1);
    await sql`insert into t (name) values (${'a'})`.execute(db);
    assert.ok(writeVersion() > v1);
    const v2 = writeVersion();
    await sql`with x as (select 1) update t set name = 'b'`.execute(db);
    assert.ok(writeVersion() > v2, 'a writing CTE counts as a write');
  } finally {
    await handle.close();
  }
});

test('the page cache reuses a page until a write or the time limit', async () => {
  const handle = await openDatabase({ kind: 'sqlite', file: ':memory:' });
  try {
    let renders = 0;
    const render = async () => `page ${++renders}`;
    let clock = 0;
    const now = () => clock;
    const cache = new PageCache({ ttlMs: 60_000, now });
    assert.equal(await cache.get('k', render), 'page 1');
    assert.equal(await cache.get('k', render), 'page 1');
    assert.equal(await cache.get('other', render), 'page 2');
    await sql`create table t (id integer primary key)`.execute(handle.db);
    assert.equal(await cache.get('k', render), 'page 3', 'a write in this process invalidates');

    const short = new PageCache({ ttlMs: 2000, now });
    assert.equal(await short.get('k', render), 'page 4');
    clock += 1999;
    assert.equal(await short.get('k', render), 'page 4', 'reused while younger than the limit');
    clock += 1;
    assert.equal(await short.get('k', render), 'page 5', 'entries expire (writes by other processes)');

    const failing = new PageCache({ ttlMs: 60_000, now });
    await assert.rejects(failing.get('k', () => Promise.reject(new Error('404'))));
    assert.equal(await failing.get('k', render), 'page 6', 'errors are not cached');
  } finally {
    await handle.close();
  }
});
