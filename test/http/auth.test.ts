import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../../src/accounts/account.routes.tsx';
import { findUserByLogin } from '../../src/accounts/user.repository.ts';
import { createApp } from '../../src/app.tsx';
import { CalendarProvider } from '../../src/calendar/calendar.repository.ts';
import { Agent, DEMO_PASSWORD, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

describe('login, sessions and CSRF', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('sends anonymous visitors of the back office to the login page', async () => {
    const res = await t.agent().get('/admin/agencies');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/login?next=%2Fadmin%2Fagencies');
  });

  it('logs in and returns to the page asked for; never to another site', async () => {
    const a = t.agent();
    await a.get('/admin/login');
    const res = await a.post('/admin/login?next=%2Fadmin%2Fagencies', {
      login: 'demo-clerk',
      password: DEMO_PASSWORD,
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/agencies');
    const b = t.agent();
    await b.get('/admin/login');
    const evil = await b.post('/admin/login?next=%2F%2Fevil.example', {
      login: 'demo-clerk',
      password: DEMO_PASSWORD,
    });
    assert.equal(evil.headers.location, '/admin');
  });

  it('rejects an empty form with an error summary and keeps the user name', async () => {
    const a = t.agent();
    await a.get('/admin/login');
    const res = await a.post('/admin/login', { login: 'demo-clerk', password: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：/);
    assert.match(res.body, /class="gk-error-summary"/);
    assert.match(res.body, /href="#password">请输入密码/);
    assert.match(res.body, /id="login" name="login" type="text" value="demo-clerk"/);
  });

  it('refuses a form without a valid CSRF token', async () => {
    const a = t.agent();
    await a.get('/admin/login');
    const missing = await a.post(
      '/admin/login',
      { login: 'demo-clerk', password: DEMO_PASSWORD },
      { csrf: null },
    );
    assert.equal(missing.statusCode, 403);
    assert.match(textOf(missing.body), /表单已过期/);
    const forged = await a.post(
      '/admin/login',
      { login: 'demo-clerk', password: DEMO_PASSWORD },
      { csrf: 'forged-token' },
    );
    assert.equal(forged.statusCode, 403);
  });

  it('binds CSRF tokens to the login session: an attacker’s own cookie and token fail in the victim’s session', async () => {
    const attacker = t.agent();
    await attacker.login('demo-clerk');
    const page = await attacker.get('/admin');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const planted = attacker.cookie('gk_csrf');
    assert.ok(token && planted);
    // The pair works in the attacker's own session…
    const own = t.agent();
    own.setCookie('gk_session', attacker.cookie('gk_session') ?? '');
    own.setCookie('gk_csrf', planted);
    assert.equal((await own.post('/admin/logout', {}, { csrf: token })).statusCode, 303);
    // …but not in the victim's, even with the attacker's gk_csrf cookie planted in the victim's browser.
    const victim = t.agent();
    await victim.login('demo-admin');
    victim.setCookie('gk_csrf', planted);
    const forged = await victim.post('/admin/logout', {}, { csrf: token });
    assert.equal(forged.statusCode, 403);
    assert.ok(victim.cookie('gk_session'), 'the victim is still signed in');
  });

  it('gives the same message for an unknown user and a wrong password', async () => {
    const a = t.agent();
    await a.get('/admin/login');
    const unknown = await a.post('/admin/login', { login: 'nobody', password: 'whatever-123' });
    const wrong = await a.post('/admin/login', { login: 'demo-reviewer', password: 'wrong-password-1' });
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.statusCode, 401);
    assert.match(textOf(unknown.body), /用户名或密码不正确/);
    assert.match(textOf(wrong.body), /用户名或密码不正确/);
  });

  it('holds back an address that guesses, without locking the owner out, and answers known and unknown names alike', async () => {
    const attacker = t.agent();
    await attacker.get('/admin/login');
    for (const login of ['demo-supervisor', 'no-such-user']) {
      for (let i = 0; i < t.config.loginMaxAttempts; i++) {
        const r = await attacker.post('/admin/login', { login, password: `wrong-${i}-password` });
        assert.equal(r.statusCode, 401);
      }
    }
    const known = await attacker.post('/admin/login', { login: 'demo-supervisor', password: DEMO_PASSWORD });
    const unknown = await attacker.post('/admin/login', { login: 'no-such-user', password: DEMO_PASSWORD });
    assert.equal(known.statusCode, 429, 'the right password does not help the guessing address');
    assert.equal(unknown.statusCode, 429, 'a name that does not exist is answered the same way');
    const say = (html: string) => textOf(html).replace(/\d{4}年\d+月\d+日 \d\d:\d\d/, 'T');
    assert.equal(
      say(known.body).match(/在本设备上[^。]*。/)?.[0],
      say(unknown.body).match(/在本设备上[^。]*。/)?.[0],
    );
    assert.equal(attacker.cookie('gk_session'), undefined);
    // The owner, from their own address, signs in at once: nobody can lock an account from outside.
    const owner = t.agent();
    await owner.login('demo-supervisor');
    const user = await findUserByLogin(t.database.db, 'demo-supervisor');
    assert.equal(user?.lockedUntil, null);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'login_failed')
      .execute();
    assert.ok(audit.some((r) => r.summary.includes('暂停')));
    // After the window the address may try again.
    t.clock.advance((t.config.loginLockMinutes + 1) * 60_000);
    const again = await attacker.post('/admin/login', { login: 'demo-supervisor', password: DEMO_PASSWORD });
    assert.equal(again.statusCode, 303);
  });

  it('limits login attempts per client address and says so in Chinese; other addresses are not held up', async () => {
    const a = t.agent();
    await a.get('/admin/login');
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE; i++) {
      statuses.push(
        (await a.post('/admin/login', { login: `nobody-here-${i}`, password: 'wrong-password-1' }))
          .statusCode,
      );
    }
    assert.deepEqual(new Set(statuses), new Set([401]));
    const limited = await a.post('/admin/login', { login: 'demo-admin', password: DEMO_PASSWORD });
    assert.equal(limited.statusCode, 429);
    assert.match(textOf(limited.body), /请求过于频繁，请在 \d+ 秒后重试。/);
    assert.equal(a.cookie('gk_session'), undefined);
    const other = t.agent();
    await other.login('demo-admin');
  });

  it('stores sessions in the database, so a second app process accepts them', async () => {
    const a = t.agent();
    await a.login('demo-reviewer');
    const token = a.cookie('gk_session');
    assert.ok(token);
    const rows = await t.database.db.selectFrom('sessions').select('id_hash').execute();
    assert.ok(rows.length > 0);
    assert.ok(
      rows.every((r) => r.id_hash !== token),
      'only a hash of the token is stored',
    );
    const second = await createApp({
      config: t.config,
      db: t.database.db,
      dialect: t.database.dialect,
      clock: t.clock,
      calendar: new CalendarProvider(),
    });
    const b = new Agent(second, t.clock);
    b.setCookie('gk_session', token);
    const res = await b.get('/admin');
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /欣园街道分管领导（演示）/);
    await second.close();
  });

  it('ends the session on logout', async () => {
    const a = t.agent();
    await a.login('demo-clerk');
    const token = a.cookie('gk_session')!;
    await a.get('/admin');
    const out = await a.post('/admin/logout', {});
    assert.equal(out.statusCode, 303);
    const b = t.agent();
    b.setCookie('gk_session', token);
    assert.equal((await b.get('/admin')).statusCode, 303);
  });

  it('expires sessions after their lifetime', async () => {
    const a = t.agent();
    await a.login('demo-clerk');
    assert.equal((await a.get('/admin')).statusCode, 200);
    t.clock.advance((t.config.sessionTtlHours + 1) * 3_600_000);
    assert.equal((await a.get('/admin')).statusCode, 303);
  });

  it('changes the own password and checks its strength', async () => {
    const a = t.agent();
    await a.login('demo-reviewer');
    await a.get('/admin/account/password');
    const weak = await a.post('/admin/account/password', {
      current: DEMO_PASSWORD,
      password: 'short',
      confirm: 'short',
    });
    assert.equal(weak.statusCode, 400);
    assert.match(textOf(weak.body), /密码至少 12 个字符/);
    const mismatch = await a.post('/admin/account/password', {
      current: DEMO_PASSWORD,
      password: 'New-Passw0rd-X',
      confirm: 'New-Passw0rd-Y',
    });
    assert.match(textOf(mismatch.body), /两次输入的新密码不一致/);
    const ok = await a.post('/admin/account/password', {
      current: DEMO_PASSWORD,
      password: 'New-Passw0rd-X',
      confirm: 'New-Passw0rd-X',
    });
    assert.equal(ok.statusCode, 303);
    const b = t.agent();
    await b.login('demo-reviewer', 'New-Passw0rd-X');
  });
});
