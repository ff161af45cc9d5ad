import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { IDENTITY_MAX_BYTES, LETTER_MAX_ATTACHMENTS } from '../../src/applications/documents.rules.ts';
import { LETTER_ATTACHMENT_MAX_BYTES } from '../../src/applications/letter.service.ts';
import { MAX_UPLOAD_BYTES } from '../../src/catalogue/attachments.rules.ts';
import { MAX_IMPORT_FILE_BYTES } from '../../src/catalogue/import.service.ts';
import { MAX_DOCUMENT_BYTES } from '../../src/litigation/litigation-documents.rules.ts';
import { CHECKER_MAX_FILE_BYTES } from '../../src/reports/checker.service.ts';

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

  it('passes `nginx -t` (Debian nginx, a throwaway certificate, the paths of this checkout)', () => {
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
    const site = CONF.replaceAll('/etc/ssl/gongkai/', `${dir}/`)
      .replaceAll('/opt/gongkai/public/', join(ROOT, 'public/'))
      .replaceAll('/var/www/acme', join(dir, 'acme'));
    writeFileSync(join(dir, 'gongkai.conf'), site);
    writeFileSync(
      join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid;
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
    let out = '';
    try {
      out = execFileSync(
        'nginx',
        ['-t', '-p', `${dir}/`, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (e) {
      const err = e as { stderr?: string };
      assert.fail(`nginx -t failed: ${err.stderr ?? String(e)}`);
    }
    assert.equal(typeof out, 'string');
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
    const admin = bodyLimit('location /admin/');
    assert.ok(admin >= MAX_DOCUMENT_BYTES * slack && admin >= MAX_IMPORT_FILE_BYTES * slack);
  });

  it('sets, never appends, the client address the app trusts in production', () => {
    assert.match(CONF, /proxy_set_header X-Forwarded-For \$remote_addr;/);
    assert.doesNotMatch(CONF, /\$proxy_add_x_forwarded_for/);
    const app = readFileSync(join(ROOT, 'src/app.tsx'), 'utf8');
    assert.match(
      app,
      /trustProxy: config\.env === 'production'/,
      'docs/operations.md describes this setting',
    );
  });
});
