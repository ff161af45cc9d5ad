import type { ReportTables } from '../format/tables.ts';
import { applicationsFormat } from '../format/tables.ts';
import { type Finding, finding } from './findings.ts';
import { NUMERAL, parseNumeral } from './numerals.ts';
import { type CellId, cellId, REVIEW_KEYS } from './sums.ts';

/**
 * Figures stated in the report's prose ("共收到申请17件", "予以公开258件", "六十一件") compared with
 * the tables. A figure whose sentence speaks of a wider scope (全市, 全区, 全县…) is not compared.
 */

/** Sentence words that make a figure about a wider scope than the reporting body. */
export const WIDER_SCOPE = /全[市区县省镇乡旗州盟]|各级|各部门|各单位|全系统|所属单位|下属单位/;

/**
 * The area a report speaks for when its body is that area's people's government (淮安市洪泽区人民政府 →
 * 区): its 全区 is its own scope, so those sentences are compared. A government's office (办公厅, 办公室)
 * or a department reports for itself only. Null when the body is not a government of an area.
 */
export function ownScope(agency: string | null | undefined): string | null {
  const m = /([省市区县镇乡旗州盟])人民政府$/.exec(agency?.trim() ?? '');
  return m?.[1] ?? null;
}

/** Whether a sentence speaks of more than the reporting body (its own area's 全X excepted). */
export function widerThanReport(sentence: string, own: string | null = null): boolean {
  return WIDER_SCOPE.test(own ? sentence.split(`全${own}`).join('') : sentence);
}

export type NarrativeQuantity =
  | 'newReceived'
  | 'newPlusCarriedOver'
  | 'carriedOver'
  | 'totalProcessed'
  | 'carryForward'
  | 'granted'
  | 'partial'
  | 'grantedPlusPartial'
  | 'denied'
  | 'unable'
  | 'notProcessed'
  | 'other'
  | 'unable.notHeld'
  | 'unable.needCreation'
  | 'unable.unclearAfterCorrection'
  | 'other.overdueCorrection'
  | 'other.overdueFee'
  | 'reviewTotal'
  | 'litigationTotal';

const QUANTITY_NAMES: Record<NarrativeQuantity, string> = {
  newReceived: '一、本年新收申请（总计）',
  newPlusCarriedOver: '一、本年新收与二、上年结转申请之和',
  carriedOver: '二、上年结转申请（总计）',
  totalProcessed: '三（七）总计',
  carryForward: '四、结转下年度继续办理（总计）',
  granted: '（一）予以公开（总计）',
  partial: '（二）部分公开（总计）',
  grantedPlusPartial: '（一）予以公开与（二）部分公开之和',
  denied: '（三）不予公开各项之和',
  unable: '（四）无法提供各项之和',
  notProcessed: '（五）不予处理各项之和',
  other: '（六）其他处理之和',
  'unable.notHeld': '（四）无法提供·本机关不掌握相关政府信息（总计）',
  'unable.needCreation': '（四）无法提供·没有现成信息需要另行制作（总计）',
  'unable.unclearAfterCorrection': '（四）无法提供·补正后申请内容仍不明确（总计）',
  'other.overdueCorrection': '（六）其他处理·申请人逾期不补正（总计）',
  'other.overdueFee': '（六）其他处理·申请人逾期未缴纳信息处理费（总计）',
  reviewTotal: '行政复议总计',
  litigationTotal: '行政诉讼总计（直接起诉与复议后起诉）',
};

const N = NUMERAL;
const NOT = '(?:答复|的|共|为)?';
/**
 * Words between an outcome's name and its figure ("因无法提供相关信息答复2件"): no clause break, no
 * figure, no other row's name. Up to LOOSE_GAP characters the tie is sure; longer, it is a warning.
 */
const GAP =
  '((?:(?!予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|办结|收到|受理)[^，。；,;：:件\\d]){1,16}?)';
