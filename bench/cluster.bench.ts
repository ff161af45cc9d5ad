/**
 * Several app servers on one PostgreSQL (docs/decisions/012-several-app-servers.md), `npm run bench -- cluster`:
 *
 * 1. public page requests/s (the 法定主动公开内容 column, cached) and public form submissions/s through
 *    nginx with one app server and with two (`gongkai serve` processes in production mode on a PostgreSQL
 *    instance of the bench's own), alternating rounds, medians, and the ratio two/one;
 * 2. what the page cache is worth on PostgreSQL: the same page in-process, cache hits against renders
 *    forced by a write notification before each request;
 * 3. the shared rate-limit counters: a cached page with every counter in Redis (REDIS_URL) against the
 *    default on PostgreSQL (the global limit in memory); one hit in PostgreSQL (`rate_limit_hits`
 *    upsert) against one INCR in Redis (127.0.0.1:6379, when it answers).
 *
 * The load generator, nginx, PostgreSQL and the servers share the machine's cores: the ratio says what a
 * second process adds on this machine, not on a machine with more cores.
 */
import { connect } from 'node:net';
import { sealAnswers } from '../src/applications/apply.steps.ts';
import { noteOtherWrite } from '../src/db/write-version.ts';
import { countHit } from '../src/shared/http/rate-limit.repository.ts';
import {
  type AppProcess,
  Browser,
  type Nginx,
  prepareDatabase,
  randomSecret,
  request,
  startApp,
  startNginx,
  startPostgres,
  tempFolder,
  whichNginx,
} from '../test/support/cluster.ts';

const ROUND_MS = 3000;
const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function during(ms: number, clients: number, one: (k: number) => Promise<boolean>): Promise<number> {
  const end = performance.now() + ms;
  let ok = 0;
  let k = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) if (await one(k++)) ok++;
    }),
  );
  return (ok / (performance.now() - t0)) * 1000;
}

function redisRoundTrip(n: number): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: 6379 });
    let pending = 0;
    let started = 0;
    let t0 = 0;
    const send = () => {
      const key = 'gk-bench-incr';
      socket.write(`*2\r\n$4\r\nINCR\r\n$${key.length}\r\n${key}\r\n`);
      pending++;
      started++;
    };
    socket.once('error', () => resolve(null));
    socket.once('connect', () => {
      t0 = performance.now();
      send();
    });
    socket.on('data', (d: Buffer) => {
      pending -= d
        .toString()
        .split('\r\n')
        .filter((l) => l.startsWith(':')).length;
      if (pending > 0) return;
      if (started < n) send();
      else {
        const us = ((performance.now() - t0) / n) * 1000;
        socket.end('*2\r\n$3\r\nDEL\r\n$13\r\ngk-bench-incr\r\n');
        resolve(us);
      }
    });
  });
}

