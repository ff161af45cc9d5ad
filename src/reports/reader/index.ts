import { FORMATS, formatForYear } from '../format/formats.ts';
import {
  APPLICANT_COLUMN_COUNT,
  emptyTables,
  freezeTables,
  type MutableReportTables,
  REVIEW_COLUMN_COUNT,
  type ReportTables,
  type Cell as TableCell,
} from '../format/tables.ts';
import type { ApplicationRowKey, FormatId } from '../format/types.ts';
import { APPLICANT_COLUMN_KEYS } from '../format/types.ts';
import { type Finding, finding, type TableId } from '../rules/findings.ts';
import { cellName, columnName, rowName } from '../rules/labels.ts';
import { applicationRowIds, type CellId, cellId, REVIEW_KEYS } from '../rules/sums.ts';
import {
  type Cell,
  detectShape,
  isPlaceholderCell,
  normalizeInput,
  type TextShape,
  toCells,
} from './cells.ts';
import { htmlToText, looksLikeHtml } from './html.ts';
import { LAYOUT_2021, matchApplicationRow, matchProactiveRow, normalizeLabel } from './labels.ts';
import { readMeta, shortPeriod } from './meta.ts';
import { agreedCells, cellAgreed, splitTokens, type Token } from './split.ts';
import { asGlued, hardCount, type Repaired, repairGroup, streamGroups, type ValueGroup } from './stream.ts';

export type { TextShape } from './cells.ts';
export { htmlToText } from './html.ts';

/** Where one table cell came from. */
export interface CellSource {
  readonly line: number;
  readonly cell: number;
  /** Printed text of the cell (the whole glued run when cells were glued). */
  readonly text: string;
  /**
   * `read`: printed as is; `blank`: printed empty; `split`: cut out of a glued run;
   * `ambiguous`: several readings remain (value null); `missing`: not found (value null).
   */
  readonly state: 'read' | 'blank' | 'split' | 'ambiguous' | 'missing';
  /** For `split`: what decided the cut. A sum used here proves nothing about that sum. */
  readonly decidedBy?: 'unique' | 'rowSum' | 'reviewSums' | 'columnSums';
  /**
   * For `split` cells of a row whose printed count did not fit the columns: `joined` = a number
   * broken over two lines was joined; `expanded` = repeated values merged by a crawler were expanded.
   */
  readonly repaired?: 'joined' | 'expanded';
}

export type Provenance = ReadonlyMap<CellId, CellSource>;

export interface ReadReport {
  readonly ok: true;
  readonly format: FormatId;
  readonly year: number | null;
  readonly agency: string | null;
  readonly tables: ReportTables;
  /** Prose outside the tables. */
  readonly narrative: string;
  readonly provenance: Provenance;
  /** Cells that could not be read (ambiguous or missing): rules skip them. */
  readonly unknownCells: ReadonlySet<CellId>;
  /** Problems met while reading (READ_* findings). */
  readonly findings: readonly Finding[];
  readonly shape: TextShape;
  /** Sums that were used to decide glued splits (they hold by construction; not evidence). */
  readonly assumedSums: readonly string[];
  /** Offsets of the tables (table 2, or 3, to the last figure of table 4) in the normalised text. */
  readonly tablesSpan: readonly [number, number];
}

export interface Unreadable {
  readonly ok: false;
  /** Why the text cannot be read as an annual report, in Chinese. */
  readonly reason: string;
  /** What is missing (Chinese names of tables or parts). */
  readonly missing: readonly string[];
  readonly year: number | null;
  readonly agency: string | null;
}

export type ReadResult = ReadReport | Unreadable;

/** Longest input read (characters); the rest is ignored with a finding. */
export const MAX_INPUT_CHARS = 3_000_000;

/**
 * Reads the text (or HTML) of a published annual report. Never throws.
 *
 * @example
 * const r = readReport(text);
 * if (r.ok) r.tables.applications.newReceived // [61, 0, 0, 0, 0, 0, 61]
 */
export function readReport(input: string): ReadResult {
  try {
    return readUnsafe(input);
  } catch (e) {
    return unreadable(
      `读取时出现意外问题（${e instanceof Error ? e.message : String(e)}），请把文件交给技术人员。`,
      [],
      null,
      null,
    );
  }
}