const LOOSE_GAP = 8;
/** Ordered: the first pattern that claims a figure wins (so 予以公开及部分公开 is not read as 部分公开). */
const PATTERNS: readonly (readonly [NarrativeQuantity, RegExp, readonly string[], 'unsure'?])[] = [
  // Rows of （四）无法提供 named by their own words (before the group's name can claim the figure).
  [
    'unable.notHeld',
    new RegExp(`(?:本机关)?不掌握(?:相关)?(?:的)?(?:政府)?(?:信息)?${NOT}${NOT}${N}件`, 'g'),
    ['不掌握'],
  ],
  ['unable.notHeld', new RegExp(`(?:本机关)?不掌握${GAP}${N}件`, 'g'), ['不掌握']],
  ['unable.needCreation', new RegExp(`没有现成(?:的)?信息${GAP}?${N}件`, 'g'), ['没有现成']],
  ['unable.unclearAfterCorrection', new RegExp(`补正后${GAP}?${N}件`, 'g'), ['补正后']],
  // “不属于本行政机关（公开）”: the old format's row, today counted under 本机关不掌握 — an unsure tie.
  ['unable.notHeld', new RegExp(`不属于本(?:行政)?机关${GAP}?${N}件`, 'g'), ['不属于本'], 'unsure'],
  // Rows of （六）其他处理 (2021 format; absent rows are not compared).
  ['other.overdueCorrection', new RegExp(`(?:逾期)?(?:不|未)(?:予)?补正${GAP}?${N}件`, 'g'), ['补正']],
  [
    'other.overdueFee',
    new RegExp(`(?:逾期)?(?:未|不)(?:按收费通知要求)?缴(?:纳)?(?:信息处理)?费${GAP}?${N}件`, 'g'),
    ['费'],
  ],
  ['grantedPlusPartial', new RegExp(`予以公开(?:和|及|与|、)部分公开${NOT}${NOT}${N}件`, 'g'), ['部分公开']],
  ['granted', new RegExp(`(?<!不)(?:予以公开|同意公开)${NOT}${NOT}${N}件`, 'g'), ['公开']],
  ['partial', new RegExp(`(?<![及和与、])部分公开${NOT}${NOT}${N}件`, 'g'), ['部分公开']],
  ['denied', new RegExp(`不予公开${NOT}${NOT}${N}件`, 'g'), ['不予公开']],
  ['unable', new RegExp(`无法提供${NOT}${NOT}${N}件`, 'g'), ['无法提供']],
  ['notProcessed', new RegExp(`不予处理${NOT}${NOT}${N}件`, 'g'), ['不予处理']],
  ['other', new RegExp(`其他处理${NOT}${NOT}${N}件`, 'g'), ['其他处理']],
  // The same names with words between them and the figure (after the tight forms, before 答复N件).
  ['denied', new RegExp(`不予公开${GAP}${N}件`, 'g'), ['不予公开']],
  ['unable', new RegExp(`无法提供${GAP}${N}件`, 'g'), ['无法提供']],
  ['notProcessed', new RegExp(`不予处理${GAP}${N}件`, 'g'), ['不予处理']],
  ['other', new RegExp(`其他处理${GAP}${N}件`, 'g'), ['其他处理']],
  ['carriedOver', new RegExp(`上一?年度?结转[^，。；,;]{0,12}?${N}件`, 'g'), ['结转']],
  [
    'carryForward',
    new RegExp(`${N}件[^，。；,;]{0,14}?(?:结转|顺延|转入?)(?:到|至)?下一?年度?`, 'g'),
    ['下'],
  ],
  ['carryForward', new RegExp(`(?:结转|顺延|转)(?:到|至)?下一?年度?[^，。；,;]{0,12}?${N}件`, 'g'), ['下']],
  [
    'newReceived',
    new RegExp(`(?:收到|受理|新收)(?:了)?[^，。；,;（(]{0,14}?申请${NOT}${N}件`, 'g'),
    ['申请'],
  ],
  ['newReceived', new RegExp(`(?:收到|受理|新收)(?:了)?${N}件[^，。；,;]{0,10}?申请`, 'g'), ['申请']],
  // "（全市共收到申请500件，）其中本机关收到20件": the body's own count, without the word 申请.
  [
    'newReceived',
    new RegExp(`(?:本机关|本单位|本部门|本局|我局|我委|我办)(?:共)?(?:收到|受理|新收)(?:了)?${N}件`, 'g'),
    [],
  ],
  [
    'totalProcessed',
    new RegExp(
      `(?<!公开|处理|提供|予以)(?:办结|答复)(?:依申请公开|政府信息公开)?(?:申请)?(?:事项|案件)?${NOT}${N}件`,
      'g',
    ),
    [],
  ],
  ['reviewTotal', new RegExp(`行政复议${NOT}${N}件`, 'g'), ['行政复议']],
  ['reviewTotal', new RegExp(`${N}件[^，。；,;]{0,14}?行政复议`, 'g'), ['行政复议']],
  ['litigationTotal', new RegExp(`(?<!复议后)(?:行政)?诉讼(?:案件|数)?${NOT}${N}件`, 'g'), ['诉讼']],
];

