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
    assert.match(checkNewPassword('short1') ?? '', /至少 10 个字符/);
    assert.match(checkNewPassword('abcdefghijkl') ?? '', /两类/);
    assert.match(checkNewPassword('demo-clerk-2026', 'demo-clerk') ?? '', /不能包含用户名/);
    assert.equal(checkNewPassword('Gongkai-2026!'), null);
  });

  it('redirects after login only to back-office paths', () => {
    assert.equal(safeNext('/admin/agencies?x=1'), '/admin/agencies?x=1');
    assert.equal(safeNext('//evil.example/admin'), '/admin');
    assert.equal(safeNext('https://evil.example'), '/admin');
    assert.equal(safeNext('/admin\\@evil'), '/admin');
    assert.equal(safeNext(undefined), '/admin');
  });
});
