import { APPLICANT_COLUMN_COUNT, type Cell, REVIEW_COLUMN_COUNT } from '../format/tables.ts';
import { APPLICANT_COLUMN_KEYS } from '../format/types.ts';
import { finding } from '../rules/findings.ts';
import { type CellId, parseCellId, REVIEW_KEYS } from '../rules/sums.ts';
import { toHalfWidth } from './cells.ts';
import { type CellSource, type ReadReport, type ReadResult, readReport } from './index.ts';
import type { PlacedPage, PlacedWord } from './positioned.ts';

/**
 * Reading by position (issue 13): words with their boxes (a PDF's text layer, or OCR of a scan) →
 * the text the report reader understands, with every figure of tables 3 and 4 placed under its
 * column. Design:
 *
 * - words are gathered into lines by their vertical middle; a line keeps its words left to right;
 * - table 3 runs from the `本年新收` line to the `行政复议` heading, table 4 from there to the next
 *   section. Each table's column centres come from its value lines when one prints a figure in every
 *   column (the median x of each place), else from the page's vertical rulings when known (OCR finds
 *   them on scans: the last n + 1 crossing the value lines bound the n figure columns), else from its
 *   header words (自然人, 商业…, 总计; 维持, 纠正, 其他, 尚未, 总 ×3), else the table is left to the
 *   text path. Table 二's blocks with several figure columns take their centres from their header
 *   words (本年制发件数…);
 * - each figure goes to the nearest column centre; a figure whose box covers several columns (digits
 *   glued by the PDF writer) is cut into one group per column, the outer groups fitting the word's
 *   ends, and the row sum decides the cuts the ends leave open (still open: the text path reads the
 *   line); a column without a figure is blank.
 *   A row is written as a `|`-delimited row with one cell per column, so blank cells stay blank and
 *   the reader's rules apply (blank → 0 with a BLANK warning). A line positions cannot settle (two
 *   figures in one column, words between the figures) is written as plain text;
 * - a word whose OCR `confidence` is under `minConfidence` is never read as a figure: in a placed row
 *   its cell becomes `ambiguous` (unknown, named in a READ_AMBIGUOUS warning), elsewhere it prints
 *   as `？`, which no rule reads as a number.
 */

export interface PlacedReadOptions {
  /** OCR words under this confidence (0–1) make their cell unsure. Default 0.6. */
  readonly minConfidence?: number;
  /** Which tables to place by column (default both); the others are written as plain lines. */
  readonly place?: { readonly applications?: boolean; readonly review?: boolean };
}

export const DEFAULT_MIN_CONFIDENCE = 0.6;

/** Text built from placed words, and what positions decided. */
export interface PlacedText {
  readonly text: string;
  /** Whether table 3 / table 4 were placed by column positions (else plain lines). */
  readonly placed: { readonly applications: boolean; readonly review: boolean };
  /** Cells (1-based line, 0-based cell of the delimited row) whose word OCR was unsure of. */
  readonly unsure: readonly { readonly line: number; readonly cell: number; readonly text: string }[];
  /** The words behind each cell of a placed row, by `line:cell` (as `unsure`). */
  readonly origins: ReadonlyMap<string, readonly PlacedWord[]>;
}

interface Line {
  readonly words: PlacedWord[];
  readonly mid: number;
  readonly height: number;
}

const NUMBER_WORD = /^[-+]?\d[\d,]*(?:\.\d+)?(?:万?元)?$/;
const DIGITS_ONLY = /^\d+$/;
const PLACEHOLDER_WORD = /^(?:[-—–－/／]|——|--|无)$/;

/** `-3-`, `— 2 —`, `第 3 页`: a page's number, never a row. */
const PAGE_FOOTER = /^(?:[-—–－]+\d{1,3}[-—–－]+|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}\/\d{1,3})$/;

const isNumberWord = (w: PlacedWord) => NUMBER_WORD.test(toHalfWidth(w.text));
const isCellWord = (w: PlacedWord) => isNumberWord(w) || PLACEHOLDER_WORD.test(w.text);
const centre = (w: PlacedWord) => (w.xMin + w.xMax) / 2;
const compact = (l: Line) => l.words.map((w) => w.text).join('');