/** Control characters (other than tab, line breaks, form feed) and U+FFFD: signs of a binary file. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/;

function countControlCharacters(text: string): number {
  // Text files have none: one native scan instead of a character loop.
  if (!CONTROL_CHARACTER.test(text)) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) n++;
  }
  return n;
}

function unreadable(
  reason: string,
  missing: readonly string[],
  year: number | null,
  agency: string | null,
): Unreadable {
  return { ok: false, reason, missing, year, agency };
}

const T3_NAME = '收到和处理政府信息公开申请情况表';
const T4_NAME = '政府信息公开行政复议、行政诉讼情况表';
const T2_NAME = '主动公开政府信息情况表';

function readUnsafe(input: string): ReadResult {
  if (typeof input !== 'string' || input.trim() === '')
    return unreadable('文件是空的，没有任何文字。', [T2_NAME, T3_NAME, T4_NAME], null, null);
  const extraFindings: Finding[] = [];
  let text = input.length > MAX_INPUT_CHARS ? input.slice(0, MAX_INPUT_CHARS) : input;
  const sample = text.slice(0, 20000);
  const control = countControlCharacters(sample);
  if (control > Math.max(8, sample.length * 0.02)) {
    return unreadable(
      '文件不是文字（可能是图片、压缩包或损坏的文件），无法读取。请提供报告的文字版（.txt 或网页）。',
      [T3_NAME],
      null,
      null,
    );
  }
  if (looksLikeHtml(text)) text = htmlToText(text);
  text = normalizeInput(text);
  const meta = readMeta(text);
  const shape = detectShape(text);
  const cells = toCells(text, shape);
  const norm = lazyNormalized(cells);
  const isEmptyLine = emptyLines(text);

  const t3Start = findT3Start(cells, norm);
  if (t3Start < 0) {
    const hasHeading = /收到和处理政府信息公开申请/.test(text);
    return unreadable(
      hasHeading
        ? '找到了“收到和处理政府信息公开申请情况”标题，但后面没有表格数字（可能表格是图片，或文字在此处中断）。'
        : '这不像一份政府信息公开工作年度报告：没有找到“收到和处理政府信息公开申请情况”表（应有“一、本年新收政府信息公开申请数量”等行）。',
      [T3_NAME, T4_NAME],
      meta.year,
      meta.agency,
    );
  }
  let t4Start = -1;
  for (let i = t3Start + 1; i < cells.length; i++) {
    // Normalising never produces CJK characters: a cell without 复 cannot name 行政复议.
    if (cells[i]!.kind === 'text' && cells[i]!.text.includes('复') && /行政复议/.test(norm(i))) {
      t4Start = i;
      break;
    }
  }
  const t3End = t4Start < 0 ? cells.length : t4Start;
  let t2Start = -1;
  for (let i = 0; i < t3Start; i++) {
    if (cells[i]!.kind === 'text' && cells[i]!.text.includes('条') && /第二十条/.test(norm(i))) {
      t2Start = i;
      break;
    }
  }

  // ---- table 3
  const groups3 = valueGroups(cells, norm, t3Start, t3End).filter(
    (g) => g.tokens.length >= 4 || g.gluedDigits >= 7,
  );
  const regionText = joinNormalized(norm, t3Start, t3End);
  const layout: FormatId = LAYOUT_2021.test(regionText) ? '2021' : groups3.length === 25 ? '2021' : '2019';
  const leafKeys = FORMATS[layout].tables.applications.leafKeys;
  let assigned = assignRows(groups3, leafKeys);
  // Rows missing or of the wrong length: read the table as a stream aligned to the template instead,
  // when that places more rows (line breaks, indentation and row shapes then do not matter).
  if (rowScore(assigned, leafKeys) < leafKeys.length * 2) {
    const stream = streamGroups(cells, norm, t3Start, t3End, isEmptyLine).filter(
      (g) =>
        hardCount(g).hard >= 4 || g.gluedDigits >= 7 || (g.strong !== '' && matchesRow(g.strong, leafKeys)),
    );
    const byStream = assignRows(stream, leafKeys);
    if (rowScore(byStream, leafKeys) > rowScore(assigned, leafKeys)) assigned = byStream;
  }
  const foundRows = leafKeys.filter((k) => assigned.has(k)).length;
  if (foundRows < Math.ceil(leafKeys.length / 2)) {
    return unreadable(
      `“${T3_NAME}”不完整：${leafKeys.length}行中只读到${foundRows}行（报告可能被截断，或表格不是文字）。`,
      [T3_NAME, ...(t4Start < 0 ? [T4_NAME] : [])],
      meta.year,
      meta.agency,
    );
  }

  // ---- table 4
  const review = t4Start < 0 ? null : findReviewGroup(cells, norm, t4Start, isEmptyLine);
  if (!review) {
    return unreadable(
      `报告不完整：没有读到“${T4_NAME}”的数字（文字可能在此之前中断）。`,
      [T4_NAME],
      meta.year,
      meta.agency,
    );
  }

  // ---- format of table 2 (headers decide; else the table-3 layout; else the year)
  const t2Text = t2Start < 0 ? '' : joinNormalized(norm, t2Start, t3Start);
  const format: FormatId = /本年制发|本年废止|现行有效|本年处理决定|本年收费金额|万元/.test(t2Text)
    ? '2021'
    : /本年新制作|本年新公开|对外公开总|上一年项目|采购项目|处理决定数量/.test(t2Text)
      ? '2019'
      : layout === '2021'
        ? '2021'
        : meta.year !== null
          ? formatForYear(meta.year).id
          : layout;

  const tables = emptyTables(format, layout);
  const provenance = new Map<CellId, CellSource>();
  const unknown = new Set<CellId>();
  const findings: Finding[] = [...extraFindings];
  const assumedSums: string[] = [];

  readApplications(assigned, leafKeys, tables, provenance, unknown, findings, assumedSums);
  blankRowsWhereSumsHold(
    () => printedRowLabels(cells, norm, t3Start, t3End, leafKeys),
    leafKeys,
    tables,
    provenance,
    unknown,
    findings,
  );
  readReview(review, tables, provenance, unknown, findings);
  if (t2Start < 0) {
    findings.push(
      finding({
        rule: 'READ_MISSING',
        severity: 'warning',
        table: 'proactive',
        row: null,
        column: null,
        expected: null,
        actual: null,
        message: `没有找到“${T2_NAME}”（第二十条第（一）项等）。如报告中有此表，可能是图片；请核对。`,
      }),
    );
  } else {
    // Row by row first; as a stream when that leaves cells unread (one cell per line without indentation).
    let best = proactiveReading(valueGroups(cells, norm, t2Start, t3Start), format, layout);
    if (best.unknown.size > 0) {
      const byStream = proactiveReading(
        streamGroups(cells, norm, t2Start, t3Start, isEmptyLine),
        format,
        layout,
      );
      if (byStream.unknown.size < best.unknown.size) best = byStream;
    }
    for (const [k, v] of Object.entries(best.tables.proactive)) tables.proactive[k] = v;
    for (const [id, src] of best.provenance) provenance.set(id, src);
    for (const id of best.unknown) unknown.add(id);
    findings.push(...best.findings);
  }

  // ---- narrative: everything outside the tables
  const tablesFrom = cells[t2Start >= 0 ? t2Start : t3Start]!.start;
  const tablesTo = review.cells[review.cells.length - 1]!.end;
  const narrative = `${text.slice(0, tablesFrom)}\n${text.slice(tablesTo)}`;
  const period = shortPeriod(narrative.replace(/\s+/g, ''), meta.year);
  if (period) {
    findings.push(
      finding({
        rule: 'READ_EXTRA',
        severity: 'warning',
        table: 'report',
        row: 'period',
        column: null,
        expected: '1月1日至12月31日',
        actual: period,
        message: `报告写明的统计期限为“${period}”，不是完整的自然年度（1月1日至12月31日）。请核对统计期限。`,
      }),
    );
  }

  return {
    ok: true,
    format,
    year: meta.year,
    agency: meta.agency,
    tables: freezeTables(tables),
    narrative,
    provenance,
    unknownCells: unknown,
    findings,
    shape,
    assumedSums,
    tablesSpan: [tablesFrom, tablesTo],
  };
}

/** Normalised text of a text cell (`''` for figures), computed on first use: most cells are prose never looked at. */
type Normalized = (index: number) => string;

