import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { IDENTITY_MAX_BYTES, LETTER_MAX_ATTACHMENTS } from '../../src/applications/documents.rules.ts';
import { LETTER_ATTACHMENT_MAX_BYTES } from '../../src/applications/letter.service.ts';
import { MAX_UPLOAD_BYTES } from '../../src/catalogue/attachments.rules.ts';
import { MAX_IMPORT_FILE_BYTES } from '../../src/catalogue/import.service.ts';
import { MAX_DOCUMENT_BYTES } from '../../src/litigation/litigation-documents.rules.ts';
import { CHECKER_MAX_FILE_BYTES } from '../../src/reports/checker.service.ts';
import { startTestApp, type TestContext } from '../support/test-app.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CONF = readFileSync(join(ROOT, 'deploy/nginx/gongkai.conf'), 'utf8');

/** `client_max_body_size` in bytes: of the server block (no location) or of the location starting `location …`. */
function bodyLimit(location: string | null): number {
  let block = CONF;
  if (location !== null) {
    const at = CONF.indexOf(`${location} {`);
    assert.ok(at >= 0, `no ${location} in deploy/nginx/gongkai.conf`);
    block = CONF.slice(at, CONF.indexOf('}', at));
  } else {
    const tls = CONF.indexOf('listen 443');
    block = CONF.slice(tls, CONF.indexOf('location', tls));
  }
  const m = /client_max_body_size (\d+)([km]?);/.exec(block);
  assert.ok(m, `no client_max_body_size in ${location ?? 'the TLS server'}`);
  const unit = m[2] === 'm' ? 1024 * 1024 : m[2] === 'k' ? 1024 : 1;
  return Number(m[1]) * unit;
}