/** Words → lines, top to bottom; a word joins a line when its middle is within half a line height. */
export function pageLines(page: PlacedPage): Line[] {
  const words = [...page.words].sort((a, b) => a.yMin + a.yMax - (b.yMin + b.yMax) || a.xMin - b.xMin);
  const lines: { words: PlacedWord[]; mid: number; height: number }[] = [];
  for (const w of words) {
    const mid = (w.yMin + w.yMax) / 2;
    const h = Math.max(1, w.yMax - w.yMin);
    const last = lines[lines.length - 1];
    if (last && Math.abs(mid - last.mid) <= 0.5 * Math.max(h, last.height)) {
      last.words.push(w);
      const n = last.words.length;
      last.mid = (last.mid * (n - 1) + mid) / n;
      last.height = Math.max(last.height, h);
    } else lines.push({ words: [w], mid, height: h });
  }
  for (const l of lines) l.words.sort((a, b) => a.xMin - b.xMin);
  return lines;
}

/** A plain line: words joined, with a space where the page shows a gap or two figures meet. */
function plainLine(l: Line, unsureText: (w: PlacedWord) => boolean): string {
  let out = '';
  let prev: PlacedWord | null = null;
  for (const w of l.words) {
    const text = unsureText(w) ? '？' : w.text;
    if (prev) {
      const gap = w.xMin - prev.xMax;
      const digitsMeet = /\d$/.test(out) && /^\d/.test(text);
      if (gap > 0.25 * l.height || digitsMeet) out += gap > 2 * l.height ? '  ' : ' ';
    }
    out += text;
    prev = w;
  }
  return out;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const increasing = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

/** Column centres from value lines printing exactly `n` separate figures. */
function centresFromValues(lines: readonly Line[], n: number): number[] | null {
  const places: number[][] = Array.from({ length: n }, () => []);
  for (const l of lines) {
    const figures = l.words.filter(isNumberWord);
    if (figures.length !== n) continue;
    // Figures must be the line's last words (the label comes first).
    if (l.words.slice(l.words.length - n).some((w) => !isNumberWord(w))) continue;
    for (const [i, w] of figures.entries()) places[i]!.push(centre(w));
  }
  if (places[0]!.length === 0) return null;
  const c = places.map(median);
  return increasing(c) ? c : null;
}

/**
 * Header cells as stacks of words: words of the header lines whose centres line up (a narrow cell
 * prints `自然` over `人`), joined top to bottom, left to right. Words naming a group of columns
 * (`法人或其他组织`, `行政诉讼`, `未经复议直接起诉`) are left out: they stand over several columns.
 */
function headerStacks(lines: readonly Line[]): { x: number; text: string }[] {
  const words = lines
    .flatMap((l) => l.words)
    .filter((w) => !/法人|申请人|勾稽|复议|起诉|诉讼|情况|本列/.test(w.text))
    .sort((a, b) => centre(a) - centre(b));
  const stacks: { x: number; words: PlacedWord[] }[] = [];
  for (const w of words) {
    const near = Math.max(3, 0.6 * (w.yMax - w.yMin));
    const last = stacks[stacks.length - 1];
    if (last && centre(w) - last.x <= near) last.words.push(w);
    else stacks.push({ x: centre(w), words: [w] });
  }
  return stacks.map((s) => ({
    x: median(s.words.map(centre)),
    text: [...s.words]
      .sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin)
      .map((w) => w.text.replace(/\s/g, ''))
      .join(''),
  }));
}

/**
 * Column centres from a page's vertical rulings (OCR finds them on scans): the rulings crossing the
 * table's value lines, the last `n + 1` of them bounding its `n` figure columns (the label columns
 * are on the left). Null without enough rulings.
 */