export interface NarrativeFigure {
  readonly quantity: NarrativeQuantity;
  readonly value: number;
  /** The words quoted from the report. */
  readonly quote: string;
  /** The sentence the figure stands in (compacted). */
  readonly sentence: string;
  /** Offset in the compacted narrative. */
  readonly offset: number;
  /** The figure stands far from the row's name (more than a few words between): an unsure tie. */
  readonly loose?: boolean;
}

/** A figure about the reporting body itself, whatever wider scope its sentence named before. */
const OWN_BODY = /本机关|本单位|本部门|本局|本委|本办|我局|我委|我办|我厅|我中心/;
/** After a received count: "（含上年结转5件）" — the count includes last year's carried-over requests. */
const INCLUDES_CARRIED = /^[（(]?(?:其中)?(?:含|包括)(?:了)?上一?年度?结转/;

/** Removes layout whitespace (keeps one space between two digits) and normalises digits. */
export function compactProse(text: string): string {
  // One check compacts the same narrative more than once (figures, 均获维持): keep the last one.
  if (text === lastProse.text) return lastProse.compact;
  const compact = text
    .replace(FULL_WIDTH_DIGIT, halfWidthDigit)
    .replace(NBSP, ' ')
    .replace(SPACE_BETWEEN_DIGITS, '$1 ')
    .replace(LAYOUT_SPACE, '');
  lastProse = { text, compact };
  return compact;
}

const FULL_WIDTH_DIGIT = /[０-９]/g;
const halfWidthDigit = (d: string) => String.fromCharCode(d.charCodeAt(0) - 0xfee0);
const NBSP = /\u00a0/g;
const SPACE_BETWEEN_DIGITS = /(\d)\s+(?=\d)/g;
const LAYOUT_SPACE = /(?<!\d) +| +(?!\d)|[\t\r\n\f\u3000]+/g;
let lastProse = { text: '', compact: '' };

/** A year named in a sentence (`2019年`, `二〇一九年` is not read). */
const NAMED_YEAR = /((?:19|20)\d{2})年(?!\d)/g;
/** Words that put a figure in another year than the report's (except 上年结转, which is this report's row). */
const OTHER_YEAR = /去年|同比|较上一?年|比上一?年|上一?年度?(?:共|全年)/;

/** Whether the sentence before a figure speaks of another year than `year`. */
function otherYear(before: string, year: number | null, quantity: NarrativeQuantity): boolean {
  if (quantity !== 'carriedOver' && quantity !== 'carryForward' && OTHER_YEAR.test(before)) return true;
  if (year === null) return false;
  NAMED_YEAR.lastIndex = 0;
  for (let m = NAMED_YEAR.exec(before); m; m = NAMED_YEAR.exec(before)) {
    if (Number(m[1]) !== year) return true;
  }
  return false;
}

/**
 * All figures the prose states about the reporting body and its report year: sentences about a
 * wider scope (全市, 全区…) or another year (`2019年`, 去年, 同比) are skipped.
 */
export function narrativeFigures(
  narrative: string,
  year: number | null = null,
  own: string | null = null,
): NarrativeFigure[] {
  const prose = compactProse(narrative);
  const out: NarrativeFigure[] = [];
  const claimed: [number, number][] = [];
  // Every pattern needs 件 and its own words: skip the scan when the prose lacks them.
  if (!prose.includes('件')) return out;
  for (const [quantity, re, needs, unsure] of PATTERNS) {
    if (!needs.every((w) => prose.includes(w))) continue;
    re.lastIndex = 0;
    for (let m = re.exec(prose); m; m = re.exec(prose)) {
      const start = m.index;
      const end = start + m[0].length;
      if (claimed.some(([s, e]) => start < e && end > s)) continue;
      // Patterns with words between name and figure capture them first: the numeral is the last group.
      const numeral = m[m.length - 1] ?? '';
      const gap = m.length > 2 ? (m[1] ?? '') : '';
      const value = parseNumeral(numeral);
      if (value === null) continue;
      const sentenceStart = Math.max(
        prose.lastIndexOf('。', start),
        prose.lastIndexOf('；', start),
        prose.lastIndexOf('\n', start),
      );
      const before = prose.slice(sentenceStart + 1, end);
      // Another year: named in the figure's own clause, or else anywhere earlier in its sentence.
      const clauseStart = Math.max(
        sentenceStart,
        prose.lastIndexOf('，', start),
        prose.lastIndexOf(',', start),
      );
      const clause = prose.slice(clauseStart + 1, end);
      // A wider scope (全市…) counts unless the figure's own clause names the body (其中本机关…).
      if (widerThanReport(before, own) && !OWN_BODY.test(clause)) continue;
      if (otherYear(clause, year, quantity)) continue;
      NAMED_YEAR.lastIndex = 0;
      if (!NAMED_YEAR.test(clause) && otherYear(before, year, quantity)) continue;
      claimed.push([start, end]);
      const withCarried = quantity === 'newReceived' && INCLUDES_CARRIED.test(prose.slice(end, end + 12));
      out.push({
        quantity: withCarried ? 'newPlusCarriedOver' : quantity,
        value,
        quote: m[0],
        sentence: sentenceAt(prose, sentenceStart, end),
        offset: start,
        ...(gap.length > LOOSE_GAP || unsure ? { loose: true } : {}),
      });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** The sentence from `from` (exclusive) to its end, at most 80 characters around the figure. */
function sentenceAt(prose: string, from: number, figureEnd: number): string {
  let to = prose.length;
  for (const stop of ['。', '；', '\n']) {
    const at = prose.indexOf(stop, figureEnd);
    if (at >= 0 && at < to) to = at + (stop === '\n' ? 0 : 1);
  }
  const s = prose.slice(from + 1, to);
  return s.length <= 80 ? s : `${s.slice(0, 77)}…`;
}

function rowTotal(tables: ReportTables, key: string): number | null {
  const row = tables.applications[key as keyof ReportTables['applications']];
  if (!row) return null;
  const total = row[6];
  if (total !== null && total !== undefined) return total;
  if (row.slice(0, 6).every((v) => v === null)) return 0;
  return row.slice(0, 6).reduce<number>((s, v) => s + (v ?? 0), 0);
}

function sumRows(tables: ReportTables, keys: readonly string[]): number | null {
  let s = 0;
  for (const k of keys) {
    const v = rowTotal(tables, k);
    if (v === null) return null;
    s += v;
  }
  return s;
}

/** The table's value for a narrative quantity; null when it cannot be computed. */
export function tableQuantity(tables: ReportTables, q: NarrativeQuantity): number | null {
  const leafs = applicationsFormat(tables).tables.applications.leafKeys;
  const group = (prefix: string) => leafs.filter((k) => k === prefix || k.startsWith(`${prefix}.`));
  const review = (i: number) => tables.review[i] ?? null;
  const reviewTotal = (g: number) => {
    const t = review(g * 5 + 4);
    if (t !== null) return t;
    return [0, 1, 2, 3].reduce((s, i) => s + (review(g * 5 + i) ?? 0), 0);
  };
  switch (q) {
    case 'grantedPlusPartial':
      return sumRows(tables, ['granted', 'partial']);
    case 'newPlusCarriedOver':
      return sumRows(tables, ['newReceived', 'carriedOver']);
    case 'denied':
    case 'unable':
    case 'notProcessed':
    case 'other':
      return sumRows(tables, group(q));
    case 'reviewTotal':
      return reviewTotal(0);
    case 'litigationTotal':
      return reviewTotal(1) + reviewTotal(2);
    default:
      return rowTotal(tables, q);
  }
}

function cellsOf(tables: ReportTables, q: NarrativeQuantity): CellId[] {
  const leafs = applicationsFormat(tables).tables.applications.leafKeys;
  const rows =
    q === 'grantedPlusPartial'
      ? ['granted', 'partial']
      : q === 'newPlusCarriedOver'
        ? ['newReceived', 'carriedOver']
        : ['denied', 'unable', 'notProcessed', 'other'].includes(q)
          ? leafs.filter((k) => k === q || k.startsWith(`${q}.`))
          : [q];
  if (q === 'reviewTotal') return REVIEW_KEYS.slice(0, 5).map((k) => cellId('review', null, k));
  if (q === 'litigationTotal') return REVIEW_KEYS.slice(5).map((k) => cellId('review', null, k));
  return rows.flatMap((r) =>
    ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'].map(
      (c) => cellId('applications', r, c),
    ),
  );
}

/** TEXT: narrative figures that contradict the table; "均获维持" when the table shows other results. */
export function checkNarrative(
  tables: ReportTables,
  narrative: string,
  unknown: ReadonlySet<CellId> = new Set(),
  year: number | null = null,
  own: string | null = null,
): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  /** Contradicting values found so far per quantity: the finding's place is the quantity and its ordinal. */
  const ordinal = new Map<string, number>();
  for (const fig of narrativeFigures(narrative, year, own)) {
    if (unknown.size > 0 && cellsOf(tables, fig.quantity).some((id) => unknown.has(id))) continue;
    const table = tableQuantity(tables, fig.quantity);
    if (table === null || table === fig.value) continue;
    const key = `${fig.quantity}|${fig.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = (ordinal.get(fig.quantity) ?? 0) + 1;
    ordinal.set(fig.quantity, n);
    out.push(
      finding({
        rule: 'TEXT',
        // A figure far from its row's name may speak of something else: said, not judged.
        severity: fig.loose ? 'warning' : 'error',
        table: 'narrative',
        row: fig.quantity,
        // Not the printed value: the id must stay the same when the clerk edits the figure, so an
        // "explained" mark stays on it; a second contradicting value of the same quantity is `#2`.
        column: n === 1 ? null : `#${n}`,
        expected: table,
        actual: fig.value,
        message: fig.loose
          ? `正文写“${fig.quote}”，看起来说的是${QUANTITY_NAMES[fig.quantity]}，但表中为${table}件。数字离“${QUANTITY_NAMES[fig.quantity]}”的说法较远，不一定指这一项，请核对。（正文原句：“${fig.sentence}”）`
          : `正文写“${fig.quote}”，但表中${QUANTITY_NAMES[fig.quantity]}为${table}件，两者不一致。请核对后把正文或表格改成同一个数。（正文原句：“${fig.sentence}”）`,
      }),
    );
  }
  out.push(...allUpheld(tables, narrative));
  return out;
}

/** "均获维持" / "均维持" while the table shows corrected, other or pending cases. */
function allUpheld(tables: ReportTables, narrative: string): Finding[] {
  const prose = compactProse(narrative);
  const m = /(?:行政复议|复议|诉讼)[^。；]{0,40}?(?:均|全部|都)(?:获|被|予以)?维持/.exec(prose);
  if (!m) return [];
  const notUpheld = [0, 1, 2].reduce(
    (s, g) => s + [1, 2, 3].reduce((t, i) => t + (tables.review[g * 5 + i] ?? 0), 0),
    0,
  );
  if (notUpheld === 0) return [];
  return [
    finding({
      rule: 'TEXT',
      severity: 'warning',
      table: 'narrative',
      row: 'reviewOutcome',
      column: null,
      expected: 0,
      actual: notUpheld,
      message: `正文写“${m[0]}”，但行政复议、行政诉讼情况表中有${notUpheld}件为结果纠正、其他结果或尚未审结。请核对正文的表述。`,
    }),
  ];
}
