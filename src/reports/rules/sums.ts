import type { ReportTables } from '../format/tables.ts';
import { applicationsFormat } from '../format/tables.ts';
import { APPLICANT_COLUMN_KEYS, TOTAL_COLUMN } from '../format/types.ts';
import type { FailedCheck, RuleId, TableId } from './findings.ts';
import { cellName, columnName, rowName } from './labels.ts';

/**
 * The linear sum rules R1–R4 (docs/domain/report-formats.md#rules) as data, and the most-likely-wrong-cell search over them.
 * A cell is addressed by `cellId(table, row, column)`.
 */

export type CellId = string;

/** Interned ids: the same few hundred cells are named over and over in the hot loops of reader and rules. */
const CELL_IDS = new Map<string, Map<string, Map<string, CellId>>>();
let cellIdCount = 0;
const MAX_CACHED_CELL_IDS = 20000;

export function cellId(table: TableId, row: string | null, column: string | null): CellId {
  const r = row ?? '';
  const c = column ?? '';
  let byRow = CELL_IDS.get(table);
  if (!byRow) {
    byRow = new Map();
    CELL_IDS.set(table, byRow);
  }
  let byColumn = byRow.get(r);
  if (!byColumn) {
    byColumn = new Map();
    byRow.set(r, byColumn);
  }
  let id = byColumn.get(c);
  if (id === undefined) {
    id = `${table}:${r}:${c}`;
    if (cellIdCount < MAX_CACHED_CELL_IDS) {
      byColumn.set(c, id);
      cellIdCount++;
    }
  }
  return id;
}

export function parseCellId(id: CellId): { table: TableId; row: string | null; column: string | null } {
  const [table, row, column] = id.split(':') as [TableId, string, string];
  return { table, row: row || null, column: column || null };
}

export interface Constraint {
  readonly rule: Extract<RuleId, 'R1' | 'R2' | 'R3' | 'R4'>;
  readonly table: TableId;
  readonly row: string | null;
  readonly column: string | null;
  /** Cells whose sum the rule requires (e.g. the six applicant columns). */
  readonly parts: readonly CellId[];
  /** Cells whose sum is printed as the result (e.g. the 总计 cell). */
  readonly totals: readonly CellId[];
}

export interface CellValue {
  readonly value: number;
  /** Printed blank (read as 0 for the sums). */
  readonly blank: boolean;
}

/** All cells of table 3 and table 4 with their values (blank → 0, flagged). */
export function cellValues(tables: ReportTables): Map<CellId, CellValue> {
  const out = new Map<CellId, CellValue>();
  for (const [row, cells] of Object.entries(tables.applications)) {
    if (!cells) continue;
    const ids = applicationRowIds(row);
    cells.forEach((v, i) => {
      out.set(ids[i] ?? cellId('applications', row, String(i)), { value: v ?? 0, blank: v === null });
    });
  }
  const ids = reviewIds();
  tables.review.forEach((v, i) => {
    out.set(ids[i] ?? cellId('review', null, String(i)), { value: v ?? 0, blank: v === null });
  });
  return out;
}

const APPLICATION_ROW_IDS = new Map<string, readonly CellId[]>();

/** Ids of the cells of a table-3 row, in the order of `APPLICANT_COLUMN_KEYS`. */
export function applicationRowIds(row: string): readonly CellId[] {
  let ids = APPLICATION_ROW_IDS.get(row);
  if (!ids) {
    ids = APPLICANT_COLUMN_KEYS.map((k) => cellId('applications', row, k));
    if (APPLICATION_ROW_IDS.size < 1000) APPLICATION_ROW_IDS.set(row, ids);
  }
  return ids;
}

let REVIEW_IDS: readonly CellId[] | null = null;

/** Ids of the 15 cells of table 4, in the order of `REVIEW_KEYS`. */
export function reviewIds(): readonly CellId[] {
  REVIEW_IDS ??= REVIEW_KEYS.map((k) => cellId('review', null, k));
  return REVIEW_IDS;
}

const REVIEW_GROUPS = ['review', 'litigationDirect', 'litigationAfterReview'] as const;
const REVIEW_OUTCOMES = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export const REVIEW_KEYS: readonly string[] = REVIEW_GROUPS.flatMap((g) =>
  REVIEW_OUTCOMES.map((o) => `${g}.${o}`),
);

