import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { DatabaseTarget } from '../../src/config.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const BIN = new URL('../../bin/gongkai.js', import.meta.url).pathname;
const run = promisify(execFile);

function urlOf(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? `sqlite:${target.file}` : target.url;
}

/** Runs `gongkai doctor` as a process (not blocking this one: the test SMTP server answers it). */
async function doctor(env: Record<string, string>) {
  try {
    const r = await run(process.execPath, [BIN, 'doctor'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: err.stdout ?? '', err: err.stderr ?? '' };
  }
}

/** A port nothing listens on (taken from the OS, then freed). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('gongkai doctor, for real', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  const uploads = mkdtempSync(join(tmpdir(), 'gk-doctor-'));
  before(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp.stop();
    await database.destroy();
    rmSync(uploads, { recursive: true, force: true });
  });

  it('every part present: one ✓ line each, exit 0', async () => {
    const r = await doctor({
      DATABASE_URL: urlOf(database.target),
      UPLOAD_DIR: uploads,
      SMTP_URL: smtp.url,
      MAIL_FROM: '政府信息公开 <gongkai@example.gov.cn>',
    });
    assert.equal(r.code, 0, r.out + r.err);
    for (const expected of [
      /✓ 数据库可以连接/,
      /✓ 数据库迁移已是最新/,
      /✓ 会话密钥/,
      /✓ 上传文件夹 .* 可写，剩余空间 [\d.]+ [GM]B/,
      /✓ Chromium 可以启动并生成 PDF/,
      /✓ 中文字体（Noto CJK）已安装/,
      /✓ Fandol 公文字体已安装/,
      /✓ pdftotext 已安装/,
      /✓ 邮件服务器 127\.0\.0\.1:\d+ 可以连接（EHLO 成功）/,
      /结论：/,
    ])
      assert.match(r.out, expected);
    assert.equal(smtp.messages.length, 0, 'nothing is sent');
  });

  it('optional parts missing: ✗ with what to do, still exit 0; an unreachable database: exit 1', async () => {
    const common = {
      UPLOAD_DIR: uploads,
      SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`,
      MAIL_FROM: 'gongkai@example.gov.cn',
      CHROMIUM_PATH: join(uploads, 'no-chromium'),
    };
    const optional = await doctor({ ...common, DATABASE_URL: urlOf(database.target) });
    assert.equal(optional.code, 0, optional.out);
    assert.match(optional.out, /✗ Chromium 无法生成 PDF.*sudo bash scripts\/ensure-system-deps\.sh/);
    assert.match(optional.out, /✗ 邮件服务器无法连接/);
    assert.match(optional.out, /结论：必需检查全部通过；2 项可选功能不可用/);

    const down = await doctor({
      ...common,
      DATABASE_URL:
        database.target.kind === 'sqlite'
          ? `sqlite:${join(uploads, 'missing.db')}`
          : `postgres://postgres@127.0.0.1:${await closedPort()}/none`,
    });
    assert.equal(down.code, 1, down.out);
    assert.match(down.out, /✗ 数据库无法使用：.*（必需）/);
  });

  it('a configuration problem is one ✗ line, the rest still checked, exit 1', async () => {
    const r = await doctor({ PORT: 'abc', UPLOAD_DIR: uploads, CHROMIUM_PATH: join(uploads, 'none') });
    assert.equal(r.code, 1);
    assert.match(r.out, /✗ 配置有误（1 处）：PORT/);
    assert.match(r.out, /✗ 未设置 SMTP_URL|✗ 数据库：配置有误，未检查/);
  });

  it('npm start names the missing parts, what they affect and the one command, and keeps serving', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(uploads, 'serve.db')}`,
        UPLOAD_DIR: uploads,
        GONGKAI_DEMO_PASSWORD: 'Demo-Pass-2026',
        CHROMIUM_PATH: join(uploads, 'no-chromium'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString('utf8');
          if (out.includes('npx gongkai doctor')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
    } finally {
      child.kill('SIGTERM');
    }
    assert.match(out, /Gongkai 已启动/);
    assert.match(
      out,
      /✗ Chromium 浏览器（Debian 软件包 chromium）：答复文书、年度报告和政务公开体检的 PDF 无法生成/,
    );
    assert.match(out, /安装全部缺少的组件（需要管理员权限）：sudo bash scripts\/ensure-system-deps\.sh/);
    assert.doesNotMatch(out, /中文字体（Noto CJK）/, 'only what is missing');
  });
});
