import assert from 'node:assert/strict';
import { it } from 'node:test';
import { largeInput } from './fixtures.testing.ts';
import { assess } from './score.ts';

// Speed is measured in bench/assessment.bench.ts; this checks the large input is assessed correctly.
it('assesses one agency with 10,000 cases and 10,000 items, finding the seeded faults', () => {
  const a = assess(largeInput(10_000, 10_000));
  assert.ok((a.indicators.find((s) => s.id === 'A04')?.result.failures.length ?? 0) >= 200);
  assert.ok((a.indicators.find((s) => s.id === 'A05')?.result.failures.length ?? 0) >= 200);
});