export async function run(): Promise<void> {
  const nginxBinary = whichNginx();
  if (!nginxBinary) {
    console.log('cluster: nginx missing (scripts/ensure-system-deps.sh installs it); skipped');
    return;
  }
  const work = tempFolder('gk-bench-cluster-');
  const pgDir = tempFolder('gk-bench-cluster-pg-');
  const postgres = await startPostgres(pgDir.dir);
  const handle = await prepareDatabase(postgres, 'gongkai', 'Bench-Pass-2026-多服务器');
  const secret = randomSecret();
  const env = {
    DATABASE_URL: postgres.url('gongkai'),
    NODE_ENV: 'production',
    SESSION_SECRET: secret,
    UPLOAD_DIR: `${work.dir}/uploads`,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    CHROMIUM_PATH: '/nonexistent/chromium',
  };
  const apps: AppProcess[] = [];
  const proxies: Nginx[] = [];
  try {
    apps.push(...(await Promise.all([startApp(env), startApp(env)])));
    const [a, b] = apps as [AppProcess, AppProcess];
    const one = await startNginx(nginxBinary, `${work.dir}/nginx-one`, [a.port]);
    proxies.push(one);
    const two = await startNginx(nginxBinary, `${work.dir}/nginx-two`, [a.port, b.port]);
    proxies.push(two);
    const agency = await handle.db
      .selectFrom('agencies')
      .select('id')
      .where('name', '=', '宽城区欣园街道办事处')
      .executeTakeFirstOrThrow();
    const column = `/agencies/${agency.id}/columns/proactive`;
    const visitor = new Browser(two.port);
    await visitor.get(`/agencies/${agency.id}/apply`);
    const cookie = `gk_csrf=${visitor.cookie('gk_csrf')}`;
    const token = visitor.csrf;
    let seq = 0;
    const page = (port: number) => async () => (await request({ port, path: column })).status === 200;
    const submit = (port: number) => async () => {
      const i = seq++;
      const state = sealAnswers(
        {
          applicantType: 'naturalPerson',
          applicantName: `压测申请人${i}`,
          idDocType: 'other',
          idDocName: '护照',
          idDocNumber: `E${String(10_000_000 + i)}`,
          phone: `1390000${String(i % 10_000).padStart(4, '0')}`,
          request: `欣园街道2026年第${i}号工程的验收报告`,
          formWanted: 'paper',
          delivery: 'pickup',
        },
        agency.id,
        Date.now(),
        secret,
      );
      const body = new URLSearchParams({ _csrf: token, state }).toString();
      const res = await request({
        port,
        path: `/agencies/${agency.id}/apply/send`,
        method: 'POST',
        body,
        headers: {
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
          'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        },
      });
      return res.status === 303;
    };
    // Warm both servers (tsx compilation, caches, pools).
    await during(1000, 8, page(two.port));
    await during(1000, 4, submit(two.port));
    const rates = {
      pagesOne: [] as number[],
      pagesTwo: [] as number[],
      subOne: [] as number[],
      subTwo: [] as number[],
    };
    for (let r = 0; r < ROUNDS; r++) {
      rates.pagesOne.push(await during(ROUND_MS, 16, page(one.port)));
      rates.pagesTwo.push(await during(ROUND_MS, 16, page(two.port)));
      rates.subOne.push(await during(ROUND_MS, 8, submit(one.port)));
      rates.subTwo.push(await during(ROUND_MS, 8, submit(two.port)));
    }
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    const p1 = median(rates.pagesOne);
    const p2 = median(rates.pagesTwo);
    const s1 = median(rates.subOne);
    const s2 = median(rates.subTwo);
    console.log(
      `public page (法定主动公开内容 column) through nginx: one app server ${p1.toFixed(0)} req/s (${fmt(rates.pagesOne)}) | two ${p2.toFixed(0)} req/s (${fmt(rates.pagesTwo)}) | ratio ${(p2 / p1).toFixed(2)}×`,
    );
    console.log(
      `public form submissions through nginx: one app server ${s1.toFixed(0)}/s (${fmt(rates.subOne)}) | two ${s2.toFixed(0)}/s (${fmt(rates.subTwo)}) | ratio ${(s2 / s1).toFixed(2)}×`,
    );
  } finally {
    for (const p of proxies) await p.stop();
    for (const app of apps) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  }

  // 2. The page cache on PostgreSQL, in this process: hits against renders forced by a notification.
  const { createApp } = await import('../src/app.tsx');
  const { CalendarProvider } = await import('../src/calendar/calendar.repository.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { systemClock } = await import('../src/shared/clock.ts');
  const appWith = async (extra: Record<string, string>) => {
    const loaded = loadConfig({
      NODE_ENV: 'test',
      SESSION_SECRET: secret,
      LOG_LEVEL: 'silent',
      DATABASE_URL: postgres.url('gongkai'),
      ...extra,
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const made = await createApp({
      config: loaded.config,
      db: handle.db,
      dialect: 'postgres',
      clock: systemClock,
      calendar: new CalendarProvider(),
    });
    await made.ready();
    return made;
  };
  const app = await appWith({});
  const redisApp =
    (await redisRoundTrip(1)) === null ? null : await appWith({ REDIS_URL: 'redis://127.0.0.1:6379/0' });
  const agencyId = (
    await handle.db
      .selectFrom('agencies')
      .select('id')
      .where('name', '=', '宽城区欣园街道办事处')
      .executeTakeFirstOrThrow()
  ).id;
  let addr = 0;
  const inject = (target: typeof app, miss: boolean) => async () => {
    if (miss) noteOtherWrite();
    addr++;
    const res = await target.inject({
      url: `/agencies/${agencyId}/columns/proactive`,
      remoteAddress: `10.1.${(addr >> 8) & 255}.${addr & 255}`,
    });
    return res.statusCode === 200;
  };
  const hits: number[] = [];
  const misses: number[] = [];
  const redisHits: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    hits.push(await during(1500, 8, inject(app, false)));
    misses.push(await during(1500, 8, inject(app, true)));
    if (redisApp) redisHits.push(await during(1500, 8, inject(redisApp, false)));
  }
  console.log(
    `page cache on PostgreSQL (column page in-process, global rate limit in memory): hits ${median(hits).toFixed(0)} req/s | every request rendered (a write notified before each) ${median(misses).toFixed(0)} req/s | ratio ${(median(hits) / median(misses)).toFixed(1)}×`,
  );
  if (redisApp)
    console.log(
      `cached page with every rate-limit counter in Redis ${median(redisHits).toFixed(0)} req/s | without REDIS_URL (global limit in memory, route limits in PostgreSQL) ${median(hits).toFixed(0)} req/s | ratio ${(median(redisHits) / median(hits)).toFixed(2)}×`,
    );
  await app.close();
  await redisApp?.close();

  // 3. One rate-limit hit: PostgreSQL upsert against Redis INCR, sequential round trips.
  const N = 2000;
  let t0 = performance.now();
  for (let i = 0; i < N; i++) await countHit(handle.db, `bench:${i % 100}`, 60_000, Date.now());
  const pgUs = ((performance.now() - t0) / N) * 1000;
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async (_, c) => {
      for (let i = 0; i < N / 8; i++) await countHit(handle.db, `bench:${c}:${i % 50}`, 60_000, Date.now());
    }),
  );
  const pgParallel = (N / (performance.now() - t0)) * 1000;
  const redisUs = await redisRoundTrip(N);
  console.log(
    `rate-limit hit: PostgreSQL upsert ${pgUs.toFixed(0)} µs sequential, ${pgParallel.toFixed(0)}/s with 8 concurrent | Redis INCR ${redisUs === null ? 'not reachable on 127.0.0.1:6379' : `${redisUs.toFixed(0)} µs sequential`}${redisUs === null ? '' : ` | ratio PostgreSQL/Redis ${(pgUs / redisUs).toFixed(1)}×`}`,
  );
  await handle.close();
  postgres.stop();
  work.remove();
  pgDir.remove();
}
