import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Cell, emptyTables, freezeTables, type MutableReportTables } from '../format/tables.ts';
import type { ApplicationRowKey } from '../format/types.ts';
import { findingId } from './findings.ts';
import { narrativeFigures, runRules } from './index.ts';
import { parseChineseNumeral } from './numerals.ts';

const frozen = (t: MutableReportTables) => freezeTables(structuredClone(t));

/** A consistent 2021 table: 10 new applications from 自然人, 8 granted, 2 carried forward. */
function consistent(): MutableReportTables {
  const t = emptyTables('2021');
  for (const k of Object.keys(t.applications) as ApplicationRowKey[])
    t.applications[k] = [0, 0, 0, 0, 0, 0, 0];
  t.applications.newReceived = [10, 0, 0, 0, 0, 0, 10];
  t.applications.granted = [8, 0, 0, 0, 0, 0, 8];
  t.applications.totalProcessed = [8, 0, 0, 0, 0, 0, 8];
  t.applications.carryForward = [2, 0, 0, 0, 0, 0, 2];
  t.review = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const k of Object.keys(t.proactive)) t.proactive[k] = 0;
  return t;
}
const run = (t: MutableReportTables, extra: Partial<Parameters<typeof runRules>[0]> = {}) =>
  runRules({ format: '2021', year: 2021, tables: frozen(t), ...extra });
const errors = (f: ReturnType<typeof runRules>) => f.filter((x) => x.severity === 'error');
const set = (t: MutableReportTables, k: ApplicationRowKey, c: number, v: Cell) => {
  t.applications[k]![c] = v;
};

describe('sum rules R1–R4', () => {
  it('a consistent table has no finding', () => {
    assert.deepEqual(run(consistent()), []);
  });
  it('R2: a row total off by one is the one wrong cell', () => {
    const t = consistent();
    set(t, 'granted', 6, 9);
    const e = errors(run(t));
    assert.equal(e.length, 1);
    assert.deepEqual([e[0]?.row, e[0]?.column, e[0]?.actual, e[0]?.expected], ['granted', 'total', 9, 8]);
    assert.ok(e[0]?.checks?.some((c) => c.rule === 'R2'));
  });
  it('R3+R1: （七）总计 left at 0 is named, with the value that makes all sums hold (seed 00)', () => {
    const t = consistent();
    t.applications.totalProcessed = [0, 0, 0, 0, 0, 0, 0];
    const e = errors(run(t));
    assert.deepEqual(e.map((f) => [f.row, f.column, f.expected]).sort(), [
      ['totalProcessed', 'naturalPerson', 8],
      ['totalProcessed', 'total', 8],
    ]);
    assert.deepEqual(new Set(e.flatMap((f) => f.checks?.map((c) => c.rule) ?? [])), new Set(['R1', 'R3']));
  });
  it('R1 alone: carry-forward wrong', () => {
    const t = consistent();
    t.applications.carryForward = [3, 0, 0, 0, 0, 0, 3];
    const e = errors(run(t));
    assert.ok(e.length >= 1 && e.every((f) => f.row === 'carryForward'));
  });
  it('R4: 复议总计 printed 0 while 维持 1', () => {
    const t = consistent();
    t.review[4] = 0;
    const e = errors(run(t));
    assert.deepEqual(
      e.map((f) => [f.table, f.column, f.expected]),
      [['review', 'review.total', 1]],
    );
  });
  it('blank 总计 in a row with figures is an error; other blanks are one warning', () => {
    const t = consistent();
    set(t, 'granted', 6, null);
    set(t, 'partial', 3, null);
    const f = run(t);
    assert.deepEqual(
      errors(f).map((x) => [x.row, x.column, x.actual, x.expected]),
      [['granted', 'total', null, 8]],
    );
    assert.equal(f.filter((x) => x.rule === 'BLANK').length, 1);
  });
  it('cells the reader could not read take part in no sum', () => {
    const t = consistent();
    t.applications.totalProcessed = [0, 0, 0, 0, 0, 0, 0];
    const unknown = new Set([
      'applications:totalProcessed:naturalPerson',
      'applications:totalProcessed:total',
    ]);
    assert.deepEqual(errors(run(t, { unknownCells: unknown })), []);
  });
  it('a cell whose own sum could not be checked (an unread cell in it) is never named as the wrong one', () => {
    const t = consistent();
    set(t, 'granted', 0, 9);
    // Read in full, 予以公开·自然人 is the one cell that makes every sum hold.
    assert.deepEqual(
      errors(run(t)).map((x) => [x.row, x.column]),
      [['granted', 'naturalPerson']],
    );
    // With 予以公开·总计 unread, that row's sum is left out: the column still fails, but no cell of the
    // unchecked row is blamed — the failing sum itself is reported.
    const f = errors(run(t, { unknownCells: new Set(['applications:granted:total']) }));
    assert.ok(f.length > 0);
    assert.ok(
      f.every((x) => x.row !== 'granted'),
      JSON.stringify(f.map((x) => [x.rule, x.row, x.column])),
    );
    assert.ok(f.some((x) => x.rule === 'R3' && x.column === 'naturalPerson'));
  });
});

