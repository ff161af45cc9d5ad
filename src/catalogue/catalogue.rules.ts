import { z } from 'zod';
import { optionalText } from '../shared/form-fields.ts';

/** The fifteen items of 条例 Art. 20 (the 法定主动公开内容 column is organised by them). */
export const ART20_ITEMS: readonly { readonly no: number; readonly label: string; readonly short: string }[] =
  [
    { no: 1, label: '（一）行政法规、规章和规范性文件', short: '法规文件' },
    { no: 2, label: '（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名', short: '机构职能' },
    { no: 3, label: '（三）国民经济和社会发展规划、专项规划、区域规划及相关政策', short: '规划信息' },
    { no: 4, label: '（四）国民经济和社会发展统计信息', short: '统计信息' },
    {
      no: 5,
      label: '（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果',
      short: '行政许可',
    },
    {
      no: 6,
      label: '（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定',
      short: '处罚强制',
    },
    { no: 7, label: '（七）财政预算、决算信息', short: '财政预决算' },
    { no: 8, label: '（八）行政事业性收费项目及其依据、标准', short: '收费项目' },
    { no: 9, label: '（九）政府集中采购项目的目录、标准及实施情况', short: '政府采购' },
    { no: 10, label: '（十）重大建设项目的批准和实施情况', short: '重大建设项目' },
    {
      no: 11,
      label: '（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况',
      short: '民生保障',
    },
    { no: 12, label: '（十二）突发公共事件的应急预案、预警信息及应对情况', short: '应急管理' },
    {
      no: 13,
      label: '（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况',
      short: '监督检查',
    },
    { no: 14, label: '（十四）公务员招考的职位、名额、报考条件等事项以及录用结果', short: '公务员招考' },
    {
      no: 15,
      label: '（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息',
      short: '其他信息',
    },
  ];

/** Art. 21 areas (市、县级政府及其部门; 乡镇 — and, by the 基层 standard catalogues, 街道). */
export const ART21_AREAS = [
  '市政建设',
  '公共服务',
  '公益事业',
  '土地征收',
  '房屋征收',
  '治安管理',
  '社会救助',
  '农业农村政策',
  '农田水利工程建设运营',
  '农村土地承包经营权流转',
  '宅基地使用情况审核',
  '筹资筹劳',
] as const;

/** `art20:1` … `art20:15`, or `art21:社会救助`. */
export type Basis = string;

export function basisLabel(basis: Basis): string {
  const m = /^art20:(\d{1,2})$/.exec(basis);
  if (m) return `第二十条${ART20_ITEMS.find((i) => i.no === Number(m[1]))?.label ?? ''}`;
  if (basis.startsWith('art21:')) return `第二十一条 ${basis.slice(6)}`;
  return basis;
}

export function isBasis(v: string): boolean {
  const m = /^art20:(\d{1,2})$/.exec(v);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 15;
  return v.startsWith('art21:') && (ART21_AREAS as readonly string[]).includes(v.slice(6));
}

export const BASIS_OPTIONS = [
  ...ART20_ITEMS.map((i) => ({ value: `art20:${i.no}`, label: `第二十条${i.label}` })),
  ...ART21_AREAS.map((a) => ({ value: `art21:${a}`, label: `第二十一条 ${a}` })),
];

/** What kind of document an item is; drives the validity rule, interpretations and the report. */
export const DOC_TYPES = ['general', 'rule', 'normative', 'interpretation', 'system'] as const;
export type DocType = (typeof DOC_TYPES)[number];
export const DOC_TYPE_LABELS: Readonly<Record<DocType, string>> = {
  general: '一般政府信息',
  rule: '规章',
  normative: '行政规范性文件',
  interpretation: '政策解读',
  system: '政府信息公开制度',
};
export const DOC_TYPE_OPTIONS = DOC_TYPES.map((t) => ({ value: t, label: DOC_TYPE_LABELS[t] }));

/** Policies that need an interpretation published with them (解读与政策同步). */
export function needsInterpretation(t: DocType): boolean {
  return t === 'rule' || t === 'normative';
}

