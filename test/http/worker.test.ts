/**
 * `gongkai worker` as operators run it: real processes (node bin/gongkai.js worker) on the test database,
 * delivering to a real SMTP server. Two workers at once send every message exactly once and run each daily
 * job once; a worker killed with SIGKILL in the middle of delivery loses no mail once another takes over.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { loadDemoIfEmpty } from '../../src/demo/demo.ts';
import { enqueueMail } from '../../src/mail/outbox.repository.ts';
import { localDate } from '../../src/shared/clock.ts';
import { ensureRun } from '../../src/worker/job.repository.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { DEMO_PASSWORD, TEST_NOW } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const BIN = new URL('../../bin/gongkai.js', import.meta.url).pathname;

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function spawnWorker(d: TestDatabase, smtp: TestSmtpServer): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: 'Asia/Shanghai',
      NODE_ENV: 'development',
      DATABASE_URL: d.target.kind === 'sqlite' ? `sqlite:${d.target.file}` : d.target.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: '政府信息公开 <gongkai@example.gov.cn>',
      UPLOAD_DIR: '/tmp/gk-worker-test-uploads',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function queueMails(d: TestDatabase, prefix: string, n: number): Promise<void> {
  await d.db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i++)
      await enqueueMail(
        trx,
        {
          kind: 'applicant',
          to: `${prefix}-${i}@example.com`,
          subject: `测试邮件 ${prefix} ${i}`,
          text: '正文',
        },
        new Date().toISOString(),
      );
  });
}

async function outboxCounts(d: TestDatabase): Promise<Record<string, number>> {
  const rows = await d.db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Polls (every 50 ms, counted) until `ok` holds; fails with `what` after ~60 s. */
async function until(what: string, ok: () => Promise<boolean> | boolean, polls = 1200): Promise<void> {
  for (let left = polls; !(await ok()); left--) {
    if (left <= 0) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function allSent(d: TestDatabase): Promise<boolean> {
  const c = await outboxCounts(d);
  return (c.pending ?? 0) + (c.sending ?? 0) === 0 && (c.sent ?? 0) > 0;
}

describe('gongkai worker', () => {
  let d: TestDatabase;
  let smtp: TestSmtpServer;
  const running: WorkerProcess[] = [];
  before(async () => {
    d = await createTestDatabase();
    await loadDemoIfEmpty(d.db, TEST_NOW, DEMO_PASSWORD);
    smtp = await startSmtpServer();
  });
  after(async () => {
    for (const w of running) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await Promise.all(running.map((w) => w.exited));
    await smtp.stop();
    await d.destroy();
  });

  it('two workers at once send each message exactly once and run each daily job once', async () => {
    await queueMails(d, 'pair', 80);
    // Today's runs of the daily jobs, due now whatever the time of day (the workers would add them at 08:00).
    const now = new Date();
    const day = localDate(now, 'Asia/Shanghai');
    for (const name of ['remind', 'digest'])
      await ensureRun(
        d.db,
        {
          name,
          runKey: `${name}:${day}`,
          runAt: new Date(now.getTime() - 1000).toISOString(),
          maxAttempts: 5,
        },
        now.toISOString(),
      );
    const a = spawnWorker(d, smtp);
    const b = spawnWorker(d, smtp);
    running.push(a, b);
    await until('the outbox delivered', () => allSent(d));
    // Both have recorded and run their scheduled jobs (the daily ones once a day, across workers).
    await until('the daily jobs done', async () => {
      const done = await d.db.selectFrom('jobs').select('name').where('status', '=', 'done').execute();
      return ['remind', 'digest', 'purge-uploads'].every((n) => done.some((r) => r.name === n));
    });
    await until('mail queued by the jobs delivered', () => allSent(d));

    const rows = await d.db.selectFrom('outbox').select(['to_address', 'subject', 'status']).execute();
    assert.ok(rows.every((r) => r.status === 'sent'));
    const received = smtp.messages.map((m) => `${m.to.join(',')}|${m.subject}`).sort();
    const queued = rows.map((r) => `${r.to_address}|${r.subject}`).sort();
    assert.deepEqual(received, queued, 'every queued message arrived exactly once');

    const jobs = await d.db.selectFrom('jobs').selectAll().execute();
    for (const name of ['remind', 'digest']) {
      const runs = jobs.filter((j) => j.name === name);
      assert.equal(runs.length, 1, `${name}: one run today`);
      assert.equal(runs[0]?.attempts, 1, `${name}: run by one worker, once`);
    }

    // Its metrics, scraped from the port its log names.
    const listening = a
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { metricsPort?: number })
      .find((l) => l.metricsPort !== undefined);
    const scraped = await (await fetch(`http://127.0.0.1:${listening?.metricsPort}/metrics`)).text();
    assert.match(scraped, /gongkai_outbox_messages\{status="pending",role="worker"\} 0/);
    assert.match(scraped, /gongkai_jobs\{status="failed",role="worker"\} 0/);
    assert.match(scraped, /gongkai_mail_delivery_failures_total\{role="worker"\} 0/);

    // SIGTERM: each finishes what it has in hand and exits 0.
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    assert.equal(await a.exited, 0, a.output());
    assert.equal(await b.exited, 0, b.output());
    const lines = a.output().trim().split('\n');
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), line);
    assert.ok(lines.some((l) => JSON.parse(l).msg === 'worker stopped'));
  });

  it('a worker killed with SIGKILL during delivery loses no mail', async () => {
    const before = smtp.messages.length;
    await queueMails(d, 'kill', 120);
    const first = spawnWorker(d, smtp);
    running.push(first);
    await smtp.waitFor(before + 25, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const afterKill = await outboxCounts(d);
    assert.ok((afterKill.pending ?? 0) + (afterKill.sending ?? 0) > 0, 'killed in the middle of the batch');
    // A message claimed when the worker died is taken over once its claim is stale (15 minutes in real
    // time): the test ages the claim rather than waiting.
    await d.db
      .updateTable('outbox')
      .set({ claimed_at: '2000-01-01T00:00:00.000Z' })
      .where('status', '=', 'sending')
      .execute();

    const second = spawnWorker(d, smtp);
    running.push(second);
    await until('the outbox delivered after the restart', () => allSent(d));
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0, second.output());

    const rows = await d.db
      .selectFrom('outbox')
      .select(['to_address', 'status', 'sent_at'])
      .where('to_address', 'like', 'kill-%')
      .execute();
    assert.equal(rows.length, 120);
    assert.ok(rows.every((r) => r.status === 'sent' && r.sent_at !== null));
    const arrived = new Map<string, number>();
    for (const m of smtp.messages.slice(before))
      for (const to of m.to) arrived.set(to, (arrived.get(to) ?? 0) + 1);
    for (const r of rows) assert.ok((arrived.get(r.to_address) ?? 0) >= 1, `${r.to_address} arrived`);
    // At most the one message in hand at the kill arrives twice (SMTP accepted it, the mark was lost).
    const twice = [...arrived.values()].filter((n) => n > 1).length;
    assert.ok(twice <= 1, `${twice} messages arrived twice`);
  });
});