describe('R5 kinds and R6 over-counting', () => {
  it('negative counts are errors; a negative 本年增/减 is fine in 2019', () => {
    const t = consistent();
    t.review[0] = -1;
    t.review[4] = -1;
    assert.ok(run(t).some((f) => f.rule === 'R5'));
    const t19 = emptyTables('2019');
    for (const k of Object.keys(t19.applications) as ApplicationRowKey[])
      t19.applications[k] = [0, 0, 0, 0, 0, 0, 0];
    t19.review = Array(15).fill(0);
    t19.proactive['licensing.delta'] = -3;
    assert.ok(!runRules({ format: '2019', year: 2019, tables: frozen(t19) }).some((f) => f.rule === 'R5'));
    t19.proactive['licensing.decisions'] = 1.5;
    assert.ok(runRules({ format: '2019', year: 2019, tables: frozen(t19) }).some((f) => f.rule === 'R5'));
  });
  it('R6: outcomes equal to applications is fine; one more is an error', () => {
    const ok = consistent();
    assert.ok(!run(ok).some((f) => f.rule === 'R6'));
    const t = consistent();
    // 11 outcomes from 10 applications, (七) and 四 adjusted so R1/R3 alone cannot see it.
    t.applications.granted = [8, 0, 0, 0, 0, 0, 8];
    t.applications.partial = [3, 0, 0, 0, 0, 0, 3];
    t.applications.totalProcessed = [11, 0, 0, 0, 0, 0, 11];
    t.applications.carryForward = [-1, 0, 0, 0, 0, 0, -1];
    assert.ok(run(t).some((f) => f.rule === 'R6'));
  });
});

describe('layout and cross-year rules', () => {
  it('LAYOUT: a 2021 report on the 2019 （六） row is a warning; a 2020 report on it is fine', () => {
    const t = emptyTables('2021', '2019');
    for (const k of Object.keys(t.applications) as ApplicationRowKey[])
      t.applications[k] = [0, 0, 0, 0, 0, 0, 0];
    t.review = Array(15).fill(0);
    const f = runRules({ format: '2021', year: 2021, tables: frozen(t) });
    assert.deepEqual(
      f.map((x) => [x.rule, x.severity, x.row]),
      [['LAYOUT', 'warning', 'other']],
    );
    const t20 = emptyTables('2019');
    for (const k of Object.keys(t20.applications) as ApplicationRowKey[])
      t20.applications[k] = [0, 0, 0, 0, 0, 0, 0];
    t20.review = Array(15).fill(0);
    assert.deepEqual(
      runRules({ format: '2019', year: 2020, tables: frozen(t20) }).filter((x) => x.rule === 'LAYOUT'),
      [],
    );
  });
  it('X1: 上年结转 must equal last year’s 结转下年度', () => {
    const prev = consistent();
    const now = consistent();
    now.applications.carriedOver = [2, 0, 0, 0, 0, 0, 2];
    now.applications.newReceived = [8, 0, 0, 0, 0, 0, 8];
    assert.deepEqual(
      run(now, { previousYear: frozen(prev) }).filter((f) => f.rule === 'X1'),
      [],
    );
    now.applications.carriedOver = [1, 0, 0, 0, 0, 0, 1];
    now.applications.newReceived = [9, 0, 0, 0, 0, 0, 9];
    assert.equal(run(now, { previousYear: frozen(prev) }).filter((f) => f.rule === 'X1').length, 2);
  });
  it('X2: 现行有效件数 continuity is a warning only', () => {
    const prev = consistent();
    prev.proactive['normativeDocs.valid'] = 10;
    const now = consistent();
    now.proactive['normativeDocs.made'] = 3;
    now.proactive['normativeDocs.repealed'] = 1;
    now.proactive['normativeDocs.valid'] = 12;
    assert.deepEqual(
      run(now, { previousYear: frozen(prev) }).filter((f) => f.rule === 'X2'),
      [],
    );
    now.proactive['normativeDocs.valid'] = 13;
    const x2 = run(now, { previousYear: frozen(prev) }).filter((f) => f.rule === 'X2');
    assert.deepEqual(
      x2.map((f) => [f.severity, f.expected, f.actual]),
      [['warning', 12, 13]],
    );
  });
  it('X3: unpaid-fee closures need 信息处理费 in the text', () => {
    const t = consistent();
    t.applications.granted = [7, 0, 0, 0, 0, 0, 7];
    t.applications['other.overdueFee'] = [1, 0, 0, 0, 0, 0, 1];
    assert.equal(run(t, { narrative: '无' }).filter((f) => f.rule === 'X3').length, 1);
    assert.equal(run(t, { narrative: '全年收取信息处理费0元。' }).filter((f) => f.rule === 'X3').length, 0);
  });
  it('COPY: a department with its parent’s figures', () => {
    const parent = consistent();
    const dept = consistent();
    assert.ok(run(dept, { parent: frozen(parent) }).some((f) => f.rule === 'COPY' && f.table === 'review'));
    dept.review = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    dept.applications.newReceived = [9, 0, 0, 0, 0, 0, 9];
    dept.applications.granted = [7, 0, 0, 0, 0, 0, 7];
    dept.applications.totalProcessed = [7, 0, 0, 0, 0, 0, 7];
    assert.ok(!run(dept, { parent: frozen(parent) }).some((f) => f.rule === 'COPY'));
  });
});

