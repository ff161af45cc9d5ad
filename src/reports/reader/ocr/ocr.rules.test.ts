import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkScan, checkText } from '../../checker.ts';
import { FORMATS } from '../../format/formats.ts';
import { readReport } from '../index.ts';
import type { PlacedPage, PlacedWord, RuleLine } from '../positioned.ts';
import { asFigure, decideFigure, SURE } from './confidence.rules.ts';
import { gridFromRulings } from './grid.rules.ts';
import { type GrayImage, inkPixels, looksLikeOne } from './image.ts';
import { placedPagesToText } from './placed-text.ts';
import { detectRulings } from './rulings.rules.ts';
import { applyUnsure, couldBeMisread } from './unsure.rules.ts';

/** The pure parts of OCR (decision 016) on synthetic pages: rulings → grid, words → cells, confidence policy. */

const h = (at: number, from: number, to: number): RuleLine => ({ orientation: 'horizontal', at, from, to });
const v = (at: number, from: number, to: number): RuleLine => ({ orientation: 'vertical', at, from, to });
const word = (text: string, x: number, y: number, confidence = 0.95): PlacedWord => ({
  text,
  xMin: x,
  yMin: y,
  xMax: x + 10 * text.length,
  yMax: y + 16,
  confidence,
});

describe('rulings → grid', () => {
  it('cuts bands by verticals and keeps a cell without a ruling above it as one merged cell', () => {
    // Two rows; the left column is one merged cell (no ruling across it at y=40).
    const rules = [
      h(0, 0, 300),
      h(40, 100, 300),
      h(80, 0, 300),
      v(0, 0, 80),
      v(100, 0, 80),
      v(200, 0, 80),
      v(300, 0, 80),
    ];
    const grid = gridFromRulings(rules);
    assert.equal(grid.bands.length, 2);
    const merged = grid.cells.filter((c) => c.x0 === 0);
    assert.equal(merged.length, 1, 'one merged cell on the left');
    assert.equal(merged[0]!.y1, 80);
    assert.equal(grid.cells.length, 5);
  });

  it('finds rulings on an image, and not the strokes of writing', () => {
    const width = 400;
    const height = 200;
    const data = new Uint8Array(width * height).fill(255);
    const dot = (x: number, y: number) => {
      data[y * width + x] = 0;
    };
    for (const y of [20, 100, 180]) for (let x = 20; x <= 380; x++) dot(x, y);
    for (const x of [20, 200, 380]) for (let y = 20; y <= 180; y++) dot(x, y);
    // A short stroke inside a cell (a character's stroke) and a speck.
    for (let x = 60; x < 90; x++) dot(x, 50);
    dot(300, 140);
    const rules = detectRulings({ width, height, data }, { dpi: 150, minHorizontal: 150 });
    assert.deepEqual(
      rules.map((r) => `${r.orientation[0]}${Math.round(r.at)}`),
      ['h20', 'h100', 'h180', 'v20', 'v200', 'v380'],
    );
  });

  it('knows a lone printed 1 by its shape, and counts ink', () => {
    const width = 40;
    const height = 40;
    const data = new Uint8Array(width * height).fill(255);
    for (let y = 10; y < 30; y++) data[y * width + 20] = 0;
    for (let y = 10; y < 30; y++) data[y * width + 21] = 0;
    const img: GrayImage = { width, height, data };
    assert.equal(inkPixels(img, 0, 0, 40, 40), 40);
    assert.equal(looksLikeOne(img, 0, 0, 40, 40, 150), true);
    for (let x = 10; x < 30; x++) data[20 * width + x] = 0;
    assert.equal(looksLikeOne(img, 0, 0, 40, 40, 150), false, 'a cross is not a 1');
  });
});

describe('confidence policy', () => {
  it('reads lookalikes as digits and refuses what is not a figure', () => {
    assert.equal(asFigure('〇'), '0');
    assert.equal(asFigure('l0'), '10');
    assert.equal(asFigure('７７'), '77');
    assert.equal(asFigure('工'), null);
    assert.equal(asFigure('07'), null);
    assert.equal(asFigure('7730.28'), '7730.28');
  });

  it('is sure when both readings agree or one is confident, unsure otherwise, blank without ink', () => {
    assert.deepEqual(decideFigure(null, null, 0), { text: '', sure: true, confidence: 1, readings: [] });
    assert.equal(
      decideFigure({ text: '12', confidence: 0.7 }, { text: '12', confidence: 0.7 }, 80).sure,
      true,
    );
    assert.equal(decideFigure(null, { text: '12', confidence: 0.9 }, 80).sure, true);
    const lone = decideFigure(null, { text: '12', confidence: 0.7 }, 80);
    assert.equal(lone.sure, false);
    assert.ok(lone.confidence < SURE);
    const two = decideFigure({ text: '18', confidence: 0.7 }, { text: '13', confidence: 0.8 }, 80);
    assert.deepEqual([two.sure, two.text, two.readings], [false, '13', ['13', '18']]);
    // A weak page reading does not contradict a sure digit reading.
    assert.equal(
      decideFigure({ text: '211', confidence: 0.4 }, { text: '21', confidence: 0.94 }, 80).sure,
      true,
    );
    // Ink but nothing readable: unsure, no reading.
    assert.deepEqual(decideFigure({ text: '工', confidence: 0.2 }, null, 40).readings, []);
  });
});

