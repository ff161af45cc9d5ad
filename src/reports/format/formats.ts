import type {
  ApplicantColumnKey,
  ApplicationRowDef,
  ApplicationRowKey,
  ApplicationsTableDef,
  CellKind,
  ColumnDef,
  FormatDef,
  FormatId,
  ProactiveBlockDef,
  ProactiveRowDef,
  ReviewColumnDef,
  ReviewGroupKey,
  ReviewOutcomeKey,
} from './types.ts';

/** The six report sections, verbatim (identical in both formats, docs/domain/report-formats.md#sections). */
const SECTIONS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
] as const;

const APPLICANT_COLUMNS: readonly ColumnDef<ApplicantColumnKey>[] = [
  { key: 'naturalPerson', label: '自然人', kind: 'count', group: null },
  { key: 'commercial', label: '商业企业', kind: 'count', group: '法人或其他组织' },
  { key: 'research', label: '科研机构', kind: 'count', group: '法人或其他组织' },
  { key: 'publicInterest', label: '社会公益组织', kind: 'count', group: '法人或其他组织' },
  { key: 'legalService', label: '法律服务机构', kind: 'count', group: '法人或其他组织' },
  { key: 'otherOrg', label: '其他', kind: 'count', group: '法人或其他组织' },
  { key: 'total', label: '总计', kind: 'count', group: null },
];

function leaf(key: ApplicationRowKey, label: string, parent: ApplicationRowDef['parent'], outcome: boolean) {
  return { key, label, parent, leaf: true, outcome } as const satisfies ApplicationRowDef;
}
function group(key: ApplicationRowDef['key'], label: string, parent: ApplicationRowDef['parent']) {
  return { key, label, parent, leaf: false, outcome: false } as const satisfies ApplicationRowDef;
}

const ROWS_BEFORE_OTHER: readonly ApplicationRowDef[] = [
  leaf('newReceived', '一、本年新收政府信息公开申请数量', null, false),
  leaf('carriedOver', '二、上年结转政府信息公开申请数量', null, false),
  group('results', '三、本年度办理结果', null),
  leaf('granted', '（一）予以公开', 'results', true),
  leaf('partial', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 'results', true),
  group('denied', '（三）不予公开', 'results'),
  leaf('denied.stateSecret', '1.属于国家秘密', 'denied', true),
  leaf('denied.lawForbidden', '2.其他法律行政法规禁止公开', 'denied', true),
  leaf('denied.threeSafetyOneStability', '3.危及“三安全一稳定”', 'denied', true),
  leaf('denied.thirdParty', '4.保护第三方合法权益', 'denied', true),
  leaf('denied.internalAffairs', '5.属于三类内部事务信息', 'denied', true),
  leaf('denied.processInfo', '6.属于四类过程性信息', 'denied', true),
  leaf('denied.enforcementFile', '7.属于行政执法案卷', 'denied', true),
  leaf('denied.queryMatter', '8.属于行政查询事项', 'denied', true),
  group('unable', '（四）无法提供', 'results'),
  leaf('unable.notHeld', '1.本机关不掌握相关政府信息', 'unable', true),
  leaf('unable.needCreation', '2.没有现成信息需要另行制作', 'unable', true),
  leaf('unable.unclearAfterCorrection', '3.补正后申请内容仍不明确', 'unable', true),
  group('notProcessed', '（五）不予处理', 'results'),
  leaf('notProcessed.petition', '1.信访举报投诉类申请', 'notProcessed', true),
  leaf('notProcessed.repeat', '2.重复申请', 'notProcessed', true),
  leaf('notProcessed.publication', '3.要求提供公开出版物', 'notProcessed', true),
  leaf('notProcessed.massRepeat', '4.无正当理由大量反复申请', 'notProcessed', true),
  leaf('notProcessed.confirmAgain', '5.要求行政机关确认或重新出具已获取信息', 'notProcessed', true),
];

const ROWS_AFTER_OTHER: readonly ApplicationRowDef[] = [
  leaf('totalProcessed', '（七）总计', 'results', false),
  leaf('carryForward', '四、结转下年度继续办理', null, false),
];

