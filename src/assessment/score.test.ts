import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  application,
  applicationTraits,
  cleanInput,
  columns,
  faultyInput,
  staleColumn,
} from './fixtures.testing.ts';
import { evaluateAll, INDICATORS } from './indicators.ts';
import { assess, checkOverrides, PROFILES, resolveRows, scoreResults } from './score.ts';

describe('scoring (docs/domain/assessment.md#scoring)', () => {
  it('a clean agency scores full marks under every profile', () => {
    for (const p of Object.values(PROFILES)) {
      const a = assess(cleanInput(), p);
      assert.equal(a.vetoFailed, false, p.id);
      assert.equal(a.total, a.maxTotal, p.id);
      assert.equal(a.percent, 100, p.id);
      assert.equal(a.failing.length, 0, p.id);
      assert.equal(a.coverage, 1, p.id);
    }
    assert.equal(assess(cleanInput()).maxTotal, 100);
  });

  it('a failing veto marks its area red and zeroes it; vetoes are listed first', () => {
    const a = assess(faultyInput());
    assert.equal(a.vetoFailed, true);
    const apps = a.areas.find((x) => x.key === 'applications');
    assert.equal(apps?.red, true);
    assert.equal(apps?.score, 0);
    assert.deepEqual(
      a.failing.slice(0, 2).map((f) => f.id),
      ['A08', 'N02'],
    );
    assert.ok(a.failing.slice(2).every((f) => f.kind !== 'veto'));
    assert.equal(a.verdict, '有否决项未达标');
  });

  it('deductions are capped at the row total', () => {
    const input = cleanInput({
      applications: [
        applicationTraits.overdue('1'),
        applicationTraits.overdue('2', '2025-03-04'),
        applicationTraits.overdue('3', '2025-03-05'),
      ],
    });
    const a4 = assess(input).indicators.find((s) => s.id === 'A04');
    assert.equal(a4?.result.failures.length, 3);
    assert.equal(a4?.lost, 6);
    assert.equal(a4?.earned, 0);
    // Proportional area: A04 loses its 6 of the default points of the applications area.
    const max = INDICATORS.filter((i) => i.area === 'applications').reduce((n, i) => n + i.points, 0);
    const area = assess(input).areas.find((x) => x.key === 'applications');
    assert.equal(area?.score, Math.round((25 * (max - 6) * 100) / max) / 100);
  });

  it('score rows are proportional', () => {
    const input = cleanInput({
      applications: [application({ id: 'x', letter: { attachments: [] } }), application({ id: 'y' })],
    });
    const a9 = assess(input).indicators.find((s) => s.id === 'A09');
    assert.equal(a9?.earned, 1.5);
  });

  it('unassessable rows leave the maximum; the coverage says how much was assessed', () => {
    const a = assess(cleanInput({ annualReports: { unavailable: '年报模块尚未上线' } }));
    const area = a.areas.find((x) => x.key === 'annualReport');
    assert.equal(area?.score, null);
    assert.equal(area?.unassessable, 8);
    assert.equal(a.maxTotal, 80);
    assert.equal(a.coverage, 0.8);
    assert.equal(a.percent, 100);
    assert.equal(a.unassessable.length, 8);
  });

  it('the three profiles score the same facts differently', () => {
    const input = faultyInput();
    const cass = assess(input, PROFILES['cass-like']);
    const guoban = assess(input, PROFILES['guoban-19']);
    const local = assess(input, PROFILES.local);
    assert.equal(cass.vetoFailed, true);
    // 19号 does not score reply letters or 规范性文件 validity; one stale column costs 2 of 50.
    assert.equal(guoban.vetoFailed, false);
    assert.equal(guoban.verdict, '合格');
    assert.equal(guoban.areas.find((x) => x.key === 'platform')?.score, 48);
    assert.equal(guoban.total, 98);
    // 鲤城: 依申请公开 6 − 6 (one overdue case); 主动公开 10 − 1 (one item without 有效性); 年报 10 − 5 (雷同).
    assert.equal(local.vetoFailed, false);
    assert.deepEqual(
      local.areas.filter((x) => x.weight > 0).map((x) => [x.key, x.score]),
      [
        ['applications', 0],
        ['catalogue', 9],
        ['annualReport', 5],
      ],
    );
    assert.equal(local.total, 14);
    assert.equal(local.maxTotal, 26);
    // Rows the profile does not score are still listed, last, with 0 points.
    const a08 = local.failing.find((f) => f.id === 'A08');
    assert.equal(a08?.scored, false);
    assert.equal(a08?.lost, 0);
  });

  it('a veto that could not be assessed keeps the verdict open', () => {
    const a = assess(cleanInput({ attestations: [] }), PROFILES['guoban-19']);
    assert.equal(a.vetoFailed, false);
    assert.equal(a.verdict, '暂未发现否决项未达标（另有2个否决项无法评估或需人工核验：W05、W07）');
  });

  it('19号: a veto fails the whole assessment', () => {
    const stale = columns([1, 2, 3, 4, 5].map((n) => staleColumn(`s${n}`)));
    const a = assess(cleanInput({ columns: stale }), PROFILES['guoban-19']);
    assert.equal(a.vetoFailed, true);
    assert.equal(a.total, 0);
    assert.equal(a.verdict, '不合格（单项否决）');
  });

  it('19号: below 60 points fails', () => {
    const stale = columns([1, 2, 3, 4].map((n) => staleColumn(`s${n}`)));
    const a = assess(cleanInput({ columns: stale, attestations: [] }), PROFILES['guoban-19'], {
      areaWeights: { normative: 0, interaction: 0 },
      rows: { P05a: { points: 45, perOccurrence: 12 } },
    });
    assert.equal(a.total, 5);
    assert.equal(a.percent, 10);
    assert.equal(a.verdict, '不合格（低于60分）');
  });

  it('administrators override weights, row points, kinds, and remove rows', () => {
    const input = faultyInput();
    const a = assess(input, PROFILES['cass-like'], {
      rows: { A08: null, N02: { kind: 'deduct', perOccurrence: 1 } },
      areaWeights: { applications: 50 },
    });
    assert.equal(a.vetoFailed, false);
    assert.equal(a.areas.find((x) => x.key === 'applications')?.weight, 50);
    assert.equal(a.indicators.find((s) => s.id === 'A08')?.scored, false);
    assert.equal(a.indicators.find((s) => s.id === 'N02')?.lost, 1);
    assert.equal(resolveRows(PROFILES.local).get('A04')?.perOccurrence, 6);
    assert.equal(resolveRows(PROFILES.local).get('N02'), null);
    assert.deepEqual(checkOverrides({ areaWeights: { applications: -1 }, rows: { Z99: {} } }).length, 2);
  });

  it('what to fix first: points recovered per unit of effort, fixable records only', () => {
    const a = assess(faultyInput());
    assert.deepEqual(
      a.fixFirst.map((f) => f.indicatorId),
      ['N02', 'A08', 'P03', 'P05a'],
    );
    const n02 = a.fixFirst[0];
    assert.equal(n02?.effort, 1);
    assert.ok((n02?.pointsRecovered ?? 0) > 20, 'lifting a veto recovers the area');
    assert.ok(!a.fixFirst.some((f) => f.indicatorId === 'A04'), 'a late reply stays late');
    assert.ok(!a.fixFirst.some((f) => f.indicatorId === 'R06'), 'a published report stays copied');
  });

  it('scoreResults re-scores evaluated results without re-evaluating', () => {
    const input = faultyInput();
    const results = evaluateAll(input);
    assert.equal(scoreResults(results, input, PROFILES.local).total, 14);
    assert.equal(scoreResults(results, input).total, assess(input).total);
  });
});