function lazyNormalized(cells: readonly Cell[]): Normalized {
  const cache: (string | undefined)[] = new Array(cells.length);
  return (i) => {
    const hit = cache[i];
    if (hit !== undefined) return hit;
    const c = cells[i];
    const v = c && c.kind === 'text' ? normalizeLabel(c.text) : '';
    cache[i] = v;
    return v;
  };
}

function joinNormalized(norm: Normalized, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) out += norm(i);
  return out;
}

/** Whether line `n` (1-based) of the text printed nothing. */
function emptyLines(text: string): (line: number) => boolean {
  let lines: string[] | null = null;
  return (n) => {
    lines ??= text.split('\n');
    const l = lines[n - 1];
    return l !== undefined && l.trim() === '';
  };
}

/** Rows placed, counted twice when their printed values fit the columns (soft blanks allowed). */
function rowScore(
  assigned: ReadonlyMap<ApplicationRowKey, ValueGroup>,
  keys: readonly ApplicationRowKey[],
): number {
  let score = 0;
  for (const k of keys) {
    const printed = assigned.get(k);
    if (!printed) continue;
    const g = asGlued(printed, APPLICANT_COLUMN_COUNT);
    score++;
    if (g.gluedDigits > 0) {
      score++;
      continue;
    }
    const { hard, soft } = hardCount(g);
    const trimmed = trimTrailingBlanks(g.tokens, APPLICANT_COLUMN_COUNT).length;
    if ((soft === 0 ? trimmed : hard) <= APPLICANT_COLUMN_COUNT && hard + soft >= APPLICANT_COLUMN_COUNT)
      score++;
  }
  return score;
}

function matchesRow(label: string, keys: readonly ApplicationRowKey[]): boolean {
  return matchApplicationRow(label, new Set(keys)) !== null;
}

function findT3Start(cells: readonly Cell[], norm: Normalized): number {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (c.kind !== 'text' || !/本|收/.test(c.text)) continue;
    // The label may be broken over two lines (`一、本年新` / `收政府信息公开申请数量`).
    const joined = i > 0 && cells[i - 1]!.kind === 'text' && !/本年新收/.test(norm(i));
    if (!/本年新收/.test(joined ? norm(i - 1) + norm(i) : norm(i))) continue;
    for (let j = i + 1; j < Math.min(cells.length, i + 12); j++) {
      if (cells[j]!.kind === 'value') return joined ? i - 1 : i;
      if (cells[j]!.kind === 'text' && /上年结转/.test(norm(j))) break;
    }
  }
  return -1;
}

// ---------------------------------------------------------------- value groups

/** Consecutive figure cells of one row, with the label text before them. */
function valueGroups(cells: readonly Cell[], norm: Normalized, from: number, to: number): ValueGroup[] {
  const out: ValueGroup[] = [];
  let weak = '';
  let strong = '';
  let row = -1;
  let i = from;
  while (i < to) {
    const c = cells[i]!;
    if (c.row !== row) {
      weak += strong;
      strong = '';
      row = c.row;
    }
    if (c.kind === 'text') {
      strong += norm(i);
      i++;
      continue;
    }
    const group: Cell[] = [];
    while (i < to && cells[i]!.kind !== 'text' && cells[i]!.row === row) group.push(cells[i++]!);
    const tokens: Token[] = [];
    const tokenCells: Cell[] = [];
    for (const g of group) {
      for (const t of g.tokens ?? []) {
        tokens.push(t);
        tokenCells.push(g);
      }
    }
    // Figures only: a row of blanks counts only right after its label (merged placeholders do not).
    const allBlank = tokens.every((t) => t.kind === 'blank');
    if (allBlank && (strong === '' || tokens.length < 5)) continue;
    const gluedDigits = tokens.reduce((s, t) => s + (t.kind === 'digits' && t.glued ? t.text.length : 0), 0);
    out.push({ cells: group, tokens, tokenCells, strong, weak, gluedDigits });
    weak = '';
    strong = '';
  }
  return out;
}

/** Drops blank cells after the `n`th (markdown and HTML rows often end with empty cells). */
function trimTrailingBlanks(tokens: readonly Token[], n: number): Token[] {
  const t = [...tokens];
  while (t.length > n && t[t.length - 1]!.kind === 'blank') t.pop();
  return t;
}

function countRange(tokens: readonly Token[]): [number, number] {
  let min = 0;
  let max = 0;
  for (const t of tokens) {
    if (t.kind === 'digits' && t.glued) {
      min += Math.ceil(t.text.length / 7);
      max += t.text.length;
    } else {
      min++;
      max++;
    }
  }
  return [min, max];
}

// ---------------------------------------------------------------- table 3

/**
 * Value groups → rows. When the number of groups equals the number of rows and every label printed
 * on a group's own row agrees with its position, rows are taken in order (PDF→markdown detaches
 * labels); otherwise labels decide, and unlabeled groups fill gaps of the right size.
 */
function assignRows(
  groups: readonly ValueGroup[],
  keys: readonly ApplicationRowKey[],
): Map<ApplicationRowKey, ValueGroup> {
  const allowed = new Set(keys);
  const strong = groups.map((g) => (g.strong ? matchApplicationRow(g.strong, allowed) : null));
  const out = new Map<ApplicationRowKey, ValueGroup>();
  if (groups.length === keys.length && strong.every((s, i) => s === null || s === keys[i])) {
    for (const [i, k] of keys.entries()) out.set(k, groups[i]!);
    return out;
  }
  const labels = groups.map((g, i) => strong[i] ?? (g.weak ? matchApplicationRow(g.weak, allowed) : null));
  const pos: number[] = [];
  let lastKeyIndex = -1;
  groups.forEach((g, i) => {
    const k = labels[i];
    const ki = k ? keys.indexOf(k) : -1;
    if (k && ki > lastKeyIndex && !out.has(k)) {
      out.set(k, g);
      pos[i] = ki;
      lastKeyIndex = ki;
    } else pos[i] = -1;
  });
  // Fill gaps: unlabeled groups between two placed groups, when counts match.
  let prevG = -1;
  let prevK = -1;
  for (let i = 0; i <= groups.length; i++) {
    const k = i < groups.length ? pos[i]! : keys.length;
    if (k < 0) continue;
    const gapGroups = i - prevG - 1;
    const gapKeys = k - prevK - 1;
    if (gapGroups > 0 && gapGroups === gapKeys) {
      for (let j = 1; j <= gapGroups; j++) {
        const key = keys[prevK + j]!;
        if (!out.has(key)) out.set(key, groups[prevG + j]!);
      }
    }
    prevG = i;
    prevK = k;
  }
  return out;
}

