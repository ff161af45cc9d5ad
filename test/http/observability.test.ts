/**
 * Metrics and logs as operators see them: the metrics scraped over HTTP from their own port (the web
 * process in process; the worker is scraped in worker.test.ts), and a real `gongkai serve` in production
 * mode whose JSON log lines all carry the request id a trusted proxy sent.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { countOverdueOpen } from '../../src/applications/application.repository.ts';
import { startTestApp, type TestContext } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const BIN = new URL('../../bin/gongkai.js', import.meta.url).pathname;
const ID_NUMBER = '220103197007079012';

/** One sample's value from a Prometheus text exposition, or undefined. */
function sample(body: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of body.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const all = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (all) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('metrics of the web process', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp({ config: { METRICS_PORT: '0', HOST: '127.0.0.1' } });
  });
  after(async () => t.close());

  it('are served on their own port: requests by route pattern, latency, queues, overdue cases', async () => {
    const port = t.app.metricsPort();
    assert.ok(port !== null && port > 0);
    const s = t.agent();
    for (let i = 0; i < 3; i++) assert.equal((await s.get('/')).statusCode, 200);
    assert.equal((await s.get(`/agencies/1?q=${ID_NUMBER}`)).statusCode, 200);
    assert.equal((await s.get('/no-such-page')).statusCode, 404);

    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const body = await res.text();
    const get = { method: 'GET', role: 'web' };
    assert.equal(sample(body, 'gongkai_http_requests_total', { ...get, route: '/', status_code: '200' }), 3);
    assert.equal(
      sample(body, 'gongkai_http_requests_total', {
        ...get,
        route: '/agencies/:agencyId',
        status_code: '200',
      }),
      1,
    );
    assert.equal(
      sample(body, 'gongkai_http_requests_total', { ...get, route: 'unmatched', status_code: '404' }),
      1,
    );
    assert.equal(sample(body, 'gongkai_http_request_duration_seconds_count', { ...get, route: '/' }), 3);
    assert.ok(!body.includes(ID_NUMBER), 'no URL, no query string in the labels');
    assert.equal(
      sample(body, 'gongkai_applications_overdue', {}),
      await countOverdueOpen(t.database.db, '2026-11-25'),
    );
    assert.ok(sample(body, 'gongkai_outbox_messages', { status: 'pending' }) !== undefined);
    assert.equal(sample(body, 'gongkai_jobs', { status: 'failed' }), 0);
    assert.ok(sample(body, 'gongkai_process_resident_memory_bytes', {}) !== undefined);

    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
  });

  it('are off without METRICS_PORT', async () => {
    const plain = await startTestApp({ database: t.database, demo: false });
    try {
      assert.equal(plain.app.metricsPort(), null);
    } finally {
      await plain.app.close();
    }
  });
});

describe('JSON logs of gongkai serve', () => {
  let d: TestDatabase;
  before(async () => {
    d = await createTestDatabase();
  });
  after(async () => d.destroy());

  it("carry the trusted proxy's request id on every line of the request and return it, never the query", async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TZ: 'Asia/Shanghai',
        NODE_ENV: 'production',
        SESSION_SECRET: 'observability-test-secret-Zq8rT2vX9mK4pL7wN3bY6cF1',
        DATABASE_URL: d.target.kind === 'sqlite' ? `sqlite:${d.target.file}` : d.target.url,
        PORT: '0',
        HOST: '127.0.0.1',
        METRICS_PORT: '0',
        LOG_LEVEL: 'info',
        RUN_JOBS_IN_WEB: 'false',
        UPLOAD_DIR: '/tmp/gk-observability-uploads',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let polls = 1200; !/Gongkai 已启动/.test(out) || !/监控指标：/.test(out); polls--) {
        if (polls <= 0 || child.exitCode !== null) throw new Error(`server did not start: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const port = Number(/http:\/\/127\.0\.0\.1:(\d+)\/ /.exec(out)?.[1]);
      const metricsPort = Number(/监控指标：http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(out)?.[1]);
      const traced = await fetch(`http://127.0.0.1:${port}/?q=${ID_NUMBER}`, {
        headers: { 'x-request-id': 'nginx-7f3a9c2d17b6e4a5' },
      });
      assert.equal(traced.status, 200);
      assert.equal(traced.headers.get('x-request-id'), 'nginx-7f3a9c2d17b6e4a5');
      const own = await fetch(`http://127.0.0.1:${port}/no-such-page`);
      const ownId = own.headers.get('x-request-id') ?? '';
      assert.match(ownId, /^[0-9a-f-]{36}$/);
      const scraped = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      assert.match(
        scraped,
        /gongkai_http_requests_total\{method="GET",route="\/",status_code="200",role="web"\} 1/,
      );

      child.kill('SIGTERM');
      await exited;
      const lines = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { reqId?: string; req?: { url?: string }; msg?: string });
      const mine = lines.filter((l) => l.reqId === 'nginx-7f3a9c2d17b6e4a5');
      assert.ok(mine.some((l) => l.msg === 'incoming request'));
      assert.ok(mine.some((l) => l.msg === 'request completed'));
      assert.ok(lines.some((l) => l.reqId === ownId));
      // Every line about a request names its request.
      for (const l of lines.filter((x) => x.req !== undefined || x.msg === 'request completed'))
        assert.ok(l.reqId, JSON.stringify(l));
      assert.ok(!out.includes(ID_NUMBER), 'the query string is never logged');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    }
  });
});
