import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanInput, faultyInput } from './fixtures.testing.ts';
import { addMonths, monthsIn, quartersIn } from './periods.ts';
import { PROFILES } from './score.ts';
import { bigrams, percent, textSimilarity } from './similarity.ts';
import { assessTrend } from './trend.ts';

describe('month-by-month trend', () => {
  it('evaluates each month up to today, each at its own check point', () => {
    const t = assessTrend(faultyInput());
    assert.deepEqual(
      t.map((p) => p.month),
      ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'],
    );
    assert.equal(t[0]?.checkpoint, '2025-01-31');
    assert.equal(t[5]?.checkpoint, '2025-06-30');
  });

  it('a late reply counts in the month it became late, the copied report in the month it was published', () => {
    const t = assessTrend(faultyInput());
    const month = (m: string) => t.find((p) => p.month === m);
    assert.ok(month('2025-04')?.failing.includes('A04'));
    assert.ok(!month('2025-03')?.failing.includes('A04'));
    assert.ok(month('2025-01')?.failing.includes('R06'));
    assert.ok(!month('2025-02')?.failing.includes('R06'));
  });

  it('a clean agency stays at 100% in every month with data, and profiles apply', () => {
    for (const p of assessTrend(cleanInput())) {
      assert.equal(p.vetoFailed, false, p.month);
      assert.equal(p.percent, 100, p.month);
    }
    const local = assessTrend(faultyInput(), PROFILES.local);
    assert.equal(local.find((p) => p.month === '2025-04')?.areas.applications, 0);
  });

  it('a period inside a month is a single point', () => {
    const t = assessTrend(cleanInput({ period: { from: '2025-03-10', to: '2025-03-20' } }));
    assert.equal(t.length, 1);
    assert.deepEqual(t[0]?.period, { from: '2025-03-10', to: '2025-03-20' });
  });
});

describe('periods', () => {
  it('adds calendar months, clamping to the month end', () => {
    assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
    assert.equal(addMonths('2024-11-30', 3), '2025-02-28');
    assert.equal(addMonths('2025-06-30', -12), '2024-06-30');
    assert.equal(addMonths('2024-02-29', 12), '2025-02-28');
  });

  it('splits periods into months and quarters', () => {
    assert.deepEqual(monthsIn({ from: '2025-01-15', to: '2025-03-02' }), [
      { from: '2025-01-15', to: '2025-01-31' },
      { from: '2025-02-01', to: '2025-02-28' },
      { from: '2025-03-01', to: '2025-03-02' },
    ]);
    assert.deepEqual(
      quartersIn({ from: '2025-02-01', to: '2025-07-01' }).map((q) => q.from),
      ['2025-01-01', '2025-04-01', '2025-07-01'],
    );
  });
});

describe('text similarity (character-bigram Jaccard)', () => {
  it('is 1 for the same text, regardless of spaces and punctuation, 0 for disjoint text', () => {
    assert.equal(textSimilarity('本机关全年主动公开政府信息。', '本机关 全年主动公开，政府信息'), 1);
    assert.equal(textSimilarity('甲乙丙', '丁戊己'), 0);
    assert.equal(textSimilarity('', ''), 0);
  });

  it('counts shared bigrams over all bigrams', () => {
    // 甲乙 乙丙 丙丁 vs 甲乙 乙丙 丙戊: 2 shared of 4 distinct.
    assert.equal(textSimilarity('甲乙丙丁', '甲乙丙戊'), 0.5);
    assert.equal(percent(2 / 3), 67);
    assert.equal(bigrams('a').size, 1);
  });
});