/** Constraints depend only on the layout and on which rows are present: built once per such shape. */
const CONSTRAINTS = new Map<string, readonly Constraint[]>();

/** The constraints R1–R4 for the layout the tables use. */
export function sumConstraints(tables: ReportTables): Constraint[] {
  const format = applicationsFormat(tables);
  let shape = format.id;
  for (const r of format.tables.applications.rows) shape += r.key in tables.applications ? '1' : '0';
  for (const k of R1_KEYS) shape += k in tables.applications ? '1' : '0';
  let cached = CONSTRAINTS.get(shape);
  if (!cached) {
    cached = Object.freeze(buildConstraints(tables).map(freezeConstraint));
    if (CONSTRAINTS.size < 256) CONSTRAINTS.set(shape, cached);
  }
  return cached.slice();
}

const R1_KEYS = ['newReceived', 'carriedOver', 'totalProcessed', 'carryForward'] as const;

function freezeConstraint(c: Constraint): Constraint {
  Object.freeze(c.parts);
  Object.freeze(c.totals);
  return Object.freeze(c);
}

function buildConstraints(tables: ReportTables): Constraint[] {
  const format = applicationsFormat(tables);
  const rows = format.tables.applications.rows;
  const leafKeys = format.tables.applications.leafKeys.filter((k) => k in tables.applications);
  const a = (row: string, col: number) => cellId('applications', row, APPLICANT_COLUMN_KEYS[col] ?? '');
  const out: Constraint[] = [];
  for (const row of leafKeys) {
    out.push({
      rule: 'R2',
      table: 'applications',
      row,
      column: 'total',
      parts: [0, 1, 2, 3, 4, 5].map((c) => a(row, c)),
      totals: [a(row, TOTAL_COLUMN)],
    });
  }
  const outcomes = rows.filter((r) => r.leaf && r.outcome && r.key in tables.applications).map((r) => r.key);
  const has = (k: string) => k in tables.applications;
  for (let c = 0; c < APPLICANT_COLUMN_KEYS.length; c++) {
    const column = APPLICANT_COLUMN_KEYS[c] ?? null;
    if (has('totalProcessed')) {
      out.push({
        rule: 'R3',
        table: 'applications',
        row: 'totalProcessed',
        column,
        parts: outcomes.map((r) => a(r, c)),
        totals: [a('totalProcessed', c)],
      });
    }
    if (has('newReceived') && has('carriedOver') && has('totalProcessed') && has('carryForward')) {
      out.push({
        rule: 'R1',
        table: 'applications',
        row: null,
        column,
        parts: [a('newReceived', c), a('carriedOver', c)],
        totals: [a('totalProcessed', c), a('carryForward', c)],
      });
    }
  }
  for (const g of REVIEW_GROUPS) {
    out.push({
      rule: 'R4',
      table: 'review',
      row: null,
      column: `${g}.total`,
      parts: REVIEW_OUTCOMES.slice(0, 4).map((o) => cellId('review', null, `${g}.${o}`)),
      totals: [cellId('review', null, `${g}.total`)],
    });
  }
  return out;
}

/** Printed total minus required sum; 0 when the rule holds. */
export function residual(c: Constraint, values: ReadonlyMap<CellId, CellValue>): number {
  let r = 0;
  for (const t of c.totals) r += values.get(t)?.value ?? 0;
  for (const p of c.parts) r -= values.get(p)?.value ?? 0;
  return r;
}

function sum(ids: readonly CellId[], values: ReadonlyMap<CellId, CellValue>): number {
  let s = 0;
  for (const id of ids) s += values.get(id)?.value ?? 0;
  return s;
}

/** A failing constraint described for a clerk. */
export function describeFailure(c: Constraint, values: ReadonlyMap<CellId, CellValue>): FailedCheck {
  const expected = sum(c.parts, values);
  const totalsBlank = c.totals.every((t) => values.get(t)?.blank ?? true);
  const actual = c.totals.length === 1 && totalsBlank ? null : sum(c.totals, values);
  const shown = actual === null ? '空白' : String(actual);
  const col = c.column ? columnName(c.column) : '';
  let description: string;
  switch (c.rule) {
    case 'R2':
      description = `${rowName(c.row ?? '')}：总计应等于各类申请人之和${expected}，表中为${shown}`;
      break;
    case 'R3':
      description = `三（七）总计“${col}”栏应等于（一）至（六）各项之和${expected}，表中为${shown}`;
      break;
    case 'R1':
      description = `“${col}”栏：一（本年新收）加二（上年结转）为${expected}，三（七）总计加四（结转下年度）为${shown}，两者应相等`;
      break;
    case 'R4':
      description = `${columnName(c.column ?? '')}应等于结果维持、结果纠正、其他结果、尚未审结之和${expected}，表中为${shown}`;
      break;
  }
  return { rule: c.rule, table: c.table, row: c.row, column: c.column, expected, actual, description };
}

