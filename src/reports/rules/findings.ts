/** Findings: what the checker reports about one annual report. */

/** `hint`: a 文字提示 about wording (a repeated word, a cut-off sentence) — never an error, never blocks. */
export type Severity = 'error' | 'warning' | 'hint';

/**
 * Rule identifiers. R1–R6 and X1–X3 are docs/domain/report-formats.md#rules; the others:
 * `LAYOUT` wrong table layout for the year, `BLANK` blank cells, `TEXT` narrative contradicts the table,
 * `COPY` a department's figures equal its parent's, `READ_*` problems met while reading the text,
 * `STRUCTURE` the six sections' headings, `PROSE` sentences that contradict each other, `HINT` wording.
 */
export type RuleId =
  | 'R1'
  | 'R2'
  | 'R3'
  | 'R4'
  | 'R5'
  | 'R6'
  | 'X1'
  | 'X2'
  | 'X3'
  | 'LAYOUT'
  | 'BLANK'
  | 'TEXT'
  | 'COPY'
  | 'READ_AMBIGUOUS'
  | 'READ_MISSING'
  | 'READ_EXTRA'
  | 'READ_UNREADABLE'
  | 'STRUCTURE'
  | 'PROSE'
  | 'HINT';

export type TableId = 'applications' | 'review' | 'proactive' | 'narrative' | 'report';

/** Where a figure was printed in the input text (1-based line, 0-based cell within that row). */
export interface SourceRef {
  readonly line: number;
  readonly cell: number;
  readonly text: string;
}

/** One arithmetic check that fails (kept inside the finding of the cell that explains it). */
export interface FailedCheck {
  readonly rule: RuleId;
  readonly table: TableId;
  /** Row the check is about (canonical key), or null for a column check. */
  readonly row: string | null;
  /** Column the check is about (canonical key), or null for a row check. */
  readonly column: string | null;
  /** Value the check requires (the sum of the parts). */
  readonly expected: number;
  /** Value printed (null = blank). */
  readonly actual: number | null;
  /** One sentence in Chinese. */
  readonly description: string;
}

export interface Finding {
  /** Stable id: hash of rule + table + row + column (survives re-checking, so "explained" marks stick). */
  readonly id: string;
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly table: TableId;
  readonly row: string | null;
  readonly column: string | null;
  readonly expected: number | string | null;
  readonly actual: number | string | null;
  /** What is wrong and what to do, in Chinese a clerk can act on. */
  readonly message: string;
  /** The sums this one wrong cell breaks (most-likely-wrong-cell analysis). */
  readonly checks?: readonly FailedCheck[];
  /** Where the cell was printed, when read from text. */
  readonly source?: SourceRef;
  /**
   * Shared by the findings that are one error: the cells of one joint correction (e.g. a 总计 row
   * printed as 0 in both its 自然人 and 总计 cells). Counted and listed once (`distinctProblems`).
   */
  readonly sameError?: string;
}

/** 32-bit FNV-1a, hex: deterministic, dependency-free. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Stable id of a finding; the same place and rule always give the same id. */
export function findingId(rule: RuleId, table: TableId, row: string | null, column: string | null): string {
  return `${rule}-${fnv1a(`${rule}|${table}|${row ?? ''}|${column ?? ''}`)}`;
}

export type FindingInit = Omit<Finding, 'id'>;

export function finding(init: FindingInit): Finding {
  const { checks, source, sameError, ...rest } = init;
  return {
    id: findingId(init.rule, init.table, init.row, init.column),
    ...rest,
    ...(checks && checks.length > 0 ? { checks } : {}),
    ...(source ? { source } : {}),
    ...(sameError ? { sameError } : {}),
  };
}

/**
 * The distinct problems among findings, in their order: findings sharing `sameError` form one problem
 * (its first finding leads), every other finding is a problem of its own. Counts shown to the reader
 * are the number of problems, so they equal the number of entries listed.
 */
export function distinctProblems(findings: readonly Finding[]): Finding[][] {
  const out: Finding[][] = [];
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = f.sameError ? byKey.get(f.sameError) : undefined;
    if (group) {
      group.push(f);
      continue;
    }
    const fresh = [f];
    if (f.sameError) byKey.set(f.sameError, fresh);
    out.push(fresh);
  }
  return out;
}

/** How many distinct problems of a severity the findings hold (see `distinctProblems`). */
export function problemCount(findings: readonly Finding[], severity: Severity): number {
  return distinctProblems(findings.filter((f) => f.severity === severity)).length;
}

/** Errors first, then by table, row, column (stable output for reports and tests). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const sev = (f: Finding) => (f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);
  return [...findings].sort((a, b) => sev(a) - sev(b));
}
