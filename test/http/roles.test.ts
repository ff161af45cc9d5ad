import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

/** Each demo role sees what it should and nothing more. */
describe('roles and data scope', () => {
  let t: TestContext;
  const a: Record<string, Agency> = {};
  before(async () => {
    t = await startTestApp({
      configure: (app) => {
        app.get(
          '/admin/test-any-of',
          {
            config: {
              access: ['applications.approve', 'users.manage'],
              denied: '只有审核人和系统管理员可以。',
            },
          },
          async () => 'allowed',
        );
      },
    });
    for (const [k, name] of Object.entries({
      jilin: '吉林省人民政府',
      changchun: '长春市人民政府',
      kuancheng: '长春市宽城区人民政府',
      xinyuan: '宽城区欣园街道办事处',
      tuanshan: '宽城区团山街道办事处',
      finance: '长春市宽城区财政局',
    })) {
      const found = await findAgencyByName(t.database.db, name);
      assert.ok(found, name);
      a[k] = found;
    }
  });
  after(async () => t.close());

  const agenciesListed = (html: string) => {
    const text = textOf(html);
    return [
      '吉林省人民政府',
      '长春市人民政府',
      '长春市宽城区人民政府',
      '宽城区欣园街道办事处',
      '宽城区团山街道办事处',
      '长春市宽城区财政局',
      '长春市宽城区民政局',
    ].filter((n) => text.includes(n));
  };

  it('系统管理员 sees every agency, account and the audit log', async () => {
    const s = t.agent();
    await s.login('demo-admin');
    const dash = await s.get('/admin');
    assert.equal(dash.statusCode, 200);
    assert.match(textOf(dash.body), /工作范围：全部机构/);
    assert.equal(agenciesListed((await s.get('/admin/agencies')).body).length, 7);
    const users = await s.get('/admin/users');
    assert.equal(users.statusCode, 200);
    for (const login of ['demo-admin', 'demo-supervisor', 'demo-reviewer', 'demo-clerk'])
      assert.ok(users.body.includes(login));
    assert.equal((await s.get('/admin/audit')).statusCode, 200);
    assert.equal((await s.get('/admin/users/new')).statusCode, 200);
  });

  it('政务公开主管 sees its agency and every agency below it, not above or beside', async () => {
    const s = t.agent();
    await s.login('demo-supervisor');
    const listed = agenciesListed((await s.get('/admin/agencies')).body);
    assert.deepEqual(
      listed.sort(),
      [
        '长春市宽城区人民政府',
        '宽城区欣园街道办事处',
        '宽城区团山街道办事处',
        '长春市宽城区财政局',
        '长春市宽城区民政局',
      ].sort(),
    );
    assert.equal((await s.get(`/admin/agencies/${a.xinyuan!.id}`)).statusCode, 200);
    assert.equal((await s.get(`/admin/agencies/${a.changchun!.id}`)).statusCode, 404);
    assert.equal((await s.get(`/admin/agencies/${a.jilin!.id}/edit`)).statusCode, 404);
    const users = await s.get('/admin/users');
    assert.equal(users.statusCode, 200);
    assert.ok(users.body.includes('demo-clerk'));
    assert.ok(!users.body.includes('demo-admin'), 'no account outside the subtree');
    assert.equal((await s.get('/admin/users/new')).statusCode, 403, 'only administrators manage accounts');
    const audit = await s.get('/admin/audit');
    assert.equal(audit.statusCode, 200);
  });

  it('审核人 sees and may edit only its own agency', async () => {
    const s = t.agent();
    await s.login('demo-reviewer');
    assert.deepEqual(agenciesListed((await s.get('/admin/agencies')).body), ['宽城区欣园街道办事处']);
    assert.equal((await s.get(`/admin/agencies/${a.xinyuan!.id}/edit`)).statusCode, 200);
    assert.equal((await s.get(`/admin/agencies/${a.tuanshan!.id}`)).statusCode, 404);
    assert.equal((await s.get('/admin/users')).statusCode, 403);
    assert.equal((await s.get('/admin/audit')).statusCode, 403);
    assert.equal((await s.get('/admin/agencies/new')).statusCode, 403);
  });

  it('经办人 sees its own agency and cannot change it', async () => {
    const s = t.agent();
    await s.login('demo-clerk');
    const dash = await s.get('/admin');
    assert.equal(dash.statusCode, 200);
    assert.match(textOf(dash.body), /经办人 · 工作范围：宽城区欣园街道办事处/);
    assert.ok(!dash.body.includes('href="/admin/audit"'), 'no navigation to what it may not use');
    assert.deepEqual(agenciesListed((await s.get('/admin/agencies')).body), ['宽城区欣园街道办事处']);
    const show = await s.get(`/admin/agencies/${a.xinyuan!.id}`);
    assert.equal(show.statusCode, 200);
    assert.ok(!show.body.includes('修改机构信息'));
    assert.equal((await s.get(`/admin/agencies/${a.xinyuan!.id}/edit`)).statusCode, 403);
    const post = await s.post(`/admin/agencies/${a.xinyuan!.id}/reading-places`, {
      placeName: 'x',
      placeAddress: 'y',
      placeHours: '',
    });
    assert.equal(post.statusCode, 403);
    assert.equal((await s.get('/admin/users')).statusCode, 403);
    assert.equal((await s.get('/admin/audit')).statusCode, 403);
  });

  it('admits a route declaring several permissions to a holder of any one, and refuses others with its message', async () => {
    for (const [login, allowed] of [
      ['demo-admin', true],
      ['demo-reviewer', true],
      ['demo-clerk', false],
      ['demo-supervisor', false],
    ] as const) {
      const s = t.agent();
      await s.login(login);
      const res = await s.get('/admin/test-any-of');
      assert.equal(res.statusCode, allowed ? 200 : 403, login);
      if (allowed) assert.equal(res.body, 'allowed');
      else assert.match(textOf(res.body), /只有审核人和系统管理员可以。/);
    }
  });

  it('refuses to start with a route that declares an unknown permission or none of a list', async () => {
    for (const access of [['reports.fly'], []] as const) {
      await assert.rejects(
        startTestApp({
          demo: false,
          configure: (app) => {
            app.get('/admin/misdeclared', { config: { access: access as never } }, async () => 'x');
          },
        }),
        /unknown permission|empty list/,
      );
    }
  });
});