/** 体裁 (genre) of the document. */
export const GENRES = [
  '决定',
  '命令（令）',
  '公告',
  '通告',
  '意见',
  '通知',
  '通报',
  '报告',
  '请示',
  '批复',
  '函',
  '纪要',
  '办法',
  '规定',
  '方案',
  '规划',
  '计划',
  '预算决算',
  '统计数据',
  '名单',
  '解读',
  '其他',
] as const;

export const VALIDITIES = ['valid', 'expired', 'repealed'] as const;
export type Validity = (typeof VALIDITIES)[number];
export const VALIDITY_LABELS: Readonly<Record<Validity, string>> = {
  valid: '有效',
  expired: '失效',
  repealed: '废止',
};
export const VALIDITY_OPTIONS = VALIDITIES.map((v) => ({ value: v, label: VALIDITY_LABELS[v] }));

export const DISCLOSURE_METHODS = ['主动公开', '依申请公开转主动公开'] as const;

export const INTERPRETERS = ['起草部门', '部门主要负责人', '专家学者', '其他'] as const;
export const INTERPRETATION_FORMS = ['文字', '图解', '音频', '视频', '新闻发布会', '在线访谈'] as const;

export const ITEM_STATUSES = ['draft', 'review', 'published', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const STATUS_LABELS: Readonly<Record<ItemStatus, string>> = {
  draft: '草稿',
  review: '待审核',
  published: '已发布',
  withdrawn: '已撤回',
};

// ---------------------------------------------------------------- 索引号

/** Default pattern of the 索引号 (docs/domain/catalogue.md#index-number): 组织机构代码/年份-五位流水号. */
export const DEFAULT_INDEX_PATTERN = '{code}/{yyyy}-{seq5}';

/**
 * The 索引号 for a pattern; placeholders `{code}` (9-char 组织机构代码), `{credit}` (18-char 统一社会信用代码),
 * `{yyyy}`, `{seqN}` (serial padded to N digits, N = 1–9).
 *
 * @example formatIndexNumber('{code}/{yyyy}-{seq5}', { code: '000014349', year: 2018, seq: 222 }) // '000014349/2018-00222'
 */
export function formatIndexNumber(
  pattern: string,
  v: { code: string; credit?: string | null; year: number; seq: number },
): string {
  return pattern
    .replace(/\{code\}/g, v.code)
    .replace(/\{credit\}/g, v.credit ?? v.code)
    .replace(/\{yyyy\}/g, String(v.year).padStart(4, '0'))
    .replace(/\{seq(\d)\}/g, (_, n: string) => String(v.seq).padStart(Number(n), '0'));
}

/** Why a pattern cannot be used, or null. It needs the agency code, the year and a serial. */
export function checkIndexPattern(pattern: string): string | null {
  if (pattern.length > 60) return '索引号格式不能超过 60 个字符';
  if (!/\{(code|credit)\}/.test(pattern)) return '索引号格式必须包含 {code} 或 {credit}';
  if (!pattern.includes('{yyyy}')) return '索引号格式必须包含 {yyyy}';
  if (!/\{seq[1-9]\}/.test(pattern)) return '索引号格式必须包含流水号，例如 {seq5}';
  if (/\{(?!code\}|credit\}|yyyy\}|seq[1-9]\})/.test(pattern)) return '索引号格式含有不认识的占位符';
  return null;
}

// ---------------------------------------------------------------- validity

export interface ValidityFacts {
  readonly docType: DocType;
  readonly validity: Validity | null;
  readonly validityOn: string | null;
}

/**
 * Problems with an item's validity marking (国办发〔2017〕47号: mark 修改、废止、失效 on the document
 * itself). Rules and normative documents must carry a validity; 失效/废止 need their date.
 */
