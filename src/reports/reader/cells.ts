import type { Token } from './split.ts';

/**
 * Text → rows of cells, for every text shape (README): (a) one cell per line, (b) glued cells,
 * (c) `pdftotext -layout`, (d) PDF→markdown, (e) TAB cells (also what `htmlToText` produces).
 */

export type TextShape = 'cellPerLine' | 'glued' | 'layout' | 'markdown' | 'tabs';

export interface Cell {
  readonly kind: 'text' | 'value' | 'blank';
  /** Printed text of the cell (a glued run for `value` cells of glued lines). */
  readonly text: string;
  /** 1-based line in the (converted) input. */
  readonly line: number;
  /** 0-based index of the cell in its row. */
  readonly index: number;
  /** Row number (cells with the same row were printed on one table row). */
  readonly row: number;
  /** Character offset in the input (for cutting out the narrative). */
  readonly start: number;
  readonly end: number;
  /** Value cells: the tokens to read (one fixed number, or glued digit groups). */
  readonly tokens?: readonly Token[];
}

const CJK = /[\u3400-\u9fff]/;
const PAGE_NUMBER =
  /^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})\s*$/;
const BLANK_MARK = /^(?:[-—–－/／\\]|——|--|无|空|不适用|暂无|[Nn]\/?[Aa])$/;
/** A word where a figure is due (`abc`): read as a blank cell that keeps what was printed, and named. */
const NOT_A_NUMBER = /^[A-Za-z]{1,12}$/;

/** Whether a cell's printed text is a placeholder or a word where the format wants a figure. */
export function isPlaceholderCell(text: string): boolean {
  const t = text.trim();
  return t !== '' && (BLANK_MARK.test(t) || NOT_A_NUMBER.test(t));
}
/** A number as printed in one cell: `61`, `1,234`, `-5`, `0.092`, `251000元`. */
const NUMBER = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:万?元)?$|^[-+]?\d+(?:\.\d+)?(?:万?元)?$/;

const FULL_WIDTH = /[\uff01-\uff5e]/;
const FULL_WIDTH_ALL = /[\uff01-\uff5e]/g;
const toHalf = (c: string) => String.fromCharCode(c.charCodeAt(0) - 0xfee0);

export function toHalfWidth(text: string): string {
  return FULL_WIDTH.test(text) ? text.replace(FULL_WIDTH_ALL, toHalf) : text;
}

/** Zero-width characters (and a BOM) that crawlers and word processors leave between cells. */
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
const FULL_WIDTH_DIGIT = /[\uff10-\uff19]/g;

/**
 * The first step of reading: line ends (CRLF, CR) become LF, zero-width characters go, full-width
 * digits become ASCII. Line numbers stay those of the published text. (Full-width punctuation, brackets and NBSP are handled where cells and labels
 * are read: NBSP can be a cell boundary.)
 */
export function normalizeInput(text: string): string {
  let t = text;
  if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
  ZERO_WIDTH.lastIndex = 0;
  if (ZERO_WIDTH.test(t)) t = t.replace(ZERO_WIDTH, '');
  FULL_WIDTH_DIGIT.lastIndex = 0;
  if (FULL_WIDTH_DIGIT.test(t)) t = t.replace(FULL_WIDTH_DIGIT, toHalf);
  return t;
}

const SPACES = /[\s\u00a0\u3000]+/g;
const DIGIT_GROUPS = /^\d+(?: \d+)+$/;

/** Cell text → cell kind and tokens (cells of delimited shapes: every number is one value). */
function classify(raw: string): Pick<Cell, 'kind' | 'tokens'> {
  const t = toHalfWidth(raw).replace(SPACES, ' ').trim();
  if (t === '' || BLANK_MARK.test(t) || NOT_A_NUMBER.test(t))
    return { kind: 'blank', tokens: [{ kind: 'blank' }] };
  if (NUMBER.test(t)) return { kind: 'value', tokens: [{ kind: 'fixed', value: numberOf(t), raw: t }] };
  if (DIGIT_GROUPS.test(t)) {
    return {
      kind: 'value',
      tokens: t.split(' ').map((d) => ({ kind: 'digits', text: d, glued: false }) as const),
    };
  }
  return { kind: 'text' };
}

/** Builds a cell with explicit properties (object spread of varying shapes is slow in V8). */
function classifiedCell(
  raw: string,
  line: number,
  index: number,
  row: number,
  start: number,
  end: number,
): Cell {
  const k = classify(raw);
  return { kind: k.kind, text: raw.trim(), line, index, row, start, end, tokens: k.tokens };
}

const NUMBER_NOISE = /[,元万\s]/g;

export function numberOf(printed: string): number {
  return Number(toHalfWidth(printed).replace(NUMBER_NOISE, ''));
}

const LINE_NOISE = /[\r\f\v]/;
const LINE_NOISE_ALL = /[\r\f\v]/g;

interface Line {
  readonly text: string;
  readonly no: number;
  readonly start: number;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let no = 1;
  for (const raw of text.split('\n')) {
    out.push({ text: LINE_NOISE.test(raw) ? raw.replace(LINE_NOISE_ALL, '') : raw, no, start });
    start += raw.length + 1;
    no++;
  }
  return out;
}