function centresFromRules(page: PlacedPage | undefined, body: readonly Line[], n: number): number[] | null {
  const rules = page?.rules?.filter((r) => r.orientation === 'vertical');
  const valued = body.filter((l) => l.words.some(isNumberWord));
  if (!rules || rules.length < n + 1 || valued.length === 0) return null;
  const xs = rules
    .filter((r) => valued.some((l) => r.from <= l.mid && r.to >= l.mid))
    .map((r) => r.at)
    .sort((a, b) => a - b);
  // Rulings drawn twice (a thick line found as two) count once.
  const lines: number[] = [];
  for (const x of xs) if (lines.length === 0 || x - lines[lines.length - 1]! > 2) lines.push(x);
  if (lines.length < n + 1) return null;
  const edges = lines.slice(lines.length - n - 1);
  return edges.slice(1).map((x, i) => (edges[i]! + x) / 2);
}

const APPLICANT_HEADERS: readonly RegExp[] = [/自然人/, /商业/, /科研/, /公益/, /法律/, /其他/, /总计/];

/** Table-3 column centres from the header words (the first stack naming each column, left to right). */
function applicantCentresFromHeader(lines: readonly Line[]): number[] | null {
  const stacks = headerStacks(lines);
  const c: number[] = [];
  for (const re of APPLICANT_HEADERS) {
    const s = stacks.find((x) => re.test(x.text) && (c.length === 0 || x.x > c[c.length - 1]!));
    if (!s) return null;
    c.push(s.x);
  }
  return c;
}

const REVIEW_HEADERS: readonly RegExp[] = [/维持/, /纠正/, /其他/, /尚未|审结/, /总/];

/** Table-4 column centres from the header words: each of the five outcomes printed three times. */
function reviewCentresFromHeader(lines: readonly Line[]): number[] | null {
  const stacks = headerStacks(lines);
  const kinds: number[][] = [];
  for (const re of REVIEW_HEADERS) {
    const xs = stacks.filter((s) => re.test(s.text)).map((s) => s.x);
    if (xs.length !== 3) return null;
    kinds.push(xs);
  }
  const c: number[] = [];
  for (let g = 0; g < 3; g++) for (const k of kinds) c.push(k[g]!);
  return increasing(c) ? c : null;
}

interface PlacedRow {
  readonly label: string;
  /** Per column: the printed figure, `''` for blank, and the words it came from. */
  readonly cells: readonly { text: string; words: PlacedWord[] }[];
}

function nearest(centres: readonly number[], x: number): number {
  let best = 0;
  for (let i = 1; i < centres.length; i++) {
    if (Math.abs(centres[i]! - x) < Math.abs(centres[best]! - x)) best = i;
  }
  return best;
}

/**
 * One line → a row of `centres.length` cells, or null when positions cannot settle it (no figures,
 * text between the figures, two figures under one column).
 */
function placeLine(
  l: Line,
  centres: readonly number[],
  sumHolds: (values: readonly string[]) => boolean,
): PlacedRow | null {
  if (PAGE_FOOTER.test(compact(l)) || !l.words.some(isNumberWord)) return null;
  const spacing = centres.length > 1 ? centres[1]! - centres[0]! : 20;
  const labelEdge = centres[0]! - 0.6 * spacing;
  const first = l.words.findIndex((w) => isCellWord(w) && w.xMax > labelEdge);
  if (first < 0) return null;
  const label = l.words
    .slice(0, first)
    .map((w) => w.text)
    .join('');
  const cells = centres.map(() => ({ text: '', words: [] as PlacedWord[] }));
  const glued: GluedWord[] = [];
  for (const w of l.words.slice(first)) {
    if (!isCellWord(w)) return null;
    const text = toHalfWidth(w.text);
    const from = nearest(centres, w.xMin + 1e-6);
    const to = nearest(centres, w.xMax - 1e-6);
    const wide = DIGITS_ONLY.test(text) && text.length > 1 && to > from;
    if (!wide) {
      const k = nearest(centres, centre(w));
      if (cells[k]!.words.length > 0) return null;
      // A placeholder (`—`, `无`) is kept: the reader reads it as a blank cell and names what was printed.
      cells[k] = { text, words: [w] };
      continue;
    }
    // Digits glued across columns: one group per column covered, the outer groups fitting the
    // word's ends (digits about half a line high wide); the row sum decides what the ends leave open.
    const splits = gluedSplits(text, w, centres, from, to);
    if (splits.length === 0) return null;
    for (let k = from; k <= to; k++) if (cells[k]!.words.length > 0) return null;
    glued.push({ from, to, word: w, splits });
  }
  if (glued.length > 0) {
    const readings = gluedReadings(cells, glued, sumHolds);
    if (readings.length !== 1) return null;
    return { label, cells: readings[0]! };
  }
  return { label, cells };
}

