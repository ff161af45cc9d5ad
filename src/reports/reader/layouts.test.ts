import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CheckResult, checkText } from '../checker.ts';
import { FIXTURE_IDS, fixtureText } from '../fixtures.testing.ts';
import type { Finding } from '../rules/findings.ts';
import type { ReadReport } from './index.ts';
import { readReport } from './index.ts';
import { comparableTables, LAYOUTS, layoutReport, mergeRepeatedLines } from './layouts.testing.ts';

/**
 * Issue 17: the layout of the text never decides what the reader reads. Every real report, laid out
 * in every way of `layouts.testing.ts`, gives the original's tables and findings.
 */

/** A finding without where it was printed (line numbers and quotes change with the layout). */
const findingKey = (f: Finding) =>
  [f.rule, f.severity, f.table, f.row, f.column, f.expected, f.actual].join('|');

/**
 * Findings about table-2 cells the original could not read (glued runs with several readings) or
 * printed in surplus are about print the content model does not hold (those cells print blank, and a
 * blank table-2 cell is itself a finding).
 */
const aboutUnheldPrint = (f: Finding) =>
  ((f.rule === 'READ_AMBIGUOUS' || f.rule === 'READ_EXTRA' || f.rule === 'BLANK') &&
    f.table === 'proactive') ||
  // The layouts reprint each table under the format's own caption (三、收到和处理…), where a report may
  // have used its section heading with another number (00.txt's 五、收到和处理…): outline findings about
  // those headings are about print the layouts replace.
  f.rule === 'STRUCTURE';

function comparable(r: CheckResult): { meta: unknown; findings: string[] } {
  return {
    meta: [r.readable, r.format, r.year, r.agency],
    findings: r.findings
      .filter((f) => !aboutUnheldPrint(f))
      .map(findingKey)
      .sort(),
  };
}

const SEEDS = [17, 4242];

describe('the same report in every layout reads the same (issue 17)', () => {
  let combinations = 0;
  for (const id of FIXTURE_IDS) {
    const text = fixtureText(id);
    const original = checkText(text, { fileName: `${id}.txt` });
    const reading = original.reading as ReadReport;
    for (const layout of LAYOUTS) {
      it(`${id} × ${layout}`, () => {
        assert.ok(original.readable && reading);
        for (const seed of SEEDS) {
          const laid = layoutReport(text, reading, layout, seed);
          assert.notEqual(laid, text);
          const r = checkText(laid, { fileName: `${id}-${layout}.txt` });
          assert.ok(r.readable, `${id} × ${layout} (seed ${seed}) unreadable: ${r.reason}`);
          assert.deepEqual(
            comparableTables(r.tables!, reading.unknownCells),
            comparableTables(original.tables!, reading.unknownCells),
            `${id} × ${layout} (seed ${seed}): tables`,
          );
          assert.deepEqual(comparable(r), comparable(original), `${id} × ${layout} (seed ${seed}): findings`);
        }
        combinations++;
      });
    }
  }
  it('covers every fixture × layout', () => {
    assert.ok(LAYOUTS.length >= 10);
    assert.equal(combinations, FIXTURE_IDS.length * LAYOUTS.length);
  });
});

describe('layouts that need a repair say so in the provenance', () => {
  it('a number broken over two lines is joined (split, decided by the sums, repaired: joined)', () => {
    let joined = 0;
    for (const id of FIXTURE_IDS) {
      const text = fixtureText(id);
      const reading = readReport(text) as ReadReport;
      const r = readReport(layoutReport(text, reading, 'numbersBroken', 17));
      assert.ok(r.ok);
      for (const src of r.provenance.values()) {
        if (src.repaired !== 'joined') continue;
        joined++;
        assert.equal(src.state, 'split');
        // `unique` when only one joining is possible at all (the other pairs would start with a 0).
        assert.ok(src.decidedBy !== undefined, 'decided');
      }
    }
    assert.ok(joined >= FIXTURE_IDS.length, `joined ${joined}`);
  });

  it('a broken number that no joining makes the sums hold is ambiguous and named', () => {
    // 00 one cell per line; 予以公开 printed 61 … 62 (row sum fails) with 61 broken as 6 / 1.
    const text = fixtureText('00');
    const reading = readReport(text) as ReadReport;
    const laid = layoutReport(text, reading, 'cellPerLine', 1).replace(
      /（一）予以公开\n61\n((?:0\n){5})61\n/,
      '（一）予以公开\n6\n1\n$162\n',
    );
    assert.match(laid, /（一）予以公开\n6\n1\n/);
    const r = readReport(laid);
    assert.ok(r.ok);
    assert.deepEqual(r.tables.applications.granted, [null, null, 0, 0, 0, 0, 62]);
    assert.equal(r.provenance.get('applications:granted:naturalPerson')?.state, 'ambiguous');
    const f = r.findings.find((x) => x.rule === 'READ_AMBIGUOUS' && x.row === 'granted');
    assert.ok(f);
    assert.match(f.message, /断成了两行/);
    assert.match(f.message, /自然人、商业企业无法确定/);
  });
});