export function validityProblems(f: ValidityFacts): Record<string, string> {
  const errors: Record<string, string> = {};
  if ((f.docType === 'rule' || f.docType === 'normative') && f.validity === null) {
    errors.validity = '规章和行政规范性文件必须标注有效性';
  }
  if ((f.validity === 'expired' || f.validity === 'repealed') && !f.validityOn) {
    errors.validityOn = `请填写${VALIDITY_LABELS[f.validity]}日期`;
  }
  if (f.validity === 'valid' && f.validityOn) errors.validityOn = '有效的文件不填写失效或废止日期';
  return errors;
}

/** The validity as of a date: a document marked 失效/废止 from a later date is still 有效 before it. */
export function validityOn(f: Pick<ValidityFacts, 'validity' | 'validityOn'>, date: string): Validity | null {
  if (f.validity === null) return null;
  if (f.validity !== 'valid' && f.validityOn && f.validityOn > date) return 'valid';
  return f.validity;
}

// ---------------------------------------------------------------- the item form

const isoDate = (label: string) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .refine(
      (v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))),
      `${label}应为有效日期，例如 2026-03-01`,
    );

export const itemFormSchema = z
  .object({
    title: z.string().trim().min(1, '请填写名称').max(200, '名称不能超过 200 个字'),
    description: optionalText(1000, '内容概述'),
    docType: z.enum(DOC_TYPES, { message: '请选择信息类型' }),
    basis: z.string().trim().refine(isBasis, '请选择所属的第二十条事项或第二十一条领域'),
    topicId: z
      .string()
      .trim()
      .transform((v) => (v === '' ? null : Number(v)))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0), '请选择主题分类'),
    genre: z.enum(GENRES, { message: '请选择体裁' }),
    publisher: z.string().trim().min(1, '请填写发布机构').max(100, '发布机构不能超过 100 个字'),
    docNumber: optionalText(60, '文号'),
    keywords: optionalText(200, '关键词'),
    writtenOn: isoDate('成文日期'),
    formedOn: isoDate('形成或变更日期').refine((v) => v !== null, '请填写信息形成或变更的日期'),
    deadlineOverride: isoDate('法定公开期限'),
    validity: z
      .string()
      .trim()
      .transform((v) => (v === '' ? null : v))
      .refine((v) => v === null || (VALIDITIES as readonly string[]).includes(v), '请选择有效性')
      .transform((v) => v as Validity | null),
    validityOn: isoDate('失效或废止日期'),
    disclosureMethod: z.enum(DISCLOSURE_METHODS, { message: '请选择公开方式' }),
    bodyHtml: z.string().max(500_000, '正文过长（不超过 50 万字符）'),
    interpretsId: z
      .string()
      .trim()
      .transform((v) => (v === '' ? null : Number(v)))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0), '请选择所解读的政策文件'),
    interpreter: optionalText(40, '解读主体'),
    interpretationForm: optionalText(20, '解读形式'),
  })
  .superRefine((v, ctx) => {
    for (const [path, message] of Object.entries(validityProblems(v))) {
      ctx.addIssue({ code: 'custom', path: [path], message });
    }
    if (v.docType === 'interpretation') {
      if (v.interpretsId === null)
        ctx.addIssue({ code: 'custom', path: ['interpretsId'], message: '请选择所解读的政策文件' });
      if (!v.interpreter || !(INTERPRETERS as readonly string[]).includes(v.interpreter))
        ctx.addIssue({ code: 'custom', path: ['interpreter'], message: '请选择解读主体' });
      if (
        !v.interpretationForm ||
        !(INTERPRETATION_FORMS as readonly string[]).includes(v.interpretationForm)
      )
        ctx.addIssue({ code: 'custom', path: ['interpretationForm'], message: '请选择解读形式' });
    }
  });

export type ItemInput = z.output<typeof itemFormSchema>;
export type ItemField = keyof ItemInput;

/** The item form's fields in form order (the order of the error summary). */
export const ITEM_FIELDS = Object.keys(itemFormSchema.shape) as readonly ItemField[];

/** 第二十条第（一）项 must be the basis of rules and normative documents. */
export function defaultBasisFor(t: DocType): Basis {
  return t === 'rule' || t === 'normative' ? 'art20:1' : 'art20:15';
}
