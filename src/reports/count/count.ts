import { FORMATS, REVIEW_GROUP_LABELS } from '../format/formats.ts';
import {
  APPLICANT_COLUMN_COUNT,
  type Cell,
  emptyTables,
  freezeTables,
  type ProactiveValue,
  REVIEW_COLUMN_COUNT,
  type ReportTables,
} from '../format/tables.ts';
import {
  APPLICANT_KINDS,
  type ApplicantColumnKey,
  type ApplicationRowKey,
  type FormatId,
  type ReviewGroupKey,
  TOTAL_COLUMN,
} from '../format/types.ts';

/**
 * The annual report counted from records (docs/domain/report-formats.md#counting). Pure: no I/O, same input → same tables.
 *
 * Counting rules for data year Y (they make R1 `一 + 二 = 三（七）+ 四` hold by construction):
 * - 一、本年新收 = received (收到申请之日, Art. 31) in Y;
 * - 二、上年结转 = received before Y and not closed before Y-01-01;
 * - 三 = closed in Y, one row per outcome (R6: each application counted once);
 * - 四、结转下年度 = received by Y-12-31 and not closed by then.
 * An application with no receipt date (receipt not yet confirmed) is not yet received: not counted.
 *
 * Outcome → row mapping (CaseOutcome of the applications capability):
 * - 2021 format: `other.overdueCorrection` → （六）1, `other.overdueFee` → （六）2,
 *   `other.misc` and `withdrawn` (申请人撤回) → （六）3.其他;
 * - 2019 format: every `other.*` and `withdrawn` → the single （六）其他处理;
 * - an outcome the format does not know (a typo in imported data) also → （六）其他, so that R1/R3
 *   still hold; the repository never produces one from the application capability's own writes.
 *
 * Reconsideration and litigation (table 四): a case counts in year Y when it was filed in Y, or filed
 * earlier and not decided before Y-01-01 (still open at the start of Y). Its column is its result when
 * decided in Y, otherwise 尚未审结 (pending at year end).
 */

/** One group of applications with the same applicant type and outcome, with how it counts in the year. */
export interface ApplicationGroupCount {
  /** Column key of table 三 (`naturalPerson` … `otherOrg`); anything else counts as `otherOrg`. */
  readonly applicantType: string;
  /** CaseOutcome, or null while open. */
  readonly outcome: string | null;
  readonly newReceived: number;
  readonly carriedOver: number;
  /** Closed in the year (goes to the outcome row). */
  readonly closed: number;
  readonly carryForward: number;
}

/** The fields of one application that the report needs (dates `YYYY-MM-DD`). */
export interface ApplicationRecord {
  readonly applicantType: string;
  readonly receivedOn: string | null;
  readonly outcome: string | null;
  readonly closedOn: string | null;
}

/** A case's kind is the column group of table 四 it counts in. */
export const LITIGATION_KINDS = [
  'review',
  'litigationDirect',
  'litigationAfterReview',
] as const satisfies readonly ReviewGroupKey[];
export type LitigationKind = (typeof LITIGATION_KINDS)[number];
export const LITIGATION_RESULTS = ['upheld', 'corrected', 'other', 'pending'] as const;
export type LitigationResult = (typeof LITIGATION_RESULTS)[number];

export const LITIGATION_KIND_LABELS: Readonly<Record<LitigationKind, string>> = REVIEW_GROUP_LABELS;
export const LITIGATION_RESULT_LABELS: Readonly<Record<LitigationResult, string>> = {
  upheld: '维持',
  corrected: '纠正',
  other: '其他结果',
  pending: '尚未审结',
};

/** A reconsideration or litigation case as the report needs it. */
export interface LitigationRecord {
  readonly kind: LitigationKind;
  readonly filedOn: string;
  readonly decidedOn: string | null;
  readonly result: LitigationResult;
}

/** Hand-entered Article 20 figures, keyed by the format's proactive cell keys (`licensing.decisions`…). */
export type Article20Figures = Readonly<Record<string, ProactiveValue>>;