const rowSumHolds = (v: readonly (number | null)[]): boolean => {
  let sum = 0;
  for (let i = 0; i < 6 && i < v.length; i++) sum += v[i] ?? 0;
  return (v[6] ?? 0) === sum;
};

interface RowReading {
  readonly key: ApplicationRowKey;
  readonly group: ValueGroup;
  candidates: readonly (readonly (number | null)[])[];
  decidedBy: CellSource['decidedBy'];
  glued: boolean;
  truncated: boolean;
  /** Set when the printed count did not fit and the row was repaired (see stream.ts). */
  readonly repair?: Repaired;
}

/** Bound on combinations tried when column sums must decide between readings. */
const MAX_COMBINATIONS = 50000;

function readApplications(
  assigned: ReadonlyMap<ApplicationRowKey, ValueGroup>,
  keys: readonly ApplicationRowKey[],
  tables: MutableReportTables,
  provenance: Map<CellId, CellSource>,
  unknown: Set<CellId>,
  findings: Finding[],
  assumedSums: string[],
): void {
  const readings: RowReading[] = [];
  for (const key of keys) {
    const printed = assigned.get(key);
    const base = printed && withoutSoftBlanks(printed, APPLICANT_COLUMN_COUNT);
    const group = base && asGlued(base, APPLICANT_COLUMN_COUNT);
    if (!group) {
      for (let c = 0; c < APPLICANT_COLUMN_COUNT; c++) {
        const id = cellId('applications', key, APPLICANT_COLUMN_KEYS[c]!);
        unknown.add(id);
        provenance.set(id, { line: 0, cell: c, text: '', state: 'missing' });
      }
      findings.push(
        finding({
          rule: 'READ_MISSING',
          severity: 'error',
          table: 'applications',
          row: key,
          column: null,
          expected: null,
          actual: null,
          message: `表中没有找到“${rowName(key)}”这一行的数字。请核对报告是否漏了这一行。`,
        }),
      );
      continue;
    }
    const tokens = trimTrailingBlanks(group.tokens, APPLICANT_COLUMN_COUNT);
    const glued = group.gluedDigits > 0;
    const [min, max] = countRange(tokens);
    let r = glued
      ? splitTokens(tokens, APPLICANT_COLUMN_COUNT, rowSumHolds)
      : splitTokens(tokens, APPLICANT_COLUMN_COUNT);
    let decidedBy: CellSource['decidedBy'] = glued ? 'rowSum' : undefined;
    if (glued && r.candidates.length === 0 && !r.truncated) {
      // Too few figures that no split of their digits explains: repeated values may have been merged.
      const merged = group !== base && base ? repairGroup(base, APPLICANT_COLUMN_COUNT, rowSumHolds) : null;
      if (merged?.how === 'expanded' && merged.anyHolds) {
        readings.push({
          key,
          group: base!,
          candidates: merged.candidates,
          decidedBy: repairDecidedBy(merged, 'rowSum'),
          glued: false,
          truncated: false,
          repair: merged,
        });
        continue;
      }
      r = splitTokens(tokens, APPLICANT_COLUMN_COUNT);
      decidedBy = 'unique';
      if (r.candidates.length === 0 && !r.truncated && group !== base && base) {
        // Not enough digits for 7 values: the figures were merged or lost, not glued.
        findings.push(mergedFinding(key, base, hardCount(base).hard));
        readings.push({ key, group: base, candidates: [], decidedBy, glued: false, truncated: false });
        continue;
      }
    }
    if (!glued && (min !== APPLICANT_COLUMN_COUNT || max !== APPLICANT_COLUMN_COUNT)) {
      const repair = repairGroup(group, APPLICANT_COLUMN_COUNT, rowSumHolds);
      if (repair && (repair.how !== 'expanded' || repair.anyHolds)) {
        readings.push({
          key,
          group,
          candidates: repair.candidates,
          decidedBy: repairDecidedBy(repair, 'rowSum'),
          glued: false,
          truncated: false,
          repair,
        });
        continue;
      }
      const { hard } = hardCount(group);
      findings.push(
        hard < APPLICANT_COLUMN_COUNT && hard > 0
          ? mergedFinding(key, group, hard)
          : countFinding(key, group, tokens.length),
      );
      r = { candidates: [], truncated: false };
    }
    readings.push({ key, group, candidates: r.candidates, decidedBy, glued, truncated: r.truncated });
  }

  // Column sums decide between the readings of glued rows that row sums left open.
  const open = readings.filter((r) => r.candidates.length > 1 && !r.truncated);
  if (open.length > 0) {
    const combos = open.reduce((p, r) => p * r.candidates.length, 1);
    if (combos <= MAX_COMBINATIONS) {
      const solution = solveByColumnSums(readings, open, keys);
      if (solution) {
        open.forEach((r, i) => {
          r.candidates = [r.candidates[solution[i]!]!];
          r.decidedBy = 'columnSums';
        });
        assumedSums.push(
          '表三的列合计关系（一+二=三+四、（七）总计=各项之和）被用来拆分粘连的数字，因此不能据此证明这些关系成立',
        );
      }
    }
  }

  for (const r of readings) {
    const values =
      r.candidates.length === 0
        ? Array<TableCell>(APPLICANT_COLUMN_COUNT).fill(null)
        : agreedCells(r.candidates, APPLICANT_COLUMN_COUNT);
    const row = tables.applications[r.key]!;
    const direct = !r.glued && r.candidates.length === 1 && !r.repair;
    const ids = applicationRowIds(r.key);
    let ambiguousCells = 0;
    for (let c = 0; c < APPLICANT_COLUMN_COUNT; c++) {
      const id = ids[c]!;
      const agreed = r.candidates.length > 0 && cellAgreed(r.candidates, c);
      if (r.repair) {
        ambiguousCells += repairedCell(
          r.repair,
          c,
          id,
          agreed ? (values[c] ?? null) : undefined,
          r.decidedBy,
          provenance,
          unknown,
        );
        row[c] = agreed ? (values[c] ?? null) : null;
        continue;
      }
      const src = direct ? (r.group.tokenCells[c] ?? r.group.cells[0]!) : r.group.cells[0]!;
      if (r.candidates.length === 0 || !agreed) {
        unknown.add(id);
        ambiguousCells++;
        provenance.set(id, { line: src.line, cell: src.index, text: src.text, state: 'ambiguous' });
        row[c] = null;
        continue;
      }
      row[c] = values[c] ?? null;
      provenance.set(
        id,
        direct
          ? { line: src.line, cell: src.index, text: src.text, state: values[c] === null ? 'blank' : 'read' }
          : { line: src.line, cell: c, text: src.text, state: 'split', decidedBy: r.decidedBy },
      );
    }
    if (ambiguousCells > 0 && r.repair) {
      findings.push(
        repairFinding('applications', r.key, r.repair, r.candidates, APPLICANT_COLUMN_COUNT, ids, unknown),
      );
    } else if (ambiguousCells > 0 && r.candidates.length > 1) {
      const shown = r.candidates
        .slice(0, 4)
        .map((x) => x.map((v) => v ?? '空').join(','))
        .join('；');
      const ways = r.truncated ? '多' : r.candidates.length;
      findings.push(gluedRowFinding(r.key, r.group, `有${ways}种拆法都说得通（如：${shown}），无法确定`));
    } else if (ambiguousCells > 0 && r.glued) {
      findings.push(gluedRowFinding(r.key, r.group, '无法拆成7个数'));
    }
  }
}

