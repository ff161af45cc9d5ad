import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkBytes, checkText } from '../checker.ts';
import { FIXTURES_DIR, fixtureJson, fixtureText } from '../fixtures.testing.ts';
import { applicationRowPath } from '../format/formats.ts';
import { applicationsFormat } from '../format/tables.ts';
import { parseBboxLayout, pdfToPlacedPages, pdfToText } from './files.ts';
import { readReport } from './index.ts';
import { choosePdfText, placedText, readPlacedPages } from './placed.ts';
import type { PlacedPage, PlacedWord } from './positioned.ts';

/** Reading by position (issue 13, item 1): PDFs whose blank cells are blank, glued digits, OCR's unsure words. */

const PDF_DIR = `${FIXTURES_DIR}pdf/`;

/** A page from printed lines: each line is `[x, text]` pairs at one height (12 pt glyphs, 12 pt per character). */
function page(lines: readonly (readonly (readonly [number, string, number?])[])[]): PlacedPage {
  const words: PlacedWord[] = [];
  lines.forEach((line, i) => {
    const y = 40 + i * 20;
    for (const [x, text, confidence] of line) {
      words.push({
        text,
        xMin: x,
        yMin: y,
        xMax: x + 7 * text.length,
        yMax: y + 12,
        ...(confidence === undefined ? {} : { confidence }),
      });
    }
  });
  return { page: 1, width: 800, height: 1200, words };
}

const COLUMNS = [300, 350, 400, 450, 500, 550, 600];
const ROWS_2021 = [
  '一、本年新收政府信息公开申请数量',
  '二、上年结转政府信息公开申请数量',
  '（一）予以公开',
  '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  '1.属于国家秘密',
  '2.其他法律行政法规禁止公开',
  '3.危及“三安全一稳定”',
  '4.保护第三方合法权益',
  '5.属于三类内部事务信息',
  '6.属于四类过程性信息',
  '7.属于行政执法案卷',
  '8.属于行政查询事项',
  '1.本机关不掌握相关政府信息',
  '2.没有现成信息需要另行制作',
  '3.补正后申请内容仍不明确',
  '1.信访举报投诉类申请',
  '2.重复申请',
  '3.要求提供公开出版物',
  '4.无正当理由大量反复申请',
  '5.要求行政机关确认或重新出具已获取信息',
  '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  '3.其他',
  '（七）总计',
  '四、结转下年度继续办理',
];

/** A 2021-format report page: each table-3 row's cells as printed (`''` = blank), at the column centres. */
function reportPage(
  cells: (row: number) => readonly string[],
  options: {
    confidence?: (row: number, col: number) => number | undefined;
    tail?: string;
    /** 规章's three cells in table 二 (`''` = blank). */
    regulations?: readonly string[];
  } = {},
): PlacedPage {
  const head = [
    [[40, '某某县司法局2023年政府信息公开工作年度报告']],
    [[40, '二、主动公开政府信息情况']],
    [[40, '第二十条第（一）项']],
    [
      [40, '信息内容'],
      [279, '本年制发件数'],
      [379, '本年废止件数'],
      [479, '现行有效件数'],
    ],
    [
      [40, '规章'],
      ...(options.regulations ?? ['0', '0', '0']).flatMap((v, i) =>
        v === '' ? [] : [[300 - 3.5 * v.length + 100 * i, v] as const],
      ),
    ],
    [[40, '三、收到和处理政府信息公开申请情况']],
    [
      [290, '自然人'],
      [345, '商业企业'],
      [395, '科研机构'],
      [440, '社会公益组织'],
      [490, '法律服务机构'],
      [545, '其他'],
      [595, '总计'],
    ],
  ] as const;
  const rows = ROWS_2021.map((label, r) => {
    const line: [number, string, number?][] = [[40, label]];
    cells(r).forEach((v, c) => {
      if (v === '') return;
      const conf = options.confidence?.(r, c);
      // Centred on the column: half the printed width to the left.
      line.push([COLUMNS[c]! - (7 * v.length) / 2, v, ...(conf === undefined ? [] : [conf])] as [
        number,
        string,
        number?,
      ]);
    });
    return line;
  });
  const review = [
    [[40, '四、政府信息公开行政复议、行政诉讼情况']],
    Array.from({ length: 15 }, (_, i) => [100 + i * 40, '0'] as const),
    [[40, '五、存在的主要问题及改进情况']],
    [[40, options.tail ?? '加强培训。']],
  ];
  return page([...head, ...rows, ...review] as unknown as (readonly [number, string, number?])[][]);
}

/** The department: 26 applications from citizens, the five organisation columns blank. */
const blankOrganisations = (r: number): string[] => {
  const natural = [26, 0, 10, 6, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 26, 0][r] ?? 0;
  return [String(natural), '', '', '', '', '', String(natural)];
};