/** Article 20 (一) figures counted by the catalogue (see src/catalogue/report-figures.ts). */
export interface CatalogueCounts {
  readonly regulations: { readonly made: number; readonly repealed: number; readonly valid: number };
  readonly normativeDocs: { readonly made: number; readonly repealed: number; readonly valid: number };
  readonly regulations2019: {
    readonly newMade: number;
    readonly newPublished: number;
    readonly totalPublished: number;
  };
  readonly normativeDocs2019: {
    readonly newMade: number;
    readonly newPublished: number;
    readonly totalPublished: number;
  };
}

export interface CountInput {
  readonly format: FormatId;
  readonly year: number;
  /** Grouped counts (from SQL) or raw records (tallied here). */
  readonly applications:
    | readonly ApplicationGroupCount[]
    | { readonly records: readonly ApplicationRecord[] };
  readonly litigation: readonly LitigationRecord[];
  readonly article20: Article20Figures;
  /** When non-null, wins over the hand-entered 第二十条第（一）项 figures. */
  readonly catalogue: CatalogueCounts | null;
}

const COLUMN_INDEX: ReadonlyMap<string, number> = new Map(APPLICANT_KINDS.map((k, i) => [k, i]));
const OTHER_ORG = COLUMN_INDEX.get('otherOrg') as number;

/** Index of the table-三 column for an applicant type (unknown types count as 其他). */
export function columnOf(applicantType: string): number {
  return COLUMN_INDEX.get(applicantType) ?? OTHER_ORG;
}

/** The table-三 row an outcome is counted in, for a format (see the mapping above). */
export function outcomeRow(format: FormatId, outcome: string | null): ApplicationRowKey {
  const leaves = FORMATS[format].tables.applications.leafKeys;
  if (outcome && outcome !== 'other' && !outcome.startsWith('other.') && outcome !== 'withdrawn') {
    if ((leaves as readonly string[]).includes(outcome)) return outcome as ApplicationRowKey;
  }
  if (format === '2019') return 'other';
  if (outcome === 'other.overdueCorrection') return 'other.overdueCorrection';
  if (outcome === 'other.overdueFee') return 'other.overdueFee';
  return 'other.misc';
}

/**
 * Groups raw application records by applicant type and outcome, counted for year Y.
 * Same semantics as the repository's SQL aggregate (tested against it).
 */
