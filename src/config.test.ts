import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEV_SESSION_SECRET, loadConfig, parseDatabaseUrl } from './config.ts';

describe('config', () => {
  it('has working defaults for development', () => {
    const r = loadConfig({});
    assert.ok(r.ok);
    assert.equal(r.config.port, 3000);
    assert.deepEqual(r.config.database, { kind: 'sqlite', file: 'data/gongkai.db' });
    assert.equal(r.config.demo, true);
    assert.equal(r.config.sessionSecret, DEV_SESSION_SECRET);
  });

  it('reads sqlite paths and postgres URLs', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:/tmp/x.db'), { kind: 'sqlite', file: '/tmp/x.db' });
    assert.deepEqual(parseDatabaseUrl('postgres://u:p@127.0.0.1:5432/gk'), {
      kind: 'postgres',
      url: 'postgres://u:p@127.0.0.1:5432/gk',
    });
    assert.match(String(parseDatabaseUrl('mysql://x')), /应以 sqlite: 或 postgres:\/\/ 开头/);
    assert.match(String(parseDatabaseUrl('postgres://127.0.0.1:5432')), /缺少数据库名/);
  });

  it('lists every problem at once', () => {
    const r = loadConfig({ PORT: 'abc', DATABASE_URL: 'oracle:x', GONGKAI_TIME_ZONE: 'Mars/Olympus' });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.ok(r.problems.some((p) => p.startsWith('PORT')));
    const r2 = loadConfig({ DATABASE_URL: 'oracle:x', GONGKAI_TIME_ZONE: 'Mars/Olympus' });
    assert.equal(r2.ok, false);
    if (r2.ok) return;
    assert.equal(r2.problems.length, 2);
  });

  it('refuses production without a strong session secret and never loads the demo there', () => {
    const missing = loadConfig({ NODE_ENV: 'production' });
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.match(missing.problems.join(), /SESSION_SECRET：生产模式必须设置会话密钥/);
    const weak = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    });
    assert.equal(weak.ok, false);
    const demo = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'q8Zt3pLk9vR2mX7cW4nB6yH1sD5fG0jA',
      GONGKAI_DEMO: 'true',
    });
    assert.equal(demo.ok, false);
    const ok = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'q8Zt3pLk9vR2mX7cW4nB6yH1sD5fG0jA' });
    assert.ok(ok.ok);
    if (ok.ok) assert.equal(ok.config.demo, false);
  });
});
