import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from '../checker.ts';
import { fixtureText } from '../fixtures.testing.ts';
import type { ReportTables } from '../format/tables.ts';
import { checkHints } from './hints.ts';
import { type Finding, runRules } from './index.ts';
import { checkStructure } from './structure.ts';

/**
 * Conformance with the content checks of the most complete public checker of these reports
 * (KIROGOVCOMPARE: src/__tests__/consistencyChecks.test.ts and sourceOutlineAudit.p0.test.ts), each case
 * rebuilt on the real report 19.txt (上海市科委 2024) or, where the peer's case is a synthetic snippet, on
 * the same snippet. Each test is named "peer's case → Gongkai's finding"; where Gongkai deliberately
 * differs, the reason from the format is in the name. docs/domain/checker-conformance.md is the table.
 */

const r19 = checkText(fixtureText('19'), { fileName: '19.txt' });
const tables19 = (): ReportTables => {
  assert.ok(r19.tables);
  return structuredClone(r19.tables) as ReportTables;
};
const rules = (tables: ReportTables, narrative = '', extra: Partial<Parameters<typeof runRules>[0]> = {}) =>
  runRules({ format: '2021', year: 2024, tables, narrative, ...extra });
const errorsAt = (fs: readonly Finding[], table: string, row: string | null, column: string | null) =>
  fs.filter(
    (f) =>
      f.severity === 'error' && f.table === table && (row === null || f.row === row) && f.column === column,
  );
const rows = (fs: readonly Finding[], rule: string) => fs.filter((f) => f.rule === rule).map((f) => f.row);

