import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { createApp } from '../../src/app.tsx';
import { CalendarProvider } from '../../src/calendar/calendar.repository.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import { Lifecycle } from '../../src/shared/lifecycle.ts';
import { walkToCheck } from '../support/apply-form.ts';
import { tempFolder } from '../support/cluster.ts';
import {
  Agent,
  DEMO_PASSWORD,
  startTestApp,
  type TestContext,
  testConfig,
  textOf,
} from '../support/test-app.ts';
import { testDialect } from '../support/test-db.ts';

describe('health and readiness (decision 012)', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp({ demo: false });
  });
  after(async () => {
    await t.close();
  });

  it('/healthz says the process is alive, unlimited', async () => {
    for (let i = 0; i < 700; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '192.0.2.50' });
      assert.equal(res.statusCode, 200);
    }
  });

  it('/readyz is 200 with the database reachable and migrated', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { ready: true, writeNotifications: 'local' }, 'no listener in a test app');
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('/readyz is 503 with a reason while shutting down, with a closed database, with migrations pending', async () => {
    const lifecycle = new Lifecycle();
    const app = await createApp({
      config: testConfig(),
      db: t.database.db,
      dialect: t.database.dialect,
      clock: t.clock,
      calendar: new CalendarProvider(),
      lifecycle,
    });
    await app.ready();
    try {
      assert.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
      lifecycle.shuttingDown = true;
      const down = await app.inject({ url: '/readyz' });
      assert.equal(down.statusCode, 503);
      assert.equal(down.json().reason, 'shutting_down');
      lifecycle.shuttingDown = false;
      // A migration this code knows but the database has not run.
      await t.database.db
        .deleteFrom('gongkai_migrations' as never)
        .where('name' as never, '=', '0018_multiserver' as never)
        .execute();
      const pending = await app.inject({ url: '/readyz' });
      assert.equal(pending.statusCode, 503);
      assert.equal(pending.json().reason, 'migrations_pending');
      assert.match(pending.json().message, /0018_multiserver/);
    } finally {
      await t.database.db
        .insertInto('gongkai_migrations' as never)
        .values({ name: '0018_multiserver', timestamp: new Date().toISOString() } as never)
        .execute();
      await app.close();
    }
  });

  it('/readyz is 503 database_unavailable when the database cannot answer', async () => {
    if (testDialect() !== 'postgres') return; // SQLite opens a file: nothing to lose while serving.
    const { createTestDatabase } = await import('../support/test-db.ts');
    const db = await createTestDatabase();
    const app = await createApp({
      config: testConfig(),
      db: db.db,
      dialect: db.dialect,
      clock: t.clock,
      calendar: new CalendarProvider(),
    });
    await app.ready();
    await db.destroy();
    const res = await app.inject({ url: '/readyz' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().reason, 'database_unavailable');
    await app.close();
  });
});

describe('two app servers on one database share limits and throttles (decision 012)', () => {
  let t: TestContext;
  let other: Awaited<ReturnType<typeof createApp>>;
  // A route with a limit of its own, as sign-in, the public form and the lookup have.
  const limited = (app: Awaited<ReturnType<typeof createApp>>) =>
    app.get(
      '/limited-route',
      { config: { access: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } } },
      async () => 'ok',
    );
  before(async () => {
    t = await startTestApp({ config: { RATE_LIMIT_PER_MINUTE: '5' }, configure: limited });
    other = await createApp({
      config: testConfig({ RATE_LIMIT_PER_MINUTE: '5' }),
      db: t.database.db,
      dialect: t.database.dialect,
      clock: t.clock,
      calendar: new CalendarProvider(),
    });
    limited(other);
    await other.ready();
  });
  after(async () => {
    await other.close();
    await t.close();
  });

  const six = async (url: string, remoteAddress: string) => {
    const codes: number[] = [];
    for (const app of [t.app, t.app, t.app, other, other, other])
      codes.push((await app.inject({ method: 'GET', url, remoteAddress })).statusCode);
    return codes;
  };

  it('counts a route’s own limit across both servers on PostgreSQL (per process on SQLite)', async () => {
    const codes = await six('/limited-route', '192.0.2.60');
    if (testDialect() === 'postgres') {
      assert.deepEqual(
        codes,
        [200, 200, 200, 200, 200, 429],
        'the sixth request, on the second server, is over 5',
      );
      const another = await other.inject({
        method: 'GET',
        url: '/limited-route',
        remoteAddress: '192.0.2.61',
      });
      assert.equal(another.statusCode, 200, 'another address is not limited');
    } else {
      assert.deepEqual(codes, [200, 200, 200, 200, 200, 200], 'SQLite: one process, counters in memory');
    }
  });

  it('counts the global limit of other routes in each process (no database write per page view)', async () => {
    assert.deepEqual(await six('/static/app.css', '192.0.2.62'), [200, 200, 200, 200, 200, 200]);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (await t.app.inject({ method: 'GET', url: '/static/app.css', remoteAddress: '192.0.2.62' }))
          .statusCode,
      );
    assert.deepEqual(codes, [200, 200, 429], 'the sixth request on one server is over 5');
  });

  it('holds back an address that guessed passwords on one server when it tries the other', async () => {
    const onA = new Agent(t.app, t.clock, '192.0.2.70');
    await onA.get('/admin/login');
    for (let i = 0; i < t.config.loginMaxAttempts; i++) {
      const r = await onA.post('/admin/login', { login: 'demo-clerk', password: `wrong-${i}-password` });
      assert.equal(r.statusCode, 401);
    }
    const onB = new Agent(other, t.clock, '192.0.2.70');
    await onB.get('/admin/login');
    const r = await onB.post('/admin/login', { login: 'demo-clerk', password: DEMO_PASSWORD });
    assert.equal(r.statusCode, 429);
  });
});