/** Rows of table 3 whose label is printed (on its own, or before figures), with the line it is on. */
function printedRowLabels(
  cells: readonly Cell[],
  norm: Normalized,
  from: number,
  to: number,
  keys: readonly ApplicationRowKey[],
): Map<ApplicationRowKey, number> {
  const allowed = new Set(keys);
  const out = new Map<ApplicationRowKey, number>();
  for (let i = from; i < to; i++) {
    if (cells[i]!.kind !== 'text') continue;
    const k = matchApplicationRow(norm(i), allowed);
    if (k && !out.has(k)) out.set(k, cells[i]!.line);
  }
  return out;
}

/**
 * Rows printed with their label but no figures are blank rows, judged as blank cells are: when the
 * column sums hold with them as 0, they are read as blank (the BLANK warning says they count as 0),
 * not as a READ_MISSING error. When the sums need figures there, the row is still reported missing.
 */
function blankRowsWhereSumsHold(
  printedLabels: () => ReadonlyMap<ApplicationRowKey, number>,
  keys: readonly ApplicationRowKey[],
  tables: MutableReportTables,
  provenance: Map<CellId, CellSource>,
  unknown: Set<CellId>,
  findings: Finding[],
): void {
  const missing = keys.filter((k) => provenance.get(applicationRowIds(k)[0]!)?.state === 'missing');
  if (missing.length === 0) return;
  const labels = printedLabels();
  const blankRows = missing.filter(
    (k) => labels.has(k) && applicationRowIds(k).every((id) => provenance.get(id)?.state === 'missing'),
  );
  if (blankRows.length === 0) return;
  const blankIds = new Set(blankRows.flatMap((k) => applicationRowIds(k)));
  for (const id of unknown) if (id.startsWith('applications:') && !blankIds.has(id)) return;
  const outcomeKeys = FORMATS[keys.includes('other') ? '2019' : '2021'].tables.applications.rows
    .filter((r) => r.leaf && r.outcome)
    .map((r) => r.key as ApplicationRowKey);
  const v = (k: ApplicationRowKey, c: number) => tables.applications[k]?.[c] ?? 0;
  for (let c = 0; c < APPLICANT_COLUMN_COUNT; c++) {
    const total = v('totalProcessed', c);
    const outcomes = outcomeKeys.reduce((s, k) => s + v(k, c), 0);
    if (total !== outcomes || v('newReceived', c) + v('carriedOver', c) !== total + v('carryForward', c))
      return;
  }
  for (const k of blankRows) {
    applicationRowIds(k).forEach((id, c) => {
      unknown.delete(id);
      provenance.set(id, { line: labels.get(k) ?? 0, cell: c, text: '', state: 'blank' });
    });
  }
  const blank = new Set<string>(blankRows);
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i]!;
    if (f.rule === 'READ_MISSING' && f.table === 'applications' && f.row && blank.has(f.row))
      findings.splice(i, 1);
  }
}

/** READ_AMBIGUOUS: the numbers on a source line ran together and could not be told apart. */
function ambiguousLine(table: TableId, row: string | null, src: Cell, message: string): Finding {
  return finding({
    rule: 'READ_AMBIGUOUS',
    severity: 'warning',
    table,
    row,
    column: null,
    expected: null,
    actual: src.text,
    message,
  });
}

/** An application row whose numbers ran together; `why` says why it was not split. */
function gluedRowFinding(key: ApplicationRowKey, group: ValueGroup, why: string): Finding {
  const src = group.cells[0]!;
  return ambiguousLine(
    'applications',
    key,
    src,
    `“${rowName(key)}”一行的数字连在一起（原文第${src.line}行“${src.text}”），${why}，这一行暂不核对。请对照原件填写。`,
  );
}

function countFinding(key: ApplicationRowKey, group: ValueGroup, n: number): Finding {
  const src = group.cells[0]!;
  return finding({
    rule: 'READ_AMBIGUOUS',
    severity: 'warning',
    table: 'applications',
    row: key,
    column: null,
    expected: APPLICANT_COLUMN_COUNT,
    actual: n,
    message: `“${rowName(key)}”一行应有7个数，原文第${src.line}行读到${n}个（“${group.cells.map((c) => c.text).join(' ')}”），无法确定各数属于哪一栏，这一行暂不核对。`,
  });
}