export function tallyApplications(
  records: readonly ApplicationRecord[],
  year: number,
): ApplicationGroupCount[] {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const groups = new Map<
    string,
    { t: string; o: string | null; n: number; c: number; x: number; f: number }
  >();
  for (const r of records) {
    if (r.receivedOn === null || r.receivedOn > end) continue;
    if (r.closedOn !== null && r.closedOn < start) continue;
    const key = `${r.applicantType}\u0000${r.outcome ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { t: r.applicantType, o: r.outcome, n: 0, c: 0, x: 0, f: 0 };
      groups.set(key, g);
    }
    if (r.receivedOn >= start) g.n++;
    else g.c++;
    if (r.closedOn !== null && r.closedOn <= end) g.x++;
    else g.f++;
  }
  return [...groups.values()].map((g) => ({
    applicantType: g.t,
    outcome: g.o,
    newReceived: g.n,
    carriedOver: g.c,
    closed: g.x,
    carryForward: g.f,
  }));
}

/** Whether a case counts in year Y (filed in Y, or filed earlier and still open on Y-01-01). */
export function caseCountsIn(c: LitigationRecord, year: number): boolean {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  if (c.filedOn > end) return false;
  if (c.filedOn >= start) return true;
  return c.decidedOn === null || c.decidedOn >= start || c.result === 'pending';
}

/** The result column of a counted case at the end of year Y. */
export function caseResultAt(c: LitigationRecord, year: number): LitigationResult {
  if (c.result === 'pending' || c.decidedOn === null || c.decidedOn > `${year}-12-31`) return 'pending';
  return c.result;
}

/** Table 四 (15 cells) from the cases. */
export function countReview(cases: readonly LitigationRecord[], year: number): number[] {
  const row = Array<number>(REVIEW_COLUMN_COUNT).fill(0);
  for (const c of cases) {
    if (!caseCountsIn(c, year)) continue;
    const g = LITIGATION_KINDS.indexOf(c.kind);
    if (g < 0) continue;
    const o = LITIGATION_RESULTS.indexOf(caseResultAt(c, year));
    row[g * 5 + o] = (row[g * 5 + o] ?? 0) + 1;
    row[g * 5 + 4] = (row[g * 5 + 4] ?? 0) + 1;
  }
  return row;
}

/** Table 三 from grouped counts (7 columns per leaf row, 总计 = the row sum). */
export function countApplications(
  format: FormatId,
  groups: readonly ApplicationGroupCount[],
): Partial<Record<ApplicationRowKey, Cell[]>> {
  const rows: Partial<Record<ApplicationRowKey, number[]>> = {};
  for (const key of FORMATS[format].tables.applications.leafKeys) {
    rows[key] = Array<number>(APPLICANT_COLUMN_COUNT).fill(0);
  }
  const add = (key: ApplicationRowKey, col: number, n: number) => {
    if (n === 0) return;
    const row = rows[key] as number[];
    row[col] = (row[col] ?? 0) + n;
    row[TOTAL_COLUMN] = (row[TOTAL_COLUMN] ?? 0) + n;
  };
  for (const g of groups) {
    const col = columnOf(g.applicantType);
    add('newReceived', col, g.newReceived);
    add('carriedOver', col, g.carriedOver);
    add(outcomeRow(format, g.outcome), col, g.closed);
    add('totalProcessed', col, g.closed);
    add('carryForward', col, g.carryForward);
  }
  return rows;
}

/** Table 二: the hand-entered figures, with 第二十条第（一）项 from the catalogue when it has figures. */
export function countProactive(
  format: FormatId,
  article20: Article20Figures,
  catalogue: CatalogueCounts | null,
): Record<string, ProactiveValue> {
  const out = emptyTables(format).proactive;
  for (const key of Object.keys(out)) {
    const v = article20[key];
    out[key] = v === undefined ? null : v;
  }
  if (catalogue) {
    const pairs =
      format === '2021'
        ? ([
            ['regulations', catalogue.regulations],
            ['normativeDocs', catalogue.normativeDocs],
          ] as const)
        : ([
            ['regulations', catalogue.regulations2019],
            ['normativeDocs', catalogue.normativeDocs2019],
          ] as const);
    for (const [row, figures] of pairs) {
      for (const [k, v] of Object.entries(figures)) out[`${row}.${k}`] = v;
    }
  }
  return out;
}

/**
 * The filled tables of one report (or of a roll-up, when the inputs cover a subtree).
 *
 * @example
 * countReport({ format: '2019', year: 2020, applications: { records }, litigation: [], article20: {}, catalogue: null })
 *   .applications.totalProcessed // [61, 0, 0, 0, 0, 0, 61]
 */
export function countReport(input: CountInput): ReportTables {
  const groups =
    'records' in input.applications
      ? tallyApplications(input.applications.records, input.year)
      : input.applications;
  return freezeTables({
    applications: countApplications(input.format, groups),
    review: countReview(input.litigation, input.year),
    proactive: countProactive(input.format, input.article20, input.catalogue),
  });
}

/** Sums several agencies' tables cell by cell (roll-up); text cells are joined, nulls count as 0 when any is set. */
export function sumTables(format: FormatId, parts: readonly ReportTables[]): ReportTables {
  const t = emptyTables(format);
  for (const key of Object.keys(t.applications) as ApplicationRowKey[]) {
    const row = Array<number>(APPLICANT_COLUMN_COUNT).fill(0);
    for (const p of parts) {
      const cells = p.applications[key] ?? [];
      for (let i = 0; i < cells.length; i++) row[i] = (row[i] ?? 0) + (cells[i] ?? 0);
    }
    t.applications[key] = row;
  }
  t.review = Array<number>(REVIEW_COLUMN_COUNT).fill(0);
  for (const p of parts) {
    for (let i = 0; i < p.review.length; i++) t.review[i] = (t.review[i] ?? 0) + (p.review[i] ?? 0);
  }
  for (const key of Object.keys(t.proactive)) {
    const values = parts.map((p) => p.proactive[key]).filter((v) => v !== null && v !== undefined);
    if (values.length === 0) continue;
    if (values.every((v) => typeof v === 'number')) {
      const sum = (values as number[]).reduce((s, v) => s + v, 0);
      t.proactive[key] = Math.round(sum * 10_000) / 10_000;
    } else t.proactive[key] = values.map(String).join('；');
  }
  return freezeTables(t);
}

export type { ApplicantColumnKey };
