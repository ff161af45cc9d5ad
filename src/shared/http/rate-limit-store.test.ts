import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryCounters } from './rate-limit-store.ts';

test('memory counters count per key within a window, start again after it, and keep at most max keys', () => {
  const c = new MemoryCounters(2);
  assert.deepEqual(c.hit('a', 60_000, 0), { current: 1, ttl: 60_000 });
  assert.deepEqual(c.hit('a', 60_000, 1000), { current: 2, ttl: 59_000 });
  assert.deepEqual(c.hit('b', 60_000, 1000), { current: 1, ttl: 60_000 });
  assert.deepEqual(c.hit('a', 60_000, 60_000), { current: 1, ttl: 60_000 }, 'a new window');
  c.hit('c', 60_000, 61_000); // a third key: the oldest (b) goes
  assert.deepEqual(c.hit('b', 60_000, 61_000), { current: 1, ttl: 60_000 });
});