/** Tries every combination of open readings; returns the only one satisfying R1 and R3, or null. */
function solveByColumnSums(
  readings: readonly RowReading[],
  open: readonly RowReading[],
  keys: readonly ApplicationRowKey[],
): number[] | null {
  const fixed = new Map<ApplicationRowKey, readonly (number | null)[]>();
  for (const r of readings) if (r.candidates.length === 1) fixed.set(r.key, r.candidates[0]!);
  const outcomeKeys = FORMATS[keys.includes('other') ? '2019' : '2021'].tables.applications.rows
    .filter((r) => r.leaf && r.outcome)
    .map((r) => r.key as ApplicationRowKey);
  const choice = open.map(() => 0);
  let found: number[] | null = null;
  let count = 0;
  // Only columns where the open readings differ can tell them apart: a column where every reading
  // agrees (and whose sums fail for another reason) must not reject them all.
  const columns: number[] = [];
  for (let c = 0; c < APPLICANT_COLUMN_COUNT; c++) {
    if (open.some((r) => !cellAgreed(r.candidates, c))) columns.push(c);
  }
  const value = (k: ApplicationRowKey, c: number): number | undefined => {
    const o = open.findIndex((r) => r.key === k);
    if (o >= 0) return open[o]!.candidates[choice[o]!]![c] ?? 0;
    const f = fixed.get(k);
    return f ? (f[c] ?? 0) : undefined;
  };
  const holds = () => {
    for (const c of columns) {
      const total = value('totalProcessed', c);
      let outcomes = 0;
      for (const k of outcomeKeys) outcomes += value(k, c) ?? 0;
      if (total !== undefined && total !== outcomes) return false;
      const a = value('newReceived', c);
      const b = value('carriedOver', c);
      const d = value('carryForward', c);
      if (a !== undefined && b !== undefined && total !== undefined && d !== undefined && a + b !== total + d)
        return false;
    }
    return true;
  };
  const walk = (i: number): void => {
    if (count > 1) return;
    if (i === open.length) {
      if (holds()) {
        count++;
        found = [...choice];
      }
      return;
    }
    for (let j = 0; j < open[i]!.candidates.length; j++) {
      choice[i] = j;
      walk(i + 1);
    }
  };
  walk(0);
  return count === 1 ? found : null;
}

// ---------------------------------------------------------------- repaired rows

/** What decided a repaired row: the sums when they chose, else the only reading. */
function repairDecidedBy(repair: Repaired, sums: 'rowSum' | 'reviewSums'): CellSource['decidedBy'] {
  if (repair.how === 'softBlanks') return undefined;
  return repair.bySums ? sums : 'unique';
}

/** Provenance of one cell of a repaired row; returns 1 when the cell is ambiguous. */
function repairedCell(
  repair: Repaired,
  c: number,
  id: CellId,
  value: number | null | undefined,
  decidedBy: CellSource['decidedBy'],
  provenance: Map<CellId, CellSource>,
  unknown: Set<CellId>,
): number {
  const src = repair.sources[c] ?? repair.sources[0]!;
  const base = { line: src.cell.line, cell: src.cell.index, text: src.text };
  if (value === undefined || repair.candidates.length === 0) {
    unknown.add(id);
    provenance.set(id, { ...base, state: 'ambiguous' });
    return 1;
  }
  if (repair.how === 'softBlanks' && repair.candidates.length === 1) {
    provenance.set(id, { ...base, state: value === null ? 'blank' : 'read' });
    return 0;
  }
  provenance.set(id, {
    ...base,
    state: 'split',
    ...(decidedBy ? { decidedBy } : {}),
    ...(repair.how === 'softBlanks' ? {} : { repaired: repair.how }),
  });
  return 0;
}

const REPAIR_WHY: Record<Repaired['how'], string> = {
  softBlanks: '空行可能是空白格，也可能只是分隔',
  joined: '像是有数字被断成了两行，但有几种接法都说得通',
  expanded: '像是相同的相邻数字被合并成了一个，但有几种还原方法都说得通',
};

/** READ_AMBIGUOUS for a repaired row whose readings disagree: names the cells. */
function repairFinding(
  table: TableId,
  key: ApplicationRowKey | null,
  repair: Repaired,
  candidates: readonly (readonly (number | null)[])[],
  n: number,
  ids: readonly CellId[],
  unknown: ReadonlySet<CellId>,
): Finding {
  const src = repair.sources[0]!.cell;
  const names = ids
    .slice(0, n)
    .filter((id) => unknown.has(id))
    .map((id) => columnOf(table, id));
  const shown = candidates
    .slice(0, 3)
    .map((x) => x.map((v) => v ?? '空').join(','))
    .join('；');
  const where = key ? `“${rowName(key)}”一行` : '行政复议、行政诉讼情况表';
  return ambiguousLine(
    table,
    key,
    src,
    `${where}印了${repair.found}个数（原文第${src.line}行起），应为${n}个：${REPAIR_WHY[repair.how]}（如：${shown}），${names.join('、')}无法确定，暂不核对。请对照原件填写。`,
  );
}

function columnOf(_table: TableId, id: CellId): string {
  return columnName(id.split(':').pop() ?? '');
}

/** A row with fewer values than columns that no expansion explains: values were merged or lost. */
function mergedFinding(key: ApplicationRowKey, group: ValueGroup, hard: number): Finding {
  const src = group.cells[0]!;
  const printed = group.tokens
    .filter((_, k) => !group.soft?.[k])
    .map((t) => (t.kind === 'fixed' ? String(t.value) : t.kind === 'digits' ? t.text : '空'))
    .join(' / ');
  return finding({
    rule: 'READ_AMBIGUOUS',
    severity: 'warning',
    table: 'applications',
    row: key,
    column: null,
    expected: APPLICANT_COLUMN_COUNT,
    actual: hard,
    message: `“${rowName(key)}”一行应有${APPLICANT_COLUMN_COUNT}个数，原文第${src.line}行起只读到${hard}个（“${printed}”）。看起来相同的相邻数字被合并成了一个（有的网页抓取会合并内容相同的连续行），且无法唯一还原，这一行暂不核对。请提供未经转存的原件。`,
  });
}

// ---------------------------------------------------------------- table 4

/** Characters one of which every end-of-table-4 heading contains (a cheap test before normalising). */
const REVIEW_END_CHARS = /[题况告五六]/;