describe('position reader: blank cells are blank', () => {
  it('shape “一、本年新收政府信息公开申请数量  26  26” (five organisation columns blank) reads 26,0,0,0,0,0,26 with a warning that blanks count as 0', async () => {
    const bytes = readFileSync(`${PDF_DIR}blank-columns.pdf`);
    const layout = await pdfToText(bytes);
    assert.match(layout, /一、本年新收政府信息公开申请数量\s+26\s+26\s*\n/, 'the shape of the issue');
    assert.ok(
      checkText(layout).findings.some((f) => f.rule === 'READ_AMBIGUOUS' && f.row === 'newReceived'),
      'the layout text alone cannot place the two figures',
    );
    const r = await checkBytes(bytes, '.pdf', { fileName: 'blank-columns.pdf' });
    assert.ok(r.readable, r.reason ?? '');
    const expected = JSON.parse(readFileSync(`${PDF_DIR}blank-columns.json`, 'utf8'));
    assert.deepEqual(r.tables?.applications, expected.applications);
    assert.deepEqual(r.tables?.review, expected.review);
    assert.deepEqual(r.tables?.proactive, expected.proactive);
    assert.deepEqual(
      r.tables?.applications.newReceived?.map((v) => v ?? 0),
      [26, 0, 0, 0, 0, 0, 26],
    );
    const blank = r.findings.filter((f) => f.rule === 'BLANK' && f.table === 'applications');
    assert.equal(blank.length, 1);
    assert.match(blank[0]!.message, /按0计算/);
    assert.deepEqual(
      r.findings.filter((f) => f.severity === 'error').map((f) => f.message),
      [],
    );
    assert.equal(r.agency, '某某市某某区司法局');
  });

  it('shape `2        1 3      1       1` (table 四 printing only its non-zero figures) places each under its header', async () => {
    const bytes = readFileSync(`${PDF_DIR}blank-review.pdf`);
    assert.match(
      await pdfToText(bytes),
      /\n\s*2\s+1\s+3\s+1\s+1\s*\n/,
      'the shape: five figures for fifteen cells',
    );
    const r = await checkBytes(bytes, '.pdf', { fileName: 'blank-review.pdf' });
    assert.ok(r.readable, r.reason ?? '');
    const expected = JSON.parse(readFileSync(`${PDF_DIR}blank-review.json`, 'utf8'));
    assert.deepEqual(r.tables?.review, expected.review);
    assert.deepEqual(r.tables?.applications, expected.applications);
    assert.deepEqual(
      r.findings.filter((f) => f.severity === 'error').map((f) => f.message),
      [],
    );
    assert.ok(
      r.findings.some((f) => f.rule === 'BLANK' && f.table === 'review' && /按0计算/.test(f.message)),
    );
  });

  it('placed words: a blank column under its header stays blank, in every row', () => {
    const r = readPlacedPages([reportPage(blankOrganisations)]);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.deepEqual(r.tables.applications.newReceived, [26, null, null, null, null, null, 26]);
    assert.deepEqual(r.tables.applications.totalProcessed, [26, null, null, null, null, null, 26]);
    assert.equal(r.provenance.get('applications:newReceived:commercial')?.state, 'blank');
  });

  it('the real 12.pdf read by position gives every cell of the hand-read 12.json', async () => {
    const bytes = readFileSync(`${PDF_DIR}12.pdf`);
    const pages = await pdfToPlacedPages(bytes);
    assert.equal(pages.length, 5);
    const built = placedText(pages);
    assert.deepEqual(built.placed, { applications: true, review: true });
    const r = readPlacedPages(pages);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    const json = fixtureJson('12');
    const format = applicationsFormat(r.tables);
    for (const key of format.tables.applications.leafKeys) {
      assert.deepEqual(
        r.tables.applications[key],
        json.applications.rows[applicationRowPath(format, key)],
        key,
      );
    }
    assert.deepEqual(r.tables.review, json.reconsideration_litigation);
    const byText = readReport(fixtureText('12'));
    assert.ok(byText.ok);
    assert.deepEqual(r.tables.proactive, byText.tables.proactive);
    assert.equal(r.year, 2023);
    assert.equal(r.unknownCells.size, 0);
    const chosen = choosePdfText(await pdfToText(bytes), pages);
    assert.equal(chosen.by, 'position');
    assert.deepEqual(chosen.placed, { applications: true, review: true });
  });
});

