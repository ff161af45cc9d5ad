import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  computeInformationFee,
  computePieceFee,
  computeVolumeFee,
  type MonthApplication,
  piecePrice,
} from './fees.ts';

/** Total fee of the month when one applicant's applications total `n` pieces, computed from the tiers. */
function monthTotal(n: number): number {
  let sum = 0;
  for (let k = 1; k <= n; k++) sum += piecePrice(k);
  return sum;
}

function app(ref: string, receivedOn: string, pieces: number): MonthApplication {
  return { ref, receivedOn, pieces };
}

describe('piecePrice (按件计收 tiers)', () => {
  it('is free up to 10, 100元 for 11–30, then +100元 per band of 10', () => {
    const expected: [number, number][] = [
      [1, 0],
      [10, 0],
      [11, 100],
      [30, 100],
      [31, 200],
      [40, 200],
      [41, 300],
      [50, 300],
      [51, 400],
      [100, 800],
    ];
    for (const [k, price] of expected) assert.equal(piecePrice(k), price, `piece ${k}`);
  });
});

describe('computePieceFee', () => {
  it('boundary 10/11: the 10th piece is free, the 11th costs 100元', () => {
    assert.equal(computePieceFee(app('A10', '2025-03-20', 1), [app('A1', '2025-03-01', 9)]).amount, 0);
    assert.equal(computePieceFee(app('A11', '2025-03-20', 1), [app('A1', '2025-03-01', 10)]).amount, 100);
  });
  it('boundary 30/31 and 40/41', () => {
    assert.equal(computePieceFee(app('B', '2025-03-20', 1), [app('A', '2025-03-01', 29)]).amount, 100);
    assert.equal(computePieceFee(app('B', '2025-03-20', 1), [app('A', '2025-03-01', 30)]).amount, 200);
    assert.equal(computePieceFee(app('B', '2025-03-20', 1), [app('A', '2025-03-01', 39)]).amount, 200);
    assert.equal(computePieceFee(app('B', '2025-03-20', 1), [app('A', '2025-03-01', 40)]).amount, 300);
  });
  it('month totals at 10, 11, 30, 31, 40, 41 pieces in one application', () => {
    const totals: [number, number][] = [
      [10, 0],
      [11, 100],
      [30, 2000],
      [31, 2200],
      [40, 4000],
      [41, 4300],
    ];
    for (const [n, total] of totals) {
      assert.equal(computePieceFee(app('X', '2025-03-05', n), []).amount, total, `${n} pieces`);
      assert.equal(monthTotal(n), total);
    }
  });
  it('splits an application over several tiers, line by line in Chinese', () => {
    const r = computePieceFee(app('2025-0042', '2025-03-20', 25), [
      app('2025-0007', '2025-03-03', 5),
      app('2025-0019', '2025-03-10', 4),
    ]);
    assert.equal(r.method, 'per_piece');
    assert.equal(r.amount, 20 * 100 + 4 * 200);
    assert.deepEqual(
      r.lines.map((l) => l.text),
      [
        '计费方式：按件计收（《政府信息公开信息处理费管理办法》第四条），按超额累进方式计算。',
        '同一申请人2025年3月在本申请之前已收申请2份，累计9件。',
        '本申请（2025年3月20日收到）共25件，为当月第10—34件。',
        '第10件：当月累计10件以下（含10件），不收费。',
        '第11—30件（11—30件档）：20件 × 100元/件 = 2000元。',
        '第31—34件（31—40件档）：4件 × 200元/件 = 800元。',
        '合计：2800元。',
      ],
    );
    assert.deepEqual(
      r.lines.map((l) => l.amount),
      [null, null, null, 0, 2000, 800, 2800],
    );
  });
  it('the fees of all applications of a month add up to the month total, in any input order', () => {
    const apps = [
      app('3', '2025-05-20', 7),
      app('1', '2025-05-02', 12),
      app('2', '2025-05-02', 15),
      app('4', '2025-05-31', 9),
    ];
    const sum = apps.reduce((s, a) => s + computePieceFee(a, apps).amount, 0);
    assert.equal(sum, monthTotal(43));
  });
  it('orders same-day applications by registration number and ignores later ones and other months', () => {
    const r = computePieceFee(app('2025-0010', '2025-05-02', 1), [
      app('2025-0009', '2025-05-02', 10),
      app('2025-0011', '2025-05-02', 50),
      app('2025-0003', '2025-04-30', 50),
      app('2025-0010', '2025-05-02', 1), // the application itself, passed by mistake
    ]);
    assert.equal(r.amount, 100);
    assert.ok(
      r.lines.some((l) => l.text === '同月另有1份申请在本申请之后收到，不计入本申请之前的累计件数。'),
    );
    assert.ok(r.lines.some((l) => l.text === '另有1份申请不在2025年5月收到，不计入本月累计件数。'));
  });
  it('explains a free first application', () => {
    const r = computePieceFee(app('A', '2025-01-02', 3), []);
    assert.equal(r.amount, 0);
    assert.equal(r.lines[1]?.text, '同一申请人2025年1月在本申请之前没有其他申请。');
    assert.equal(r.lines[3]?.text, '第1—3件：当月累计10件以下（含10件），不收费。');
  });
  it('rejects invalid piece counts', () => {
    assert.throws(() => computePieceFee(app('A', '2025-01-02', 0), []), RangeError);
    assert.throws(
      () => computePieceFee(app('A', '2025-01-02', 1), [app('B', '2025-01-01', 1.5)]),
      RangeError,
    );
  });
});

describe('computeVolumeFee (按量计收)', () => {
  const cases: [number, number][] = [
    [0, 0],
    [30, 0],
    [31, 10],
    [100, 700],
    [101, 720],
    [200, 2700],
    [201, 2740],
    [250, 4700],
  ];
  for (const [pages, fee] of cases) {
    it(`${pages} pages → ${fee}元`, () => assert.equal(computeVolumeFee(pages).amount, fee));
  }
  it('spec example: 150 pages → 1700元, with a Chinese breakdown', () => {
    const r = computeVolumeFee(150);
    assert.equal(r.amount, 1700);
    assert.deepEqual(
      r.lines.map((l) => l.text),
      [
        '计费方式：按量计收（《政府信息公开信息处理费管理办法》第五条），按超额累进方式计算。',
        '本申请提供的政府信息共150页。',
        '第1—30页：30页以下（含30页）的部分，不收费。',
        '第31—100页（31—100页的部分）：70页 × 10元/页 = 700元。',
        '第101—150页（101—200页的部分）：50页 × 20元/页 = 1000元。',
        '合计：1700元。',
      ],
    );
  });
  it('labels the open top tier', () => {
    assert.equal(
      computeVolumeFee(201).lines.at(-2)?.text,
      '第201页（201页以上的部分）：1页 × 40元/页 = 40元。',
    );
  });
  it('rejects invalid page counts', () => {
    assert.throws(() => computeVolumeFee(-1), RangeError);
    assert.throws(() => computeVolumeFee(2.5), RangeError);
  });
});

describe('computeInformationFee', () => {
  it('applies exactly the one chosen method', () => {
    assert.equal(computeInformationFee({ method: 'per_volume', pages: 150 }).method, 'per_volume');
    const r = computeInformationFee({
      method: 'per_piece',
      application: app('A', '2025-03-01', 11),
      others: [],
    });
    assert.deepEqual([r.method, r.amount], ['per_piece', 100]);
  });
});