interface GluedWord {
  readonly from: number;
  readonly to: number;
  readonly word: PlacedWord;
  readonly splits: readonly (readonly string[])[];
}

/** Longest glued run cut by position (longer runs are left to the text path). */
const MAX_GLUED_DIGITS = 24;

/**
 * The cuts of a glued digit run over columns `from`…`to` (one non-empty group each) whose outer
 * groups, centred on their columns, reach the word's ends best (within half a digit).
 */
function gluedSplits(
  text: string,
  w: PlacedWord,
  centres: readonly number[],
  from: number,
  to: number,
): string[][] {
  const n = to - from + 1;
  if (text.length < n || text.length > MAX_GLUED_DIGITS) return [];
  const digit = 0.5 * (w.yMax - w.yMin);
  const found: { parts: string[]; err: number }[] = [];
  const parts: string[] = [];
  const walk = (at: number) => {
    if (parts.length === n - 1) {
      const last = text.slice(at);
      if (last.length > 1 && last[0] === '0') return;
      parts.push(last);
      const left = centres[from]! - (parts[0]!.length * digit) / 2;
      const right = centres[to]! + (parts[n - 1]!.length * digit) / 2;
      found.push({ parts: [...parts], err: Math.abs(left - w.xMin) + Math.abs(right - w.xMax) });
      parts.pop();
      return;
    }
    for (let end = at + 1; end <= text.length - (n - 1 - parts.length); end++) {
      // A figure never starts with 0 (except 0 itself).
      if (end > at + 1 && text[at] === '0') break;
      parts.push(text.slice(at, end));
      walk(end);
      parts.pop();
    }
    if (found.length > 20000) return;
  };
  walk(0);
  if (found.length === 0) return [];
  const best = Math.min(...found.map((f) => f.err));
  return found.filter((f) => f.err <= best + digit / 2).map((f) => f.parts);
}

/** Every combination of the glued words' cuts, kept when the row's sum holds (all when one remains). */
function gluedReadings(
  cells: readonly { text: string; words: PlacedWord[] }[],
  glued: readonly GluedWord[],
  sumHolds: (values: readonly string[]) => boolean,
): { text: string; words: PlacedWord[] }[][] {
  let rows: { text: string; words: PlacedWord[] }[][] = [cells.map((c) => ({ ...c }))];
  for (const g of glued) {
    const next: typeof rows = [];
    for (const row of rows) {
      for (const split of g.splits) {
        const r = row.map((c) => ({ ...c }));
        split.forEach((t, i) => {
          r[g.from + i] = { text: t, words: [g.word] };
        });
        next.push(r);
      }
    }
    rows = next;
    if (rows.length > 5000) return [];
  }
  if (rows.length === 1) return rows;
  return rows.filter((r) => sumHolds(r.map((c) => c.text)));
}

/** A placed cell's figure; blank and placeholders count 0. */
const figure = (v: string | undefined): number => Number(v) || 0;

/** Table 3's row sum (the six applicant columns make 总计), blanks as 0. */
const applicantSumHolds = (v: readonly string[]): boolean => {
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += figure(v[i]);
  return sum === figure(v[6]);
};

/** Table 4's three 总计 columns. */
const reviewSumHolds = (v: readonly string[]): boolean => {
  for (let o = 0; o <= 10; o += 5) {
    let sum = 0;
    for (let i = 0; i < 4; i++) sum += figure(v[o + i]);
    if (sum !== figure(v[o + 4])) return false;
  }
  return true;
};

