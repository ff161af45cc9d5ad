/**
 * Types for the national annual-report formats (docs/domain/report-formats.md). The formats themselves are data
 * (`formats.ts`); everything that reads, checks or renders a report walks these definitions.
 */

export const FORMAT_IDS = ['2019', '2021'] as const;
/** `2019` = 国办公开办函〔2019〕60号 (试行); `2021` = 国办公开办函〔2021〕30号. */
export type FormatId = (typeof FORMAT_IDS)[number];

/**
 * What one cell may hold:
 * - `count`: non-negative integer (T3, T4, most of T2);
 * - `signedCount`: integer that may be negative (2019 T2 `本年增/减`);
 * - `decimalWanYuan`: non-negative decimal in 万元 (2021 T2 `本年收费金额（单位：万元）`);
 * - `text`: free text as printed (2019 T2 `采购总金额`, e.g. `251000元`).
 */
export type CellKind = 'count' | 'signedCount' | 'decimalWanYuan' | 'text';

/** The applicant kinds of table 3 (docs/domain/report-formats.md#columns): 自然人, then 法人或其他组织 in five kinds. */
export const APPLICANT_KINDS = [
  'naturalPerson',
  'commercial',
  'research',
  'publicInterest',
  'legalService',
  'otherOrg',
] as const;
/** Canonical column keys of table 3 (docs/domain/report-formats.md#table-3), in printed order: the kinds, then 总计. */
export const APPLICANT_COLUMN_KEYS = [...APPLICANT_KINDS, 'total'] as const;
export type ApplicantColumnKey = (typeof APPLICANT_COLUMN_KEYS)[number];
/** Index of the 总计 column in an applications row. */
export const TOTAL_COLUMN = APPLICANT_KINDS.length;

/** Every leaf row key of table 3 in either format (docs/domain/report-formats.md#table-3). */
export type ApplicationRowKey =
  | 'newReceived'
  | 'carriedOver'
  | 'granted'
  | 'partial'
  | 'denied.stateSecret'
  | 'denied.lawForbidden'
  | 'denied.threeSafetyOneStability'
  | 'denied.thirdParty'
  | 'denied.internalAffairs'
  | 'denied.processInfo'
  | 'denied.enforcementFile'
  | 'denied.queryMatter'
  | 'unable.notHeld'
  | 'unable.needCreation'
  | 'unable.unclearAfterCorrection'
  | 'notProcessed.petition'
  | 'notProcessed.repeat'
  | 'notProcessed.publication'
  | 'notProcessed.massRepeat'
  | 'notProcessed.confirmAgain'
  | 'other'
  | 'other.overdueCorrection'
  | 'other.overdueFee'
  | 'other.misc'
  | 'totalProcessed'
  | 'carryForward';

/** Group (non-leaf) rows of table 3; they carry no values of their own. */
export type ApplicationGroupKey = 'results' | 'denied' | 'unable' | 'notProcessed' | 'other';

export interface ColumnDef<K extends string = string> {
  readonly key: K;
  /** Verbatim printed label. */
  readonly label: string;
  readonly kind: CellKind;
  /** Header group the column sits under (e.g. `法人或其他组织`), verbatim; null when none. */
  readonly group: string | null;
}

export interface ApplicationRowDef {
  readonly key: ApplicationRowKey | ApplicationGroupKey;
  /** Verbatim printed label, full-width punctuation. */
  readonly label: string;
  /** Key of the group row this row sits in; null at top level. */
  readonly parent: ApplicationGroupKey | null;
  /** Leaf rows hold 7 values; group rows hold none. */
  readonly leaf: boolean;
  /** Whether the row is one of the outcomes summed into `（七）总计` (rule R3). */
  readonly outcome: boolean;
}

export interface ApplicationsTableDef {
  readonly id: 'applications';
  readonly caption: string;
  /** Top-left merged note cell, verbatim. */
  readonly note: string;
  readonly columns: readonly ColumnDef<ApplicantColumnKey>[];
  /** Group and leaf rows in printed order. */
  readonly rows: readonly ApplicationRowDef[];
  /** Leaf rows only, in printed order: the keys of `ReportTables.applications`. */
  readonly leafKeys: readonly ApplicationRowKey[];
}

export type ReviewGroupKey = 'review' | 'litigationDirect' | 'litigationAfterReview';
export type ReviewOutcomeKey = 'upheld' | 'corrected' | 'other' | 'pending' | 'total';

export interface ReviewColumnDef {
  /** e.g. `review.upheld`. */
  readonly key: `${ReviewGroupKey}.${ReviewOutcomeKey}`;
  readonly group: ReviewGroupKey;
  readonly outcome: ReviewOutcomeKey;
  /** Verbatim printed label of the cell's own header (`结果维持` … `总计`). */
  readonly label: string;
  /** Verbatim printed label of the group (`行政复议`, `未经复议直接起诉`, `复议后起诉`). */
  readonly groupLabel: string;
  /** Verbatim printed top header (`行政复议` or `行政诉讼`). */
  readonly topLabel: string;
  readonly kind: CellKind;
}

export interface ReviewTableDef {
  readonly id: 'review';
  readonly caption: string;
  /** The 15 columns in printed order: index `i` of `ReportTables.review`. */
  readonly columns: readonly ReviewColumnDef[];
}

export interface ProactiveCellDef {
  /** Canonical key, e.g. `regulations.made`. */
  readonly key: string;
  /** Verbatim column header. */
  readonly label: string;
  readonly kind: CellKind;
}

export interface ProactiveRowDef {
  /** Row key prefix, e.g. `regulations`. */
  readonly key: string;
  /** Verbatim printed label. */
  readonly label: string;
  /** Other spellings seen in real reports (accepted when reading, never rendered). */
  readonly variants: readonly string[];
  readonly cells: readonly ProactiveCellDef[];
}

export interface ProactiveBlockDef {
  /** Caption row, verbatim, e.g. `第二十条第（一）项`. */
  readonly caption: string;
  /** Header of the label column (`信息内容`). */
  readonly labelHeader: string;
  /** Value column headers, verbatim (a header may span several value columns when printed). */
  readonly headers: readonly string[];
  readonly rows: readonly ProactiveRowDef[];
}

export interface ProactiveTableDef {
  readonly id: 'proactive';
  readonly caption: string;
  readonly blocks: readonly ProactiveBlockDef[];
}

export interface FormatDef {
  readonly id: FormatId;
  /** Official name of the format document. */
  readonly name: string;
  /** Issuing document number. */
  readonly issuedBy: string;
  /** The six section headings, verbatim. */
  readonly sections: readonly string[];
  readonly tables: {
    readonly proactive: ProactiveTableDef;
    readonly applications: ApplicationsTableDef;
    readonly review: ReviewTableDef;
  };
}
