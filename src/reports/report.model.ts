import type { Article20Figures } from './count/count.ts';
import { FORMATS } from './format/formats.ts';
import type { ReportTables } from './format/tables.ts';
import type { FormatId } from './format/types.ts';
import { type Finding, runRules, tableQuantity } from './rules/index.ts';
import { figuresOf, type MainFigure, type YearFigures, yearOnYear, yearOnYearText } from './trends.rules.ts';

/**
 * The one data model every output is rendered from (HTML, DOCX, PDF, XLSX, JSON): the tables counted
 * from records plus the narrative sections 一, 五 and 六 with their figures filled in from the tables.
 */
export interface ReportDocument {
  readonly version: 1;
  readonly agencyId: number | null;
  readonly agencyName: string;
  readonly year: number;
  readonly format: FormatId;
  readonly tables: ReportTables;
  /** Rendered narrative (placeholders replaced). */
  readonly narrative: NarrativeTexts;
  /** Date under the signature, `YYYY-MM-DD`. */
  readonly signedOn: string;
  /**
   * When the author chose to add charts (附图, outside the statutory tables): the main figures of this
   * and the agency's earlier published years, oldest first. Absent otherwise.
   */
  readonly trend?: readonly YearFigures[];
}

/**
 * 《条例》第四十九条: agencies publish their report of the year before by 31 January; the open-government
 * office of a local government publishes the government's own report by 31 March.
 */
export const ARTICLE_49_DUE = { government: '03-31', other: '01-31' } as const;
export const ARTICLE_49_DUE_TEXT = '部门和街道为1月31日，本级政府为3月31日';

/** The annual report of an agency for a data year: its draft inputs, workflow state and published snapshot. */
export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'published'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface AnnualReport {
  readonly id: number;
  readonly agencyId: number;
  readonly year: number;
  readonly formatOverride: FormatId | null;
  readonly status: ReportStatus;
  readonly narrative: NarrativeTemplates;
  readonly article20: Article20Figures;
  readonly dueOn: string | null;
  readonly signedOn: string | null;
  readonly submittedAt: string | null;
  readonly approvedAt: string | null;
  readonly publishedAt: string | null;
  readonly published: ReportDocument | null;
  readonly updatedAt: string;
}

/** Sections 一 (总体情况), 五 (存在的主要问题及改进情况), 六 (其他需要报告的事项). */
export interface NarrativeTexts {
  readonly overview: string;
  readonly problems: string;
  readonly other: string;
}
/** The same three sections as edited: text with {placeholders}; `charts` adds the 附图 after section 六. */
export interface NarrativeTemplates extends NarrativeTexts {
  readonly charts?: boolean;
}

export const NARRATIVE_SECTIONS = ['overview', 'problems', 'other'] as const;
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];

/** Title of the report, as printed (the checker reads agency and year back from it). */
export function reportTitle(doc: Pick<ReportDocument, 'agencyName' | 'year'>): string {
  return `${doc.agencyName}${doc.year}年政府信息公开工作年度报告`;
}

/** The three narrative headings of the format (sections 一, 五, 六). */
export function narrativeHeading(format: FormatId, section: NarrativeSection): string {
  const s = FORMATS[format].sections;
  return (section === 'overview' ? s[0] : section === 'problems' ? s[4] : s[5]) ?? '';
}

/** What a placeholder is filled from besides the tables: the year, the agency, last year's published tables. */
export interface NarrativeContext {
  readonly year: number;
  readonly agencyName: string;
  /** The tables of the agency's published report of the year before (同比); none when not published. */
  readonly previous?: ReportTables | null | undefined;
}

interface PlaceholderDef {
  readonly name: string;
  readonly hint: string;
  readonly value: (t: ReportTables, ctx: NarrativeContext) => string;
}

const q = (quantity: Parameters<typeof tableQuantity>[1]) => (t: ReportTables) =>
  String(tableQuantity(t, quantity) ?? 0);
const cell = (key: string) => (t: ReportTables) => {
  const v = t.proactive[key];
  return v === null || v === undefined ? '0' : String(v);
};
const review = (i: number) => (t: ReportTables) => String(t.review[i] ?? 0);
/** 同比 of a figure against last year's published report, in words; empty without that report. */
const yoy = (figure: MainFigure) => (t: ReportTables, c: NarrativeContext) =>
  c.previous ? yearOnYearText(yearOnYear(figuresOf(t)[figure], figuresOf(c.previous)[figure])) : '';
/** One sentence of 同比 for section 一; empty when last year's report was not published here. */
function yoySentence(t: ReportTables, c: NarrativeContext): string {
  if (!c.previous) return '';
  const parts = (
    [
      ['新收申请', 'newReceived'],
      ['办结申请', 'totalProcessed'],
      ['行政复议', 'reviewTotal'],
      ['行政诉讼', 'litigationTotal'],
    ] as const
  ).map(([label, f]) => `${label}${yoy(f)(t, c) || '无可比数据'}`);
  return `与${c.year - 1}年相比，${parts.join('，')}。`;
}

