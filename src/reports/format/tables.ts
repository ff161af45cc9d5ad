import { FORMATS } from './formats.ts';
import type { ApplicationRowKey, FormatDef, FormatId } from './types.ts';

/**
 * The figures of one annual report: the single source of truth shared by the reader (text → tables),
 * the counter (case records → tables), the checker (rules over tables) and the renderers.
 *
 * - `applications`: table 3. One entry per **leaf** row of the layout actually used
 *   (`FORMATS[f].tables.applications.leafKeys`), each exactly 7 cells in the order of
 *   `APPLICANT_COLUMN_KEYS` (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计).
 *   A 2021 report printed with the old single `（六）其他处理` row has key `other` instead of
 *   `other.overdueCorrection|overdueFee|misc` (see `applicationsLayout`).
 * - `review`: table 4, exactly 15 cells: 复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5, each
 *   结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
 * - `proactive`: table 2, keyed by canonical cell key (`regulations.made`, `fees.amountWanYuan`,
 *   `procurement.totalAmountText`…); numbers, or text for `text` cells.
 *
 * `null` always means "no figure": a blank printed cell, or a value that could not be read
 * (the reader's provenance says which). Renderers print `null` as an empty cell.
 */
export interface ReportTables {
  readonly applications: Readonly<Partial<Record<ApplicationRowKey, ApplicantRow>>>;
  readonly review: ReviewRow;
  readonly proactive: Readonly<Record<string, ProactiveValue>>;
}

export type Cell = number | null;
/** 7 cells: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计. */
export type ApplicantRow = readonly Cell[];
/** 15 cells, see `ReportTables`. */
export type ReviewRow = readonly Cell[];
export type ProactiveValue = number | string | null;

/** Mutable twin used while filling tables; freeze with `freezeTables` when done. */
export interface MutableReportTables {
  applications: Partial<Record<ApplicationRowKey, Cell[]>>;
  review: Cell[];
  proactive: Record<string, ProactiveValue>;
}

export const APPLICANT_COLUMN_COUNT = 7;
export const REVIEW_COLUMN_COUNT = 15;

/**
 * Empty tables (every cell `null`) for a format; `layout` picks the table-3 rows when a report
 * mixes formats (2021 report on the 2019 `（六）` row).
 *
 * @example emptyTables('2021').applications['other.misc'] // [null, null, null, null, null, null, null]
 */
export function emptyTables(format: FormatId, layout: FormatId = format): MutableReportTables {
  const applications: Partial<Record<ApplicationRowKey, Cell[]>> = {};
  for (const key of FORMATS[layout].tables.applications.leafKeys) {
    applications[key] = Array<Cell>(APPLICANT_COLUMN_COUNT).fill(null);
  }
  const proactive: Record<string, ProactiveValue> = {};
  for (const block of FORMATS[format].tables.proactive.blocks) {
    for (const row of block.rows) for (const cell of row.cells) proactive[cell.key] = null;
  }
  return { applications, review: Array<Cell>(REVIEW_COLUMN_COUNT).fill(null), proactive };
}

/** Deep-freezes filled tables. */
export function freezeTables(t: MutableReportTables): ReportTables {
  for (const row of Object.values(t.applications)) Object.freeze(row);
  Object.freeze(t.applications);
  Object.freeze(t.review);
  Object.freeze(t.proactive);
  return Object.freeze(t);
}

/** Which table-3 layout the tables use: `2021` when the three `（六）` sub-rows are present. */
export function applicationsLayout(tables: Pick<ReportTables, 'applications'>): FormatId {
  return 'other' in tables.applications ? '2019' : '2021';
}

/** The format definition whose table-3 rows match the tables. */
export function applicationsFormat(tables: Pick<ReportTables, 'applications'>): FormatDef {
  return FORMATS[applicationsLayout(tables)];
}
