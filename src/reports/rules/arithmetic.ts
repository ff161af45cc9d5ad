import type { ReportTables } from '../format/tables.ts';
import { applicationsFormat } from '../format/tables.ts';
import { APPLICANT_COLUMN_KEYS, TOTAL_COLUMN } from '../format/types.ts';
import { type FailedCheck, type Finding, finding, fnv1a, type RuleId } from './findings.ts';
import { cellName, columnName } from './labels.ts';
import {
  applicationRowIds,
  type CellId,
  type CellValue,
  type Constraint,
  type Correction,
  cellId,
  cellValues,
  constraintComponents,
  describeFailure,
  findCulprits,
  parseCellId,
  residual,
  sumConstraints,
} from './sums.ts';

/**
 * Rules R1–R4 with most-likely-wrong-cell grouping, R2 blank totals, R6, and blank-cell warnings.
 * `unknown` = cells the reader could not read (they take part in no sum).
 */
export function checkSums(tables: ReportTables, unknown: ReadonlySet<CellId> = new Set()): Finding[] {
  const values = cellValues(tables);
  const all = sumConstraints(tables);
  const constraints =
    unknown.size === 0
      ? all
      : all.filter((c) => !c.parts.some(isIn, unknown) && !c.totals.some(isIn, unknown));
  // Cells of the sums left out (they hold an unread cell) cannot be named as the wrong cell: a correction of
  // theirs might break the sum that could not be checked.
  const unverifiable = new Set<CellId>();
  if (unknown.size > 0)
    for (const c of all)
      if (!constraints.includes(c)) for (const cell of [...c.parts, ...c.totals]) unverifiable.add(cell);
  const findings: Finding[] = [];

  // Blank 总计 cells whose row has figures: fill with the row sum first (that is what the clerk must write).
  const blankTotals: Correction[] = [];
  for (const c of constraints) {
    if (c.rule !== 'R2') continue;
    const total = c.totals[0]!;
    const v = values.get(total);
    if (!v?.blank) continue;
    let parts = 0;
    for (const p of c.parts) parts += values.get(p)?.value ?? 0;
    if (parts > 0) blankTotals.push({ cell: total, printed: null, corrected: parts });
  }
  let filled: ReadonlyMap<CellId, CellValue> = values;
  if (blankTotals.length > 0) {
    const copy = new Map(values);
    for (const b of blankTotals) copy.set(b.cell, { value: b.corrected, blank: false });
    filled = copy;
  }

  const before = new Map<Constraint, number>();
  const failingBefore: Constraint[] = [];
  const failingAfterBlanks: Constraint[] = [];
  for (const c of constraints) {
    const r = residual(c, values);
    before.set(c, r);
    if (r !== 0) failingBefore.push(c);
    if ((filled === values ? r : residual(c, filled)) !== 0) failingAfterBlanks.push(c);
  }
  if (blankTotals.length > 0) {
    const explainedByBlanks = failingBefore.filter((c) => !failingAfterBlanks.includes(c));
    findings.push(...correctionFindings(blankTotals, explainedByBlanks, values, true));
  }

  if (failingAfterBlanks.length > 0)
    checkComponents(constraints, failingAfterBlanks, filled, findings, unverifiable);

  findings.push(...overcounting(values, constraints, before));
  findings.push(...blankWarnings(tables, blankTotals, unknown));
  return findings;
}

function isIn(this: ReadonlySet<CellId>, id: CellId): boolean {
  return this.has(id);
}

/** Most-likely-wrong-cell findings (or plain sum failures) per independent part of the tables. */
function checkComponents(
  constraints: readonly Constraint[],
  failingAfterBlanks: readonly Constraint[],
  filled: ReadonlyMap<CellId, CellValue>,
  findings: Finding[],
  unverifiable: ReadonlySet<CellId>,
): void {
  for (const inTable of constraintComponents(constraints)) {
    const failing = failingAfterBlanks.filter((c) => inTable.includes(c));
    if (failing.length === 0) continue;
    const culprit = findCulprits(inTable, filled, unverifiable);
    if (culprit.corrections && culprit.corrections.length > 0) {
      findings.push(...correctionFindings(culprit.corrections, failing, filled, false));
      continue;
    }
    for (const c of failing) {
      const check = describeFailure(c, filled);
      const undecided =
        culprit.alternatives > 1 ? '（有多种改法都能使合计成立，无法判断是哪一格填错，请逐项核对）' : '';
      findings.push(
        finding({
          rule: c.rule,
          severity: 'error',
          table: c.table,
          row: c.row,
          column: c.column,
          expected: check.expected,
          actual: check.actual,
          message: `${check.description}。请核对这一行（列）的数字${undecided}。`,
        }),
      );
    }
  }
}

const RULE_ORDER: readonly RuleId[] = ['R2', 'R3', 'R4', 'R1'];

