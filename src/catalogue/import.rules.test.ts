import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRows, decodeText, parseBasis, parseCsv, parseDate } from './import.rules.ts';

describe('import parsing', () => {
  it('reads CSV with quotes, doubled quotes, commas and line breaks in fields', () => {
    assert.deepEqual(parseCsv('a,b\r\n"x, ""y""","多\n行"\n\n'), [
      ['a', 'b'],
      ['x, "y"', '多\n行'],
    ]);
  });
  it('decodes UTF-8 with BOM and GB18030', () => {
    assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xe5, 0x90, 0x8d])), '名');
    assert.equal(decodeText(new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6])), '名称');
  });
  it('understands the ways older systems write the basis and dates', () => {
    assert.equal(parseBasis('第二十条（七）'), 'art20:7');
    assert.equal(parseBasis('(十一)'), 'art20:11');
    assert.equal(parseBasis('15'), 'art20:15');
    assert.equal(parseBasis('财政预决算'), 'art20:7');
    assert.equal(parseBasis('社会救助'), 'art21:社会救助');
    assert.equal(parseBasis('第九十条'), null);
    assert.equal(parseDate('2026年3月1日'), '2026-03-01');
    assert.equal(parseDate('2026/3/1'), '2026-03-01');
    assert.equal(parseDate('2026.03.01'), '2026-03-01');
    assert.equal(parseDate('2026-02-30'), 'invalid');
    assert.equal(parseDate(''), null);
  });
  it('reports missing required columns before any row', () => {
    const r = checkRows([['标题外的列'], ['x']], {
      topics: new Map(),
      defaultPublisher: '机关',
      usedIndexNumbers: new Set(),
    });
    assert.deepEqual(r.missingColumns, ['名称', '发布日期']);
  });
});