/** Placeholders a narrative may quote; each is computed from the tables, so text and table agree. */
export const PLACEHOLDERS: readonly PlaceholderDef[] = [
  { name: '年度', hint: '报告年度，如 2024', value: (_t, c) => String(c.year) },
  { name: '机关名称', hint: '本机关全称', value: (_t, c) => c.agencyName },
  { name: '新收申请总数', hint: '一、本年新收申请（总计）', value: q('newReceived') },
  { name: '上年结转总数', hint: '二、上年结转申请（总计）', value: q('carriedOver') },
  { name: '办结总数', hint: '三（七）总计', value: q('totalProcessed') },
  { name: '结转下年度总数', hint: '四、结转下年度继续办理（总计）', value: q('carryForward') },
  { name: '予以公开', hint: '（一）予以公开（总计）', value: q('granted') },
  { name: '部分公开', hint: '（二）部分公开（总计）', value: q('partial') },
  { name: '不予公开', hint: '（三）不予公开各项之和', value: q('denied') },
  { name: '无法提供', hint: '（四）无法提供各项之和', value: q('unable') },
  { name: '不予处理', hint: '（五）不予处理各项之和', value: q('notProcessed') },
  { name: '其他处理', hint: '（六）其他处理之和', value: q('other') },
  { name: '行政复议总数', hint: '行政复议总计', value: review(4) },
  { name: '行政诉讼总数', hint: '直接起诉与复议后起诉总计之和', value: q('litigationTotal') },
  {
    name: '上年新收申请总数',
    hint: '上一年度已发布年报的新收申请总数（上年年报未发布时为空）',
    value: (_t, c) => (c.previous ? String(tableQuantity(c.previous, 'newReceived') ?? 0) : ''),
  },
  {
    name: '新收申请同比',
    hint: '与上一年度已发布年报相比，如“同比增长25%”“与上年持平”（无上年年报为空）',
    value: yoy('newReceived'),
  },
  { name: '办结同比', hint: '办结总数与上一年度相比', value: yoy('totalProcessed') },
  { name: '行政复议同比', hint: '行政复议总数与上一年度相比', value: yoy('reviewTotal') },
  { name: '行政诉讼同比', hint: '行政诉讼总数与上一年度相比', value: yoy('litigationTotal') },
  {
    name: '同比情况',
    hint: '一句话：新收、办结、行政复议、行政诉讼与上一年度已发布年报相比的变化（无上年年报为空）',
    value: yoySentence,
  },
  {
    name: '行政许可决定数',
    hint: '第二十条第（五）项 行政许可 处理决定数量',
    value: cell('licensing.decisions'),
  },
  {
    name: '行政处罚决定数',
    hint: '第二十条第（六）项 行政处罚 处理决定数量',
    value: cell('penalty.decisions'),
  },
  {
    name: '行政强制决定数',
    hint: '第二十条第（六）项 行政强制 处理决定数量',
    value: cell('coercion.decisions'),
  },
];

const PLACEHOLDER = /\{([^{}\n]{1,20})\}/g;

/** Placeholders used in a template that are not defined (for the form's error message). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set(PLACEHOLDERS.map((p) => p.name));
  const out: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (!known.has(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Replaces every known {placeholder} with its value from the tables. */
export function fillPlaceholders(template: string, tables: ReportTables, ctx: NarrativeContext): string {
  const byName = new Map(PLACEHOLDERS.map((p) => [p.name, p]));
  return template.replace(PLACEHOLDER, (m, name: string) => byName.get(name)?.value(tables, ctx) ?? m);
}

/**
 * The template every new report starts from (editable). Figures are placeholders; the wording
 * follows the national format's section list.
 */
export function defaultNarrative(year: number): NarrativeTemplates {
  return {
    overview: [
      `{年度}年，{机关名称}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，做好主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障等各项工作。本报告所列数据的统计期限为${year}年1月1日至12月31日。`,
      '（一）主动公开。按照条例第二十条、第二十一条的规定，及时、准确公开机关职能、办事指南等政府信息。',
      '（二）依申请公开。本年度共收到政府信息公开申请{新收申请总数}件，上年结转{上年结转总数}件；办结{办结总数}件，其中予以公开{予以公开}件，部分公开{部分公开}件，不予公开{不予公开}件，无法提供{无法提供}件，不予处理{不予处理}件，其他处理{其他处理}件；{结转下年度总数}件结转下年度继续办理。',
      '（三）政府信息管理。严格落实公开前保密审查，及时更新政府信息公开指南和目录。',
      '（四）政府信息公开平台建设。依托政府门户网站政府信息公开专栏集中发布政府信息。',
      '（五）监督保障。明确分管领导和经办人员，将政府信息公开工作纳入年度工作考核。',
    ].join('\n'),
    problems:
      '存在的主要问题：政府信息公开工作人员业务能力有待进一步提高。改进情况：加强业务培训，规范依申请公开办理流程，提高答复质量。',
    other: '本年度未收取信息处理费。无其他需要报告的事项。',
  };
}

/** The narrative with figures filled in. */
export function renderNarrative(
  templates: NarrativeTemplates,
  tables: ReportTables,
  ctx: NarrativeContext,
): NarrativeTexts {
  return {
    overview: fillPlaceholders(templates.overview, tables, ctx),
    problems: fillPlaceholders(templates.problems, tables, ctx),
    other: fillPlaceholders(templates.other, tables, ctx),
  };
}

/** All narrative text in printed order (what the checker calls the narrative). */
export function narrativeText(doc: Pick<ReportDocument, 'narrative'>): string {
  return [doc.narrative.overview, doc.narrative.problems, doc.narrative.other].join('\n');
}

/** Every rule over the generated tables and narrative (publication is refused on any error). */
export function checkDocument(doc: ReportDocument, previousYear?: ReportTables): Finding[] {
  return runRules({
    format: doc.format,
    year: doc.year,
    tables: doc.tables,
    narrative: narrativeText(doc),
    ...(previousYear ? { previousYear } : {}),
  });
}

/** Paragraphs of a narrative section (one per non-empty line). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** A printed cell value: empty for null, the number or text otherwise. */
export function printCell(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 10_000) / 10_000);
  return v;
}