function findReviewGroup(
  cells: readonly Cell[],
  norm: Normalized,
  from: number,
  isEmptyLine: (line: number) => boolean,
): ValueGroup | null {
  let end = cells.length;
  for (let i = from + 1; i < cells.length; i++) {
    if (
      cells[i]!.kind === 'text' &&
      REVIEW_END_CHARS.test(cells[i]!.text) &&
      /存在的主要问题|主要问题|改进情况|其他需要报告|^[五六]\./.test(norm(i))
    ) {
      end = i;
      break;
    }
  }
  for (const g of valueGroups(cells, norm, from, end)) {
    const [min, max] = countRange(trimTrailingBlanks(g.tokens, REVIEW_COLUMN_COUNT));
    if (min <= REVIEW_COLUMN_COUNT && max >= REVIEW_COLUMN_COUNT) return g;
  }
  // As a stream: the first run of figures after the headings, whatever its line breaks.
  for (const g of streamGroups(cells, norm, from, end, isEmptyLine)) {
    if (hardCount(g).hard >= 1) return g;
  }
  return null;
}

const reviewSumsHold = (v: readonly (number | null)[]): boolean => {
  for (let o = 0; o <= 10; o += 5) {
    if ((v[o + 4] ?? 0) !== (v[o] ?? 0) + (v[o + 1] ?? 0) + (v[o + 2] ?? 0) + (v[o + 3] ?? 0)) return false;
  }
  return true;
};

function readReview(
  printed: ValueGroup,
  tables: MutableReportTables,
  provenance: Map<CellId, CellSource>,
  unknown: Set<CellId>,
  findings: Finding[],
): void {
  const base = withoutSoftBlanks(printed, REVIEW_COLUMN_COUNT);
  const group = asGlued(base, REVIEW_COLUMN_COUNT);
  const tokens = trimTrailingBlanks(group.tokens, REVIEW_COLUMN_COUNT);
  const glued = group.gluedDigits > 0;
  if (group !== base && splitTokens(tokens, REVIEW_COLUMN_COUNT, reviewSumsHold).candidates.length === 0) {
    // Too few figures that no split of their digits explains: merged repeated values (or refused).
    readRepairedReview(base, tables, provenance, unknown, findings);
    return;
  }
  const [min, max] = countRange(tokens);
  if (!glued && (min !== REVIEW_COLUMN_COUNT || max !== REVIEW_COLUMN_COUNT)) {
    readRepairedReview(group, tables, provenance, unknown, findings);
    return;
  }
  let r = splitTokens(tokens, REVIEW_COLUMN_COUNT, glued ? reviewSumsHold : undefined);
  let decidedBy: CellSource['decidedBy'] = glued ? 'reviewSums' : undefined;
  if (glued && r.candidates.length === 0 && !r.truncated) {
    r = splitTokens(tokens, REVIEW_COLUMN_COUNT);
    decidedBy = 'unique';
  }
  const values = agreedCells(r.candidates, REVIEW_COLUMN_COUNT);
  let ambiguous = 0;
  for (let i = 0; i < REVIEW_COLUMN_COUNT; i++) {
    const id = cellId('review', null, REVIEW_KEYS[i]!);
    const agreed =
      r.candidates.length > 0 && r.candidates.every((x) => (x[i] ?? null) === (r.candidates[0]![i] ?? null));
    const src = !glued ? (group.tokenCells[i] ?? group.cells[0]!) : group.cells[0]!;
    if (!agreed) {
      ambiguous++;
      unknown.add(id);
      provenance.set(id, { line: src.line, cell: src.index, text: src.text, state: 'ambiguous' });
      continue;
    }
    tables.review[i] = values[i] ?? null;
    provenance.set(id, {
      line: src.line,
      cell: glued ? i : src.index,
      text: src.text,
      state: glued ? 'split' : values[i] === null ? 'blank' : 'read',
      ...(glued ? { decidedBy } : {}),
    });
  }
  if (ambiguous > 0) {
    const src = group.cells[0]!;
    findings.push(
      ambiguousLine(
        'review',
        null,
        src,
        `行政复议、行政诉讼情况表的数字连在一起（原文第${src.line}行“${src.text}”），有${ambiguous}个数无法确定，这些数暂不核对。请对照原件填写。`,
      ),
    );
  }
}

/** Table 4 printed with a count other than 15: soft blanks, a broken number or merged values. */
function readRepairedReview(
  group: ValueGroup,
  tables: MutableReportTables,
  provenance: Map<CellId, CellSource>,
  unknown: Set<CellId>,
  findings: Finding[],
): void {
  const repair = repairGroup(group, REVIEW_COLUMN_COUNT, reviewSumsHold);
  const ids = REVIEW_KEYS.map((k) => cellId('review', null, k));
  const usable = repair && (repair.how !== 'expanded' || repair.anyHolds) ? repair : null;
  const candidates = usable?.candidates ?? [];
  const values = agreedCells(candidates, REVIEW_COLUMN_COUNT);
  let ambiguous = 0;
  for (let i = 0; i < REVIEW_COLUMN_COUNT; i++) {
    const id = ids[i]!;
    const agreed = candidates.length > 0 && cellAgreed(candidates, i);
    if (!usable) {
      const src = group.cells[0]!;
      unknown.add(id);
      provenance.set(id, { line: src.line, cell: src.index, text: src.text, state: 'ambiguous' });
      continue;
    }
    ambiguous += repairedCell(
      usable,
      i,
      id,
      agreed ? (values[i] ?? null) : undefined,
      repairDecidedBy(usable, 'reviewSums'),
      provenance,
      unknown,
    );
    tables.review[i] = agreed ? (values[i] ?? null) : null;
  }
  const src = group.cells[0]!;
  if (!usable) {
    const { hard } = hardCount(group);
    const merged = hard < REVIEW_COLUMN_COUNT;
    findings.push(
      finding({
        rule: 'READ_AMBIGUOUS',
        severity: 'warning',
        table: 'review',
        row: null,
        column: null,
        expected: REVIEW_COLUMN_COUNT,
        actual: hard,
        message: merged
          ? `行政复议、行政诉讼情况表应有${REVIEW_COLUMN_COUNT}个数，原文第${src.line}行起只读到${hard}个。看起来相同的相邻数字被合并成了一个（有的网页抓取会合并内容相同的连续行），且无法唯一还原，这些数暂不核对。请提供未经转存的原件。`
          : `行政复议、行政诉讼情况表应有${REVIEW_COLUMN_COUNT}个数，原文第${src.line}行起读到${hard}个，无法确定各数属于哪一栏，这些数暂不核对。`,
      }),
    );
  } else if (ambiguous > 0) {
    findings.push(repairFinding('review', null, usable, candidates, REVIEW_COLUMN_COUNT, ids, unknown));
  }
}