function correctionFindings(
  corrections: readonly Correction[],
  explained: readonly Constraint[],
  values: ReadonlyMap<CellId, CellValue>,
  blank: boolean,
): Finding[] {
  const together = corrections.length > 1 && !blank;
  // One joint correction is one error, however many cells it changes.
  const sameError = together ? `C-${fnv1a(corrections.map((c) => c.cell).join('|'))}` : undefined;
  return corrections.map((corr) => {
    const checks: FailedCheck[] = explained
      .filter((c) => c.parts.includes(corr.cell) || c.totals.includes(corr.cell))
      .map((c) => describeFailure(c, values));
    const { table, row, column } = parseCellId(corr.cell);
    const rule = RULE_ORDER.find((r) => checks.some((c) => c.rule === r)) ?? 'R2';
    const place = cellName(row, column);
    const others = corrections
      .filter((c) => c !== corr)
      .map((c) => {
        const p = parseCellId(c.cell);
        return `${cellName(p.row, p.column)}改为${c.corrected}`;
      });
    const why = checks.map((c) => c.description).join('；');
    const message = blank
      ? `${place}为空白，应填${corr.corrected}（本行各类申请人之和）。空白使以下合计不成立：${why}。`
      : `${place}最可能填错：表中为${corr.printed ?? '空白'}，应为${corr.corrected}` +
        (together ? `（同时${others.join('、')}）` : '') +
        `。这样改正后以下合计全部成立：${why}。请核对原始台账后更正。`;
    return finding({
      rule,
      severity: 'error',
      table,
      row,
      column,
      expected: corr.corrected,
      actual: corr.printed,
      message,
      checks,
      ...(sameError ? { sameError } : {}),
    });
  });
}

/** R6: more outcomes than applications in a column means some were counted twice. */
function overcounting(
  values: ReadonlyMap<CellId, CellValue>,
  constraints: readonly Constraint[],
  residuals: ReadonlyMap<Constraint, number>,
): Finding[] {
  const out: Finding[] = [];
  const r3 = constraints.filter((c) => c.rule === 'R3');
  for (const c of r3) {
    const column = c.column ?? '';
    const outcomes = c.parts.reduce((s, p) => s + (values.get(p)?.value ?? 0), 0);
    const nr = values.get(cellId('applications', 'newReceived', column));
    const co = values.get(cellId('applications', 'carriedOver', column));
    if (!nr || !co) continue;
    const available = nr.value + co.value;
    const sumsFail = constraints.some(
      (k) => k.column === column && k.rule !== 'R2' && residuals.get(k) !== 0,
    );
    if (outcomes > available && !sumsFail) {
      out.push(
        finding({
          rule: 'R6',
          severity: 'error',
          table: 'applications',
          row: null,
          column,
          expected: available,
          actual: outcomes,
          message: `“${columnName(column)}”栏各项办理结果之和${outcomes}多于收到的申请${available}（一加二）。每件申请只能计入一种办理结果，部分公开的只计在（二），请检查是否重复计数。`,
        }),
      );
    }
  }
  return out;
}

/** Blank cells that break no sum: one warning per table (they are read as 0). */
function blankWarnings(
  tables: ReportTables,
  reported: readonly Correction[],
  unknown: ReadonlySet<CellId>,
): Finding[] {
  const out: Finding[] = [];
  const reportedIds = new Set(reported.map((c) => c.cell));
  const appBlanks: string[] = [];
  const format = applicationsFormat(tables);
  for (const row of format.tables.applications.leafKeys) {
    const cells = tables.applications[row];
    const ids = applicationRowIds(row);
    cells?.forEach((v, i) => {
      const id = ids[i] ?? cellId('applications', row, '');
      if (v === null && !reportedIds.has(id) && !unknown.has(id))
        appBlanks.push(cellName(row, APPLICANT_COLUMN_KEYS[i] ?? ''));
    });
  }
  if (appBlanks.length > 0) out.push(blankFinding('applications', appBlanks));
  const reviewBlanks: string[] = [];
  tables.review.forEach((v, i) => {
    if (v === null && !unknown.has(cellId('review', null, reviewKey(i))))
      reviewBlanks.push(columnName(reviewKey(i)));
  });
  if (reviewBlanks.length > 0) out.push(blankFinding('review', reviewBlanks));
  void TOTAL_COLUMN;
  return out;
}

const REVIEW_GROUP_NAMES = ['review', 'litigationDirect', 'litigationAfterReview'];
const REVIEW_OUTCOME_NAMES = ['upheld', 'corrected', 'other', 'pending', 'total'];

function reviewKey(i: number): string {
  return `${REVIEW_GROUP_NAMES[Math.floor(i / 5)]}.${REVIEW_OUTCOME_NAMES[i % 5]}`;
}

function blankFinding(table: 'applications' | 'review', places: readonly string[]): Finding {
  const name = table === 'applications' ? '收到和处理政府信息公开申请情况表' : '行政复议、行政诉讼情况表';
  const shown = places.slice(0, 5).join('、') + (places.length > 5 ? `等` : '');
  return finding({
    rule: 'BLANK',
    severity: 'warning',
    table,
    row: null,
    column: null,
    expected: 0,
    actual: places.length,
    message: `${name}有${places.length}个单元格空白（${shown}），核对时按0计算。没有数字的单元格请填“0”，不要留空。`,
  });
}
