import type { ApplicationRowKey } from '../../format/types.ts';
import { APPLICANT_COLUMN_KEYS } from '../../format/types.ts';
import { type Finding, finding } from '../../rules/findings.ts';
import { cellName } from '../../rules/labels.ts';
import { type CellId, parseCellId, REVIEW_KEYS } from '../../rules/sums.ts';
import type { ReadReport } from '../index.ts';
import type { PlacedWord } from '../positioned.ts';
import type { FigureDecision } from './confidence.rules.ts';
import { originKey } from './placed-text.ts';

/**
 * The figures OCR was unsure of, applied to a reading (pure). An unsure cell is never judged with:
 *
 * - when its row has a sum (table 3: six applicant columns = 总计; table 4: four outcomes = 总计 in
 *   each of the three groups) and exactly one choice among the unsure cells' readings makes it hold,
 *   that choice is taken and said (a finding, and the sum is listed as assumed: it proves nothing);
 * - otherwise the cell becomes unknown (value null, rules skip it) and a READ_AMBIGUOUS warning names
 *   it with what was read.
 */
export interface UnsureOutcome {
  readonly report: ReadReport;
  /** Names of the cells left unknown. */
  readonly unsure: readonly string[];
  /** Names of the cells a sum decided, with the value taken. */
  readonly corrected: readonly string[];
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
  for (const [id, src] of report.provenance) {
    const word = origins.get(originKey(src.line, src.cell));
    const decision = word ? decisions.get(word) : undefined;
    if (decision && !decision.sure) open.push({ id, decision });
  }
  if (open.length === 0) return { report, unsure: [], corrected: [] };

  const values = new Map<CellId, number | null>();
  const corrected: string[] = [];
  const assumed: string[] = [];
  const findings: Finding[] = [];
  const settled = new Set<CellId>();
  const openIds = new Map(open.map((o) => [o.id, o]));
  for (const g of sumGroups(report)) {
    const ids = [...g.parts, g.total];
    const mine = ids.filter((id) => openIds.has(id) && !settled.has(id));
    if (mine.length === 0 || mine.some((id) => openIds.get(id)!.decision.readings.length === 0)) continue;
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

  const unknown = new Set(report.unknownCells);
  const unsure: string[] = [];
  const provenance = new Map(report.provenance);
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
      tables: Object.freeze({
        applications: Object.freeze(applications) as ReadReport['tables']['applications'],
        review: Object.freeze(review),
        proactive: Object.freeze(proactive),
      }),
      provenance,
      unknownCells: unknown,
      findings: [...kept, ...findings],
      assumedSums: [...report.assumedSums, ...assumed],
    },
    unsure,
    corrected,
  };
}