/** Decides the dominant shape (for reporting; rows are built line by line). */
export function detectShape(text: string): TextShape {
  const lines = text.split('\n');
  let tabLead = 0;
  let tabInner = 0;
  let pipes = 0;
  let nonEmpty = 0;
  let longest = 0;
  for (const l of lines) {
    if (!l.trim()) continue;
    nonEmpty++;
    longest = Math.max(longest, l.length);
    if (/^\t[^\t]*$/.test(l)) tabLead++;
    else if (/\S\t/.test(l)) tabInner++;
    if (/^\s*\|.*\|\s*$/.test(l)) pipes++;
  }
  if (tabLead > 40 && tabLead > nonEmpty * 0.3) return 'cellPerLine';
  if (pipes >= 5) return 'markdown';
  if (tabInner >= 5) return 'tabs';
  if (isGluedLine(text)) return 'glued';
  return 'layout';
}

const GLUED_CELL = /[\u3400-\u9fff）)”"][0-9]{3,}/g;

/** A line whose table cells were concatenated: many labels directly followed by digit runs. */
function isGluedLine(text: string): boolean {
  GLUED_CELL.lastIndex = 0;
  let n = 0;
  while (GLUED_CELL.exec(text) !== null) if (++n >= 6) return true;
  return false;
}

/**
 * Builds the rows of cells of the whole text.
 * Page numbers and form feeds are dropped; markdown separator rows are skipped.
 */
export function toCells(text: string, shape: TextShape = detectShape(text)): Cell[] {
  const lines = splitLines(text);
  const cells: Cell[] = [];
  let row = 0;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const t = line.text;
    if (PAGE_NUMBER.test(t) || !t.trim()) {
      i++;
      continue;
    }
    if (shape === 'cellPerLine' && t.startsWith('\t')) {
      // One cell per line: consecutive tab-indented lines form one table row.
      row++;
      let index = 0;
      while (i < lines.length && lines[i]!.text.startsWith('\t')) {
        const l = lines[i]!;
        const raw = l.text.replace(/^\t+/, '');
        cells.push(classifiedCell(raw, l.no, index++, row, l.start, l.start + l.text.length));
        i++;
      }
      continue;
    }
    row++;
    if (/^\s*\|.*\|\s*$/.test(t)) {
      if (!/^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*$/.test(t)) {
        const parts = t.trim().slice(1, -1).split('|');
        pushDelimited(cells, parts, line, row, '|');
      }
    } else if (t.includes('\t') && /\S\t|\t\S/.test(t.trim() === t ? t : t.trimStart())) {
      pushDelimited(cells, t.replace(/^\s+/, '').split('\t'), line, row, '\t');
    } else {
      // The text's shape is only a hint: a line of cells separated by NBSP, or holding one plain number
      // (one cell per line), is not glued even in a crawled text whose other lines are.
      const hinted = shape === 'glued' && !NBSP_BETWEEN.test(t) && !LONE_NUMBER.test(t);
      pushRuns(cells, line, row, hinted || isGluedLine(t));
    }
    i++;
  }
  return cells;
}

const NBSP_BETWEEN = /\u00a0\d|\d\u00a0|\u00a0\u00a0/;
/** One number of fewer than 7 digits without a leading zero: one cell, not a glued row. */
const LONE_NUMBER = /^\s*(?:0|[1-9]\d{0,5})(?:\.\d+)?(?:万?元)?\s*$/;

function pushDelimited(cells: Cell[], parts: readonly string[], line: Line, row: number, sep: string): void {
  let offset = line.start + Math.max(0, line.text.indexOf(parts[0] ?? ''));
  parts.forEach((raw, index) => {
    cells.push(classifiedCell(raw, line.no, index, row, offset, offset + raw.length));
    offset += raw.length + sep.length;
  });
}

const RUN = /\d[\d \u3000]*(?:\.\d+)?(?:万?元)?/g;
/**
 * Layout lines keep a number's sign: `-5` after a space or at the line start, also inside a run of
 * cells (`0 0 -1`). Dates (`2023-12`) and page footers (`-1-`, dropped whole) are not signs.
 */
const SIGNED_RUN = /(?:(?<!\S)-(?=\d))?\d(?:[\d \u3000]|[ \u3000]-(?=\d))*(?:\.\d+)?(?:万?元)?/g;
const TRAILING_SPACES = /[ \u3000]+$/;
const LABEL_NUMERAL_AFTER = /^[.、](?!\d)/;
const ENDS_WITH_DIGIT = /\d$/;
/** Sticky at the end of a run: `\s` is exactly what `trimStart` removes. */
const PROSE_UNIT_AFTER = /\s*[年月日号条项件个次%]/y;
const RUN_SPACES = /[ \u3000]+/;
/** Digits ending in a year just before 年: the figures, then the year of the next sentence. */
const GLUED_YEAR = /^(\d[\d \u3000]*?\d|\d)[ \u3000]*(?:19|20)\d{2}$/;
const PLAIN_YEAR = /^(?:19|20)\d{2}$/;
const DECIMAL_OR_YUAN = /[.元]/;
const LEADING_DIGITS = /^(\d+)((?:\.\d+)?)/;

