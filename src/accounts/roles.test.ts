import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeNext } from './account.routes.tsx';
import { checkNewPassword, hashPassword, verifyPassword } from './password.ts';
import { hasPermission, PERMISSIONS, ROLES, scopeIncludes, scopeOf } from './roles.ts';

describe('roles and scopes', () => {
  it('gives administrators every permission and clerks the fewest', () => {
    for (const p of PERMISSIONS) assert.ok(hasPermission('admin', p));
    assert.ok(!hasPermission('clerk', 'agencies.edit'));
    assert.ok(!hasPermission('reviewer', 'users.view'));
    assert.ok(hasPermission('supervisor', 'audit.view'));
    assert.ok(!hasPermission('supervisor', 'users.manage'));
    assert.equal(ROLES.length, 4);
  });

  it('limits supervisors to their subtree and the others to their agency', () => {
    const sup = scopeOf({ role: 'supervisor', agencyId: 3, agencyPath: '/1/2/3/' });
    assert.ok(scopeIncludes(sup, '/1/2/3/'));
    assert.ok(scopeIncludes(sup, '/1/2/3/4/9/'));
    assert.ok(!scopeIncludes(sup, '/1/2/'));
    assert.ok(!scopeIncludes(sup, '/1/2/33/'), 'a sibling whose id starts with the same digits');
    const clerk = scopeOf({ role: 'clerk', agencyId: 3, agencyPath: '/1/2/3/' });
    assert.ok(scopeIncludes(clerk, '/1/2/3/'));
    assert.ok(!scopeIncludes(clerk, '/1/2/3/4/'));
    assert.deepEqual(scopeOf({ role: 'clerk', agencyId: null, agencyPath: null }), { kind: 'none' });
    assert.ok(scopeIncludes(scopeOf({ role: 'admin', agencyId: null, agencyPath: null }), '/9/'));
  });
});

describe('passwords', () => {
  it('hashes with scrypt and verifies', async () => {
    const h = await hashPassword('Correct-Horse-9');
    assert.match(h, /^scrypt\$32768\$8\$1\$/);
    assert.ok(await verifyPassword('Correct-Horse-9', h));
    assert.ok(!(await verifyPassword('correct-horse-9', h)));
    assert.ok(!(await verifyPassword('x', 'garbage')));
  });

  it('explains why a new password is refused', () => {
    assert.match(checkNewPassword('short1') ?? '', /至少 12 个字符/);
    assert.match(checkNewPassword('demo-clerk-2026', 'demo-clerk') ?? '', /不能包含用户名/);
    // The weak passwords a security probe set without complaint, each refused now.
    for (const weak of ['password12', 'qwerty1234', 'admin12345', 'woaini1314', 'Password1!']) {
      assert.ok(checkNewPassword(weak), weak);
    }
    for (const weak of [
      'Password1234!',
      'qwerty123456',
      'woaini5201314',
      'Admin@2026-2026',
      '199001011234',
    ]) {
      assert.match(checkNewPassword(weak) ?? '', /容易被猜到|只由数字/, weak);
    }
    assert.equal(checkNewPassword('Xinyuan-Clerk-2026!'), null);
    assert.equal(checkNewPassword('春天 桃花 开了 2026'), null, 'a passphrase in Chinese');
    assert.equal(checkNewPassword('correct horse battery staple'), null, 'a passphrase of lowercase words');
  });

  it('redirects after login only to back-office paths', () => {
    assert.equal(safeNext('/admin/agencies?x=1'), '/admin/agencies?x=1');
    assert.equal(safeNext('//evil.example/admin'), '/admin');
    assert.equal(safeNext('https://evil.example'), '/admin');
    assert.equal(safeNext('/admin\\@evil'), '/admin');
    assert.equal(safeNext(undefined), '/admin');
  });
});
