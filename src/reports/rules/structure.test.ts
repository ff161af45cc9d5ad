import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from '../checker.ts';
import { fixtureText } from '../fixtures.testing.ts';
import { emptyTables } from '../format/tables.ts';
import { checkHints } from './hints.ts';
import { ownScope } from './narrative.ts';
import { checkProse } from './prose.ts';
import { checkStructure, chineseOrdinal, findHeadings } from './structure.ts';

const NATIONAL = [
  '一、总体情况',
  '本年度工作稳步推进。',
  '二、主动公开政府信息情况',
  '见下表。',
  '三、收到和处理政府信息公开申请情况',
  '见下表。',
  '四、政府信息公开行政复议、行政诉讼情况',
  '见下表。',
  '五、存在的主要问题及改进情况',
  '一是栏目更新不够及时。下一步将建立更新台账。',
  '六、其他需要报告的事项',
  '本年度未收取信息处理费。',
];

const keys = (text: string) => checkStructure(text).map((f) => f.row);

describe('report outline (STRUCTURE)', () => {
  it('reads Chinese ordinals', () => {
    assert.deepEqual(['一', '六', '十', '十二', '二十', '二十三', '零'].map(chineseOrdinal), [
      1,
      6,
      10,
      12,
      20,
      23,
      null,
    ]);
  });

  it('is silent on the national outline and on accepted wording variants', () => {
    assert.deepEqual(keys(NATIONAL.join('\n')), []);
    const variants = NATIONAL.map((l) =>
      l
        .replace('五、存在的主要问题及改进情况', '五、政府信息公开工作存在的主要问题和改进情况')
        .replace('三、收到和处理', '三、收到和处理'),
    );
    assert.deepEqual(keys(variants.join('\n')), []);
    // A web page flattened onto one line keeps its headings inside the line.
    assert.deepEqual(keys(NATIONAL.join('')), []);
  });

  it('names each misnumbered heading with the number the format gives it', () => {
    const text = [
      '一、总体情况',
      '总体情况内容。',
      '三、主动公开政府信息情况',
      '四、收到和处理政府信息公开申请情况',
      '五、政府信息公开行政复议、行政诉讼情况',
      'l六、存在的主要问题及改进情况',
      '问题和改进内容。',
      '七、其他需要报告的事项',
    ].join('\n');
    const found = checkStructure(text);
    assert.equal(found.length, 5);
    assert.ok(found.every((f) => f.severity === 'warning' && f.rule === 'STRUCTURE'));
    assert.match(
      found[0]?.message ?? '',
      /第3行“三、主动公开政府信息情况”是格式的第二部分，应编为“二、主动公开政府信息情况”/,
    );
    assert.match(
      found[3]?.message ?? '',
      /“l六、存在的主要问题及改进情况”.*应编为“五、存在的主要问题及改进情况”/,
    );
    assert.equal(new Set(found.map((f) => f.id)).size, 5);
  });

  it('two identical misnumbered headings on different lines are two findings', () => {
    const text = [
      '正文开头。',
      '四、收到和处理政府信息公开申请情况',
      '中间无关段落。',
      '四、收到和处理政府信息公开申请情况',
      '结尾。',
    ].join('\n');
    const misnumbered = checkStructure(text).filter((f) => f.row?.startsWith('section-3-number'));
    assert.deepEqual(
      misnumbered.map((f) => f.row),
      ['section-3-number-1', 'section-3-number-2'],
    );
    assert.ok(keys(text).includes('section-3-repeat-2'));
  });

  it('a missing section, the order, two numbering systems', () => {
    const missing = NATIONAL.filter((l) => !l.startsWith('六、') && !l.startsWith('本年度未收取'));
    assert.deepEqual(keys(missing.join('\n')), ['section-6-missing']);
    const swapped = [
      ...NATIONAL.slice(0, 2),
      ...NATIONAL.slice(4, 6),
      ...NATIONAL.slice(2, 4),
      ...NATIONAL.slice(6),
    ];
    const k = keys(swapped.join('\n'));
    assert.ok(k.includes('section-3-order'), k.join());
    const mixed = NATIONAL.map((l) => l.replace(/^二、/, '2、'));
    assert.deepEqual(keys(mixed.join('\n')), ['section-2-number-1', 'numbering-mixed']);
  });

  it('section 五 must say something', () => {
    const nothing = NATIONAL.map((l) => (l.startsWith('一是栏目') ? '暂无。' : l));
    const f = checkStructure(nothing.join('\n'));
    assert.deepEqual(
      f.map((x) => x.row),
      ['section-5-empty'],
    );
    assert.match(f[0]?.message ?? '', /只写了“暂无”/);
    const empty = NATIONAL.filter((l) => !l.startsWith('一是栏目'));
    assert.deepEqual(keys(empty.join('\n')), ['section-5-empty']);
  });

  it('table 三 row labels are not headings', () => {
    const text = [
      ...NATIONAL.slice(0, 6),
      '一、本年新收政府信息公开申请数量 26 26',
      '四、结转下年度继续办理 0',
      ...NATIONAL.slice(6),
    ];
    assert.deepEqual(keys(text.join('\n')), []);
    assert.equal(findHeadings(text.join('\n')).length, 6);
  });

  it('the real reports: 00 and 19 as a reader finds them, the others silent', () => {
    assert.deepEqual(keys(fixtureText('00')), [
      'section-1-missing',
      'section-2-number-1',
      'section-3-number-1',
      'section-4-number-1',
      'section-5-number-1',
      'section-5-number-2',
      'section-5-repeat-2',
      'section-6-missing',
      'numbering-mixed',
    ]);
    assert.deepEqual(keys(fixtureText('19')), [
      'section-2-number-1',
      'section-3-number-1',
      'section-4-number-1',
      'section-5-missing',
      'section-6-number-1',
      'numbering-restart',
      'overall-subtopic-1',
      'overall-subtopic-2',
      'overall-subtopic-3',
      'overall-subtopic-4',
      'overall-subtopic-5',
    ]);
    for (const id of ['01', '02', '06', '07', '12']) assert.deepEqual(keys(fixtureText(id)), [], id);
  });
});