interface Region {
  readonly from: number;
  readonly to: number;
}

function findRegions(lines: readonly Line[]): { t3: Region | null; t4: Region | null } {
  const text = lines.map(compact);
  const t3From = text.findIndex((t) => t.includes('本年新收'));
  if (t3From < 0) return { t3: null, t4: null };
  let t4From = text.findIndex((t, i) => i > t3From && t.includes('行政复议'));
  if (t4From < 0) t4From = lines.length;
  const t3 = { from: t3From, to: t4From };
  if (t4From >= lines.length) return { t3, t4: null };
  let t4To = text.findIndex(
    (t, i) => i > t4From && /存在的主要问题|主要问题|改进情况|其他需要报告|^[五六][、.]/.test(t),
  );
  if (t4To < 0) t4To = lines.length;
  return { t3, t4: { from: t4From, to: t4To } };
}

/** Header lines of table 3: up to 12 lines above `本年新收`, from its heading on. */
function headerLines(lines: readonly Line[], from: number): Line[] {
  let start = Math.max(0, from - 12);
  for (let i = from - 1; i >= start; i--) {
    if (compact(lines[i]!).includes('收到和处理')) {
      start = i;
      break;
    }
  }
  return lines.slice(start, from);
}

/** Header words of a table-二 block with several figure columns (本年制发件数, 本年新公开数量…). */
const PROACTIVE_HEADER = /件数|数量|总数|金额|本年|现行|上一年|增减/;

/**
 * Table 二: its blocks with two or more figure columns (第二十条第（一）项…) are placed under their
 * header words, so that a blank cell in the middle of a row stays in its column. One-column blocks
 * need no positions.
 */
function placeProactive(lines: readonly Line[], t3From: number, placed: Map<number, PlacedRow>): void {
  const text = lines.map(compact);
  const from = text.findIndex((t, i) => i < t3From && t.includes('第二十条'));
  if (from < 0) return;
  let centres: number[] | null = null;
  for (let i = from; i < t3From; i++) {
    const l = lines[i]!;
    if (text[i]!.includes('第二十条') || text[i]!.includes('收到和处理')) {
      centres = null;
      continue;
    }
    const heads = l.words.filter((w) => PROACTIVE_HEADER.test(w.text) && !/信息内容/.test(w.text));
    if (heads.length > 0 && !l.words.some(isNumberWord)) {
      centres = heads.length >= 2 ? heads.map(centre) : null;
      continue;
    }
    if (!centres) continue;
    const row = placeLine(l, centres, () => true);
    if (row && row.label !== '') placed.set(i, row);
  }
}

/**
 * Placed words → the text the reader reads (see the file header). Pure: the same pages give the
 * same text.
 */
