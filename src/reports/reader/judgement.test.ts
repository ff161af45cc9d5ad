import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from '../checker.ts';
import { fixtureText } from '../fixtures.testing.ts';
import { readReport } from './index.ts';
import { readMeta } from './meta.ts';

/** One judgement for one situation (issue 13, item 4): blank rows, stray text after a row, a 函 title. */

/** Fixture 12 (`pdftotext -layout`) with the figures of the row labelled `label` left out. */
function withoutFigures(label: string): string {
  return fixtureText('12')
    .split('\n')
    .map((l) => (l.includes(label) ? l.replace(/(\s+\d+)+\s*$/, '') : l))
    .join('\n');
}

describe('blank rows are judged as blank cells', () => {
  it('shape “3.危及“三安全一稳定”” printed with its label and no numbers, sums holding: BLANK warning counted as 0, no READ_MISSING', () => {
    const text = withoutFigures('3.危及“三安全一稳定”');
    assert.doesNotMatch(text, /三安全一稳定”\s+0/);
    const r = checkText(text);
    assert.ok(r.readable);
    assert.deepEqual(
      r.findings.filter((f) => f.rule === 'READ_MISSING' && f.table === 'applications'),
      [],
    );
    assert.deepEqual(r.tables?.applications['denied.threeSafetyOneStability'], Array(7).fill(null));
    assert.equal(
      r.reading?.provenance.get('applications:denied.threeSafetyOneStability:total')?.state,
      'blank',
    );
    const blank = r.findings.filter((f) => f.rule === 'BLANK' && f.table === 'applications');
    assert.equal(blank.length, 1);
    assert.match(blank[0]!.message, /三安全一稳定[\s\S]*按0计算/);
    // The report's own errors are still there, and nothing new.
    const before = checkText(fixtureText('12')).findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      r.findings.filter((f) => f.severity === 'error').map((f) => f.id),
      before.map((f) => f.id),
    );
  });

  it('a row left without figures whose figures the sums need stays READ_MISSING (an error)', () => {
    const r = checkText(withoutFigures('6.属于四类过程性信息'));
    assert.ok(r.readable);
    const missing = r.findings.filter((f) => f.rule === 'READ_MISSING' && f.row === 'denied.processInfo');
    assert.equal(missing.length, 1);
    assert.equal(missing[0]!.severity, 'error');
  });
});

describe('stray text glued after a row is cut where a year shows', () => {
  it('shape `四、结转下年度继续办理` + `10000012022年，我区…`: the row reads 1,0,0,0,0,0,1 and the year stays in the prose', () => {
    const original = fixtureText('06');
    const text = original.replace(
      '四、结转下年度继续办理1000001 ',
      '四、结转下年度继续办理10000012022年，我区将按时办结结转的申请。',
    );
    assert.notEqual(text, original);
    const r = readReport(text);
    assert.ok(r.ok);
    assert.deepEqual(r.tables.applications.carryForward, [1, 0, 0, 0, 0, 0, 1]);
    const before = readReport(original);
    assert.ok(before.ok);
    assert.equal(r.unknownCells.size, before.unknownCells.size);
    assert.deepEqual(
      r.findings.filter((f) => f.row === 'carryForward'),
      [],
    );
  });

  it('the same on a `pdftotext -layout` line (`0 0 0 0 0 0 02024年` is not one number)', () => {
    const text = fixtureText('12').replace(
      /四、结转下年度继续办理(\s+0){6}\s+0/,
      (m) => `${m}2024年，我区将继续做好依申请公开工作。`,
    );
    const r = readReport(text);
    assert.ok(r.ok);
    assert.deepEqual(r.tables.applications.carryForward, [0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('the agency of a cover letter', () => {
  it('shape “……关于报送2020年度政府信息公开工作年度报告的函”: the agency is the sender', () => {
    const m = readMeta('某某县人民政府办公室关于报送2020年度政府信息公开工作年度报告的函\n各有关单位：');
    assert.equal(m.agency, '某某县人民政府办公室');
    assert.equal(m.year, 2020);
    assert.equal(
      readMeta('title: 某某县交通运输局关于报送2021年政府信息公开工作年度报告的报告\n').agency,
      '某某县交通运输局',
    );
  });
});
