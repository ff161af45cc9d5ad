import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { saveOverrides } from '../../src/assessment/assessment.repository.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { DATABASE_INDEPENDENT } from '../support/test-db.ts';

const BIN = new URL('../../bin/gongkai.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gk-cli-'));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the gongkai command', { skip: DATABASE_INDEPENDENT }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /用法：gongkai <命令>/);
    assert.match(r.out, /migrate/);
    assert.match(r.out, /退出状态/);
  });

  it('migrates a new database and says so again when up to date', () => {
    const first = run(['migrate']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /已是最新版本/);
    assert.equal(run(['migrate']).code, 0);
  });

  it('lists every configuration problem and exits non-zero', () => {
    const r = run(['migrate'], { PORT: 'abc', DATABASE_URL: 'oracle:x' });
    assert.equal(r.code, 1);
    assert.match(r.err, /配置有误/);
    assert.match(r.err, /PORT/);
  });

  it('refuses production without a session secret', () => {
    const r = run(['serve'], { NODE_ENV: 'production' });
    assert.equal(r.code, 1);
    assert.match(r.err, /SESSION_SECRET：生产模式必须设置会话密钥/);
  });

  it('explains a database that cannot be opened', () => {
    writeFileSync(join(dir, 'a-file'), 'not a directory');
    const sqlite = run(['migrate'], { DATABASE_URL: `sqlite:${join(dir, 'a-file', 'x.db')}` });
    assert.equal(sqlite.code, 1);
    assert.match(sqlite.err, /无法打开 SQLite 数据库/);
    const pg = run(['migrate'], { DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/nothing' });
    assert.equal(pg.code, 1);
    assert.match(pg.err, /无法连接 PostgreSQL 数据库/);
    assert.ok(!pg.err.includes('secret'), 'the password is not printed');
  });

  it('rejects unknown commands', () => {
    const r = run(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /未知命令“frobnicate”/);
  });

  it('refuses an unknown option or a missing value with a Chinese message, the usage and exit 2', () => {
    const remind = run(['remind', '--dat', '2026-11-25']);
    assert.equal(remind.code, 2);
    assert.match(remind.err, /无法识别的选项“--dat”/);
    assert.match(remind.err, /用法：gongkai remind \[--date 日期\]/);
    const report = run(['report', '--agency']);
    assert.equal(report.code, 2);
    assert.match(report.err, /选项“--agency”缺少值/);
    assert.match(report.err, /用法：gongkai report/);
    const migrate = run(['migrate', '--force']);
    assert.equal(migrate.code, 2);
    assert.match(migrate.err, /无法识别的选项“--force”/);
    const token = run(['token', 'create', '--user']);
    assert.equal(token.code, 2);
    assert.match(token.err, /选项“--user”缺少值/);
  });

  it('checks the arguments before the configuration and the database', () => {
    const r = run(['remind', '--date', '2026-02-30'], { PORT: 'abc' });
    assert.equal(r.code, 2);
    assert.match(r.err, /日期“2026-02-30”无效/);
    assert.doesNotMatch(r.err, /配置有误/);
  });

  it('prints the usage of one command on --help', () => {
    const r = run(['report', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /用法：gongkai report --agency/);
  });

  it('assesses with the weights stored by an administrator, or the defaults on request', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'assess.db')}`, GONGKAI_DEMO_PASSWORD: 'Demo-Pass-2026' };
    assert.equal(run(['demo'], env).code, 0);
    const handle = await openDatabase({ kind: 'sqlite', file: join(dir, 'assess.db') });
    await saveOverrides(
      handle.db,
      'cass-like',
      { areaWeights: { applications: 0 } },
      '2026-11-25T02:00:00.000Z',
      null,
    );
    await handle.close();
    const weightOf = (out: string) =>
      (JSON.parse(out) as { areas: { key: string; weight: number }[] }).areas.find(
        (a) => a.key === 'applications',
      )?.weight;
    const stored = run(['assess', '--agency', '欣园街道', '--json'], env);
    assert.notEqual(stored.code, 2, stored.err);
    assert.equal(weightOf(stored.out), 0);
    const text = run(['assess', '--agency', '欣园街道'], env);
    assert.match(text.out, /管理员调整后的权重/);
    assert.match(text.out, /依申请公开：本方案不计分/);
    const defaults = run(['assess', '--agency', '欣园街道', '--json', '--default-weights'], env);
    assert.notEqual(defaults.code, 2, defaults.err);
    assert.ok((weightOf(defaults.out) ?? 0) > 0);
  });

  it('creates a user from the command line with a checked password', () => {
    const weak = run(['user', 'create', '--login', 'li.si', '--name', '李四', '--role', 'admin'], {
      GONGKAI_NEW_PASSWORD: 'weak',
    });
    assert.equal(weak.code, 2);
    assert.match(weak.err, /GONGKAI_NEW_PASSWORD/);
    const ok = run(['user', 'create', '--login', 'li.si', '--name', '李四', '--role', 'admin'], {
      GONGKAI_NEW_PASSWORD: 'Strong-Pass-2026',
    });
    assert.equal(ok.code, 0, ok.err);
    const again = run(['user', 'create', '--login', 'li.si', '--name', '李四', '--role', 'admin'], {
      GONGKAI_NEW_PASSWORD: 'Strong-Pass-2026',
    });
    assert.equal(again.code, 2);
  });

  it('creates, lists and revokes API tokens', () => {
    assert.equal(run(['token', 'create', '--user', 'li.si', '--days', '0']).code, 2);
    assert.equal(run(['token', 'revoke', 'abc']).code, 2);
    const made = run(['token', 'create', '--user', 'li.si', '--label', '统计脚本', '--days', '30']);
    assert.equal(made.code, 0, made.err);
    assert.match(made.out, /^gk_[A-Za-z0-9_-]{40,}\n$/);
    const id = /令牌编号 (\d+)，有效至 \d{4}-\d\d-\d\d/.exec(made.err)?.[1];
    assert.ok(id, made.err);
    const list = run(['token', 'list', '--user', 'li.si']);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(`^${id}\tli.si\t统计脚本\t.*有效至`, 'm'));
    assert.ok(!list.out.includes(made.out.trim()), 'the token itself is never listed');
    const revoked = run(['token', 'revoke', id]);
    assert.equal(revoked.code, 0, revoked.err);
    assert.match(run(['token', 'list']).out, new RegExp(`^${id}\t.*已吊销`, 'm'));
    assert.equal(run(['token', 'revoke', id]).code, 1, 'not twice');
  });
});