describe('contradictions in the prose (PROSE)', () => {
  const tables = (carry: number) => {
    const t = emptyTables('2021');
    return { ...t, applications: { ...t.applications, carryForward: [carry, 0, 0, 0, 0, 0, carry] } };
  };

  it('"all finished" beside a carry-over, in the table or in the text', () => {
    const said = '全年收到申请34件，所有申请均已按要求办理完成。';
    assert.equal(checkProse(tables(0), said, 2024).length, 0);
    const f = checkProse(tables(1), said, 2024);
    assert.equal(f.length, 1);
    assert.equal(f[0]?.rule, 'PROSE');
    assert.equal(f[0]?.severity, 'warning');
    assert.match(f[0]?.message ?? '', /所有申请均已按要求办理完成.*结转下年度继续办理”总计为1件/);
    const text = `${said}转下一年度办理答复的有1件。`;
    assert.match(checkProse(tables(0), text, 2024)[0]?.message ?? '', /正文又写“转下一年度办理答复的有1件”/);
    assert.equal(
      checkProse(tables(3), '全市所有申请均已办结。', 2024).length,
      0,
      'a wider scope is not compared',
    );
  });

  it("a sentence stating this year's work under another year", () => {
    const f = checkProse(tables(0), '2023年，我局共收到政府信息公开申请34件。', 2024);
    assert.equal(f.length, 1);
    assert.match(f[0]?.message ?? '', /说的是2023年的数字，而这是2024年度的报告/);
    assert.equal(checkProse(tables(0), '2024年，我局共收到政府信息公开申请34件。', 2024).length, 0);
    assert.equal(checkProse(tables(0), '共收到申请34件，较2023年增加5件。', 2024).length, 0);
    assert.equal(checkProse(tables(0), '截至2023年底累计公开信息1200条。', 2024).length, 0);
    assert.equal(checkProse(tables(0), '印发《2023年工作要点》。', 2024).length, 0);
  });

  it('finds 19.txt\'s "all done" beside its carried-over application', () => {
    const r = checkText(fixtureText('19'));
    assert.deepEqual(
      r.findings.filter((f) => f.rule === 'PROSE').map((f) => f.row),
      ['allDoneVsCarried'],
    );
  });
});

describe('whose scope a sentence speaks for', () => {
  it('an area’s people’s government speaks for its area; offices and departments for themselves', () => {
    assert.deepEqual(
      [
        '淮安市洪泽区人民政府',
        '洪泽区人民政府',
        '长春市人民政府',
        '上海市人民政府办公厅',
        '平潭综合实验区',
        '上海市科委',
      ].map(ownScope),
      ['区', '区', '市', null, null, null],
    );
  });

  it('12.txt (a district government): its 全区 sentence is compared with its own table', () => {
    const text = fixtureText('12');
    assert.ok(text.includes('全区受理政府信息公开申请 21 件'));
    assert.deepEqual(
      checkText(text).findings.filter((f) => f.rule === 'TEXT'),
      [],
    );
    const changed = checkText(
      text.replace('全区受理政府信息公开申请 21 件', '全区受理政府信息公开申请 25 件'),
    );
    assert.deepEqual(
      changed.findings.filter((f) => f.rule === 'TEXT').map((f) => [f.row, f.actual, f.expected]),
      [['newReceived', 25, 21]],
    );
  });
});

describe('wording hints (HINT)', () => {
  it('a repeated word on two lines is two hints, on one line one; never an error', () => {
    const text = [
      '第1行科技计划资金资金分配结果。',
      '第2行正常内容无重复词。',
      '第3行再次出现资金资金独立问题。',
      '第4行信息发布审查管，根据要求。',
      '第5行再次出现审查管独立问题。',
    ].join('\n');
    const hints = checkHints(text);
    assert.ok(hints.every((h) => h.severity === 'hint' && h.rule === 'HINT'));
    assert.deepEqual(
      hints.filter((h) => h.row?.startsWith('repeat')).map((h) => h.source?.line),
      [1, 3],
    );
    assert.deepEqual(
      hints.filter((h) => h.row?.startsWith('cut')).map((h) => h.source?.line),
      [4],
      'a cut-off word is hinted where punctuation follows it',
    );
    assert.equal(checkHints('一行内资金资金与审查管，各一次。').length, 2);
  });

  it('leaves meant reduplications, table headers and words wrapped onto the next line alone', () => {
    assert.equal(checkHints('请大家研究研究，再作决定。').length, 0);
    assert.equal(checkHints('总计总计\n维持纠正结果审结').length, 0);
    assert.equal(checkHints('加强信息发布审查管\n理，根据要求。').length, 0);
  });

  it('19.txt: 资金资金 and 审查管', () => {
    const hints = checkText(fixtureText('19')).findings.filter((f) => f.rule === 'HINT');
    assert.deepEqual(
      hints.map((h) => h.actual),
      ['资金资金', '审查管'],
    );
  });
});
