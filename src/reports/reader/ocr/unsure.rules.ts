import type { ApplicationRowKey } from '../../format/types.ts';
import { APPLICANT_COLUMN_KEYS } from '../../format/types.ts';
import { type Finding, finding } from '../../rules/findings.ts';
import { cellName } from '../../rules/labels.ts';
import {
  type CellId,
  cellValues,
  parseCellId,
  REVIEW_KEYS,
  residual,
  sumConstraints,
} from '../../rules/sums.ts';
import type { CellSource, ReadReport } from '../index.ts';
import type { PlacedWord } from '../positioned.ts';
import { type FigureDecision, WEAK } from './confidence.rules.ts';
import { originKey } from './placed-text.ts';

/**
 * The figures OCR was unsure of, applied to a reading (pure). An unsure cell is never judged with:
 *
 * - when its row has a sum (table 3: six applicant columns = 总计; table 4: four outcomes = 总计 in
 *   each of the three groups), every unsure cell in it was read with confidence at least WEAK, and
 *   exactly one choice among the unsure cells' readings makes it hold, that choice is taken and said (a finding, and the sum is listed as assumed: it proves nothing);
 * - otherwise the cell becomes unknown (value null, rules skip it) and a READ_AMBIGUOUS warning names
 *   it with what was read;
 * - a sum of tables 3 and 4 (R1–R4) that fails on a scan is at least as likely a misreading as the
 *   report's error: every cell of it that OCR was not firm about (decided by a sum, or read with
 *   confidence under FIRM) and whose misreading could explain the failure (the value the sum needs is
 *   one digit away from what was read) becomes unknown too, with a READ_AMBIGUOUS warning naming it;
 *   an error is judged only where no such cell is involved.
 */
export interface UnsureOutcome {
  readonly report: ReadReport;
  /** Names of the cells left unknown. */
  readonly unsure: readonly string[];
  /** Names of the cells a sum decided, with the value taken. */
  readonly corrected: readonly string[];
  /** Names of the cells withheld because a sum through them failed and they were not read firmly. */
  readonly doubted: readonly string[];
}

/** A figure read with at least this confidence, and sure, may stand behind an error. */
export const FIRM = 0.95;

/** Digits the recognisers take for one another on these scans (both ways). */
const CONFUSED = new Set(
  ['17', '38', '36', '56', '68', '08', '89', '35', '14', '49', '27'].flatMap((p) => [p, `${p[1]}${p[0]}`]),
);

/**
 * Whether OCR could have read `needed` as `read`: a whole number one digit away — a digit dropped or
 * added (a lone 1 lost), or one digit taken for a look-alike (8 for 3). A sum that needs 11 where 0
 * was read, or 21 where 20 was read, is the report's, not the reading's.
 */