describe('one cell per line without indentation, CRLF (unreadable before issue 17)', () => {
  it('00 with its TABs removed and Windows line ends reads exactly as the original', () => {
    const text = fixtureText('00');
    const plain = text.replace(/^\t+/gm, '').replace(/\n/g, '\r\n');
    assert.ok(!plain.includes('\t'));
    const original = checkText(text);
    const r = checkText(plain);
    assert.ok(r.readable, r.reason ?? '');
    assert.deepEqual(r.tables, original.tables);
    assert.deepEqual(comparable(r), comparable(original));
  });
});

describe('merged repeated lines (issue 17)', () => {
  const merged = (id: string) => {
    const text = fixtureText(id);
    const reading = readReport(text) as ReadReport;
    return {
      original: reading,
      r: readReport(mergeRepeatedLines(layoutReport(text, reading, 'cellPerLine', 1))),
    };
  };

  it('00: every run expands in exactly one way that makes the sums hold; provenance says expanded', () => {
    const { original, r } = merged('00');
    assert.ok(r.ok);
    assert.deepEqual(r.tables.applications, original.tables.applications);
    assert.deepEqual(r.tables.review, original.tables.review);
    const granted = r.provenance.get('applications:granted:commercial');
    assert.equal(granted?.state, 'split');
    assert.equal(granted?.repaired, 'expanded');
    assert.equal(granted?.decidedBy, 'rowSum');
  });

  it('00 one cell per line with TABs, repeated lines merged: read exactly', () => {
    const text = fixtureText('00');
    const reading = readReport(text) as ReadReport;
    const r = readReport(mergeRepeatedLines(layoutReport(text, reading, 'cellPerLineTab', 1)));
    assert.ok(r.ok);
    assert.deepEqual(r.tables.applications, reading.tables.applications);
    assert.deepEqual(r.tables.review, reading.tables.review);
  });

  it('06: rows with two expansions are ambiguous, the undecided cells named', () => {
    const { original, r } = merged('06');
    assert.ok(r.ok);
    assert.deepEqual(r.tables.applications.newReceived, [64, 0, null, null, 0, 4, 70]);
    assert.deepEqual(r.tables.review, original.tables.review);
    const f = r.findings.find((x) => x.rule === 'READ_AMBIGUOUS' && x.row === 'newReceived');
    assert.match(f?.message ?? '', /相同的相邻数字被合并/);
    assert.match(f?.message ?? '', /科研机构、社会公益组织无法确定/);
  });

  it('12: refuses table 4 with the true reason (count found, count expected, merged values)', () => {
    const { r } = merged('12');
    assert.ok(r.ok);
    assert.deepEqual(r.tables.review, Array(15).fill(null));
    const f = r.findings.find((x) => x.rule === 'READ_AMBIGUOUS' && x.table === 'review');
    assert.equal(f?.expected, 15);
    assert.equal(f?.actual, 5);
    assert.match(f?.message ?? '', /应有15个数.*只读到5个.*相同的相邻数字被合并/);
    assert.doesNotMatch(f?.message ?? '', /截断|不是文字/);
  });

  it('a row reduced to three values that no expansion explains is refused naming the row and the counts', () => {
    const text = fixtureText('00');
    const reading = readReport(text) as ReadReport;
    // 予以公开 61,0,0,0,0,0,61 → 61 / 0 / 62: no expansion makes the row sum hold.
    const laid = mergeRepeatedLines(layoutReport(text, reading, 'cellPerLine', 1)).replace(
      /（一）予以公开\n61\n0\n61\n/,
      '（一）予以公开\n61\n0\n62\n',
    );
    assert.match(laid, /（一）予以公开\n61\n0\n62\n/);
    const r = readReport(laid);
    assert.ok(r.ok);
    const f = r.findings.find((x) => x.rule === 'READ_AMBIGUOUS' && x.row === 'granted');
    assert.equal(f?.expected, 7);
    assert.equal(f?.actual, 3);
    assert.match(f?.message ?? '', /“三（一）予以公开”一行应有7个数.*只读到3个.*相同的相邻数字被合并/);
  });
});