/** A synthetic scanned page of tables 3 and 4 (2021 layout): a ruled grid, one word per cell. */
function tablePage(values: (row: number, col: number) => string, unsure?: { row: number; col: number }) {
  const rows = FORMATS['2021'].tables.applications.rows.filter((r) => r.leaf);
  const words: PlacedWord[] = [];
  const rules: RuleLine[] = [];
  const x = [0, 400, 460, 520, 580, 640, 700, 760, 820];
  const rowH = 30;
  let y = 60;
  words.push(word('三、收到和处理政府信息公开申请情况', 0, 20));
  const top = y;
  let target: PlacedWord | null = null;
  rows.forEach((r, i) => {
    rules.push(h(y, 0, 820));
    words.push(word(r.label, 5, y + 7));
    for (let c = 0; c < 7; c++) {
      const w = word(values(i, c), x[c + 1]! + 10, y + 7);
      words.push(w);
      if (unsure && unsure.row === i && unsure.col === c) target = w;
    }
    y += rowH;
  });
  rules.push(h(y, 0, 820));
  for (const at of x) rules.push(v(at, top, y));
  y += 40;
  words.push(word('四、政府信息公开行政复议、行政诉讼情况', 0, y));
  y += 40;
  const top4 = y;
  rules.push(h(y, 0, 900), h(y + 30, 0, 900));
  for (let c = 0; c <= 15; c++) rules.push(v(c * 60, top4, top4 + 30));
  const review = ['1', '0', '0', '0', '1', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'];
  review.forEach((t, c) => {
    words.push(word(t, c * 60 + 10, top4 + 7));
  });
  const page: PlacedPage = { page: 1, width: 1000, height: y + 100, words, rules };
  return { page, target: target as PlacedWord | null };
}

describe('placed pages → text → reading', () => {
  const row = (i: number, c: number) =>
    c === 0 || c === 6 ? String(i === 0 || i === 21 ? 3 : i === 2 ? 3 : 0) : '0';

  it('prints each ruled row as one line of TAB-separated cells and the reader reads the tables', () => {
    const { page } = tablePage(row);
    const { text } = placedPagesToText([page]);
    assert.match(text, /一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3/);
    const r = readReport(text);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.deepEqual(r.tables.applications.newReceived, [3, 0, 0, 0, 0, 0, 3]);
    assert.deepEqual(r.tables.applications.granted, [3, 0, 0, 0, 0, 0, 3]);
    assert.deepEqual(r.tables.review.slice(0, 5), [1, 0, 0, 0, 1]);
  });

  it('prints an empty figure cell as a blank field', () => {
    const { page } = tablePage((i, c) => (i === 1 && c > 0 && c < 6 ? '' : row(i, c)));
    const { text } = placedPagesToText([{ ...page, words: page.words.filter((w) => w.text !== '') }]);
    assert.match(text, /二、上年结转政府信息公开申请数量\t0\t\t\t\t\t\t0/);
  });

  it('an unsure cell is decided by its row sum when exactly one reading fits, and said', () => {
    const { page, target } = tablePage(row, { row: 2, col: 0 });
    const { text, origins } = placedPagesToText([page]);
    const r = readReport(text);
    assert.ok(r.ok);
    const decisions = new Map([[target!, { text: '3', sure: false, confidence: 0.6, readings: ['3', '8'] }]]);
    const out = applyUnsure(r, origins, decisions);
    assert.deepEqual(out.corrected, ['三（一）予以公开·自然人：3']);
    assert.deepEqual(out.unsure, []);
    assert.equal(out.report.tables.applications.granted?.[0], 3);
    assert.ok(out.report.findings.some((f) => f.rule === 'READ_EXTRA' && /按.*合计取3/.test(f.message)));
    assert.ok(out.report.assumedSums.some((s) => s.includes('予以公开')));
  });

  it('an unsure cell no sum settles is unknown and named, never judged', () => {
    const { page, target } = tablePage(row, { row: 2, col: 0 });
    const { text, origins } = placedPagesToText([page]);
    const r = readReport(text);
    assert.ok(r.ok);
    // Both readings make the row sum fail: no reading is chosen.
    const decisions = new Map([[target!, { text: '5', sure: false, confidence: 0.6, readings: ['5', '6'] }]]);
    const out = applyUnsure(r, origins, decisions);
    assert.deepEqual(out.unsure, ['三（一）予以公开·自然人']);
    assert.equal(out.report.tables.applications.granted?.[0], null);
    assert.ok(out.report.unknownCells.has('applications:granted:naturalPerson'));
    const f = out.report.findings.find((x) => x.rule === 'READ_AMBIGUOUS');
    assert.match(f?.message ?? '', /识别不确定（可能是“5”或“6”）/);
  });
});

describe('a failing sum on a scan is not judged on a figure OCR may have misread', () => {
  // The generated 2021 report of decision 016's table, read from a clean 150-dpi scan: 四、结转下年度
  // 继续办理 prints 2 2 2 2 2 1 | 11, and OCR read the total as “1” without doubt (both readings, 0.899).
  // The report's own error: one figure of 三（一）予以公开 moved from 自然人 to 商业企业.
  const printed: Record<string, number[]> = {
    newReceived: [20, 21, 21, 21, 21, 20, 124],
    carriedOver: [3, 2, 2, 2, 2, 2, 13],
    granted: [20, 1, 0, 0, 0, 0, 21],
    partial: [0, 21, 0, 0, 0, 0, 21],
    'denied.thirdParty': [0, 0, 21, 0, 0, 0, 21],
    'unable.notHeld': [0, 0, 0, 21, 0, 0, 21],
    'notProcessed.repeat': [0, 0, 0, 0, 21, 0, 21],
    'other.misc': [0, 0, 0, 0, 0, 21, 21],
    totalProcessed: [21, 21, 21, 21, 21, 21, 126],
    carryForward: [2, 2, 2, 2, 2, 1, 11],
  };
  const keys = FORMATS['2021'].tables.applications.rows.filter((r) => r.leaf).map((r) => r.key);
  const cell = (i: number, c: number) => String(printed[keys[i] ?? '']?.[c] ?? 0);
  const carryForward = keys.indexOf('carryForward');

  function check(totalRead: { text: string; confidence: number }) {
    const { page, target } = tablePage(
      (i, c) => (i === carryForward && c === 6 ? totalRead.text : cell(i, c)),
      { row: carryForward, col: 6 },
    );
    const { text, origins } = placedPagesToText([page]);
    const decisions = new Map([
      [
        target!,
        { text: totalRead.text, sure: true, confidence: totalRead.confidence, readings: [totalRead.text] },
      ],
    ]);
    const scan = { kind: 'scan' as const, text, pages: [page], origins, decisions, dpi: 150, seconds: 0 };
    const truth = placedPagesToText([tablePage(cell).page]).text;
    const errors = (r: ReturnType<typeof checkText>) =>
      r.findings
        .filter((f) => f.severity === 'error')
        .map((f) => `${f.rule}:${f.row}:${f.column}`)
        .sort();
    return { scan: checkScan(scan), errors, truth: checkText(truth) };
  }

  it('withholds the total read as 1 where the row needs 11, and keeps the report’s own errors', () => {
    const { scan, errors, truth } = check({ text: '1', confidence: 0.899 });
    assert.ok(scan.readable);
    assert.equal(scan.tables!.applications.carryForward?.[6], null);
    assert.ok(scan.scan!.doubted.includes('四、结转下年度继续办理·总计'), scan.scan!.doubted.join('、'));
    assert.ok(
      scan.findings.some(
        (f) =>
          f.rule === 'READ_AMBIGUOUS' && f.column === 'total' && /可能是识别错误而非报告错误/.test(f.message),
      ),
    );
    // No R2/R1 error invented from the misread 11; the moved figure (R3) is still found, as on paper.
    assert.deepEqual(errors(scan), errors(truth));
    assert.deepEqual(errors(truth), ['R3:totalProcessed:commercial', 'R3:totalProcessed:naturalPerson']);
    assert.match(
      scan.notes[0] ?? '',
      /合计对不上、但可能是识别错误而暂不核对的单元格\d+个：[^；]*四、结转下年度继续办理·总计/,
    );
  });

  it('reports the failing sum when the figure was read firmly', () => {
    const { scan, errors } = check({ text: '1', confidence: 0.98 });
    assert.equal(scan.tables!.applications.carryForward?.[6], 1);
    assert.ok(errors(scan).includes('R2:carryForward:total'), errors(scan).join(' '));
    assert.deepEqual(scan.scan!.doubted, []);
  });

  it('a misreading explains a sum only one look-alike or lost digit away', () => {
    assert.equal(couldBeMisread('1', 11), true);
    assert.equal(couldBeMisread('21', 2), true);
    assert.equal(couldBeMisread('3', 8), true);
    assert.equal(couldBeMisread('0', 11), false);
    assert.equal(couldBeMisread('20', 21), false);
    assert.equal(couldBeMisread('5', -1), false);
  });
});
