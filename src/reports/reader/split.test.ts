import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CANDIDATES, splitTokens, type Token } from './split.ts';

const glued = (text: string): Token => ({ kind: 'digits', text, glued: true });
const rowSum = (v: readonly (number | null)[]) =>
  (v[6] ?? 0) === v.slice(0, 6).reduce<number>((s, x) => s + (x ?? 0), 0);

describe('splitTokens', () => {
  it('splits a glued row by its row sum (README example)', () => {
    assert.deepEqual(splitTokens([glued('640020470')], 7, rowSum).candidates, [[64, 0, 0, 2, 0, 4, 70]]);
    assert.deepEqual(splitTokens([glued('3000025')], 7, rowSum).candidates, [[3, 0, 0, 0, 0, 2, 5]]);
  });
  it('treats spaces as hard boundaries and forbids leading zeros', () => {
    assert.deepEqual(
      splitTokens([glued('160'), glued('02'), glued('0'), glued('018')], 7, rowSum).candidates,
      [[16, 0, 0, 2, 0, 0, 18]],
    );
    assert.deepEqual(splitTokens([glued('000')], 3).candidates, [[0, 0, 0]]);
  });
  it('returns every reading when nothing constrains it', () => {
    assert.deepEqual(splitTokens([glued('5066')], 3).candidates, [
      [5, 0, 66],
      [50, 6, 6],
    ]);
  });
  it('splits the 复议/诉讼 row of the README by its three totals', () => {
    const r4 = (v: readonly (number | null)[]) =>
      [0, 5, 10].every((o) => (v[o + 4] ?? 0) === [0, 1, 2, 3].reduce((s, i) => s + (v[o + i] ?? 0), 0));
    assert.deepEqual(splitTokens([glued('25380363300630003')], 15, r4).candidates, [
      [25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3],
    ]);
  });
  it('keeps fixed numbers and blanks as one value each', () => {
    assert.deepEqual(splitTokens([{ kind: 'fixed', value: 12 }, { kind: 'blank' }], 2).candidates, [
      [12, null],
    ]);
    assert.deepEqual(splitTokens([{ kind: 'fixed', value: 12 }], 2).candidates, []);
  });
  it('gives the decimals to the last value of a run', () => {
    assert.deepEqual(
      splitTokens([{ kind: 'digits', text: '24252', glued: true, fraction: '.311082' }], 1).candidates,
      [[24252.311082]],
    );
  });
  it('is bounded on pathological input', () => {
    // Bounded = truncated with at most MAX_CANDIDATES; its speed is measured in bench/reports.bench.ts.
    const r = splitTokens([glued('1'.repeat(400))], 60);
    assert.ok(r.truncated);
    assert.ok(r.candidates.length <= MAX_CANDIDATES);
    assert.deepEqual(splitTokens([glued('12'.repeat(5000))], 7).candidates, []);
  });
});