describe('position reader: a table continued on the next page', () => {
  it('a page whose table stands 30 pt further right is placed by its own value lines', () => {
    const p = reportPage(blankOrganisations);
    const cut = p.words.find((w) => w.text === ROWS_2021[12])!.yMin;
    // Rows from 1.本机关不掌握… on go to page 2, shifted right, with one full row of figures there.
    const first = { ...p, words: p.words.filter((w) => w.yMin < cut) };
    const moved = p.words
      .filter((w) => w.yMin >= cut)
      .map((w) => (/^\d+$/.test(w.text) ? { ...w, xMin: w.xMin + 30, xMax: w.xMax + 30 } : w));
    const y = moved.find((w) => w.text === ROWS_2021[14])!.yMin;
    const full = moved.filter((w) => !(w.yMin === y && /^\d+$/.test(w.text)));
    for (const x of COLUMNS)
      full.push({ text: '0', xMin: x + 30 - 3.5, yMin: y, xMax: x + 30 + 3.5, yMax: y + 12 });
    const r = readPlacedPages([first, { ...p, page: 2, words: full }]);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.deepEqual(r.tables.applications.newReceived, [26, null, null, null, null, null, 26]);
    assert.deepEqual(r.tables.applications['unable.notHeld'], [6, null, null, null, null, null, 6]);
    assert.deepEqual(r.tables.applications.totalProcessed, [26, null, null, null, null, null, 26]);
  });
});

describe('position reader: table 二', () => {
  it('shape `规章  0     5` (the middle cell blank) keeps each figure under its header', () => {
    const r = readPlacedPages([reportPage(blankOrganisations, { regulations: ['0', '', '5'] })]);
    assert.ok(r.ok);
    assert.equal(r.tables.proactive['regulations.made'], 0);
    assert.equal(r.tables.proactive['regulations.repealed'], null);
    assert.equal(r.tables.proactive['regulations.valid'], 5);
    assert.ok(
      r.findings.some((f) => f.rule === 'BLANK' && f.table === 'proactive' && /本年废止/.test(f.message)),
    );
  });

  it('a placeholder `—` is kept as printed and named', () => {
    const r = readPlacedPages([reportPage(blankOrganisations, { regulations: ['0', '—', '5'] })]);
    assert.ok(r.ok);
    assert.equal(r.tables.proactive['regulations.repealed'], null);
    assert.ok(r.findings.some((f) => f.rule === 'BLANK' && /印的是“—”/.test(f.message)));
  });
});

describe('position reader: glued digits split where they stand', () => {
  it('a run `26000026` printed across the columns is cut by its characters’ places', () => {
    const p = reportPage(blankOrganisations);
    // Replace the first row's figures by one word spanning the seven columns (glyphs 50 pt apart).
    const y = p.words.find((w) => w.text === ROWS_2021[0])!.yMin;
    const words = p.words.filter((w) => !(w.yMin === y && /^\d+$/.test(w.text)));
    // Nine digits from the left edge of `26` under 自然人 to the right edge of `26` under 总计.
    const glued: PlacedWord = { text: '260000026', xMin: 293, yMin: y, xMax: 607, yMax: y + 12 };
    const r = readPlacedPages([{ ...p, words: [...words, glued] }]);
    assert.ok(r.ok);
    assert.deepEqual(r.tables.applications.newReceived, [26, 0, 0, 0, 0, 0, 26]);
  });

  it('cuts the ends leave open are decided by the row sum; a run no cut explains is left to the text path', () => {
    const p = reportPage(blankOrganisations);
    const y = p.words.find((w) => w.text === ROWS_2021[0])!.yMin;
    const words = p.words.filter((w) => !(w.yMin === y && /^\d+$/.test(w.text)));
    // The ends fix 5 and 20; the middle `120003` is 12,0,0,0,3 or 1,20,0,0,3: only the first makes 20.
    const glued: PlacedWord = { text: '512000320', xMin: 297, yMin: y, xMax: 606, yMax: y + 12 };
    const r = readPlacedPages([{ ...p, words: [...words, glued] }]);
    assert.ok(r.ok);
    assert.deepEqual(r.tables.applications.newReceived, [5, 12, 0, 0, 0, 3, 20]);
    // `120000` in the middle: 12,0,0,0,0 or 1,20,0,0,0 — neither makes 18: the text path reads the line.
    const unexplained: PlacedWord = { ...glued, text: '512000018' };
    const t = placedText([{ ...p, words: [...words, unexplained] }]);
    assert.match(t.text, /一、本年新收政府信息公开申请数量 +512000018/);
  });
});