describe('conformance with KIROGOVCOMPARE content checks', () => {
  it('C1 misnumbered section titles (5 items) → five STRUCTURE warnings, each naming the right number', () => {
    const text = [
      '一、总体情况',
      '总体情况内容',
      '三、主动公开政府信息情况',
      '四、收到和处理政府信息公开申请情况',
      '五、政府信息公开行政复议、行政诉讼情况',
      'l六、存在的主要问题及改进情况',
      '问题和改进内容',
      '七、其他需要报告的事项',
      '其他事项内容',
    ].join('\n');
    const f = checkStructure(text);
    assert.equal(f.length, 5);
    assert.deepEqual(
      f.map((x) => x.expected),
      [
        '二、主动公开政府信息情况',
        '三、收到和处理政府信息公开申请情况',
        '四、政府信息公开行政复议、行政诉讼情况',
        '五、存在的主要问题及改进情况',
        '六、其他需要报告的事项',
      ],
    );
  });

  it('C2 accepted wording variant with the right number → silent', () => {
    const text = '五、存在的主要问题和改进情况\n问题和改进内容。\n六、其他需要报告的事项\n其他事项内容。';
    assert.deepEqual(
      checkStructure(text).filter((f) => f.row?.includes('number')),
      [],
    );
  });

  it('C3 table 三 办理结果总计 ≠ sum of results (natural person) → error on that cell', () => {
    const t = tables19();
    const row = t.applications.totalProcessed;
    assert.ok(row);
    (row as (number | null)[])[0] = (row[0] ?? 0) + 2;
    assert.ok(errorsAt(rules(t), 'applications', 'totalProcessed', 'naturalPerson').length > 0);
  });

  it('C4 table 四 未经复议直接起诉 总计 ≠ its parts → error on that total', () => {
    const t = tables19();
    (t.review as (number | null)[])[9] = 1;
    const f = rules(t).filter((x) => x.severity === 'error' && x.table === 'review');
    assert.ok(f.length > 0, 'the review/litigation table is checked');
  });

  it('C5 table 三 missing → not readable, said in words (peer: NOT_ASSESSABLE)', () => {
    const lines = fixtureText('19').split('\n');
    const from = lines.findIndex((l) => l.startsWith('二、收到和处理政府信息公开申请情况'));
    const to = lines.findIndex((l) => l.startsWith('三、政府信息公开行政复议'));
    const r = checkText([...lines.slice(0, from), ...lines.slice(to)].join('\n'));
    assert.equal(r.readable, false);
    assert.equal(r.findings[0]?.rule, 'READ_UNREADABLE');
  });

  it('C6 narrative 行政诉讼 7件 = 6 direct + 1 after review → no finding; 8件 → TEXT error', () => {
    const t = tables19();
    const review = t.review as (number | null)[];
    review.splice(5, 10, 3, 1, 0, 2, 6, 1, 0, 0, 0, 1);
    assert.deepEqual(rows(rules(t, '全年发生行政诉讼案件7件。'), 'TEXT'), []);
    assert.deepEqual(rows(rules(t, '全年发生行政诉讼案件8件。'), 'TEXT'), ['litigationTotal']);
  });

  it('C7 narrative 新收 and 上年结转 equal to the table → no finding', () => {
    assert.deepEqual(rows(rules(tables19(), '本年度共新收政府信息公开申请34件，上年结转2件。'), 'TEXT'), []);
  });

  it('C8 a 全市 sentence: compared when the report is the city government’s own, not in a department’s report', () => {
    const text = '2024年，全市共受理政府信息公开申请34件，答复30件。';
    assert.deepEqual(rows(rules(tables19(), text, { agency: '上海市科学技术委员会' }), 'TEXT'), []);
    assert.deepEqual(rows(rules(tables19(), text, { agency: '上海市人民政府' }), 'TEXT'), ['totalProcessed']);
    assert.deepEqual(
      rows(rules(tables19(), text.replace('答复30件', '答复35件'), { agency: '上海市人民政府' }), 'TEXT'),
      [],
    );
    assert.deepEqual(
      rows(rules(tables19(), text, { agency: '上海市人民政府办公厅' }), 'TEXT'),
      [],
      'an office is not the city',
    );
  });

  it('C9 "其中11件均按规定程序办结，8件申请人主动撤销" is not the total processed → no finding', () => {
    const text = '2024年共受理政府信息公开申请34件，其中11件均按规定程序办结，8件申请人主动撤销。';
    assert.deepEqual(
      rows(rules(tables19(), text), 'TEXT').filter((r) => r === 'totalProcessed'),
      [],
    );
  });

  it('C10 "办理上年度结转申请2件。答复36件" → carried-over and answered read, both agree', () => {
    const t = tables19();
    const text = '2024年受理信息公开申请34件，办理上年度结转申请2件。答复35件，均在法定期限内答复。';
    assert.deepEqual(rows(rules(t, text), 'TEXT'), []);
    assert.deepEqual(rows(rules(t, text.replace('答复35件', '答复30件')), 'TEXT'), ['totalProcessed']);
  });

  it('C11/C12 section 五 "无" or "暂无问题" → STRUCTURE warning (peer: FAIL; the format requires the content, evaluators mark "无" down, but a warning lets the clerk judge)', () => {
    for (const body of ['无', '暂无问题']) {
      const text = `一、总体情况\n正文。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n${body}\n六、其他需要报告的事项\n无。`;
      const f = checkStructure(text);
      assert.deepEqual(
        f.map((x) => [x.row, x.severity]),
        [['section-5-empty', 'warning']],
      );
    }
  });

  it('C13 section 六 "无" while table 二 shows 行政事业性收费 → no finding (differs: table 二 fees are 行政事业性收费, not the 信息处理费 that section 六 reports)', () => {
    const t = tables19();
    (t.proactive as Record<string, number | string | null>)['fees.amountWanYuan'] = 100;
    const f = rules(t, '六、其他需要报告的事项 无');
    assert.deepEqual(
      f.filter((x) => x.table === 'proactive' || x.rule === 'X3'),
      [],
    );
  });

  it('C14 section 六 "无" and no fees → no finding', () => {
    assert.deepEqual(rows(rules(tables19(), '六、其他需要报告的事项 无'), 'X3'), []);
  });

  it('C15 a city report ≠ the sum of its districts’ → no finding (differs: the format counts what each body itself handled; a city government’s report is not a roll-up of its districts)', () => {
    const child = tables19();
    const parent = tables19();
    const nr = parent.applications.newReceived as (number | null)[];
    nr[6] = (nr[6] ?? 0) + 100;
    nr[0] = (nr[0] ?? 0) + 100;
    const review = parent.review as (number | null)[];
    review[0] = (review[0] ?? 0) + 3;
    review[4] = (review[4] ?? 0) + 3;
    const proactive = parent.proactive as Record<string, number | string | null>;
    proactive['licensing.decisions'] = 1234;
    assert.deepEqual(
      rules(child, '', { parent }).map((x) => x.id),
      rules(child).map((x) => x.id),
      'a parent with other figures adds nothing',
    );
  });

  describe('C16–C24 table 二 cells as printed (rebuilt on 12.txt, a pdftotext -layout report)', () => {
    const row = '行政规范性文件          0          5       5';
    const at = (cell: string) =>
      fixtureText('12').replace(row, `行政规范性文件          0          ${cell}       5`);
    const t2 = (cell: string) =>
      checkText(at(cell)).findings.filter(
        (f) => f.table === 'proactive' && f.column === 'normativeDocs.repealed',
      );
    it('C16 a negative count → R5 error on the cell, the sign read on a layout line', () => {
      const r = checkText(at('-5'));
      assert.equal(r.tables?.proactive['normativeDocs.repealed'], -5);
      assert.equal(r.tables?.proactive['normativeDocs.valid'], 5, 'the next cell stays in its column');
      assert.deepEqual(
        t2('-5').map((f) => [f.rule, f.severity]),
        [['R5', 'error']],
      );
    });
    it('C17 a fractional count → R5 error (peer: UNCERTAIN; the format’s counts are whole numbers)', () => {
      assert.deepEqual(
        t2('1.5').map((f) => [f.rule, f.severity]),
        [['R5', 'error']],
      );
    });
    for (const [id, cell] of [
      ['C18', 'abc'],
      ['C19', '/'],
      ['C20', '—'],
      ['C21', '不适用'],
    ] as const) {
      it(`${id} “${cell}” in a count cell → a warning naming the cell and what was printed; the row's other cells stay`, () => {
        const r = checkText(at(cell));
        assert.equal(r.tables?.proactive['normativeDocs.repealed'], null);
        assert.equal(r.tables?.proactive['normativeDocs.valid'], 5);
        const f = t2(cell);
        assert.deepEqual(
          f.map((x) => [x.rule, x.severity, x.actual]),
          [['BLANK', 'warning', cell]],
        );
        assert.match(f[0]?.message ?? '', /“行政规范性文件”·本年废止件数印的是/);
      });
    }
    it('C22 a blank count cell → one BLANK warning for table 二 naming the cell', () => {
      const f = checkText(at(' ')).findings.filter((x) => x.table === 'proactive' && x.rule === 'BLANK');
      assert.equal(f.length, 1);
      assert.match(f[0]?.message ?? '', /1个应填数字的单元格空白或未能读出/);
    });
    it('C23 a fee amount with decimals (7730.28 万元) → no finding; C24 zero → no finding', () => {
      const r = checkText(fixtureText('12'));
      assert.equal(r.tables?.proactive['fees.amountWanYuan'], 7730.28);
      assert.deepEqual(
        r.findings.filter((f) => f.table === 'proactive'),
        [],
      );
    });
    it('a negative figure on a layout line of table 三 is read with its sign (R5 error)', () => {
      const text = fixtureText('12').replace(
        '四、结转下年度继续办理                            0    0   0   0    0    0   0',
        '四、结转下年度继续办理                            0    0   0   0    0    0   -1',
      );
      const r = checkText(text);
      assert.equal(r.tables?.applications.carryForward?.[6], -1);
      assert.ok(
        r.findings.some((f) => f.rule === 'R5' && f.row === 'carryForward' && f.severity === 'error'),
      );
    });
  });

  it('S1 19.txt table 二 read with its zeros (规章 0/0/0, 规范性文件 13/0/55, 许可 97, 处罚 0, 强制 0, 收费 0)', () => {
    assert.deepEqual(r19.tables?.proactive, {
      'regulations.made': 0,
      'regulations.repealed': 0,
      'regulations.valid': 0,
      'normativeDocs.made': 13,
      'normativeDocs.repealed': 0,
      'normativeDocs.valid': 55,
      'licensing.decisions': 97,
      'penalty.decisions': 0,
      'coercion.decisions': 0,
      'fees.amountWanYuan': 0,
    });
  });

  it('S2 19.txt outline and prose: two numberings, subtopics as top level, ordinal mismatch, contradiction, repeated word', () => {
    const structure = rows(r19.findings, 'STRUCTURE');
    assert.ok(structure.includes('numbering-restart'), 'SRC_MULTIPLE_NUMBERING_SYSTEMS');
    assert.ok(
      structure.some((r) => r?.startsWith('overall-subtopic')),
      'SRC_OVERALL_SUBTOPIC_AS_TOP_LEVEL',
    );
    assert.ok(
      structure.some((r) => r?.includes('-number-')),
      'SRC_SECTION_ORDINAL_MISMATCH',
    );
    assert.deepEqual(rows(r19.findings, 'PROSE'), ['allDoneVsCarried'], 'SRC_TEXT_INTERNAL_CONTRADICTION');
    assert.ok(
      r19.findings.some((f) => f.rule === 'HINT' && f.actual === '资金资金'),
      'SRC_TEXT_DUPLICATED_WORD',
    );
    assert.ok(
      r19.findings
        .filter((f) => ['STRUCTURE', 'PROSE', 'HINT'].includes(f.rule))
        .every((f) => f.severity !== 'error'),
      'outline, prose and wording are never errors',
    );
  });

  it('S3 the same slip on two lines is two hints, at their lines; once on one line is one', () => {
    const text = [
      '第1行科技计划资金资金分配结果。',
      '第2行正常内容无重复词。',
      '第3行再次出现资金资金独立问题。',
      '第4行信息发布审查管，根据要求。',
      '第5行再次出现审查管，独立问题。',
    ].join('\n');
    const h = checkHints(text);
    assert.deepEqual(
      h.filter((x) => x.actual === '资金资金').map((x) => x.source?.line),
      [1, 3],
    );
    assert.deepEqual(
      h.filter((x) => x.actual === '审查管').map((x) => x.source?.line),
      [4, 5],
    );
    assert.equal(checkHints('一行内资金资金与审查管，各一次。').length, 2);
  });

  it('S4 two identical misnumbered titles on different lines → two findings at lines 2 and 4', () => {
    const text = [
      '正文开头。',
      '四、收到和处理政府信息公开申请情况',
      '中间无关段落。',
      '四、收到和处理政府信息公开申请情况',
      '结尾。',
    ];
    assert.deepEqual(
      rows(checkStructure(text.join('\n')), 'STRUCTURE').filter((r) => r?.includes('-number-')),
      ['section-3-number-1', 'section-3-number-2'],
    );
  });

  it('S5 a report in the national outline → no outline finding (the generator’s own and 01/12)', () => {
    for (const id of ['01', '12'])
      assert.deepEqual(rows(checkText(fixtureText(id)).findings, 'STRUCTURE'), [], id);
  });
});
