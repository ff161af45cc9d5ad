import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplicationFact } from '../applications/supervision-figures.ts';
import {
  monthEnd,
  monthsOf,
  outcomeRows,
  type SupervisionInput,
  sortTimeliness,
  supervisionFigures,
} from './supervision.rules.ts';

const A = { id: 1, name: '甲街道' };
const B = { id: 2, name: '乙街道' };
const C = { id: 3, name: '丙街道' };

const fact = (
  agencyId: number,
  receivedOn: string,
  closedOn: string | null,
  replyDue: string,
  outcome: string | null = 'granted',
): ApplicationFact => ({
  agencyId,
  receivedOn,
  closedOn,
  replyDue,
  outcome,
});

/** Calendar days stand in for working days here (the count is passed in). */
const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

const input = (applications: ApplicationFact[]): SupervisionInput => ({
  period: { from: '2025-01-01', to: '2025-03-31' },
  today: '2025-12-01',
  agencies: [A, B, C],
  applications,
  litigation: [
    { agencyId: 1, kind: 'review', result: 'upheld', count: 2 },
    { agencyId: 2, kind: 'litigationDirect', result: 'corrected', count: 1 },
  ],
  catalogue: [{ agencyId: 2, published: 5, publishedLate: 2, unpublishedOverdue: 1 }],
  workingDaysBetween: days,
});

describe('months of a period', () => {
  it('lists every month touched, and month ends', () => {
    assert.deepEqual(monthsOf({ from: '2024-11-15', to: '2025-02-03' }), [
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
    ]);
    assert.equal(monthEnd('2024-02'), '2024-02-29');
    assert.equal(monthEnd('2025-12'), '2025-12-31');
  });
});

describe('supervisionFigures', () => {
  const f = supervisionFigures(
    input([
      fact(1, '2025-01-05', '2025-01-20', '2025-02-01'), // on time
      fact(1, '2025-01-10', '2025-02-20', '2025-02-05', 'denied.thirdParty'), // late
      fact(2, '2025-02-01', '2025-02-11', '2025-03-01', 'other'), // 2019 （六） → 其他
      fact(2, '2025-03-01', null, '2025-03-20', null), // open, overdue by the period's end
      fact(2, '2025-03-25', null, '2025-04-20', null), // open, not yet due
      fact(3, '2024-12-20', '2025-01-03', '2025-01-20'), // carried over, finished in January
    ]),
  );

  it('counts received and finished by month', () => {
    assert.deepEqual(
      f.months.map((m) => [m.month, m.received, m.finished]),
      [
        ['2025-01', 2, 2],
        ['2025-02', 1, 2],
        ['2025-03', 2, 0],
      ],
    );
    assert.equal(f.totals.received, 5);
    assert.equal(f.totals.finished, 4);
  });

  it('puts outcomes on the report rows', () => {
    const count = (k: string) => f.outcomes.find((o) => o.key === k)?.count;
    assert.equal(count('granted'), 2);
    assert.equal(count('denied.thirdParty'), 1);
    assert.equal(count('other.misc'), 1);
    assert.equal(f.outcomes.length, outcomeRows().length);
  });

  it('ranks agencies worst first by the share answered on time, with the mean working days', () => {
    assert.deepEqual(
      f.agencies.map((a) => [a.agency.name, a.onTimePercent, a.late, a.openOverdue, a.averageWorkingDays]),
      [
        ['甲街道', 50, 1, 0, 28],
        ['乙街道', 100, 0, 1, 10],
        ['丙街道', 100, 0, 0, 14],
      ],
    );
    assert.equal(f.totals.onTimePercent, 75);
    assert.equal(f.asOf, '2025-03-31');
    assert.deepEqual(
      sortTimeliness(f.agencies, 'days').map((a) => a.agency.id),
      [1, 3, 2],
    );
  });

  it('gives an agency with nothing finished no share and places it last (then by name in pinyin order)', () => {
    const g = supervisionFigures(input([fact(1, '2025-01-05', '2025-01-20', '2025-01-10')]));
    assert.deepEqual(
      g.agencies.map((a) => [a.agency.id, a.onTimePercent]),
      [
        [1, 0],
        [3, null],
        [2, null],
      ],
    );
  });

  it('sums reconsideration and litigation by kind and result, and catalogue per agency', () => {
    assert.deepEqual(
      f.litigation.map((l) => [l.kind, l.total, l.byResult.upheld, l.byResult.corrected]),
      [
        ['review', 2, 2, 0],
        ['litigationDirect', 1, 0, 1],
        ['litigationAfterReview', 0, 0, 0],
      ],
    );
    assert.deepEqual(
      f.litigationByAgency.map((l) => [l.agency.id, l.review, l.litigation, l.corrected]),
      [
        [1, 2, 0, 0],
        [2, 0, 1, 1],
      ],
    );
    assert.deepEqual(f.catalogue, [{ agency: B, published: 5, publishedLate: 2, unpublishedOverdue: 1 }]);
  });
});
