/**
 * Several app servers on one PostgreSQL behind nginx, under real conditions (issue 12 items 3 and 8,
 * docs/decisions/012-several-app-servers.md): two `gongkai serve` processes in production mode on a
 * PostgreSQL instance of the test's own (so that restarting it disturbs nobody), nginx in front.
 *
 * - a write through server A shows on server B's cached public page at once (LISTEN/NOTIFY);
 * - SIGKILL of server B during 2,000 public submissions: every acknowledged one stored exactly once;
 * - PostgreSQL restarted during submissions: the servers reconnect, every acknowledged one is there,
 *   and cross-server invalidation works again;
 * - SIGTERM of server A during submissions: it finishes what it has, exits 0, nothing acknowledged is lost.
 *
 * An acknowledgement is the 303 of `/apply/send` with the signed receipt cookie (the application's id),
 * which is what leads the citizen to the receipt page with the 查询码.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sealAnswers } from '../../src/applications/apply.steps.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { itemForm } from '../support/catalogue-form.ts';
import {
  type AppProcess,
  Browser,
  type Nginx,
  type PostgresInstance,
  postgresAvailable,
  prepareDatabase,
  randomSecret,
  request,
  sleep,
  startApp,
  startNginx,
  startPostgres,
  tempFolder,
  whichNginx,
} from '../support/cluster.ts';
import { testDialect } from '../support/test-db.ts';

const PASSWORD = 'Cluster-Pass-2026-多服务器';
const nginxBinary = whichNginx();
const skip =
  testDialect() !== 'postgres'
    ? 'several app servers share one PostgreSQL: this runs in the PostgreSQL pass of the http tier'
    : !postgresAvailable()
      ? 'PostgreSQL 15 programs (/usr/lib/postgresql/15/bin) missing'
      : false;

interface Outcome {
  readonly i: number;
  readonly status: number;
  /** The application id of the receipt cookie when acknowledged. */
  readonly ack: number | null;
}