const OTHER_2019: readonly ApplicationRowDef[] = [leaf('other', '（六）其他处理', 'results', true)];
const OTHER_2021: readonly ApplicationRowDef[] = [
  group('other', '（六）其他处理', 'results'),
  leaf(
    'other.overdueCorrection',
    '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    'other',
    true,
  ),
  leaf(
    'other.overdueFee',
    '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    'other',
    true,
  ),
  leaf('other.misc', '3.其他', 'other', true),
];

function applicationsTable(other: readonly ApplicationRowDef[]): ApplicationsTableDef {
  const rows = [...ROWS_BEFORE_OTHER, ...other, ...ROWS_AFTER_OTHER];
  return {
    id: 'applications',
    caption: '三、收到和处理政府信息公开申请情况',
    note: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
    columns: APPLICANT_COLUMNS,
    rows,
    leafKeys: rows.filter((r) => r.leaf).map((r) => r.key as ApplicationRowKey),
  };
}

const REVIEW_OUTCOMES: readonly [ReviewOutcomeKey, string][] = [
  ['upheld', '结果维持'],
  ['corrected', '结果纠正'],
  ['other', '其他结果'],
  ['pending', '尚未审结'],
  ['total', '总计'],
];
const REVIEW_GROUPS: readonly [ReviewGroupKey, string, string][] = [
  ['review', '行政复议', '行政复议'],
  ['litigationDirect', '未经复议直接起诉', '行政诉讼'],
  ['litigationAfterReview', '复议后起诉', '行政诉讼'],
];
/** The column groups of table 四 by key: 行政复议, 未经复议直接起诉, 复议后起诉. */
export const REVIEW_GROUP_LABELS = Object.fromEntries(
  REVIEW_GROUPS.map(([g, label]) => [g, label]),
) as Readonly<Record<ReviewGroupKey, string>>;
const REVIEW_COLUMNS: readonly ReviewColumnDef[] = REVIEW_GROUPS.flatMap(([g, groupLabel, topLabel]) =>
  REVIEW_OUTCOMES.map(([o, label]) => ({
    key: `${g}.${o}` as const,
    group: g,
    outcome: o,
    label,
    groupLabel,
    topLabel,
    kind: 'count' as CellKind,
  })),
);

type CellSpec = readonly [key: string, label: string, kind: CellKind];
type RowSpec = readonly [key: string, label: string, variants?: readonly string[]];

/** One block of table 2: every row has the same cells, printed under the cells' labels. */
function block(caption: string, cells: readonly CellSpec[], rows: readonly RowSpec[]): ProactiveBlockDef {
  return {
    caption,
    labelHeader: '信息内容',
    headers: cells.map(([, label]) => label),
    rows: rows.map(
      ([key, label, variants = []]): ProactiveRowDef => ({
        key,
        label,
        variants,
        cells: cells.map(([k, l, kind]) => ({ key: `${key}.${k}`, label: l, kind })),
      }),
    ),
  };
}

/** Item (一): 规章 and 规范性文件, the latter printed as `normativeDocs` and read also as `alsoRead`. */
function documentsBlock(
  normativeDocs: string,
  alsoRead: string,
  cells: readonly CellSpec[],
): ProactiveBlockDef {
  return block('第二十条第（一）项', cells, [
    ['regulations', '规章'],
    ['normativeDocs', normativeDocs, [alsoRead]],
  ]);
}

/** 2019 items (五)(六)(八): last year's count and this year's change; (五)(六) also count decisions. */
const ITEMS_2019: readonly CellSpec[] = [
  ['prevYearItems', '上一年项目数量', 'count'],
  ['delta', '本年增/减', 'signedCount'],
];
const ITEMS_AND_DECISIONS_2019: readonly CellSpec[] = [...ITEMS_2019, ['decisions', '处理决定数量', 'count']];

