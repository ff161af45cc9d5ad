import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findMatches, luhnValid, type PatternId } from './finders.rules.ts';
import { fractionRect, labelFit, type PageText, textOutside, textUnder } from './geometry.rules.ts';
import {
  GROUNDS,
  legendEntries,
  legendLines,
  PARTIAL_REASON_BLANK,
  partialDisclosureText,
  withPartialDisclosure,
} from './grounds.rules.ts';
import { boxLabel, suggest } from './redaction.rules.ts';

const only = (text: string, p: PatternId) => findMatches(text, { patterns: [p] }).map((m) => m.value);

describe('finders', () => {
  it('居民身份证号: GB 11643 check digit, birth date, whole tokens only', () => {
    assert.deepEqual(only('身份证号11010519491231002X。', 'id'), ['11010519491231002X']);
    assert.deepEqual(only('身份证号110105194912310021。', 'id'), [], 'wrong check digit');
    assert.deepEqual(only('身份证号110105194913310028', 'id'), [], 'month 13');
    assert.deepEqual(only('编号911010519491231002X', 'id'), [], 'part of a longer code');
  });

  it('统一社会信用代码: GB 32100 check character', () => {
    assert.deepEqual(only('代码：91330100799655058B，', 'uscc'), ['91330100799655058B']);
    assert.deepEqual(only('代码：91330100799655058C，', 'uscc'), []);
  });

  it('bank cards pass Luhn; an ID that passes Luhn stays an ID', () => {
    assert.ok(luhnValid('6222021234567890128'));
    assert.ok(!luhnValid('6222021234567890127'));
    assert.deepEqual(only('卡号 6222021234567890128 。', 'bank'), ['6222021234567890128']);
    assert.deepEqual(only('卡号 6222 0212 3456 7890 128', 'bank'), ['6222 0212 3456 7890 128']);
    assert.deepEqual(only('卡号 6222021234567890127', 'bank'), []);
    const both = findMatches('11010519491231002X 6222021234567890128', { patterns: ['id', 'bank'] });
    assert.deepEqual(
      both.map((m) => m.kind),
      ['id', 'bank'],
    );
  });

  it('mobile and landline numbers', () => {
    assert.deepEqual(only('手机13812345678，', 'phone'), ['13812345678']);
    assert.deepEqual(only('手机 138-1234-5678', 'phone'), ['138-1234-5678']);
    assert.deepEqual(only('编号 1381234567890', 'phone'), [], 'longer number');
    assert.deepEqual(only('手机12812345678', 'phone'), [], 'no 12x prefix');
    assert.deepEqual(only('电话0431-85551234，(010)62345678', 'landline'), [
      '0431-85551234',
      '(010)62345678',
    ]);
    assert.deepEqual(only('文号 2020-12345678', 'landline'), [], 'not an area code');
  });

  it('e-mail and addresses after 住址/地址', () => {
    assert.deepEqual(only('邮箱 zhang.san@example.com。', 'email'), ['zhang.san@example.com']);
    assert.deepEqual(only('住址：吉林省长春市宽城区欣园路88号，电话', 'address'), [
      '吉林省长春市宽城区欣园路88号',
    ]);
    assert.deepEqual(only('地址为长春市人民大街1号。', 'address'), ['长春市人民大街1号']);
    assert.deepEqual(only('没有写明', 'address'), []);
  });

  it('exact text, every occurrence; exact text wins over a pattern it overlaps', () => {
    const m = findMatches('张三与张三的电话13812345678', { exact: ['张三', '5678'], patterns: ['phone'] });
    assert.deepEqual(
      m.map((x) => [x.kind, x.value]),
      [
        ['text', '张三'],
        ['text', '张三'],
        ['text', '5678'],
      ],
    );
    assert.deepEqual(findMatches('abc', { exact: ['  '] }), []);
  });
});

// Two lines: "张三 13812345678" and "住址：长春" with 10-point characters.
const line = (s: string, y: number): PageText['lines'][number] =>
  [...s].map((c, i) => [c, 10 + i * 10, y, 20 + i * 10, y + 10] as const);