/** A cell change that explains failing sums. */
export interface Correction {
  readonly cell: CellId;
  readonly printed: number | null;
  readonly corrected: number;
}

export interface CulpritResult {
  /** Smallest set of cell corrections that makes every sum hold; null when none (or no unique one) found. */
  readonly corrections: readonly Correction[] | null;
  /** Other minimal sets, when the choice was not unique. */
  readonly alternatives: number;
}

/** Coefficient of every cell in a constraint (totals +1, parts −1); cached for the shared, frozen constraints. */
const COEFFICIENTS = new WeakMap<Constraint, ReadonlyMap<CellId, number>>();

function coefficients(c: Constraint): ReadonlyMap<CellId, number> {
  let m = COEFFICIENTS.get(c);
  if (!m) {
    const built = new Map<CellId, number>();
    for (const t of c.totals) built.set(t, (built.get(t) ?? 0) + 1);
    for (const p of c.parts) built.set(p, (built.get(p) ?? 0) - 1);
    m = built;
    if (Object.isFrozen(c) && Object.isFrozen(c.parts) && Object.isFrozen(c.totals)) COEFFICIENTS.set(c, m);
  }
  return m;
}

/** Bound on the search (cells considered for 3-cell corrections), keeps the check linear in practice. */
export const MAX_TRIPLE_CANDIDATES = 24;
const MAX_SOLUTIONS = 16;

/**
 * Most-likely-wrong-cell search: the smallest set of cells (1–3) whose correction makes all
 * failing constraints hold without breaking any other, corrected values non-negative.
 * When several minimal sets exist, prefers one whose cells all sit in one row; otherwise reports none.
 * `unverifiable` cells are never named: a sum they are in could not be checked (it holds a cell the
 * reader could not read), so a correction of theirs might break it unseen.
 */
