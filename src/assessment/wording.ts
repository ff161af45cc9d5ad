/**
 * The indicators in words a supervisor reads: the evaluator material behind a row (its `source`, written
 * with keys for developers, docs/domain/assessment.md#sources), how its score is counted, and a code
 * named beside its title. Pure.
 */

import type { IndicatorKind } from './indicators/kit.ts';
import { INDICATORS_BY_ID } from './indicators.ts';

/** The evaluator material each source key stands for. */
export const SOURCE_NAMES: Readonly<Record<string, string>> = {
  'E-2014EN': '中国社会科学院2014年政府透明度第三方评估',
  'E-2014N': '中国社会科学院2014年政府透明度指数报告',
  'E-2016EN': '中国社会科学院2016年政府透明度第三方评估',
  'E-2017N': '中国社会科学院2017年政府透明度指数报告',
  'E-TOC15': '中国社会科学院政府透明度第三方评估指标',
  'E-AR10': '年度报告连年雷同的媒体报道',
  'E-AR11b': '中国社会科学院年度报告发布情况研究（2011年）',
  'E-AR16': '中国社会科学院政府信息公开工作年度报告发布情况评估（2016年）',
  'E-AR-Q': '年度报告质量研究',
  'W-19': '国办秘函〔2019〕19号政府网站与政务新媒体检查指标',
  'W-19C': '国办秘函〔2019〕19号监管工作年度考核指标',
  'W-2015a': '2015年全国政府网站普查评分表',
  'W-SELF': '按国办秘函〔2019〕19号开展的政府网站自查',
  'W-NN': '地方政府网站自查表',
  'W-CODE': '政府网站监测规则',
  'W-HB': '湖北省政府网站抽查',
  'W-LN': '辽宁省政府网站管理规定',
  'L-LC': '泉州市鲤城区政务公开指数绩效考评标准',
  'L-YH': '玉环市政务公开考核细则',
  'L-JZ': '金寨县政务公开自查表',
  'L-WL': '区级政务公开考核细则（参照中国社会科学院评估）',
  'L-CX': '楚雄州政务公开群众满意度调查',
  'N-REG': '国务院办公厅政务公开工作要点',
  'REPLY-TPL': '政府信息公开申请答复书参考文本',
};

/** Pages of docs/domain/ a source cites, by path (and anchor), as the rule they explain. */
const DOC_NAMES: readonly (readonly [RegExp, string])[] = [
  [/^docs\/domain\/regulation\.md#review-and-litigation/, ''],
  [/^docs\/domain\/regulation\.md(#[\w-]+)?/, '《中华人民共和国政府信息公开条例》'],
  [/^docs\/domain\/catalogue\.md#index-number/, '政府信息公开目录索引号编制规则'],
  [/^docs\/domain\/catalogue\.md#platform/, '政府信息公开平台建设要求'],
  [/^docs\/domain\/fees\.md/, '《政府信息公开信息处理费管理办法》'],
  [/^docs\/domain\/report-formats\.md#rules/, '年度报告格式的表格勾稽关系'],
  [/^docs\/domain\/report-formats\.md#sections/, '年度报告格式规定的内容'],
];

/** Notes for developers on how sure a figure is; never shown. */
const NOTE_MARK = /\b(DERIVED|RECOLLECTION|UNCONFIRMED)\b|未能核实|待核实/;
const CASS_NAME = /CASS\s*(“[^”]+”)/;

function segmentInWords(segment: string): string {
  let s = segment.trim();
  const cass = CASS_NAME.exec(s);
  // A part that is only a note on certainty goes, unless it names the evaluator's indicator.
  if (NOTE_MARK.test(s.replace(/（[^）]*）/g, ''))) return cass ? `中国社会科学院评估${cass[1]}` : '';
  // Inside brackets, the clauses that are notes go: （61号，四个栏目 UNCONFIRMED） → （61号）.
  s = s.replace(/（([^）]*)）/g, (_m, inner: string) => {
    const kept = inner.split('，').filter((c) => !NOTE_MARK.test(c));
    return kept.length > 0 ? `（${kept.join('，')}）` : '';
  });
  for (const [pattern, name] of DOC_NAMES) {
    if (pattern.test(s)) {
      s = s.replace(pattern, name).replace(/^\s+/, '');
      break;
    }
  }
  s = s.replace(/^《中华人民共和国政府信息公开条例》\s+/, '《中华人民共和国政府信息公开条例》');
  s = s.replace(/^（(.*)）$/, '$1');
  s = s.replace(
    /（(47|61)号）/,
    (_m, n: string) => `（${n === '47' ? '国办发〔2017〕47号' : '国办公开办函〔2019〕61号'}）`,
  );
  s = s.replace(/\[([A-Za-z0-9-]+)\]/g, (_m, key: string) => `[${SOURCE_NAMES[key] ?? ''}]`);
  s = s.replace(/\]\s*\[/g, '、').replace(/[[\]]/g, '');
  s = s.replace(/−\s*(\d+(?:\.\d+)?)/g, '扣$1分');
  s = s.replace(/CASS/g, '中国社会科学院评估');
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * A row's `source` in plain Chinese: the evaluators' material and the rules it rests on, keys and
 * notes for developers left out.
 *
 * @example sourceInWords('[L-WL]; docs/domain/regulation.md#art-31 第三十一条')
 *   // '区级政务公开考核细则（参照中国社会科学院评估）；《中华人民共和国政府信息公开条例》第三十一条'
 */
export function sourceInWords(source: string): string {
  const parts = source
    .split(/[;；]/)
    .map(segmentInWords)
    .filter((p) => p !== '');
  const unique = [...new Set(parts)];
  return unique.length > 0 ? unique.join('；') : '根据本系统的办理记录推算';
}

function points(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** How a row's score is counted, in one sentence. */
export function scoringInWords(kind: IndicatorKind, max: number, perOccurrence: number): string {
  switch (kind) {
    case 'veto':
      return `否决项：全部记录达标得${points(max)}分，有一条不达标即不得分`;
    case 'deduct':
      return `扣分项：每条不达标记录扣${points(perOccurrence)}分，最多扣${points(max)}分`;
    case 'score':
      return `评分项：按达标记录所占比例得分，满分${points(max)}分`;
    case 'manual':
      return `人工核验项：按录入的核验结果计分，达标得${points(max)}分`;
  }
}

/** How an indicator's score is counted (its kind and points under the profile shown). */
export function scoringOf(i: {
  readonly id: string;
  readonly kind: IndicatorKind;
  readonly points: number;
}): string {
  return scoringInWords(i.kind, i.points, INDICATORS_BY_ID.get(i.id)?.perOccurrence ?? 0);
}

/** `R01 年度报告按时发布`: the code with the indicator's name (the code alone when unknown). */
export function indicatorName(id: string): string {
  const i = INDICATORS_BY_ID.get(id);
  return i ? `${id} ${i.title}` : id;
}

/** Codes named, joined for a table cell: `A02 信函申请渠道公布且可用、R01 …`. */
export function indicatorNames(ids: readonly string[]): string {
  return ids.map(indicatorName).join('、');
}