const page: PageText = {
  width: 600,
  height: 800,
  lines: [line('张三 13812345678', 100), line('住址：长春', 120)],
};

describe('geometry', () => {
  it('a match becomes one rectangle per line, just inside its glyphs', () => {
    const s = suggest([page], { patterns: ['phone'] });
    assert.equal(s.length, 1);
    assert.equal(s[0]?.value, '13812345678');
    assert.deepEqual(s[0]?.rects, [[40.4, 100, 149.6, 110]]);
    assert.equal(s[0]?.ground, 'privacy');
    assert.equal(s[0]?.page, 0);
  });

  it('a drawn box in fractions of the image becomes page points; empty boxes are dropped', () => {
    assert.deepEqual(fractionRect([0.5, 0.5, 0.1, 0.25], page), [60, 200, 300, 400]);
    assert.equal(fractionRect([0.2, 0.2, 0.2, 0.4], page), null);
    assert.deepEqual(fractionRect([-1, 0, 2, 1], page), [0, 0, 600, 800]);
  });

  it('text under a box and outside all boxes', () => {
    assert.equal(textUnder(page, [0, 95, 32, 135]), '张三 住址');
    assert.equal(textOutside(page, [[0, 95, 32, 135]]), ' 13812345678\n：长春');
  });

  it('labels fit the box or shrink to the number', () => {
    assert.equal(labelFit('第十五条', [0, 0, 100, 20]), 10);
    assert.equal(labelFit('第十五条', [0, 0, 10, 20]), 0);
    assert.equal(boxLabel(3, GROUNDS.privacy, [0, 0, 120, 12]).label, '[3] 第十五条 个人隐私');
    assert.equal(boxLabel(3, GROUNDS.privacy, [0, 0, 30, 12]).label, '[3]');
  });
});

describe('grounds and legend', () => {
  const boxes = [
    { page: 1, ground: 'privacy' as const },
    { page: 0, ground: 'commercial' as const },
    { page: 1, ground: 'privacy' as const },
  ];

  it('the legend numbers boxes in page order and cites the article', () => {
    const e = legendEntries(boxes);
    assert.deepEqual(
      e.map((x) => [x.number, x.page, x.ground.article]),
      [
        [1, 1, '第十五条'],
        [2, 2, '第十五条'],
        [3, 2, '第十五条'],
      ],
    );
    const lines = legendLines(e, '合同.pdf');
    assert.equal(lines[0], '区分处理说明');
    assert.ok(lines.some((l) => l.includes('涉及商业秘密')));
    assert.equal(lines.length, 6 + 3);
  });

  it("the letter's paragraph lists each ground once, with pages and counts", () => {
    const t = partialDisclosureText([{ fileName: '合同.pdf', boxes }]);
    assert.match(t, /^对所附文件作区分处理：/);
    assert.match(t, /“合同\.pdf”中，第1页共 1 处内容涉及商业秘密/);
    assert.match(t, /第2页共 2 处内容涉及个人隐私/);
    assert.equal(partialDisclosureText([{ fileName: 'x', boxes: [] }]), '');
  });

  it('the statement fills the template blank, then replaces itself, and gives the blank back when emptied', () => {
    const body = `经审查……理由如下：${PARTIAL_REASON_BLANK}。\n\n特此告知。`;
    const one = partialDisclosureText([{ fileName: 'a.pdf', boxes: [{ page: 0, ground: 'privacy' }] }]);
    const filled = withPartialDisclosure(body, one);
    assert.equal(filled, `经审查……理由如下：${one}。\n\n特此告知。`);
    const two = partialDisclosureText([{ fileName: 'a.pdf', boxes: [{ page: 1, ground: 'internal' }] }]);
    const again = withPartialDisclosure(filled, two);
    assert.ok(again.includes(two) && !again.includes(one));
    assert.equal(withPartialDisclosure(again, ''), body);
    const other = withPartialDisclosure('正文。\n\n特此告知。\n\n某机关', one);
    assert.equal(other, `正文。\n\n本机关${one}。\n\n特此告知。\n\n某机关`);
    assert.equal(withPartialDisclosure('正文。', ''), '正文。');
  });
});