describe('narrative figures', () => {
  it('reads Arabic and Chinese numerals', () => {
    assert.equal(parseChineseNumeral('六十一'), 61);
    assert.equal(parseChineseNumeral('十七'), 17);
    assert.equal(parseChineseNumeral('二百零五'), 205);
    assert.equal(parseChineseNumeral('一千二百'), 1200);
    assert.equal(parseChineseNumeral('两'), 2);
    assert.equal(parseChineseNumeral('三安全'), null);
  });
  it('finds the stated figures', () => {
    const f = narrativeFigures('本年共收到申请十七件，予以公开 8 件，部分公开2件，1件结转下年度继续办理。');
    assert.deepEqual(
      f.map((x) => [x.quantity, x.value]),
      [
        ['newReceived', 17],
        ['granted', 8],
        ['partial', 2],
        ['carryForward', 1],
      ],
    );
  });
  it('a contradicting figure is an error; an agreeing one is not; a 全区 figure is not compared', () => {
    const t = consistent();
    assert.deepEqual(
      run(t, { narrative: '共收到申请10件，予以公开八件。' }).filter((f) => f.rule === 'TEXT'),
      [],
    );
    const bad = run(t, { narrative: '共收到申请17件。' }).filter((f) => f.rule === 'TEXT');
    assert.deepEqual(
      bad.map((f) => [f.row, f.expected, f.actual]),
      [['newReceived', 10, 17]],
    );
    assert.deepEqual(
      run(t, { narrative: '全区共收到申请17件。' }).filter((f) => f.rule === 'TEXT'),
      [],
    );
  });
  it('a stated 办结 total is compared with 三（七）总计 and the finding quotes the sentence (issue 17)', () => {
    const t = consistent();
    const bad = run(t, { narrative: '2021年，依法按时办结依申请公开事项403件，无逾期。' }).filter(
      (f) => f.rule === 'TEXT',
    );
    assert.deepEqual(
      bad.map((f) => [f.row, f.expected, f.actual]),
      [['totalProcessed', 8, 403]],
    );
    assert.match(bad[0]!.message, /三（七）总计为8件/);
    assert.match(bad[0]!.message, /正文原句：“2021年，依法按时办结依申请公开事项403件，无逾期。”/);
    assert.deepEqual(
      run(t, { narrative: '依法按时办结依申请公开事项8件。' }).filter((f) => f.rule === 'TEXT'),
      [],
    );
  });
  it('figures for the whole city or another year are not compared with the table', () => {
    const t = consistent();
    for (const narrative of [
      '全市共办结依申请公开事项403件。',
      '2020年共收到申请17件。',
      '去年收到申请17件，今年有所减少。',
      '本年度各部门共受理申请17件。',
    ]) {
      assert.deepEqual(
        run(t, { narrative }).filter((f) => f.rule === 'TEXT'),
        [],
        narrative,
      );
    }
    // The report's own year in the figure's clause is compared even after another year.
    const f = run(t, { narrative: '2020年共收到申请6件，2021年共收到申请17件。' }).filter(
      (x) => x.rule === 'TEXT',
    );
    assert.deepEqual(
      f.map((x) => [x.row, x.actual]),
      [['newReceived', 17]],
    );
  });
  it('"均获维持" while the table shows a pending case is a warning', () => {
    const t = consistent();
    t.review = [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const f = run(t, { narrative: '行政复议1件，均获维持。' }).filter((x) => x.rule === 'TEXT');
    assert.deepEqual(
      f.map((x) => [x.severity, x.row]),
      [['warning', 'reviewOutcome']],
    );
  });
});

describe('finding ids', () => {
  it('depend only on rule, table, row and column', () => {
    assert.equal(
      findingId('R3', 'applications', 'totalProcessed', 'total'),
      findingId('R3', 'applications', 'totalProcessed', 'total'),
    );
    assert.notEqual(
      findingId('R3', 'applications', 'totalProcessed', 'total'),
      findingId('R1', 'applications', 'totalProcessed', 'total'),
    );
  });
});