describe('deploy/nginx/gongkai.conf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-nginx-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The site file with this checkout's paths, a throwaway certificate, and (for a real run) local ports. */
  function writeConfig(ports?: { app: number; http: number; https: number }): string {
    if (!existsSync(join(dir, 'privkey.pem'))) {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=gongkai.example.gov.cn',
          '-keyout',
          join(dir, 'privkey.pem'),
          '-out',
          join(dir, 'fullchain.pem'),
        ],
        { stdio: 'ignore' },
      );
      for (const sub of ['acme', 'body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
    }
    let site = CONF.replaceAll('/etc/ssl/gongkai/', `${dir}/`)
      .replaceAll('/opt/gongkai/public/', join(ROOT, 'public/'))
      .replaceAll('/var/www/acme', join(dir, 'acme'));
    if (ports) {
      site = site
        .replace(
          / {4}server 127\.0\.0\.1:3001[^\n]*\n {4}server 127\.0\.0\.1:3002[^\n]*\n/,
          `    server 127.0.0.1:${ports.app};\n`,
        )
        .replace('listen 80;', `listen 127.0.0.1:${ports.http};`)
        .replace('listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`)
        .replace(/ {4}listen \[::\][^\n]*\n/g, '');
    }
    writeFileSync(join(dir, 'gongkai.conf'), site);
    writeFileSync(
      join(dir, 'nginx.conf'),
      `${ports ? 'user root;\n' : ''}pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/gongkai.conf;
}
`,
    );
    return join(dir, 'nginx.conf');
  }
  const nginxArgs = (conf: string) => ['-p', `${dir}/`, '-e', join(dir, 'error.log'), '-c', conf];

  it('passes `nginx -t` (Debian nginx, a throwaway certificate, the paths of this checkout)', () => {
    const conf = writeConfig();
    try {
      execFileSync('nginx', ['-t', ...nginxArgs(conf)], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stderr?: Buffer };
      assert.fail(`nginx -t failed: ${err.stderr?.toString('utf8') ?? String(e)}`);
    }
  });

  it('lets through every upload the app accepts, and forms no more than the app reads', () => {
    const slack = 1.01; // multipart framing and the form's other fields
    assert.ok(bodyLimit(null) >= 2 * 1024 * 1024 && bodyLimit(null) <= 4 * 1024 * 1024, 'forms: 2 MB');
    assert.ok(
      bodyLimit('location ~ ^/admin/catalogue/items/[0-9]+/attachments$') >= MAX_UPLOAD_BYTES * slack,
    );
    assert.ok(
      bodyLimit('location ~ ^/admin/applications/[0-9]+/letters/[0-9]+/attachments$') >=
        LETTER_ATTACHMENT_MAX_BYTES * LETTER_MAX_ATTACHMENTS * slack,
    );
    assert.ok(bodyLimit('location ~ ^/agencies/[0-9]+/apply(/|$)') >= IDENTITY_MAX_BYTES * 10 * slack);
    assert.ok(bodyLimit('location = /tools/report-checker') >= CHECKER_MAX_FILE_BYTES * slack);
    assert.ok(
      bodyLimit('location ~ ^/admin/litigation/[0-9]+/[0-9]+/documents$') >= MAX_DOCUMENT_BYTES * slack,
    );
    assert.ok(bodyLimit('location = /admin/catalogue/import') >= 3 * MAX_IMPORT_FILE_BYTES * slack);
    assert.ok(bodyLimit('location = /admin/applications/import') >= 10 * 1024 * 1024 * slack);
    assert.doesNotMatch(CONF, /location \/admin\/ \{/, 'other back-office forms keep the 2 MB of forms');
  });

  it('sets, never appends, the client address the app trusts in production', () => {
    assert.match(CONF, /proxy_set_header X-Forwarded-For \$remote_addr;/);
    assert.doesNotMatch(CONF, /\$proxy_add_x_forwarded_for/);
    const app = readFileSync(join(ROOT, 'src/app.tsx'), 'utf8');
    assert.match(
      app,
      /trustProxy\b[^\n]*config\.env === 'production'/,
      'docs/operations.md describes this setting',
    );
  });

  it('in front of the app for real: TLS, static files, the address nginx sees (not one the client claims), 413 over the limit', async () => {
    let t: TestContext | null = null;
    let nginx: ChildProcess | null = null;
    try {
      t = await startTestApp({ config: { NODE_ENV: 'production', LOG_LEVEL: 'silent' } });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const ports = {
        app: (t.app.server.address() as AddressInfo).port,
        http: await freePort(),
        https: await freePort(),
      };
      const conf = writeConfig(ports);
      nginx = spawn('nginx', ['-g', 'daemon off;', ...nginxArgs(conf)], { stdio: 'ignore' });
      const get = (
        path: string,
        init: { method?: string; headers?: Record<string, string>; body?: string } = {},
      ) => tlsRequest(ports.https, path, init);
      let health = await get('/healthz').catch(() => null);
      for (let i = 0; i < 50 && health === null; i++) {
        await new Promise((r) => setTimeout(r, 100));
        health = await get('/healthz').catch(() => null);
      }
      assert.equal(health?.status, 200, 'the app answers through nginx over TLS');
      const css = await get('/static/app.css');
      assert.equal(css.status, 200);
      assert.match(String(css.headers['content-type']), /text\/css/);

      const form = await get('/admin/login');
      assert.equal(form.status, 200);
      const cookies = [form.headers['set-cookie']]
        .flat()
        .filter((c): c is string => typeof c === 'string')
        .map((c) => c.split(';')[0])
        .join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const wrong = await get('/admin/login', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: cookies,
          'x-forwarded-for': '203.0.113.9',
        },
        body: new URLSearchParams({
          login: 'demo-clerk',
          password: 'not-the-password',
          _csrf: csrf,
        }).toString(),
      });
      assert.equal(wrong.status, 401, wrong.body.slice(0, 200));
      const row = await t.database.db
        .selectFrom('audit_log')
        .select('ip')
        .where('action', '=', 'login_failed')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(row.ip, '127.0.0.1', 'the address nginx saw, not the X-Forwarded-For the client sent');

      const big = await get('/admin/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `login=${'x'.repeat(3 * 1024 * 1024)}`,
      });
      assert.equal(big.status, 413, 'forms over 2 MB stop at nginx');
    } finally {
      if (nginx?.pid) nginx.kill('SIGTERM');
      if (nginx && nginx.exitCode === null) await new Promise((r) => nginx?.once('exit', r));
      await t?.close();
    }
  });
});

describe('deploy/systemd units', () => {
  it('parse cleanly (`systemd-analyze verify`, the template instantiated for port 3001)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-units-'));
    try {
      const units = readdirSync(join(ROOT, 'deploy/systemd'));
      assert.ok(units.includes('gongkai-web@.service') && units.includes('gongkai-worker.service'));
      const names = units.map((u) => u.replace('@.service', '@3001.service'));
      units.forEach((u, i) => {
        copyFileSync(join(ROOT, 'deploy/systemd', u), join(dir, names[i] as string));
      });
      const r = spawnSync('systemd-analyze', ['verify', ...names.map((n) => `./${n}`)], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr.trim(), '', `systemd-analyze warned: ${r.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A port the OS hands out (then freed for nginx to take). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** One HTTPS request to nginx on 127.0.0.1 (the throwaway certificate is not checked). */
function tlsRequest(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: init.method ?? 'GET',
        headers: { host: 'gongkai.example.gov.cn', ...init.headers },
        rejectUnauthorized: false,
        servername: 'gongkai.example.gov.cn',
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}
