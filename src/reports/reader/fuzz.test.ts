import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../shared/prng.testing.ts';
import { checkText } from '../checker.ts';
import { FIXTURE_IDS, fixtureText } from '../fixtures.testing.ts';
import { readReport } from './index.ts';
import { layoutReport, mergeRepeatedLines } from './layouts.testing.ts';

const GARBAGE = [
  '0000000000000000000000',
  '（七）总计',
  '\f-3-\f',
  '| 1 | 2 |',
  '\t\t\t',
  '<td>&nbsp;</td>',
  '三、本年度办理结果',
  '本年新收',
];

function mutate(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const pick = () => Math.floor(rnd() * lines.length);
  const ops = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < ops; k++) {
    const op = Math.floor(rnd() * 7);
    const i = pick();
    if (op === 0) lines.splice(i, 1);
    else if (op === 1) lines.splice(i, 0, lines[i] ?? '');
    else if (op === 2) {
      const j = pick();
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    } else if (op === 3) lines.splice(i, 0, GARBAGE[Math.floor(rnd() * GARBAGE.length)]!);
    else if (op === 4) lines.length = Math.max(1, i);
    else if (op === 5) {
      const l = lines[i] ?? '';
      const at = Math.floor(rnd() * (l.length + 1));
      lines[i] = l.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 0x9fff)) + l.slice(at);
    } else {
      const l = lines[i] ?? '';
      lines[i] = l.replace(/\d/g, () => String(Math.floor(rnd() * 10)));
    }
  }
  return lines.join('\n');
}

// Speed, including the pathological inputs below, is measured in bench/reports.bench.ts.
const ITERATIONS_PER_REPORT = 60;

describe('fuzz: mutated real reports', () => {
  it(`never throws (${ITERATIONS_PER_REPORT} mutations × ${FIXTURE_IDS.length} reports)`, () => {
    const rnd = mulberry32(20240601);
    for (const id of FIXTURE_IDS) {
      const text = fixtureText(id);
      for (let n = 0; n < ITERATIONS_PER_REPORT; n++) {
        const r = checkText(mutate(text, rnd), { fileName: `${id}-fuzz-${n}` });
        assert.equal(typeof r.readable, 'boolean');
        if (!r.readable) assert.ok(r.reason && r.reason.length > 0);
      }
    }
  });

  it('never throws on mutated layouts of the real reports (stream reading and its repairs)', () => {
    const rnd = mulberry32(20261207);
    for (const id of FIXTURE_IDS) {
      const text = fixtureText(id);
      const reading = readReport(text);
      assert.ok(reading.ok);
      for (const layout of ['cellPerLine', 'numbersBroken', 'nbspCells'] as const) {
        const laid = layoutReport(text, reading, layout, 5);
        for (let n = 0; n < 10; n++) {
          const r = checkText(mutate(laid, rnd), { fileName: `${id}-${layout}-fuzz-${n}` });
          assert.equal(typeof r.readable, 'boolean');
        }
        const r = checkText(mergeRepeatedLines(laid));
        assert.equal(typeof r.readable, 'boolean');
      }
    }
  });

  it('many empty lines between few figures stay bounded (soft blanks)', () => {
    const rows = ['一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '（七）总计'];
    const text = `title: 某某局2021年度政府信息公开工作年度报告\n${rows
      .map((l) => `${l}\n1\n${'\n'.repeat(40)}2\n${'\n'.repeat(40)}3`)
      .join('\n')}\n四、政府信息公开行政复议、行政诉讼情况\n${'1\n\n\n'.repeat(30)}`;
    const r = checkText(text.repeat(2));
    assert.equal(typeof r.readable, 'boolean');
  });

  it('random bytes, empty and truncated texts are "not readable" with a reason', () => {
    const rnd = mulberry32(7);
    const bytes = Array.from({ length: 5000 }, () => String.fromCharCode(Math.floor(rnd() * 256))).join('');
    for (const input of ['', '   \n\n', bytes, '\u0000'.repeat(100)]) {
      const r = readReport(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.ok(r.reason.length > 0);
    }
    const text = fixtureText('00');
    const cut = readReport(text.slice(0, text.indexOf('三、本年度办理结果')));
    assert.equal(cut.ok, false);
    const noReview = readReport(text.slice(0, text.indexOf('六、行政复议')));
    assert.equal(noReview.ok, false);
    if (!noReview.ok) assert.ok(noReview.missing.some((m) => m.includes('行政复议')));
  });

  it('pathological glued digit runs are bounded', () => {
    const text = `title: 某某局2021年度政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量${'1'.repeat(3000)}二、上年结转政府信息公开申请数量${'9'.repeat(200)}四、政府信息公开行政复议、行政诉讼情况${'0'.repeat(5000)}`;
    const r = checkText(text.repeat(3));
    assert.equal(typeof r.readable, 'boolean');
  });
});
