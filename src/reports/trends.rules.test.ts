import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyTables, freezeTables } from './format/tables.ts';
import { figuresOf, yearOnYear, yearOnYearText, yearOnYearTexts, yearSeries } from './trends.rules.ts';

function tables(newReceived: number, review: number) {
  const t = emptyTables('2021');
  t.applications.newReceived = [newReceived, 0, 0, 0, 0, 0, newReceived];
  t.applications.granted = [newReceived, 0, 0, 0, 0, 0, newReceived];
  t.applications.totalProcessed = [newReceived, 0, 0, 0, 0, 0, newReceived];
  t.review = [review, 0, 0, 0, review, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  return freezeTables(t);
}

describe('main figures and 同比', () => {
  it('reads the main figures from the tables', () => {
    const f = figuresOf(tables(40, 2));
    assert.equal(f.newReceived, 40);
    assert.equal(f.granted, 40);
    assert.equal(f.reviewTotal, 2);
    assert.equal(f.litigationTotal, 0);
  });

  it('words the change as reports print it', () => {
    assert.equal(yearOnYearText(yearOnYear(50, 40)), '同比增长25%');
    assert.equal(yearOnYearText(yearOnYear(30, 40)), '同比下降25%');
    assert.equal(yearOnYearText(yearOnYear(2, 3)), '同比下降33.3%');
    assert.equal(yearOnYearText(yearOnYear(40, 40)), '与上年持平');
    assert.equal(yearOnYearText(yearOnYear(5, 0)), '上年为0，增加5件');
    assert.equal(yearOnYearText(yearOnYear(5, null)), '');
  });

  it('compares each year with the year just before only (not across a gap)', () => {
    const series = yearSeries([
      { year: 2023, tables: tables(40, 0) },
      { year: 2021, tables: tables(10, 0) },
      { year: 2022, tables: tables(20, 0) },
    ]);
    assert.deepEqual(
      series.map((y) => y.year),
      [2021, 2022, 2023],
    );
    assert.deepEqual(yearOnYearTexts(series, 'newReceived'), ['', '同比增长100%', '同比增长100%']);
    const gap = yearSeries([
      { year: 2020, tables: tables(10, 0) },
      { year: 2022, tables: tables(20, 0) },
    ]);
    assert.deepEqual(yearOnYearTexts(gap, 'newReceived'), ['', '']);
  });
});