describe('several app servers on one PostgreSQL behind nginx (decision 012)', { skip }, () => {
  const work = tempFolder('gk-cluster-');
  const pgDir = tempFolder('gk-cluster-pg-');
  const secret = randomSecret();
  let postgres: PostgresInstance;
  let handle: DatabaseHandle;
  let a: AppProcess;
  let b: AppProcess;
  let nginx: Nginx;
  let env: Record<string, string>;
  let agencyId: number;
  let csrfCookie = '';
  let csrfToken = '';
  let run = 0;

  before(async () => {
    assert.ok(nginxBinary, 'nginx is missing: scripts/ensure-system-deps.sh installs it');
    postgres = await startPostgres(pgDir.dir);
    handle = await prepareDatabase(postgres, 'gongkai', PASSWORD);
    env = {
      DATABASE_URL: postgres.url('gongkai'),
      NODE_ENV: 'production',
      SESSION_SECRET: secret,
      UPLOAD_DIR: `${work.dir}/uploads`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000',
      // No PDF printer is started for these servers (production warms Chromium at start).
      CHROMIUM_PATH: '/nonexistent/chromium',
    };
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
    nginx = await startNginx(nginxBinary as string, `${work.dir}/nginx`, [a.port, b.port]);
    const agency = await handle.db
      .selectFrom('agencies')
      .select('id')
      .where('name', '=', '宽城区欣园街道办事处')
      .executeTakeFirstOrThrow();
    agencyId = agency.id;
    const visitor = new Browser(nginx.port);
    await visitor.get(`/agencies/${agencyId}/apply`);
    csrfCookie = `gk_csrf=${visitor.cookie('gk_csrf')}`;
    csrfToken = visitor.csrf;
    assert.ok(csrfToken && visitor.cookie('gk_csrf'), 'the form gave a CSRF cookie and token');
  });

  after(async () => {
    await nginx?.stop();
    for (const app of [a, b])
      if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
    await handle?.close().catch(() => {});
    postgres?.stop();
    work.remove();
    pgDir.remove();
  });

  const q = () => handle.db;

  /** Waits until `app` is ready and hears other servers' writes (`/readyz` says so). */
  async function readyAndListening(app: AppProcess): Promise<void> {
    const deadline = performance.now() + 15_000;
    for (;;) {
      const ready = await request({ port: app.port, path: '/readyz' }).catch(() => null);
      if (ready?.status === 200 && JSON.parse(ready.body).writeNotifications === 'live') return;
      assert.ok(performance.now() < deadline, `not ready with its listener: ${ready?.body} ${app.output()}`);
      await sleep(50);
    }
  }

  /** One public submission through nginx, from a client address of its own. */
  async function submit(label: string, i: number): Promise<Outcome> {
    const state = sealAnswers(
      {
        applicantType: 'naturalPerson',
        applicantName: `${label}-${i}`,
        idDocType: 'other',
        idDocName: '护照',
        idDocNumber: `E${String(10_000_000 + i)}`,
        phone: `1390000${String(i % 10_000).padStart(4, '0')}`,
        request: `欣园街道2026年第${i}号工程的验收报告`,
        formWanted: 'paper',
        delivery: 'pickup',
      },
      agencyId,
      Date.now(),
      secret,
    );
    const body = new URLSearchParams({ _csrf: csrfToken, state }).toString();
    const res = await request({
      port: nginx.port,
      path: `/agencies/${agencyId}/apply/send`,
      method: 'POST',
      body,
      headers: {
        cookie: csrfCookie,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      },
    }).catch(() => null);
    if (!res) return { i, status: 0, ack: null };
    const receipt = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('gk_apply_receipt='));
    if (res.status !== 303 || !receipt) return { i, status: res.status, ack: null };
    const signed = decodeURIComponent(receipt.slice('gk_apply_receipt='.length).split(';')[0] ?? '');
    return { i, status: res.status, ack: Number(signed.slice(0, signed.lastIndexOf('.'))) };
  }

  /** `n` submissions by `clients` concurrent clients; `at(done)` is called after each completion. */
  async function load(n: number, clients: number, at: (done: number) => void = () => {}) {
    const label = `集群申请人${++run}`;
    const outcomes: Outcome[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < n) {
          const i = next++;
          outcomes.push(await submit(label, i));
          at(outcomes.length);
        }
      }),
    );
    return { label, outcomes, seconds: (performance.now() - t0) / 1000 };
  }

  /** Every acknowledged submission stored exactly once; none of the run stored twice. */
  async function checkStored(label: string, outcomes: readonly Outcome[]) {
    const rows = await q()
      .selectFrom('applications')
      .select(['id', 'applicant_name'])
      .where('applicant_name', 'like', `${label}-%`)
      .execute();
    const byName = new Map<string, number[]>();
    for (const r of rows) byName.set(r.applicant_name, [...(byName.get(r.applicant_name) ?? []), r.id]);
    const duplicated = [...byName.values()].filter((ids) => ids.length > 1).length;
    assert.equal(duplicated, 0, 'no submission stored twice');
    const acked = outcomes.filter((o) => o.ack !== null);
    for (const o of acked) {
      assert.deepEqual(byName.get(`${label}-${o.i}`), [o.ack], `acknowledged submission ${o.i} stored once`);
    }
    const events = await q()
      .selectFrom('application_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(
        'application_id',
        'in',
        rows.map((r) => r.id),
      )
      .executeTakeFirstOrThrow();
    assert.equal(Number(events.n), rows.length, 'one receipt event per stored application');
    const statuses = new Map<number, number>();
    for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    return { acked: acked.length, stored: rows.length, statuses: Object.fromEntries(statuses) };
  }

  /** Publishes a new catalogue item through server A; the time until server B's column page shows it. */
  async function crossServerDelay(title: string): Promise<number> {
    const clerk = new Browser(a.port);
    await clerk.login('demo-clerk', PASSWORD);
    await clerk.get('/admin/catalogue/new');
    const created = await clerk.post('/admin/catalogue/new', itemForm({ title }));
    assert.equal(created.status, 303, created.body.slice(0, 500));
    const id = Number(/\/admin\/catalogue\/items\/(\d+)/.exec(String(created.headers.location))?.[1]);
    await clerk.get(`/admin/catalogue/items/${id}`);
    assert.equal((await clerk.post(`/admin/catalogue/items/${id}/submit`, {})).status, 303);
    const reviewer = new Browser(a.port);
    await reviewer.login('demo-reviewer', PASSWORD);
    await reviewer.get(`/admin/catalogue/items/${id}`);
    // Server B renders the column and keeps it (decision 005): the title is not there yet.
    const column = `/agencies/${agencyId}/columns/proactive`;
    for (let k = 0; k < 3; k++) {
      const before = await request({ port: b.port, path: column });
      assert.equal(before.status, 200);
      assert.ok(!before.body.includes(title));
    }
    const published = await reviewer.post(`/admin/catalogue/items/${id}/publish`, {
      secrecyNote: '不涉密，同意公开',
    });
    assert.equal(published.status, 303, published.body.slice(0, 500));
    const t0 = performance.now();
    for (;;) {
      const page = await request({ port: b.port, path: column });
      if (page.body.includes(title)) return performance.now() - t0;
      assert.ok(performance.now() - t0 < 10_000, 'server B never showed the write made through server A');
      await sleep(2);
    }
  }

  it('shows a write made through server A on server B at once', async (t) => {
    for (const app of [a, b]) await readyAndListening(app);
    const ms = await crossServerDelay('跨服务器可见性测试：关于冬季供暖的通知');
    t.diagnostic(
      `published through A, seen on B's cached column page after ${ms.toFixed(1)} ms (target 100 ms; cache expiry alone would take up to 2,000 ms)`,
    );
  });

  it('loses and duplicates nothing when server B is killed (SIGKILL) during 2,000 submissions', async (t) => {
    let killed = false;
    const result = await load(2000, 6, (done) => {
      if (!killed && done >= 600) {
        killed = true;
        b.child.kill('SIGKILL');
      }
    });
    assert.ok(killed);
    assert.equal(await b.exited, 'SIGKILL');
    const stored = await checkStored(result.label, result.outcomes);
    t.diagnostic(
      `SIGKILL of B after 600 of 2,000: ${stored.acked} acknowledged, ${stored.stored} stored (each acknowledged once, none twice), statuses ${JSON.stringify(stored.statuses)}, ${(2000 / result.seconds).toFixed(0)} submissions/s`,
    );
    assert.ok(stored.acked >= 1900, `most submissions acknowledged (${stored.acked})`);
    b = await startApp(env, b.port);
  });

  it('reconnects after PostgreSQL restarts during submissions; nothing acknowledged is lost', async (t) => {
    let restart: Promise<void> | null = null;
    let completed = 0;
    let restartedAt = -1;
    const result = await load(800, 6, (done) => {
      completed = done;
      if (!restart && done >= 200) {
        restart = postgres.restart().then(() => {
          restartedAt = completed;
        });
      }
    });
    assert.ok(restart);
    await restart;
    const stored = await checkStored(result.label, result.outcomes);
    // After the restart both servers answer and take submissions again.
    // Both servers answer again and their write listeners are back (else their caches serve nothing).
    for (const app of [a, b]) await readyAndListening(app);
    const afterwards = await load(100, 4);
    const again = await checkStored(afterwards.label, afterwards.outcomes);
    assert.equal(again.acked, 100, 'every submission after the restart acknowledged');
    const ms = await crossServerDelay('重启数据库后的跨服务器可见性测试：关于春季防汛的通知');
    t.diagnostic(
      `PostgreSQL restarted after 200 of 800 (back after ~${restartedAt}): ${stored.acked} acknowledged, ${stored.stored} stored, statuses ${JSON.stringify(stored.statuses)}; afterwards 100/100 acknowledged; a write through A seen on B after ${ms.toFixed(1)} ms (listener reconnected)`,
    );
  });

  it('SIGTERM: server A finishes its requests and exits 0; nothing acknowledged is lost', async (t) => {
    let stopped = false;
    const result = await load(400, 6, (done) => {
      if (!stopped && done >= 100) {
        stopped = true;
        a.child.kill('SIGTERM');
      }
    });
    const code = await a.exited;
    assert.equal(code, 0, a.output());
    const stored = await checkStored(result.label, result.outcomes);
    t.diagnostic(
      `SIGTERM of A after 100 of 400: exit ${code}, ${stored.acked} acknowledged, ${stored.stored} stored, statuses ${JSON.stringify(stored.statuses)}`,
    );
  });
});
