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
    assert.equal(r.config.sessionSecret, '', 'not configured: made at start-up and kept in the database');
  });

  it('refuses the secret once published in the source, in every environment', () => {
    const r = loadConfig({ SESSION_SECRET: DEV_SESSION_SECRET });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.problems.join(), /公开过的示例值/);
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

  it('reads optional SMTP_URL and MAIL_FROM, with Chinese messages', () => {
    const none = loadConfig({});
    assert.ok(none.ok);
    if (none.ok) {
      assert.equal(none.config.smtpUrl, null);
      assert.equal(none.config.mailFrom, null);
    }
    const ok = loadConfig({
      SMTP_URL: 'smtps://gongkai:p%40ss@smtp.example.gov.cn:465',
      MAIL_FROM: '政府信息公开 <gongkai@example.gov.cn>',
    });
    assert.ok(ok.ok);
    if (ok.ok) assert.equal(ok.config.mailFrom, '政府信息公开 <gongkai@example.gov.cn>');
    const bad = loadConfig({ SMTP_URL: 'http://smtp.example.gov.cn', MAIL_FROM: 'not an address' });
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.ok(bad.problems.some((p) => /^SMTP_URL：应为 smtp:\/\//.test(p)));
      assert.ok(bad.problems.some((p) => /^MAIL_FROM：应为电子邮箱地址/.test(p)));
    }
    const noFrom = loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' });
    assert.equal(noFrom.ok, false);
    if (!noFrom.ok) assert.match(noFrom.problems.join(), /MAIL_FROM：设置了 SMTP_URL 时必须设置发件人/);
  });
});
