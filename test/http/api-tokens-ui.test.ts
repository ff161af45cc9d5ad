import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/accounts/user.service.ts';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.repository.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

/** V3 in the back office: each user lists, creates (shown once) and revokes their own API tokens. */
describe('API tokens in the back office', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp();
    // A supervisor of another subtree: 宽城区财政局 does not contain 欣园街道.
    const finance = await findAgencyByName(t.database.db, '长春市宽城区财政局');
    assert.ok(finance);
    await createUser(
      t.database.db,
      SYSTEM_ACTOR,
      {
        login: 'finance-supervisor',
        displayName: '财政局主管',
        role: 'supervisor',
        agencyId: finance.id,
        email: null,
        password: 'Caizheng-Zhuguan-2026',
      },
      t.clock.now().toISOString(),
    );
  });
  after(async () => t.close());

  const api = (token: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/applications',
      headers: { authorization: `Bearer ${token}` },
    });

  /** Creates a token through the form; returns its id and the token shown once. */
  const create = async (agent: Agent, label: string, days = '30') => {
    await agent.get('/admin/account/tokens');
    const res = await agent.post('/admin/account/tokens', { label, days });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    const token = /value="(gk_[A-Za-z0-9_-]+)"/.exec(res.body)?.[1];
    assert.ok(token, 'the token is on the answer');
    const id = /编号\s*([0-9]+)/.exec(textOf(res.body))?.[1];
    assert.ok(id);
    return { token, id: Number(id) };
  };

  const audit = async (action: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  it('create → use with Bearer → revoke after a confirmation → 401; the token is shown once only', async () => {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    const list = await clerk.get('/admin/account/tokens');
    assert.equal(list.statusCode, 200);
    assert.match(textOf(list.body), /还没有令牌/);

    const { token, id } = await create(clerk, '台账同步');
    assert.equal((await api(token)).statusCode, 200);

    const again = await clerk.get('/admin/account/tokens');
    assert.ok(!again.body.includes(token), 'never shown again');
    const text = textOf(again.body);
    assert.match(text, /台账同步/);
    assert.match(text, /有效/);
    assert.doesNotMatch(text, /所管理账号的令牌/, 'a clerk oversees no one');

    const confirm = await clerk.get(`/admin/account/tokens/${id}/revoke`);
    assert.equal(confirm.statusCode, 200);
    assert.match(textOf(confirm.body), /确认吊销/);
    const noCsrf = await clerk.post(`/admin/account/tokens/${id}/revoke`, {}, { csrf: null });
    assert.equal(noCsrf.statusCode, 403, 'POST without the CSRF token is refused');
    assert.equal((await api(token)).statusCode, 200);

    await clerk.get(`/admin/account/tokens/${id}/revoke`);
    const revoked = await clerk.post(`/admin/account/tokens/${id}/revoke`, {});
    assert.equal(revoked.statusCode, 303);
    assert.equal((await api(token)).statusCode, 401);
    assert.match(textOf((await clerk.get('/admin/account/tokens?revoked=1')).body), /已吊销/);

    const created = await audit('api_token_created');
    assert.ok(created.some((r) => r.entity_id === String(id) && r.user_login === 'demo-clerk'));
    assert.ok((await audit('api_token_revoked')).some((r) => r.entity_id === String(id)));
  });

  it('bad input is shown again with a Chinese message and the input kept', async () => {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    await clerk.get('/admin/account/tokens');
    const res = await clerk.post('/admin/account/tokens', { label: '统计脚本', days: '400' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /有效天数应为 1 至 365 的整数/);
    assert.match(res.body, /value="统计脚本"/);
    const empty = await clerk.post('/admin/account/tokens', { label: '', days: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(textOf(empty.body), /请填写令牌的说明/);
  });

  it('the supervisor of the subtree sees and revokes; another agency’s supervisor and a colleague get 404', async () => {
    const reviewer = t.agent();
    await reviewer.login('demo-reviewer');
    const { token, id } = await create(reviewer, '审核人脚本', '');

    const clerk = t.agent();
    await clerk.login('demo-clerk');
    assert.equal((await clerk.get(`/admin/account/tokens/${id}/revoke`)).statusCode, 404);
    assert.ok(!textOf((await clerk.get('/admin/account/tokens')).body).includes('审核人脚本'));
    assert.equal((await clerk.post(`/admin/account/tokens/${id}/revoke`, {})).statusCode, 404);

    const other = t.agent();
    await other.login('finance-supervisor', 'Caizheng-Zhuguan-2026');
    const otherList = await other.get('/admin/account/tokens');
    assert.ok(!textOf(otherList.body).includes('审核人脚本'), 'another subtree is not listed');
    assert.equal((await other.get(`/admin/account/tokens/${id}/revoke`)).statusCode, 404);
    assert.equal((await other.post(`/admin/account/tokens/${id}/revoke`, {})).statusCode, 404);
    assert.equal((await api(token)).statusCode, 200, 'still works');

    const supervisor = t.agent();
    await supervisor.login('demo-supervisor');
    const overseen = textOf((await supervisor.get('/admin/account/tokens')).body);
    assert.match(overseen, /所管理账号的令牌/);
    assert.match(overseen, /审核人脚本/);
    await supervisor.get(`/admin/account/tokens/${id}/revoke`);
    assert.equal((await supervisor.post(`/admin/account/tokens/${id}/revoke`, {})).statusCode, 303);
    assert.equal((await api(token)).statusCode, 401);

    const admin = t.agent();
    await admin.login('demo-admin');
    assert.match(textOf((await admin.get('/admin/account/tokens')).body), /审核人脚本/);
    assert.equal((await t.agent().get('/admin/account/tokens')).statusCode, 303, 'signed out → login');
  });
});
