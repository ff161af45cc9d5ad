import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applicationRowPath, FORMATS, formatForYear } from './formats.ts';
import { applicationsLayout, emptyTables } from './tables.ts';

describe('formatForYear', () => {
  it('≤2020 → 2019 format, ≥2021 → 2021 format, override wins', () => {
    assert.equal(formatForYear(2019).id, '2019');
    assert.equal(formatForYear(2020).id, '2019');
    assert.equal(formatForYear(2021).id, '2021');
    assert.equal(formatForYear(2025).id, '2021');
    assert.equal(formatForYear(2021, '2019').id, '2019');
  });
});

describe('FORMATS', () => {
  it('table 3 has 23 leaf rows in 2019 and 25 in 2021, with the verbatim labels', () => {
    assert.equal(FORMATS['2019'].tables.applications.leafKeys.length, 23);
    assert.equal(FORMATS['2021'].tables.applications.leafKeys.length, 25);
    assert.equal(
      applicationRowPath(FORMATS['2019'], 'denied.threeSafetyOneStability'),
      '三、本年度办理结果 / （三）不予公开 / 3.危及“三安全一稳定”',
    );
    assert.equal(
      applicationRowPath(FORMATS['2021'], 'other.misc'),
      '三、本年度办理结果 / （六）其他处理 / 3.其他',
    );
    assert.equal(
      FORMATS['2019'].tables.applications.rows.find((r) => r.key === 'granted')?.label,
      '（一）予以公开',
    );
  });
  it('table 4 has 15 columns in the printed order', () => {
    const cols = FORMATS['2021'].tables.review.columns;
    assert.equal(cols.length, 15);
    assert.equal(cols[4]?.key, 'review.total');
    assert.equal(cols[10]?.key, 'litigationAfterReview.upheld');
    assert.equal(cols[10]?.groupLabel, '复议后起诉');
  });
  it('table 2 differs between the formats (docs/domain/report-formats.md#differences)', () => {
    const keys = (id: '2019' | '2021') =>
      FORMATS[id].tables.proactive.blocks.flatMap((b) => b.rows.flatMap((r) => r.cells.map((c) => c.key)));
    assert.ok(keys('2019').includes('procurement.totalAmountText'));
    assert.ok(!keys('2021').some((k) => k.startsWith('procurement')));
    assert.equal(FORMATS['2021'].tables.proactive.blocks[3]?.rows[0]?.cells[0]?.kind, 'decimalWanYuan');
    assert.equal(FORMATS['2019'].tables.proactive.blocks[1]?.rows[0]?.cells[1]?.kind, 'signedCount');
  });
  it('is frozen', () => {
    assert.ok(Object.isFrozen(FORMATS['2021'].tables.applications.rows));
  });
});

describe('emptyTables', () => {
  it('makes every cell null, and follows the table-3 layout asked for', () => {
    const t = emptyTables('2021');
    assert.deepEqual(t.applications['other.misc'], [null, null, null, null, null, null, null]);
    assert.equal(t.review.length, 15);
    assert.equal(t.proactive['fees.amountWanYuan'], null);
    assert.equal(applicationsLayout(t), '2021');
    assert.equal(applicationsLayout(emptyTables('2021', '2019')), '2019');
  });
});
