import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiTokensOf, createApiToken, revokeApiTokenById } from '../../src/accounts/api-token.service.ts';
import { findUserById, findUserByLogin } from '../../src/accounts/user.repository.ts';
import { changeUser } from '../../src/accounts/user.service.ts';
import { startTestApp, type TestContext } from '../support/test-app.ts';

/** V3: API tokens are listed, named, expiring, revocable, and end with a new password or deactivation. */
describe('API tokens', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  const call = (token: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/applications',
      headers: { authorization: `Bearer ${token}` },
    });
  const now = () => t.clock.now().toISOString();
  const make = async (login: string, label: string, days?: number) => {
    const r = await createApiToken(t.database.db, login, label, now(), days);
    assert.ok(r.ok);
    return r;
  };

  it('expire after their days (90 by default); a token is listed with its label and end, never shown again', async () => {
    const short = await make('demo-clerk', '台账同步', 1);
    const standard = await make('demo-clerk', '统计脚本');
    assert.equal(
      standard.expiresAt.slice(0, 10),
      new Date(Date.parse(now()) + 90 * 86_400_000).toISOString().slice(0, 10),
    );
    assert.equal((await call(short.token)).statusCode, 200);
    const listed = await apiTokensOf(t.database.db, 'demo-clerk');
    assert.ok(listed.ok);
    const row = listed.tokens.find((x) => x.id === short.id);
    assert.equal(row?.label, '台账同步');
    assert.ok(row?.lastUsedAt, 'the use is recorded');
    assert.ok(!JSON.stringify(listed.tokens).includes(short.token), 'the token itself is not kept');
    t.clock.advance(2 * 86_400_000);
    assert.equal((await call(short.token)).statusCode, 401, 'expired');
    assert.equal((await call(standard.token)).statusCode, 200);
    assert.equal((await createApiToken(t.database.db, 'demo-clerk', null, now(), 400)).ok, false);
  });

  it('are revoked by id, and a revoked token is refused at once', async () => {
    const r = await make('demo-clerk', '一次性');
    assert.equal((await call(r.token)).statusCode, 200);
    assert.equal(await revokeApiTokenById(t.database.db, r.id, now()), true);
    assert.equal(await revokeApiTokenById(t.database.db, r.id, now()), false, 'not twice');
    assert.equal((await call(r.token)).statusCode, 401);
  });

  it('end when the password changes or the account is deactivated', async () => {
    const admin = await findUserByLogin(t.database.db, 'demo-admin');
    const actor = { userId: admin?.id ?? null, login: 'demo-admin', ip: '127.0.0.1' };
    const clerkToken = await make('demo-clerk', '改密前');
    const clerk = await findUserById(
      t.database.db,
      (await findUserByLogin(t.database.db, 'demo-clerk'))?.id ?? 0,
    );
    assert.ok(clerk);
    const same = {
      displayName: clerk.displayName,
      email: clerk.email,
      role: clerk.role,
      agencyId: clerk.agencyId,
      active: true,
      password: '',
    };
    await changeUser(t.database.db, actor, clerk, same, now());
    assert.equal((await call(clerkToken.token)).statusCode, 200, 'an edit without a new password keeps it');
    await changeUser(t.database.db, actor, clerk, { ...same, password: 'Xinyuan-Clerk-2026-new' }, now());
    assert.equal((await call(clerkToken.token)).statusCode, 401, 'a new password ends it');

    const reviewerToken = await make('demo-reviewer', '停用前');
    const reviewer = await findUserById(
      t.database.db,
      (await findUserByLogin(t.database.db, 'demo-reviewer'))?.id ?? 0,
    );
    assert.ok(reviewer);
    await changeUser(
      t.database.db,
      actor,
      reviewer,
      {
        displayName: reviewer.displayName,
        email: reviewer.email,
        role: reviewer.role,
        agencyId: reviewer.agencyId,
        active: false,
        password: '',
      },
      now(),
    );
    assert.equal((await call(reviewerToken.token)).statusCode, 401);
    const list = await apiTokensOf(t.database.db, 'demo-reviewer');
    assert.ok(list.ok && list.tokens.every((x) => x.revokedAt !== null));
  });
});