function pushText(
  cells: Cell[],
  t: string,
  line: Line,
  row: number,
  index: number,
  from: number,
  to: number,
): number {
  const s = t.slice(from, to);
  const text = s.trim();
  if (!text) return index;
  // A placeholder or a word standing between figures (`0  /  5`, `0 abc 5`) is a cell of its own.
  if (index > 0 && isPlaceholderCell(text)) {
    cells.push({
      kind: 'blank',
      text,
      line: line.no,
      index,
      row,
      start: line.start + from,
      end: line.start + to,
      tokens: [{ kind: 'blank' }],
    });
    return index + 1;
  }
  cells.push({
    kind: 'text',
    text,
    line: line.no,
    index,
    row,
    start: line.start + from,
    end: line.start + to,
  });
  return index + 1;
}

function runToken(g: string, glued: boolean): Token {
  if (g.startsWith('-')) return { kind: 'fixed', value: numberOf(g), raw: g };
  if (!DECIMAL_OR_YUAN.test(g)) return { kind: 'digits', text: g, glued };
  const m = LEADING_DIGITS.exec(g);
  // On glued lines `13575394432.52元` may still hold several cells: only the last gets the decimals.
  return glued && m && m[1]!.length > 1
    ? { kind: 'digits', text: m[1]!, glued, fraction: m[2] ?? '' }
    : { kind: 'fixed', value: numberOf(g), raw: g };
}

/**
 * Plain lines: text and digit runs alternate. On glued lines a run may hold several cells
 * (`640020470`) and a trailing digit glued to the next label's numeral (`…00000002.其他`) is given
 * back to the label. On layout lines every space-separated number is one cell.
 */
function pushRuns(cells: Cell[], line: Line, row: number, glued: boolean): void {
  // NBSP between cells (a crawled HTML row): each NBSP separates two cells, an empty cell prints as a
  // lone NBSP, so a stretch of k NBSP before a figure or at the end holds ⌊k/2⌋ empty cells.
  const hasNbsp = line.text.includes('\u00a0');
  const nbspCells = hasNbsp && !glued;
  const raw = hasNbsp && !nbspCells ? line.text.replace(/\u00a0/g, ' ') : line.text;
  const t = toHalfWidth(raw);
  const run = glued ? RUN : SIGNED_RUN;
  run.lastIndex = 0;
  let last = 0;
  let index = 0;
  for (let m = run.exec(t); m; m = run.exec(t)) {
    const from = m.index;
    const printed = m[0];
    let text = printed.replace(TRAILING_SPACES, '');
    const endsTight = text.length === printed.length;
    const afterAt = from + printed.length;
    // Label numeral glued to the digits before it: `…0000000` + `2.` + `其他…`: give the digit back.
    if (endsTight && LABEL_NUMERAL_AFTER.test(t.slice(afterAt, afterAt + 2)) && ENDS_WITH_DIGIT.test(text)) {
      text = text.slice(0, -1).replace(TRAILING_SPACES, '');
    }
    if (text === '') continue;
    // Numbers that belong to prose: `第 711 号`, `2023 年`. A run glued to the next paragraph's year
    // (`…继续办理` `2000002` + `2025年，我局…`) gives the year back to the prose and keeps the rest.
    if (endsTight || !glued) {
      PROSE_UNIT_AFTER.lastIndex = afterAt;
      if (PROSE_UNIT_AFTER.test(t)) {
        const year = GLUED_YEAR.exec(text);
        if (!year) {
          if (!glued || PLAIN_YEAR.test(text)) continue;
        } else text = year[1]!;
      }
    }
    index = pushText(cells, t, line, row, index, last, from);
    if (nbspCells) index = pushNbspBlanks(cells, t, line, row, index, last, from);
    const groups = text.split(RUN_SPACES);
    const tokens: Token[] = [];
    for (const g of groups) if (g) tokens.push(runToken(g, glued));
    cells.push({
      kind: 'value',
      text,
      line: line.no,
      index: index++,
      row,
      start: line.start + from,
      end: line.start + from + text.length,
      tokens,
    });
    last = from + text.length;
    run.lastIndex = last;
  }
  index = pushText(cells, t, line, row, index, last, t.length);
  if (nbspCells) pushNbspBlanks(cells, t, line, row, index, last, t.length);
}

const TRAILING_NBSP = /\u00a0+$/;

function pushNbspBlanks(
  cells: Cell[],
  t: string,
  line: Line,
  row: number,
  index: number,
  from: number,
  to: number,
): number {
  const m = TRAILING_NBSP.exec(t.slice(from, to));
  const n = m ? Math.floor(m[0].length / 2) : 0;
  for (let k = 0; k < n; k++) {
    cells.push({
      kind: 'blank',
      text: '',
      line: line.no,
      index: index++,
      row,
      start: line.start + to,
      end: line.start + to,
      tokens: [{ kind: 'blank' }],
    });
  }
  return index;
}

export function isCjk(text: string): boolean {
  return CJK.test(text);
}