export function placedText(pages: readonly PlacedPage[], options: PlacedReadOptions = {}): PlacedText {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const isUnsure = (w: PlacedWord) => w.confidence !== undefined && w.confidence < minConfidence;
  const lines: Line[] = [];
  const pageOf: PlacedPage[] = [];
  for (const p of pages) {
    for (const l of pageLines(p)) {
      lines.push(l);
      pageOf.push(p);
    }
  }
  const { t3, t4 } = findRegions(lines);
  const placedRows = new Map<number, PlacedRow>();
  let applications = false;
  let review = false;
  if (t3 && options.place?.applications !== false) {
    const body = lines.slice(t3.from, t3.to);
    const header = applicantCentresFromHeader(headerLines(lines, t3.from));
    const centres =
      centresFromValues(body, APPLICANT_COLUMN_COUNT) ??
      centresFromRules(pageOf[t3.from], body, APPLICANT_COLUMN_COUNT) ??
      header;
    if (centres) {
      // A table continued on another page may stand elsewhere: that page's own value lines or
      // rulings (or, on the header's page, the header) give its centres when they can.
      const onPage = new Map<PlacedPage, number[]>();
      for (let i = t3.from; i < t3.to; i++) {
        const p = pageOf[i]!;
        if (!onPage.has(p)) {
          const own = body.filter((_, k) => pageOf[t3.from + k] === p);
          onPage.set(
            p,
            centresFromValues(own, APPLICANT_COLUMN_COUNT) ??
              centresFromRules(p, own, APPLICANT_COLUMN_COUNT) ??
              (p === pageOf[t3.from] ? header : null) ??
              centres,
          );
        }
        const row = placeLine(lines[i]!, onPage.get(p)!, applicantSumHolds);
        if (row) placedRows.set(i, row);
      }
      applications = placedRows.size > 0;
    }
  }
  if (t4 && options.place?.review !== false) {
    const body = lines.slice(t4.from, t4.to);
    const valueAt = body.findIndex((l) => l.words.some(isNumberWord) && l.words.every(isCellWord));
    const centres =
      centresFromValues(body, REVIEW_COLUMN_COUNT) ??
      (valueAt >= 0
        ? centresFromRules(pageOf[t4.from + valueAt], [body[valueAt]!], REVIEW_COLUMN_COUNT)
        : null) ??
      (valueAt > 0 ? reviewCentresFromHeader(body.slice(0, valueAt)) : null);
    if (centres && valueAt >= 0) {
      const row = placeLine(body[valueAt]!, centres, reviewSumHolds);
      if (row) {
        placedRows.set(t4.from + valueAt, row);
        review = true;
      }
    }
  }
  if (t3) placeProactive(lines, t3.from, placedRows);
  const out: string[] = [];
  const unsure: { line: number; cell: number; text: string }[] = [];
  const origins = new Map<string, readonly PlacedWord[]>();
  lines.forEach((l, i) => {
    const row = placedRows.get(i);
    if (!row) {
      out.push(plainLine(l, (w) => isUnsure(w) && /\d/.test(w.text)));
      return;
    }
    const parts = row.label === '' ? [] : [row.label];
    for (const c of row.cells) {
      if (c.words.some(isUnsure)) unsure.push({ line: out.length + 1, cell: parts.length, text: c.text });
      origins.set(`${out.length + 1}:${parts.length}`, c.words);
      parts.push(c.text);
    }
    out.push(`| ${parts.join(' | ')} |`);
  });
  return { text: out.join('\n'), placed: { applications, review }, unsure, origins };
}

/**
 * Reads a report from placed words (a PDF's text layer or OCR). Never throws. Cells whose words OCR
 * was unsure of are unknown (`ambiguous`), named in one READ_AMBIGUOUS warning, never read.
 *
 * @example readPlacedPages(await pdfToPlacedPages(bytes))
 */
export function readPlacedPages(pages: readonly PlacedPage[], options: PlacedReadOptions = {}): ReadResult {
  let built: PlacedText;
  try {
    built = placedText(pages, options);
  } catch (e) {
    return readReport(`\u0000${e instanceof Error ? e.message : ''}`);
  }
  if (built.text.trim() === '') {
    return {
      ok: false,
      reason: '页面上没有可读的文字（可能是扫描图片，且未能识别出文字）。',
      missing: [],
      year: null,
      agency: null,
    };
  }
  const r = readReport(built.text);
  return r.ok && built.unsure.length > 0 ? withUnsureCells(r, built.unsure) : r;
}

