import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../db/connect.ts';
import { noteOtherWrite, setWriteNotifications, writeVersion } from '../db/write-version.ts';
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

test('rate-limit counters are not writes; other processes’ writes and a lost listener are', async () => {
  const handle = await openDatabase({ kind: 'sqlite', file: ':memory:' });
  try {
    await sql`create table rate_limit_hits (key text primary key, hits integer not null, reset_at integer not null)`.execute(
      handle.db,
    );
    const v0 = writeVersion();
    await handle.db.insertInto('rate_limit_hits').values({ key: 'k', hits: 1, reset_at: 1 }).execute();
    await handle.db.deleteFrom('rate_limit_hits').where('reset_at', '<', 0).execute();
    assert.equal(writeVersion(), v0, 'counting a request does not empty the page cache');

    let renders = 0;
    const render = async () => `page ${++renders}`;
    const cache = new PageCache({ ttlMs: 60_000, now: () => 0 });
    assert.equal(await cache.get('k', render), 'page 1');
    assert.equal(await cache.get('k', render), 'page 1');
    noteOtherWrite();
    assert.equal(await cache.get('k', render), 'page 2', 'a write notified by another server');
    setWriteNotifications('down');
    assert.equal(await cache.get('k', render), 'page 3');
    assert.equal(
      await cache.get('k', render),
      'page 4',
      'nothing served from the cache while it cannot be invalidated',
    );
    setWriteNotifications('live');
    assert.equal(await cache.get('k', render), 'page 5');
    assert.equal(await cache.get('k', render), 'page 5');
  } finally {
    setWriteNotifications('local');
    await handle.close();
  }
});
