import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INDICATORS } from './indicators.ts';
import { PROFILE_IDS, PROFILES } from './score.ts';
import { indicatorName, indicatorNames, SOURCE_NAMES, scoringInWords, sourceInWords } from './wording.ts';

describe('indicators in words', () => {
  it('names the evaluators’ material and the articles, with no keys or notes for developers', () => {
    assert.equal(
      sourceInWords('[L-WL]; docs/domain/regulation.md#art-31 第三十一条'),
      '区级政务公开考核细则（参照中国社会科学院评估）；《中华人民共和国政府信息公开条例》第三十一条',
    );
    assert.equal(
      sourceInWords('docs/domain/regulation.md#art-36 第三十六、三十七条; CASS“答复内容” RECOLLECTION'),
      '《中华人民共和国政府信息公开条例》第三十六、三十七条；中国社会科学院评估“答复内容”',
    );
    assert.equal(sourceInWords('[W-SELF]（−3）'), '按国办秘函〔2019〕19号开展的政府网站自查（扣3分）');
    assert.equal(
      sourceInWords('docs/domain/catalogue.md#platform（61号，四个栏目 UNCONFIRMED）; [E-TOC15]'),
      '政府信息公开平台建设要求（国办公开办函〔2019〕61号）；中国社会科学院政府透明度第三方评估指标',
    );
    assert.equal(
      sourceInWords('DERIVED（种子年报表三错误，test/fixtures/reports/00.txt）'),
      '根据本系统的办理记录推算',
    );
    assert.equal(sourceInWords('系统建议的权重（社科院的实际权重未能核实）'), '系统建议的权重');
  });

  it('every indicator and profile source reads as words', () => {
    const sources = [...INDICATORS.map((i) => i.source), ...PROFILE_IDS.map((p) => PROFILES[p].source)];
    for (const s of sources) {
      const words = sourceInWords(s);
      assert.doesNotMatch(
        words,
        /\[|\]|docs\/|\.md|#|DERIVED|RECOLLECTION|UNCONFIRMED|CASS|待核实|未能核实|test\//,
        `${s} → ${words}`,
      );
      assert.ok(words.length > 0);
    }
    // Every key used in the table has a name.
    const keys = new Set(sources.flatMap((s) => [...s.matchAll(/\[([A-Za-z0-9-]+)\]/g)].map((m) => m[1]!)));
    for (const k of keys) assert.ok(SOURCE_NAMES[k], k);
  });

  it('says how each kind of row is scored', () => {
    assert.equal(scoringInWords('veto', 5, 0), '否决项：全部记录达标得5分，有一条不达标即不得分');
    assert.equal(scoringInWords('deduct', 4, 2), '扣分项：每条不达标记录扣2分，最多扣4分');
    assert.equal(scoringInWords('score', 3, 0), '评分项：按达标记录所占比例得分，满分3分');
    assert.equal(scoringInWords('manual', 2, 0), '人工核验项：按录入的核验结果计分，达标得2分');
  });

  it('names a code beside its title', () => {
    assert.equal(indicatorName('A02'), 'A02 信函申请渠道公布且可用');
    assert.equal(indicatorName('ZZ9'), 'ZZ9');
    assert.equal(indicatorNames(['A02', 'R01']), 'A02 信函申请渠道公布且可用、R01 年度报告按时发布');
  });
});
