import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRules } from '../rules/index.ts';
import {
  type ApplicationRecord,
  countReport,
  countReview,
  type LitigationRecord,
  outcomeRow,
  sumTables,
  tallyApplications,
} from './count.ts';

const rec = (
  applicantType: string,
  receivedOn: string | null,
  outcome: string | null = null,
  closedOn: string | null = null,
): ApplicationRecord => ({ applicantType, receivedOn, outcome, closedOn });

const base = { litigation: [], article20: {}, catalogue: null } as const;

describe('countReport', () => {
  it('counts the seed: 61 granted natural-person applications in 2020, 三（七）总计 = 61', () => {
    const records = Array.from({ length: 61 }, () =>
      rec('naturalPerson', '2020-03-02', 'granted', '2020-03-20'),
    );
    const t = countReport({ ...base, format: '2019', year: 2020, applications: { records } });
    assert.deepEqual(t.applications.newReceived, [61, 0, 0, 0, 0, 0, 61]);
    assert.deepEqual(t.applications.granted, [61, 0, 0, 0, 0, 0, 61]);
    assert.deepEqual(t.applications.totalProcessed, [61, 0, 0, 0, 0, 0, 61]);
    assert.deepEqual(t.applications.carryForward, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(t.review, Array(15).fill(0));
  });

  it('carries over across the year boundary and never counts unconfirmed receipts', () => {
    const records = [
      rec('commercial', '2021-12-20', 'partial', '2022-01-10'), // 二 in 2022, closed in 2022
      rec('naturalPerson', '2021-12-28', null, null), // 二 and 四 in 2022
      rec('research', '2022-05-01', 'denied.thirdParty', '2022-05-20'),
      rec('legalService', '2022-12-30', null, null), // 一 and 四
      rec('naturalPerson', null, null, null), // not yet received
      rec('naturalPerson', '2021-03-01', 'granted', '2021-03-10'), // closed before 2022
      rec('naturalPerson', '2023-01-03', null, null), // next year
    ];
    const t = countReport({ ...base, format: '2021', year: 2022, applications: { records } });
    assert.deepEqual(t.applications.newReceived, [0, 0, 1, 0, 1, 0, 2]);
    assert.deepEqual(t.applications.carriedOver, [1, 1, 0, 0, 0, 0, 2]);
    assert.deepEqual(t.applications.partial, [0, 1, 0, 0, 0, 0, 1]);
    assert.deepEqual(t.applications['denied.thirdParty'], [0, 0, 1, 0, 0, 0, 1]);
    assert.deepEqual(t.applications.totalProcessed, [0, 1, 1, 0, 0, 0, 2]);
    assert.deepEqual(t.applications.carryForward, [1, 0, 0, 0, 1, 0, 2]);
    const errors = runRules({ format: '2021', year: 2022, tables: t }).filter((f) => f.severity === 'error');
    assert.deepEqual(errors, []);
  });

  it('maps the 其他处理 outcomes per format', () => {
    assert.equal(outcomeRow('2021', 'other.overdueCorrection'), 'other.overdueCorrection');
    assert.equal(outcomeRow('2021', 'other.overdueFee'), 'other.overdueFee');
    assert.equal(outcomeRow('2021', 'other.misc'), 'other.misc');
    assert.equal(outcomeRow('2021', 'withdrawn'), 'other.misc');
    assert.equal(outcomeRow('2019', 'other.overdueFee'), 'other');
    assert.equal(outcomeRow('2019', 'withdrawn'), 'other');
    assert.equal(outcomeRow('2019', 'unable.notHeld'), 'unable.notHeld');
    assert.equal(outcomeRow('2021', 'nonsense'), 'other.misc');
  });

  it('fills table 四 from cases: pending at year end is 尚未审结', () => {
    const cases: LitigationRecord[] = [
      { kind: 'review', filedOn: '2022-02-01', decidedOn: '2022-04-01', result: 'upheld' },
      { kind: 'review', filedOn: '2022-11-01', decidedOn: '2023-01-20', result: 'corrected' },
      { kind: 'litigationDirect', filedOn: '2021-11-01', decidedOn: '2022-03-01', result: 'other' },
      { kind: 'litigationAfterReview', filedOn: '2022-06-01', decidedOn: null, result: 'pending' },
      { kind: 'review', filedOn: '2021-01-01', decidedOn: '2021-05-01', result: 'upheld' }, // not 2022
    ];
    assert.deepEqual(countReview(cases, 2022), [1, 0, 0, 1, 2, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1]);
    const t = countReport({ ...base, litigation: cases, format: '2021', year: 2022, applications: [] });
    assert.equal(
      runRules({ format: '2021', year: 2022, tables: t }).filter((f) => f.rule === 'R4').length,
      0,
    );
  });

  it('uses catalogue figures for 第二十条第（一）项 when present, the hand-entered ones otherwise', () => {
    const article20 = { 'regulations.made': 9, 'licensing.decisions': 4, 'fees.amountWanYuan': 0.092 };
    const hand = countReport({ ...base, article20, format: '2021', year: 2022, applications: [] });
    assert.equal(hand.proactive['regulations.made'], 9);
    assert.equal(hand.proactive['fees.amountWanYuan'], 0.092);
    const cat = countReport({
      ...base,
      article20,
      format: '2021',
      year: 2022,
      applications: [],
      catalogue: {
        regulations: { made: 1, repealed: 0, valid: 5 },
        normativeDocs: { made: 2, repealed: 1, valid: 7 },
        regulations2019: { newMade: 0, newPublished: 0, totalPublished: 0 },
        normativeDocs2019: { newMade: 0, newPublished: 0, totalPublished: 0 },
      },
    });
    assert.equal(cat.proactive['regulations.made'], 1);
    assert.equal(cat.proactive['normativeDocs.valid'], 7);
    assert.equal(cat.proactive['licensing.decisions'], 4);
  });

  // Speed of the same tally is measured in bench/reports.bench.ts (target < 1 s).
  it('tallies 100,000 records and sums roll-ups cell by cell', () => {
    const types = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'];
    const outcomes = ['granted', 'partial', 'unable.notHeld', 'notProcessed.repeat', 'other.misc', null];
    const records = Array.from({ length: 100_000 }, (_, i) => {
      const o = outcomes[i % 6] ?? null;
      return rec(types[i % 6] ?? 'naturalPerson', `2022-0${(i % 9) + 1}-10`, o, o ? '2022-11-30' : null);
    });
    const groups = tallyApplications(records, 2022);
    const t = countReport({ ...base, format: '2021', year: 2022, applications: groups });
    assert.equal(t.applications.newReceived?.[6], 100_000);
    const both = sumTables('2021', [t, t]);
    assert.equal(both.applications.newReceived?.[6], 200_000);
    assert.equal(
      runRules({ format: '2021', year: 2022, tables: both }).filter((f) => f.severity === 'error').length,
      0,
    );
  });
});
