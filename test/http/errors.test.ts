import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_REQUESTS_PER_MINUTE } from '../../src/config.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

describe('error handling', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp({
      configure: (app) => {
        // Two writers of the same unique value: the second one loses (as when two people submit at once).
        app.post('/twice', { config: { access: 'public' } }, async () => {
          const row = { agency_id: 4, year: 2023, finding_id: 'R1-0000abcd', note: '说明', created_by: null };
          await t.database.db.transaction().execute(async (trx) => {
            await trx
              .insertInto('report_explanations')
              .values({ ...row, created_at: '2026-11-25T02:00:00.000Z' })
              .execute();
            await trx
              .insertInto('report_explanations')
              .values({ ...row, created_at: '2026-11-25T02:00:01.000Z' })
              .execute();
          });
          return 'not reached';
        });
        app.get('/boom', { config: { access: 'public' } }, async () => {
          throw new Error('secret internal detail');
        });
        app.get('/api/boom', { config: { access: 'public' } }, async () => {
          throw new Error('secret internal detail');
        });
      },
    });
  });
  after(async () => t.close());

  it('answers an unexpected error with a friendly Chinese page and no internals', async () => {
    const res = await t.agent().get('/boom');
    assert.equal(res.statusCode, 500);
    assert.match(textOf(res.body), /系统出现问题/);
    assert.ok(!res.body.includes('secret internal detail'));
    assert.ok(!res.body.includes('at '), 'no stack trace');
  });

  it('answers API errors as JSON', async () => {
    const res = await t.agent().get('/api/boom');
    assert.equal(res.statusCode, 500);
    const body = JSON.parse(res.body);
    assert.equal(body.error.status, 500);
    assert.ok(!res.body.includes('secret internal detail'));
    const missing = await t.agent().get('/api/v0/nothing');
    assert.equal(missing.statusCode, 404);
    assert.equal(JSON.parse(missing.body).error.status, 404);
  });

  it('answers a cut-off or malformed upload with 400 and a Chinese message, on every upload route', async () => {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    const routes = [
      { url: '/agencies/4/apply/check', cookie: '' },
      { url: '/admin/catalogue/items/1/attachments', cookie: clerk.cookieHeaderValue() },
      { url: '/admin/catalogue/import', cookie: clerk.cookieHeaderValue() },
      { url: '/admin/applications/1/letters/1/attachments', cookie: clerk.cookieHeaderValue() },
      { url: '/admin/applications/import', cookie: clerk.cookieHeaderValue() },
      { url: '/admin/litigation/4/1/documents', cookie: clerk.cookieHeaderValue() },
      { url: '/tools/report-checker', cookie: '' },
    ];
    const cutOff =
      '--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut off here';
    for (const r of routes) {
      for (const payload of [cutOff, 'no boundary at all']) {
        const res = await t.app.inject({
          method: 'POST',
          url: r.url,
          headers: { 'content-type': 'multipart/form-data; boundary=XYZ', cookie: r.cookie },
          payload,
        });
        assert.equal(res.statusCode, 400, `${r.url}: ${res.statusCode}`);
        assert.match(textOf(res.body), /上传的数据不完整或格式有误/, r.url);
      }
    }
  });

  it('answers a lost race on a unique value with 409 and keeps nothing of the request', async () => {
    const res = await t.agent().post('/twice', {});
    assert.equal(res.statusCode, 409);
    assert.match(textOf(res.body), /其他人刚刚同时提交了相同的内容/);
    const kept = await t.database.db.selectFrom('report_explanations').selectAll().execute();
    assert.equal(kept.length, 0);
  });

  it('limits the requests of one client address on every route, in tests as in production', async () => {
    // Any route but the health checks (/healthz, /readyz), which load balancers ask unlimited.
    const from = (remoteAddress: string) =>
      t.app.inject({ method: 'GET', url: '/static/app.css', remoteAddress });
    for (let i = 0; i < DEFAULT_REQUESTS_PER_MINUTE; i++)
      assert.equal((await from('192.0.2.7')).statusCode, 200);
    const limited = await from('192.0.2.7');
    assert.equal(limited.statusCode, 429);
    assert.match(textOf(limited.body), /请求过于频繁，请在 \d+ 秒后重试。/);
    assert.equal((await from('192.0.2.8')).statusCode, 200, 'another address is not limited');
  });

  it('refuses a route that declares no access at start', async () => {
    await assert.rejects(
      startTestApp({
        demo: false,
        configure: (app) => {
          app.get('/undeclared', async () => 'x');
        },
      }),
      /declares no access/,
    );
  });

  it('refuses oversized form bodies with a clear page', async () => {
    const a = t.agent();
    await a.get('/admin/login');
    const res = await a.post('/admin/login', { login: 'x'.repeat(1_100_000), password: 'y' });
    assert.equal(res.statusCode, 413);
    assert.match(textOf(res.body), /提交的内容过大/);
  });
});