export function couldBeMisread(read: string, needed: number): boolean {
  if (!Number.isInteger(needed) || needed < 0) return false;
  const a = read;
  const b = String(needed);
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const at = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
    return at.length === 1 && CONFUSED.has(`${a[at[0]!]}${b[at[0]!]}`);
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

/** Whether a decided figure is firm enough to support an error: sure, and clearly above the threshold. */
export function isFirm(d: FigureDecision): boolean {
  return d.sure && d.confidence >= FIRM;
}

interface Open {
  readonly id: CellId;
  readonly decision: FigureDecision;
}

/** Sum groups: the ids of parts and total that one sum ties together. */
function sumGroups(report: ReadReport): { parts: CellId[]; total: CellId; name: string }[] {
  const out: { parts: CellId[]; total: CellId; name: string }[] = [];
  for (const row of Object.keys(report.tables.applications)) {
    const ids = [...report.provenance.keys()].filter((id) => {
      const p = parseCellId(id);
      return p.table === 'applications' && p.row === row;
    });
    if (ids.length === 0) continue;
    const byColumn = (k: string) => ids.find((id) => parseCellId(id).column === k);
    const total = byColumn('total');
    const parts = APPLICANT_COLUMN_KEYS.slice(0, -1).map(byColumn);
    if (total && parts.every(Boolean))
      out.push({ parts: parts as CellId[], total, name: `“${cellName(row, null)}”一行的合计` });
  }
  for (const g of ['review', 'litigationDirect', 'litigationAfterReview']) {
    const keys = REVIEW_KEYS.filter((k) => k.startsWith(`${g}.`));
    const ids = keys.map((k) => [...report.provenance.keys()].find((id) => parseCellId(id).column === k));
    if (ids.every(Boolean))
      out.push({
        parts: ids.slice(0, 4) as CellId[],
        total: ids[4]!,
        name: `行政复议、行政诉讼情况表“${cellName(null, keys[4]!).split('·')[0]}”的总计`,
      });
  }
  return out;
}

function nameOf(id: CellId): string {
  const p = parseCellId(id);
  return p.table === 'proactive' ? cellName(null, p.column) : cellName(p.row, p.column);
}

function cellValue(report: ReadReport, id: CellId): number | null {
  const p = parseCellId(id);
  if (p.table === 'applications') {
    const row = report.tables.applications[p.row as ApplicationRowKey];
    const i = APPLICANT_COLUMN_KEYS.indexOf(p.column as (typeof APPLICANT_COLUMN_KEYS)[number]);
    return row?.[i] ?? null;
  }
  if (p.table === 'review') return report.tables.review[REVIEW_KEYS.indexOf(p.column ?? '')] ?? null;
  const v = report.tables.proactive[p.column ?? ''];
  return typeof v === 'number' ? v : null;
}

const MAX_COMBINATIONS = 4096;

export function applyUnsure(
  report: ReadReport,
  origins: ReadonlyMap<string, PlacedWord>,
  decisions: ReadonlyMap<PlacedWord, FigureDecision>,
): UnsureOutcome {
  const open: Open[] = [];
  /** Cells printed by an OCR word that is not firm (their decision, or the page reading's confidence). */
  const loose = new Map<CellId, readonly string[]>();
  for (const [id, src] of report.provenance) {
    const word = origins.get(originKey(src.line, src.cell));
    const decision = word ? decisions.get(word) : undefined;
    if (decision && !decision.sure) open.push({ id, decision });
    if (decision ? !isFirm(decision) : word && (word.confidence ?? 1) < FIRM)
      loose.set(id, decision ? decision.readings : [word!.text]);
  }
  if (open.length === 0 && loose.size === 0) return { report, unsure: [], corrected: [], doubted: [] };

  const values = new Map<CellId, number | null>();
  const corrected: string[] = [];
  const assumed: string[] = [];
  const findings: Finding[] = [];
  const settled = new Set<CellId>();
  const settledSources = new Map<CellId, CellSource>();
  const openIds = new Map(open.map((o) => [o.id, o]));
  for (const g of sumGroups(report)) {
    const ids = [...g.parts, g.total];
    const mine = ids.filter((id) => openIds.has(id) && !settled.has(id));
    // A cell read only weakly (under WEAK) may be a digit short (a lone 1 dropped): its readings are
    // no list to choose from, and a sum that fits them proves nothing.
    if (
      mine.length === 0 ||
      mine.some((id) => {
        const d = openIds.get(id)!.decision;
        return d.readings.length === 0 || d.confidence < WEAK;
      })
    )
      continue;
    const fixed = ids.filter((id) => !openIds.has(id));
    if (fixed.some((id) => cellValue(report, id) === null)) continue;
    const choices = mine.map((id) => openIds.get(id)!.decision.readings.map(Number));
    if (choices.reduce((n, c) => n * c.length, 1) > MAX_COMBINATIONS) continue;
    const fits: number[][] = [];
    const pick: number[] = [];
    const walk = (k: number) => {
      if (k === mine.length) {
        const v = (id: CellId) => (mine.includes(id) ? pick[mine.indexOf(id)]! : cellValue(report, id)!);
        const sum = g.parts.reduce((s, id) => s + v(id), 0);
        if (Math.abs(sum - v(g.total)) < 1e-9) fits.push([...pick]);
        return;
      }
      for (const c of choices[k]!) {
        pick[k] = c;
        walk(k + 1);
      }
    };
    walk(0);
    if (fits.length !== 1) continue;
    mine.forEach((id, k) => {
      const p = parseCellId(id);
      const o = openIds.get(id)!;
      const v = fits[0]![k]!;
      values.set(id, v);
      settled.add(id);
      const name = nameOf(id);
      corrected.push(`${name}：${v}`);
      findings.push(
        finding({
          rule: 'READ_EXTRA',
          severity: 'warning',
          table: p.table,
          row: p.row,
          column: p.column,
          expected: v,
          actual: o.decision.readings.join('/'),
          message: `扫描件中“${name}”一格文字识别不确定（读作${o.decision.readings.map((r) => `“${r}”`).join('或')}），按${g.name}取${v}；这一行的合计因此不能作为核对依据，请对照原件确认。`,
        }),
      );
    });
    assumed.push(`${g.name}（用于确定扫描件中识别不确定的单元格）`);
  }

  // Failing sums (R1–R4, with the values known so far) through a cell not read firmly: those cells
  // are withheld, so no error rests on a figure OCR may have misread.
  const now = (id: CellId) => (values.has(id) ? values.get(id)! : cellValue(report, id));
  for (const id of settled) if (!loose.has(id)) loose.set(id, [String(values.get(id))]);
  const doubted: string[] = [];
  const doubtedIds = new Set<CellId>();
  const withValues = tablesWith(report, values);
  const known = cellValues(withValues);
  for (const c of sumConstraints(withValues)) {
    const ids = [...c.parts, ...c.totals];
    if (ids.some((id) => now(id) === null)) continue;
    if (ids.some((id) => openIds.has(id) && !settled.has(id))) continue;
    const off = residual(c, known);
    if (off === 0) continue;
    for (const id of ids) {
      const v = now(id);
      if (!loose.has(id) || v === null) continue;
      // The value this cell would need for the sum to hold (a total: less by `off`; a part: more).
      const needed = c.totals.includes(id) ? v - off : v + off;
      if (couldBeMisread(String(v), needed)) doubtedIds.add(id);
    }
  }
  for (const id of doubtedIds) {
    const p = parseCellId(id);
    const name = nameOf(id);
    doubted.push(name);
    values.set(id, null);
    const src = report.provenance.get(id);
    const read = loose.get(id) ?? [];
    findings.push(
      finding({
        rule: 'READ_AMBIGUOUS',
        severity: 'warning',
        table: p.table,
        row: p.row,
        column: p.column,
        expected: null,
        actual: read.join('/') || null,
        message: `扫描件中“${name}”一格（识别为${read.map((r) => `“${r}”`).join('或') || '空白'}）所在的合计对不上，而这一格的文字识别不够可靠，可能是识别错误而非报告错误；这一格暂不核对，相关的合计也不据此下结论，请对照原件。`,
      }),
    );
    if (src) settledSources.set(id, src);
  }
  if (open.length === 0 && doubtedIds.size === 0) return { report, unsure: [], corrected: [], doubted: [] };

  const unknown = new Set(report.unknownCells);
  const unsure: string[] = [];
  const provenance = new Map(report.provenance);
  for (const [id, src] of settledSources) {
    unknown.add(id);
    provenance.set(id, { ...src, state: 'ambiguous' });
  }
  for (const o of open) {
    if (settled.has(o.id)) continue;
    const p = parseCellId(o.id);
    const name = nameOf(o.id);
    unsure.push(name);
    unknown.add(o.id);
    values.set(o.id, null);
    const src = provenance.get(o.id)!;
    provenance.set(o.id, { ...src, state: o.decision.readings.length > 1 ? 'ambiguous' : 'missing' });
    const read = o.decision.readings;
    findings.push(
      finding({
        rule: 'READ_AMBIGUOUS',
        severity: 'warning',
        table: p.table,
        row: p.row,
        column: p.column,
        expected: null,
        actual: read.join('/') || null,
        message: `扫描件中“${name}”一格文字识别不确定（${read.length === 0 ? '有字迹但认不出' : `可能是${read.map((r) => `“${r}”`).join('或')}`}），这一格暂不核对，请对照原件。`,
      }),
    );
  }

  // Findings the reader made about a cell now unknown (a blank it saw) no longer apply.
  const touched = new Set(values.keys());
  const kept = report.findings.filter(
    (f) =>
      !(
        f.column &&
        [...touched].some((id) => {
          const p = parseCellId(id);
          return p.table === f.table && p.row === f.row && p.column === f.column;
        })
      ),
  );
  return {
    report: {
      ...report,
      tables: tablesWith(report, values),
      provenance,
      unknownCells: unknown,
      findings: [...kept, ...findings],
      assumedSums: [...report.assumedSums, ...assumed],
    },
    unsure,
    corrected,
    doubted,
  };
}

/** The reading's tables with some cells set (null = unknown). */
function tablesWith(report: ReadReport, values: ReadonlyMap<CellId, number | null>): ReadReport['tables'] {
  const applications: Record<string, (number | null)[]> = {};
  for (const [k, row] of Object.entries(report.tables.applications)) applications[k] = [...(row ?? [])];
  const review = [...report.tables.review];
  const proactive = { ...report.tables.proactive };
  for (const [id, v] of values) {
    const p = parseCellId(id);
    if (p.table === 'applications' && p.row && applications[p.row])
      applications[p.row]![APPLICANT_COLUMN_KEYS.indexOf(p.column as 'total')] = v;
    else if (p.table === 'review') review[REVIEW_KEYS.indexOf(p.column ?? '')] = v;
    else if (p.table === 'proactive' && p.column) proactive[p.column] = v;
  }
  return Object.freeze({
    applications: Object.freeze(applications) as ReadReport['tables']['applications'],
    review: Object.freeze(review),
    proactive: Object.freeze(proactive),
  });
}