// ---------------------------------------------------------------- table 2

/** A stream group's tokens without its soft blanks, unless they are needed to fill `n` cells. */
function withoutSoftBlanks(g: ValueGroup, n: number): ValueGroup {
  const soft = g.soft;
  if (!soft?.includes(true) || hardCount(g).hard < n) return g;
  return {
    ...g,
    tokens: g.tokens.filter((_, k) => !soft[k]),
    tokenCells: g.tokenCells.filter((_, k) => !soft[k]),
    soft: undefined,
  };
}

interface ProactiveReading {
  readonly tables: MutableReportTables;
  readonly provenance: Map<CellId, CellSource>;
  readonly unknown: Set<CellId>;
  readonly findings: Finding[];
}

/** Table 2 read from the given groups into fresh tables (so two readings can be compared). */
function proactiveReading(
  groups: readonly ValueGroup[],
  format: FormatId,
  layout: FormatId,
): ProactiveReading {
  const out: ProactiveReading = {
    tables: emptyTables(format, layout),
    provenance: new Map(),
    unknown: new Set(),
    findings: [],
  };
  readProactive(groups, format, out.tables, out.provenance, out.unknown, out.findings);
  return out;
}

function readProactive(
  groups: readonly ValueGroup[],
  format: FormatId,
  tables: MutableReportTables,
  provenance: Map<CellId, CellSource>,
  unknown: Set<CellId>,
  findings: Finding[],
): void {
  const rows = FORMATS[format].tables.proactive.blocks.flatMap((b) => b.rows);
  const seen = new Set<string>();
  /** Figure cells printed blank, or not printed (a layout line with fewer figures than cells). */
  const blanks: string[] = [];
  for (const g of groups) {
    const key = matchProactiveRow(g.strong || g.weak, rows);
    const def = rows.find((r) => r.key === key);
    if (!def || seen.has(def.key)) continue;
    seen.add(def.key);
    const n = def.cells.length;
    const printed = withoutSoftBlanks(g, n);
    const tokens = trimTrailingBlanks(printed.tokens, n);
    const src = g.cells[0]!;
    const glued = g.gluedDigits > 0;
    const r = splitTokens(tokens, n);
    const direct = !glued;
    if (direct && tokens.length > n) {
      const extra = tokens
        .slice(n)
        .map((t) => (t.kind === 'fixed' ? (t.raw ?? String(t.value)) : t.kind === 'digits' ? t.text : '空'));
      findings.push(
        finding({
          rule: 'READ_EXTRA',
          severity: 'warning',
          table: 'proactive',
          row: def.key,
          column: null,
          expected: n,
          actual: tokens.length,
          message: `“${def.label}”一行只有${n}栏，原文第${src.line}行却印了${tokens.length}个数（多出：${extra.join('、')}）。请删去多余的数，或核对是否填错了栏。`,
        }),
      );
    }
    const firstN = direct ? splitTokens(tokens.slice(0, n), Math.min(n, tokens.length)) : r;
    const candidates = firstN.candidates;
    def.cells.forEach((cellDef, i) => {
      const id = cellId('proactive', def.key, cellDef.key);
      const agreed =
        candidates.length > 0 && candidates.every((x) => (x[i] ?? null) === (candidates[0]![i] ?? null));
      if (!agreed || i >= (candidates[0]?.length ?? 0)) {
        if (candidates.length <= 1 && cellDef.kind !== 'text') blanks.push(`“${def.label}”·${cellDef.label}`);
        unknown.add(id);
        provenance.set(id, {
          line: src.line,
          cell: src.index,
          text: src.text,
          state: candidates.length > 1 ? 'ambiguous' : 'missing',
        });
        return;
      }
      const tokenCell = direct ? (printed.tokenCells[i] ?? src) : src;
      const token = direct ? tokens[i] : undefined;
      const v = candidates[0]![i] ?? null;
      if (v === null && direct && cellDef.kind !== 'text') {
        if (isPlaceholderCell(tokenCell.text)) {
          findings.push(
            finding({
              rule: 'BLANK',
              severity: 'warning',
              table: 'proactive',
              row: def.key,
              column: cellDef.key,
              expected: 0,
              actual: tokenCell.text,
              message: `主动公开情况表“${def.label}”·${cellDef.label}印的是“${tokenCell.text}”，不是数字。格式要求填数字，没有的填“0”；这一格暂不核对。`,
            }),
          );
        } else blanks.push(`“${def.label}”·${cellDef.label}`);
      }
      tables.proactive[cellDef.key] =
        cellDef.kind === 'text'
          ? token?.kind === 'fixed'
            ? (token.raw ?? String(token.value))
            : v === null
              ? null
              : `${v}${/元/.test(tokenCell.text) ? '元' : ''}`
          : v;
      provenance.set(id, {
        line: tokenCell.line,
        cell: direct ? tokenCell.index : i,
        text: tokenCell.text,
        state: direct ? (v === null ? 'blank' : 'read') : 'split',
        ...(direct ? {} : { decidedBy: 'unique' as const }),
      });
    });
    if (candidates.length > 1) {
      const shown = candidates
        .slice(0, 3)
        .map((c) => c.join(','))
        .join('；');
      const labels = def.cells.map((c) => `“${c.label}”`).join('');
      findings.push(
        ambiguousLine(
          'proactive',
          def.key,
          src,
          `主动公开情况表“${def.label}”一行的数字连在一起（原文第${src.line}行“${src.text}”），可以有多种拆法（如：${shown}），无法确定。请对照原件填写${labels}。`,
        ),
      );
    }
  }
  if (blanks.length > 0) {
    const shown = blanks.slice(0, 5).join('、') + (blanks.length > 5 ? '等' : '');
    findings.push(
      finding({
        rule: 'BLANK',
        severity: 'warning',
        table: 'proactive',
        row: null,
        column: null,
        expected: 0,
        actual: blanks.length,
        message: `主动公开情况表有${blanks.length}个应填数字的单元格空白或未能读出（${shown}）。格式要求填数字，没有的填“0”，不要留空。`,
      }),
    );
  }
  void columnName;
  void cellName;
}