const PROACTIVE_2019: readonly ProactiveBlockDef[] = [
  documentsBlock('规范性文件', '行政规范性文件', [
    ['newMade', '本年新制作数量', 'count'],
    ['newPublished', '本年新公开数量', 'count'],
    ['totalPublished', '对外公开总数量', 'count'],
  ]),
  block('第二十条第（五）项', ITEMS_AND_DECISIONS_2019, [
    ['licensing', '行政许可'],
    ['otherServices', '其他对外管理服务事项'],
  ]),
  block('第二十条第（六）项', ITEMS_AND_DECISIONS_2019, [
    ['penalty', '行政处罚'],
    ['coercion', '行政强制'],
  ]),
  block('第二十条第（八）项', ITEMS_2019, [['fees', '行政事业性收费']]),
  block(
    '第二十条第（九）项',
    [
      ['projects', '采购项目数量', 'count'],
      ['totalAmountText', '采购总金额', 'text'],
    ],
    [['procurement', '政府集中采购']],
  ),
];

const DECISIONS: readonly CellSpec[] = [['decisions', '本年处理决定数量', 'count']];
const PROACTIVE_2021: readonly ProactiveBlockDef[] = [
  documentsBlock('行政规范性文件', '规范性文件', [
    ['made', '本年制发件数', 'count'],
    ['repealed', '本年废止件数', 'count'],
    ['valid', '现行有效件数', 'count'],
  ]),
  block('第二十条第（五）项', DECISIONS, [['licensing', '行政许可']]),
  block('第二十条第（六）项', DECISIONS, [
    ['penalty', '行政处罚'],
    ['coercion', '行政强制'],
  ]),
  block(
    '第二十条第（八）项',
    [['amountWanYuan', '本年收费金额（单位：万元）', 'decimalWanYuan']],
    [['fees', '行政事业性收费']],
  ),
];

function format(
  id: FormatId,
  name: string,
  issuedBy: string,
  other: readonly ApplicationRowDef[],
): FormatDef {
  return {
    id,
    name,
    issuedBy,
    sections: SECTIONS,
    tables: {
      proactive: {
        id: 'proactive',
        caption: '二、主动公开政府信息情况',
        blocks: id === '2019' ? PROACTIVE_2019 : PROACTIVE_2021,
      },
      applications: applicationsTable(other),
      review: { id: 'review', caption: '四、政府信息公开行政复议、行政诉讼情况', columns: REVIEW_COLUMNS },
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The two national formats as data.
 *
 * @example
 * FORMATS['2021'].tables.applications.rows.find((r) => r.key === 'other.misc')?.label; // '3.其他'
 */
export const FORMATS: Readonly<Record<FormatId, FormatDef>> = deepFreeze({
  '2019': format(
    '2019',
    '中华人民共和国政府信息公开工作年度报告格式（试行）',
    '国办公开办函〔2019〕60号',
    OTHER_2019,
  ),
  '2021': format(
    '2021',
    '中华人民共和国政府信息公开工作年度报告格式',
    '国办公开办函〔2021〕30号',
    OTHER_2021,
  ),
});

/** First data year reported on the 2021 format (docs/domain/report-formats.md#which-format). */
export const FIRST_YEAR_OF_2021_FORMAT = 2021;

/**
 * The format that applies to a report year: ≤2020 → `2019`, ≥2021 → `2021` (docs/domain/report-formats.md#which-format).
 * `override` wins when given (e.g. a clerk re-reading an old report on the new layout).
 *
 * @example formatForYear(2020) // FORMATS['2019']
 */
export function formatForYear(year: number, override?: FormatId): FormatDef {
  if (override) return FORMATS[override];
  return FORMATS[year >= FIRST_YEAR_OF_2021_FORMAT ? '2021' : '2019'];
}

/** `三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密`: the row label with its group labels. */
export function applicationRowPath(format: FormatDef, key: ApplicationRowKey): string {
  const rows = format.tables.applications.rows;
  const parts: string[] = [];
  let row = rows.find((r) => r.key === key && r.leaf);
  while (row) {
    parts.unshift(row.label);
    const parent = row.parent;
    row = parent ? rows.find((r) => r.key === parent && !r.leaf) : undefined;
  }
  return parts.join(' / ');
}

/** Every proactive cell of a format, in printed order. */
export function proactiveCells(
  format: FormatDef,
): readonly { block: ProactiveBlockDef; row: ProactiveRowDef }[] {
  return format.tables.proactive.blocks.flatMap((block) => block.rows.map((row) => ({ block, row })));
}