describe('position reader: OCR words it is unsure of', () => {
  it('a figure under the confidence threshold makes its cell unknown and is never judged', () => {
    const r = readPlacedPages([
      reportPage(blankOrganisations, { confidence: (row, col) => (row === 0 && col === 6 ? 0.3 : 0.95) }),
    ]);
    assert.ok(r.ok);
    assert.equal(r.tables.applications.newReceived?.[6], null);
    assert.ok(r.unknownCells.has('applications:newReceived:total'));
    assert.equal(r.provenance.get('applications:newReceived:total')?.state, 'ambiguous');
    const unsure = r.findings.filter((f) => f.rule === 'READ_AMBIGUOUS' && /识别不够可靠/.test(f.message));
    assert.equal(unsure.length, 1);
    // Everything else was read as printed.
    assert.equal(r.tables.applications.newReceived?.[0], 26);
  });

  it('the threshold is an option', () => {
    const r = readPlacedPages(
      [reportPage(blankOrganisations, { confidence: (row, col) => (row === 0 && col === 6 ? 0.3 : 0.95) })],
      { minConfidence: 0.2 },
    );
    assert.ok(r.ok);
    assert.equal(r.tables.applications.newReceived?.[6], 26);
  });
});

describe('position reader: rulings found by OCR', () => {
  it('columns come from the vertical rulings when the header words are unreadable', () => {
    const p = reportPage(blankOrganisations);
    // A scan: header words garbled, the table's rulings found (label columns on the left, then 7 columns).
    const words = p.words.map((w) =>
      /^(自然人|商业企业|科研机构|社会公益组织|法律服务机构|其他|总计)$/.test(w.text)
        ? { ...w, text: '囗' }
        : w,
    );
    const rules = [20, 200, ...COLUMNS.map((c) => c + 25), 275].map((at) => ({
      orientation: 'vertical' as const,
      at,
      from: 0,
      to: 1200,
    }));
    const r = readPlacedPages([{ ...p, words, rules }]);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.deepEqual(r.tables.applications.newReceived, [26, null, null, null, null, null, 26]);
    // Without the rulings nothing says where the five blank columns are.
    assert.deepEqual(placedText([{ ...p, words }]).placed.applications, false);
  });

  it('an unsure figure outside a placed table is printed as ？, never read', () => {
    const t = placedText([
      page([
        [
          [40, '共收到申请'],
          [120, '26', 0.2],
          [140, '件'],
        ],
      ]),
    ]);
    assert.match(t.text, /^共收到申请\s+？\s*件$/);
  });
});

describe('position reader: input', () => {
  it('parses pdftotext -bbox-layout output, entities decoded', () => {
    const pages = parseBboxLayout(
      '<doc><page width="595" height="842"><word xMin="1" yMin="2" xMax="3" yMax="4">A&amp;B</word></page>' +
        '<page width="595" height="842"></page></doc>',
    );
    assert.equal(pages.length, 2);
    assert.deepEqual(pages[0]!.words, [{ text: 'A&B', xMin: 1, yMin: 2, xMax: 3, yMax: 4 }]);
    assert.deepEqual(pages[1]!.words, []);
  });

  it('pages without words are not a report (a scan without OCR)', () => {
    const r = readPlacedPages([{ page: 1, width: 595, height: 842, words: [] }]);
    assert.equal(r.ok, false);
  });

  it('keeps the layout text when positions place nothing', () => {
    const chosen = choosePdfText('layout', [page([[[40, '没有表格的文字']]])]);
    assert.deepEqual(chosen, {
      text: 'layout',
      by: 'layout',
      placed: { applications: false, review: false },
    });
  });
});

describe('position reader: fuzz and metamorphic', () => {
  /** A deterministic pseudo-random sequence (no Math.random in tests). */
  function rng(seed: number) {
    let x = seed >>> 0;
    return () => {
      x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      return x / 2 ** 32;
    };
  }

  it('words in any order give the same text and reading', () => {
    const p = reportPage(blankOrganisations);
    const base = placedText([p]).text;
    const next = rng(7);
    for (let round = 0; round < 5; round++) {
      const shuffled = [...p.words].sort(() => next() - 0.5);
      assert.equal(placedText([{ ...p, words: shuffled }]).text, base);
    }
  });

  it('random words, boxes and confidences never throw', () => {
    const next = rng(13);
    const pieces = [
      '一、本年新收政府信息公开申请数量',
      '自然人',
      '总计',
      '行政复议',
      '26',
      '0',
      '—',
      '2023年',
      '维持',
      '12345678901',
    ];
    for (let round = 0; round < 200; round++) {
      const words: PlacedWord[] = Array.from({ length: Math.floor(next() * 60) }, () => {
        const x = next() * 800;
        const y = next() * 1000;
        return {
          text: pieces[Math.floor(next() * pieces.length)]!,
          xMin: x,
          yMin: y,
          xMax: x + next() * 120,
          yMax: y + next() * 20,
          ...(next() < 0.3 ? { confidence: next() } : {}),
        };
      });
      const r = readPlacedPages([{ page: 1, width: 800, height: 1000, words }]);
      assert.equal(typeof r.ok, 'boolean');
    }
  });
});
