import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AuditChainContent,
  auditHash,
  type ChainedRow,
  canonicalJson,
  checkChain,
  GENESIS_HASH,
} from './audit-chain.rules.ts';

const content = (summary: string): AuditChainContent => ({
  at: '2026-11-25T02:00:00.000Z',
  userId: 1,
  userLogin: 'demo-admin',
  agencyId: 2,
  action: 'update',
  entityType: 'application',
  entityId: '7',
  summary,
  beforeJson: '{"a":1}',
  afterJson: null,
  ip: '127.0.0.1',
});

function chain(summaries: string[]): ChainedRow[] {
  let prev = GENESIS_HASH;
  return summaries.map((s, i) => {
    const c = content(s);
    const hash = auditHash(prev, c);
    const row = { ...c, id: i + 1, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } }),
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    assert.equal(canonicalJson(null), 'null');
  });

  it('the hash depends on the previous hash and on every field', () => {
    const h = auditHash(GENESIS_HASH, content('x'));
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.notEqual(auditHash('1'.repeat(64), content('x')), h);
    assert.notEqual(auditHash(GENESIS_HASH, { ...content('x'), ip: null }), h);
    assert.equal(auditHash(GENESIS_HASH, content('x')), h);
  });

  it('a whole chain checks; a changed, removed or reordered row is found', () => {
    const rows = chain(['a', 'b', 'c', 'd']);
    const ok = checkChain(rows, GENESIS_HASH);
    assert.deepEqual(ok, { ok: true, lastHash: rows[3]?.hash });
    const changed = rows.map((r) => (r.id === 3 ? { ...r, summary: 'tampered' } : r));
    assert.deepEqual(checkChain(changed, GENESIS_HASH), { ok: false, broken: { id: 3, reason: 'hash' } });
    const removed = rows.filter((r) => r.id !== 2);
    assert.deepEqual(checkChain(removed, GENESIS_HASH), {
      ok: false,
      broken: { id: 3, reason: 'prev_hash' },
    });
    // Checked in batches: the second starts from the hash the first ended with.
    const first = checkChain(rows.slice(0, 2), GENESIS_HASH);
    assert.ok(first.ok);
    assert.ok(checkChain(rows.slice(2), first.lastHash).ok);
  });
});