/** Whether a Redis answers on 127.0.0.1:6379 (it does on the project's machines; elsewhere this part is skipped). */
async function redisAnswers(): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port: 6379 });
    s.setTimeout(5000, () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
    s.once('data', (d) => {
      s.end();
      resolve(d.toString().startsWith('+PONG'));
    });
    s.once('connect', () => s.write('PING\r\n'));
  });
}

describe('rate limits in Redis when REDIS_URL is set (decision 012)', async () => {
  const reachable = await redisAnswers();
  let t: TestContext;
  let other: Awaited<ReturnType<typeof createApp>>;
  const config = { RATE_LIMIT_PER_MINUTE: '5', REDIS_URL: 'redis://127.0.0.1:6379/0' };
  before(async () => {
    t = await startTestApp({ demo: false, config });
    other = await createApp({
      config: testConfig(config),
      db: t.database.db,
      dialect: t.database.dialect,
      clock: t.clock,
      calendar: new CalendarProvider(),
    });
    await other.ready();
  });
  after(async () => {
    await other.close();
    await t.close();
  });

  it('counts one address across both servers', {
    skip: reachable ? false : 'no Redis on 127.0.0.1:6379',
  }, async () => {
    // An address of this run only: the counters live in a Redis others may share for a minute.
    const address = `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const get = (app: typeof other) =>
      app.inject({ method: 'GET', url: '/static/app.css', remoteAddress: address });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await get(t.app)).statusCode);
    for (let i = 0; i < 3; i++) codes.push((await get(other)).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429]);
  });

  it('lets requests through when Redis cannot be reached', async () => {
    const app = await createApp({
      config: testConfig({ RATE_LIMIT_PER_MINUTE: '5', REDIS_URL: 'redis://127.0.0.1:1/0' }),
      db: t.database.db,
      dialect: t.database.dialect,
      clock: t.clock,
      calendar: new CalendarProvider(),
    });
    await app.ready();
    try {
      for (let i = 0; i < 7; i++)
        assert.equal((await app.inject({ url: '/static/app.css' })).statusCode, 200);
    } finally {
      await app.close();
    }
  });
});

describe('two app servers on one database share the upload quota (decision 012)', () => {
  let t: TestContext;
  let other: Awaited<ReturnType<typeof createApp>>;
  const uploads = tempFolder('gk-quota-two-');
  const config = { UPLOAD_DIR: uploads.dir, UPLOAD_QUOTA_MB: '1' };
  before(async () => {
    t = await startTestApp({ config });
    other = await createApp({
      config: testConfig(config),
      db: t.database.db,
      dialect: t.database.dialect,
      clock: t.clock,
      calendar: new CalendarProvider(),
    });
    await other.ready();
  });
  after(async () => {
    await other.close();
    await t.close();
    uploads.remove();
  });

  it('counts one address’s pending uploads made through either server', async () => {
    const agencyId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))?.id ?? 0;
    const id17 = '22010319900101301';
    const answers = {
      applicantType: 'naturalPerson',
      applicantName: '两台服务器',
      idDocType: 'resident_id',
      idDocNumber: `${id17}${residentIdCheckChar(id17)}`,
      phone: '13811112222',
      address: '长春市宽城区配额路1号',
      postcode: '130051',
      request: '欣园街道2026年度社区养老服务中心建设项目的立项批复',
      formWanted: 'paper',
      delivery: 'post',
    };
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600 * 1024 - 4, 0x41)]);
    const files = [{ field: 'idFiles', name: '身份证.jpg', content: photo }];
    const onA = new Agent(t.app, t.clock, '192.0.2.80');
    assert.equal((await walkToCheck(t, onA, agencyId, answers, files)).statusCode, 200);
    const onB = new Agent(other, t.clock, '192.0.2.80');
    const refused = await walkToCheck({ ...t, app: other }, onB, agencyId, answers, files);
    assert.equal(refused.statusCode, 400, 'server B counts what was uploaded through server A');
    assert.match(textOf(refused.body), /24 小时内上传但尚未提交的文件已达 1 MB 的上限/);
  });
});