/** The reading with the cells printed by unsure words taken out: unknown, ambiguous, named once. */
function withUnsureCells(r: ReadReport, unsure: PlacedText['unsure']): ReadReport {
  const at = new Set(unsure.map((u) => `${u.line}:${u.cell}`));
  const provenance = new Map<CellId, CellSource>(r.provenance);
  const unknown = new Set(r.unknownCells);
  const applications: Record<string, Cell[]> = {};
  for (const [k, v] of Object.entries(r.tables.applications)) applications[k] = [...(v ?? [])];
  const review = [...r.tables.review];
  const names: string[] = [];
  for (const [id, src] of r.provenance) {
    if (!at.has(`${src.line}:${src.cell}`) || (src.state !== 'read' && src.state !== 'blank')) continue;
    const { table, row, column } = parseCellId(id);
    if (table === 'applications' && row) {
      const c = APPLICANT_COLUMN_KEYS_INDEX.get(column ?? '') ?? -1;
      if (c >= 0 && applications[row]) applications[row]![c] = null;
    } else if (table === 'review') {
      const c = REVIEW_INDEX.get(column ?? '') ?? -1;
      if (c >= 0) review[c] = null;
    } else continue;
    unknown.add(id);
    provenance.set(id, { ...src, state: 'ambiguous' });
    names.push(`原文第${src.line}行“${src.text || '空白'}”`);
  }
  if (names.length === 0) return r;
  const shown = names.slice(0, 5).join('、') + (names.length > 5 ? '等' : '');
  const f = finding({
    rule: 'READ_AMBIGUOUS',
    severity: 'warning',
    table: 'report',
    row: null,
    column: null,
    expected: null,
    actual: names.length,
    message: `有${names.length}个单元格的文字识别不够可靠（${shown}），这些格暂不核对，也不据此下结论。请对照原件核对。`,
  });
  return {
    ...r,
    tables: Object.freeze({
      applications: Object.freeze(applications),
      review: Object.freeze(review),
      proactive: r.tables.proactive,
    }) as ReadReport['tables'],
    provenance,
    unknownCells: unknown,
    findings: [...r.findings, f],
  };
}

const APPLICANT_COLUMN_KEYS_INDEX = new Map<string, number>(APPLICANT_COLUMN_KEYS.map((k, i) => [k, i]));
const REVIEW_INDEX = new Map<string, number>(REVIEW_KEYS.map((k, i) => [k, i]));

/** Row sums of tables 3 and 4 that fail in a reading (blank = 0): how far a reading is from the format. */
function failingSums(r: ReadReport): number {
  let n = 0;
  for (const row of Object.values(r.tables.applications)) {
    if (!row) continue;
    let sum = 0;
    for (let c = 0; c < 6; c++) sum += row[c] ?? 0;
    if (sum !== (row[6] ?? 0)) n++;
  }
  for (let o = 0; o <= 10; o += 5) {
    const v = r.tables.review;
    if ((v[o + 4] ?? 0) !== (v[o] ?? 0) + (v[o + 1] ?? 0) + (v[o + 2] ?? 0) + (v[o + 3] ?? 0)) n++;
  }
  return n;
}

/** Higher is better: a readable reading with fewer unread cells, then fewer failing sums. */
export function readingScore(r: ReadResult): number {
  if (!r.ok) return Number.NEGATIVE_INFINITY;
  let unknown = 0;
  for (const id of r.unknownCells) if (!id.startsWith('proactive')) unknown++;
  return -unknown * 1000 - failingSums(r);
}

/**
 * A PDF read by position (`pages`) and as `pdftotext -layout` text, table by table: the readings
 * with tables 3 and 4 placed by column or as plain lines, and the layout text, are compared, and the
 * one that places more cells of tables 3 and 4 and satisfies more of their sums is kept; on a tie,
 * positions (they know blank cells). Returns the text to check and how each table was read.
 */
export function choosePdfText(
  layoutText: string,
  pages: readonly PlacedPage[],
): { readonly text: string; readonly by: 'position' | 'layout'; readonly placed: PlacedText['placed'] } {
  const none = { applications: false, review: false };
  const both = placedText(pages);
  let best = { text: layoutText, by: 'layout' as 'position' | 'layout', placed: none };
  let bestScore = readingScore(readReport(layoutText));
  if (!both.placed.applications && !both.placed.review) return best;
  const variants = [both];
  if (both.placed.applications && both.placed.review) {
    variants.push(
      placedText(pages, { place: { review: false } }),
      placedText(pages, { place: { applications: false } }),
    );
  }
  // Later variants place fewer tables: they win only by a strictly better score.
  for (const [i, v] of variants.entries()) {
    const score = readingScore(readReport(v.text));
    if (i === 0 ? score >= bestScore : score > bestScore) {
      best = { text: v.text, by: 'position', placed: v.placed };
      bestScore = score;
    }
  }
  return best;
}
