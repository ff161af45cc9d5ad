import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  basisLabel,
  checkIndexPattern,
  DEFAULT_INDEX_PATTERN,
  formatIndexNumber,
  isBasis,
  validityOn,
  validityProblems,
} from './catalogue.rules.ts';
import {
  bigramsOf,
  highlight,
  matchesAll,
  normalizeText,
  queryTerms,
  snippet,
  sortKeyOf,
} from './search.rules.ts';

describe('索引号', () => {
  it('follows the default pattern of the 目录系统实施指引', () => {
    assert.equal(
      formatIndexNumber(DEFAULT_INDEX_PATTERN, { code: '000014349', year: 2018, seq: 222 }),
      '000014349/2018-00222',
    );
  });
  it('supports other per-agency patterns', () => {
    assert.equal(
      formatIndexNumber('{credit}/{yyyy}-{seq4}', {
        code: 'X',
        credit: '11341702486344515H',
        year: 2021,
        seq: 13,
      }),
      '11341702486344515H/2021-0013',
    );
    assert.equal(
      formatIndexNumber('{code}-{yyyy}-{seq3}', { code: '01527918X', year: 2020, seq: 1234 }),
      '01527918X-2020-1234',
    );
  });
  it('refuses patterns that cannot be unique', () => {
    assert.equal(checkIndexPattern(DEFAULT_INDEX_PATTERN), null);
    assert.match(checkIndexPattern('{yyyy}-{seq5}') ?? '', /code/);
    assert.match(checkIndexPattern('{code}/{seq5}') ?? '', /yyyy/);
    assert.match(checkIndexPattern('{code}/{yyyy}') ?? '', /流水号/);
    assert.match(checkIndexPattern('{code}/{yyyy}-{seq5}{x}') ?? '', /不认识/);
  });
});

describe('basis', () => {
  it('knows Art. 20 items and Art. 21 areas', () => {
    assert.ok(isBasis('art20:1'));
    assert.ok(isBasis('art20:15'));
    assert.ok(!isBasis('art20:16'));
    assert.ok(isBasis('art21:社会救助'));
    assert.ok(!isBasis('art21:别的'));
    assert.equal(basisLabel('art20:7'), '第二十条（七）财政预算、决算信息');
  });
});

describe('validity', () => {
  it('requires a validity on rules and normative documents', () => {
    assert.deepEqual(
      Object.keys(validityProblems({ docType: 'normative', validity: null, validityOn: null })),
      ['validity'],
    );
    assert.deepEqual(validityProblems({ docType: 'general', validity: null, validityOn: null }), {});
  });
  it('requires the date of 失效 and 废止, and none for 有效', () => {
    assert.ok(validityProblems({ docType: 'rule', validity: 'repealed', validityOn: null }).validityOn);
    assert.ok(validityProblems({ docType: 'rule', validity: 'valid', validityOn: '2026-01-01' }).validityOn);
    assert.deepEqual(
      validityProblems({ docType: 'rule', validity: 'expired', validityOn: '2026-01-01' }),
      {},
    );
  });
  it('treats a future repeal as still valid', () => {
    const f = { validity: 'repealed' as const, validityOn: '2026-12-01' };
    assert.equal(validityOn(f, '2026-11-30'), 'valid');
    assert.equal(validityOn(f, '2026-12-01'), 'repealed');
    assert.equal(validityOn({ validity: null, validityOn: null }, '2026-12-01'), null);
  });
});

describe('search tokenisation', () => {
  it('normalises full-width forms, case and punctuation', () => {
    assert.equal(normalizeText('《关于ＡＢＣ　低保》，２０２６年'), '关于abc 低保 2026年');
  });
  it('makes distinct bigrams within runs only', () => {
    assert.deepEqual([...bigramsOf('公开公开，低保')].sort(), ['低保', '公开', '开公'].sort());
    assert.deepEqual([...bigramsOf('公')], []);
  });
  it('splits queries into at most 8 distinct terms', () => {
    assert.deepEqual(queryTerms('  低保  医保 低保 '), ['低保', '医保']);
    assert.deepEqual(queryTerms('"信息公开"'), ['信息公开']);
    assert.equal(queryTerms('a b c d e f g h i j').length, 8);
    assert.deepEqual(queryTerms('%_\\'), []);
  });
  it('verifies exact substrings', () => {
    assert.ok(matchesAll(normalizeText('关于做好城乡低保工作的通知'), ['低保', '通知']));
    assert.ok(!matchesAll(normalizeText('低收入保障'), ['低保']));
  });
  it('orders by date, then id', () => {
    assert.ok(sortKeyOf('2026-01-02', 1) > sortKeyOf('2026-01-01', 9_999_999));
    assert.ok(sortKeyOf('2026-01-01', 2) > sortKeyOf('2026-01-01', 1));
  });
  it('highlights matches in the original text', () => {
    assert.deepEqual(highlight('关于ＡＢ低保', ['ab']), [
      { text: '关于', hit: false },
      { text: 'ＡＢ', hit: true },
      { text: '低保', hit: false },
    ]);
    const s = snippet(`${'甲'.repeat(100)}低保${'乙'.repeat(100)}`, ['低保'], 20);
    assert.equal(s[0]?.text, '…');
    assert.ok(s.some((x) => x.hit && x.text === '低保'));
  });
});