export function findCulprits(
  constraints: readonly Constraint[],
  values: ReadonlyMap<CellId, CellValue>,
  unverifiable: ReadonlySet<CellId> = new Set(),
): CulpritResult {
  const res = constraints.map((c) => residual(c, values));
  const failing = constraints.map((_, i) => i).filter((i) => res[i] !== 0);
  if (failing.length === 0) return { corrections: [], alternatives: 0 };
  const byCell = new Map<CellId, number[]>();
  const addCell = (id: CellId, i: number) => {
    const list = byCell.get(id);
    if (list) list.push(i);
    else byCell.set(id, [i]);
  };
  constraints.forEach((c, i) => {
    for (const id of c.parts) addCell(id, i);
    for (const id of c.totals) addCell(id, i);
  });
  const candidates = [
    ...new Set(failing.flatMap((i) => [...constraints[i]!.totals, ...constraints[i]!.parts])),
  ].filter((cell) => !unverifiable.has(cell));

  const coefs = constraints.map(coefficients);
  const coef = (ci: number, cell: CellId): number => coefs[ci]!.get(cell) ?? 0;
  // Every failing constraint must contain a corrected cell: prune sets that leave one uncovered.
  const covers = (set: readonly CellId[]): boolean => {
    for (const ci of failing) {
      const m = coefs[ci]!;
      let covered = false;
      for (const cell of set) {
        if (m.has(cell)) {
          covered = true;
          break;
        }
      }
      if (!covered) return false;
    }
    return true;
  };

  const solve = (set: readonly CellId[]): Correction[] | null => {
    if (!covers(set)) return null;
    const relevant = new Set<number>(failing);
    for (const cell of set) for (const ci of byCell.get(cell) ?? []) relevant.add(ci);
    const delta = new Map<CellId, number>();
    let progress = true;
    while (progress) {
      progress = false;
      for (const ci of relevant) {
        let known = res[ci]!;
        let unknown: CellId | null = null;
        let unknownCount = 0;
        for (const cell of set) {
          const k = coef(ci, cell);
          if (k === 0) continue;
          const d = delta.get(cell);
          if (d === undefined) {
            unknown = cell;
            unknownCount++;
          } else known += k * d;
        }
        if (unknownCount === 1 && unknown) {
          const k = coef(ci, unknown);
          if (-known % k !== 0) return null;
          delta.set(unknown, -known / k);
          progress = true;
        }
      }
    }
    for (const ci of relevant) {
      let r = res[ci]!;
      for (const cell of set) {
        const d = delta.get(cell);
        if (d === undefined) return null;
        r += coef(ci, cell) * d;
      }
      if (r !== 0) return null;
    }
    const out: Correction[] = [];
    for (const cell of set) {
      const d = delta.get(cell) ?? 0;
      const v = values.get(cell);
      const corrected = (v?.value ?? 0) + d;
      if (d === 0 || corrected < 0) return null;
      out.push({ cell, printed: v && !v.blank ? v.value : null, corrected });
    }
    return out;
  };

  let totalCells: Set<CellId> | null = null;
  // Tie-breaks, in order: more corrected cells that are printed totals (a total left at 0 or blank is
  // the commonest error), then all cells in one row (one row mistyped).
  const pick = (solutions: Correction[][]): CulpritResult | null => {
    if (solutions.length === 0) return null;
    if (solutions.length === 1) return { corrections: solutions[0]!, alternatives: 0 };
    totalCells ??= new Set(constraints.flatMap((c) => c.totals));
    const totals = totalCells;
    const score = (s: Correction[]) => s.filter((c) => totals.has(c.cell)).length;
    const best = Math.max(...solutions.map(score));
    const top = solutions.filter((s) => score(s) === best);
    if (top.length === 1) return { corrections: top[0]!, alternatives: solutions.length - 1 };
    const sameRow = top.filter((s) => new Set(s.map((c) => rowOf(c.cell))).size === 1);
    if (sameRow.length === 1) return { corrections: sameRow[0]!, alternatives: solutions.length - 1 };
    return { corrections: null, alternatives: solutions.length };
  };

  const singles: Correction[][] = [];
  for (const c of candidates) {
    const s = solve([c]);
    if (s) singles.push(s);
  }
  const p1 = pick(singles);
  if (p1) return p1;
  const pairs: Correction[][] = [];
  for (let i = 0; i < candidates.length && pairs.length < MAX_SOLUTIONS; i++) {
    for (let j = i + 1; j < candidates.length && pairs.length < MAX_SOLUTIONS; j++) {
      const s = solve([candidates[i]!, candidates[j]!]);
      if (s) pairs.push(s);
    }
  }
  const p2 = pick(pairs);
  if (p2) return p2;
  if (candidates.length > MAX_TRIPLE_CANDIDATES) return { corrections: null, alternatives: 0 };
  const triples: Correction[][] = [];
  for (let i = 0; i < candidates.length && triples.length < MAX_SOLUTIONS; i++) {
    for (let j = i + 1; j < candidates.length && triples.length < MAX_SOLUTIONS; j++) {
      for (let k = j + 1; k < candidates.length && triples.length < MAX_SOLUTIONS; k++) {
        const s = solve([candidates[i]!, candidates[j]!, candidates[k]!]);
        if (s) triples.push(s);
      }
    }
  }
  return pick(triples) ?? { corrections: null, alternatives: 0 };
}

function rowOf(cell: CellId): string {
  const { table, row } = parseCellId(cell);
  return `${table}:${row ?? ''}`;
}

export { cellName };

/** Groups constraints that share cells (directly or through others): independent parts of a table. */
export function constraintComponents(constraints: readonly Constraint[]): Constraint[][] {
  const parent = constraints.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<CellId, number>();
  const join = (id: CellId, i: number) => {
    const o = owner.get(id);
    if (o === undefined) owner.set(id, i);
    else parent[find(i)] = find(o);
  };
  constraints.forEach((c, i) => {
    for (const id of c.parts) join(id, i);
    for (const id of c.totals) join(id, i);
  });
  const groups = new Map<number, Constraint[]>();
  constraints.forEach((c, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(c);
    else groups.set(r, [c]);
  });
  return [...groups.values()];
}
