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
const BLANK_MARK = /^(?:[-—–－/／\\]|——|无|空)$/;
/** A number as printed in one cell: `61`, `1,234`, `-5`, `0.092`, `251000元`. */
const NUMBER = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:万?元)?$|^[-+]?\d+(?:\.\d+)?(?:万?元)?$/;

export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Cell text → cell kind and tokens (cells of delimited shapes: every number is one value). */
function classify(raw: string): Pick<Cell, 'kind' | 'tokens'> {
  const t = toHalfWidth(raw)
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim();
  if (t === '' || BLANK_MARK.test(t)) return { kind: 'blank', tokens: [{ kind: 'blank' }] };
  if (NUMBER.test(t)) return { kind: 'value', tokens: [{ kind: 'fixed', value: numberOf(t), raw: t }] };
  if (/^\d+(?: \d+)+$/.test(t)) {
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

export function numberOf(printed: string): number {
  return Number(toHalfWidth(printed).replace(/[,元万\s]/g, ''));
}

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
    out.push({ text: raw.replace(/[\r\f\v]/g, ''), no, start });
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

/** A line whose table cells were concatenated: many labels directly followed by digit runs. */
function isGluedLine(text: string): boolean {
  const m = text.match(/[\u3400-\u9fff）)”"][0-9]{3,}/g);
  return (m?.length ?? 0) >= 6;
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
    } else if (/\S\t|\t\S/.test(t.trim() === t ? t : t.trimStart()) && t.includes('\t')) {
      pushDelimited(cells, t.replace(/^\s+/, '').split('\t'), line, row, '\t');
    } else {
      pushRuns(cells, line, row, shape === 'glued' || isGluedLine(t));
    }
    i++;
  }
  return cells;
}

function pushDelimited(cells: Cell[], parts: readonly string[], line: Line, row: number, sep: string): void {
  let offset = line.start + Math.max(0, line.text.indexOf(parts[0] ?? ''));
  parts.forEach((raw, index) => {
    cells.push(classifiedCell(raw, line.no, index, row, offset, offset + raw.length));
    offset += raw.length + sep.length;
  });
}

/**
 * Plain lines: text and digit runs alternate. On glued lines a run may hold several cells
 * (`640020470`) and a trailing digit glued to the next label's numeral (`…00000002.其他`) is given
 * back to the label. On layout lines every space-separated number is one cell.
 */
function pushRuns(cells: Cell[], line: Line, row: number, glued: boolean): void {
  const t = toHalfWidth(line.text.replace(/\u00a0/g, ' '));
  const run = /\d[\d \u3000]*(?:\.\d+)?(?:万?元)?/g;
  let last = 0;
  let index = 0;
  const pushText = (from: number, to: number) => {
    const s = t.slice(from, to);
    if (s.trim())
      cells.push({
        kind: 'text',
        text: s.trim(),
        line: line.no,
        index: index++,
        row,
        start: line.start + from,
        end: line.start + to,
      });
  };
  for (let m = run.exec(t); m; m = run.exec(t)) {
    const from = m.index;
    let text = m[0].replace(/[ \u3000]+$/, '');
    const endsTight = text.length === m[0].length;
    const after = t.slice(from + m[0].length, from + m[0].length + 2);
    // Label numeral glued to the digits before it: `…0000000` + `2.` + `其他…`: give the digit back.
    if (endsTight && /^[.、](?!\d)/.test(after) && /\d$/.test(text)) {
      text = text.slice(0, -1).replace(/[ \u3000]+$/, '');
    }
    if (text === '') continue;
    // Numbers that belong to prose on layout lines: `第 711 号`, `2023 年`.
    if (!glued && /^[年月日号条项件个次%]/.test(t.slice(from + m[0].length).trimStart())) continue;
    pushText(last, from);
    const groups = text.split(/[ \u3000]+/).filter(Boolean);
    const tokens: Token[] = groups.map((g) => {
      if (!/[.元]/.test(g)) return { kind: 'digits', text: g, glued };
      const m = /^(\d+)((?:\.\d+)?)/.exec(g);
      // On glued lines `13575394432.52元` may still hold several cells: only the last gets the decimals.
      return glued && m && m[1]!.length > 1
        ? { kind: 'digits', text: m[1]!, glued, fraction: m[2] ?? '' }
        : { kind: 'fixed', value: numberOf(g), raw: g };
    });
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
  pushText(last, t.length);
}

export function isCjk(text: string): boolean {
  return CJK.test(text);
}
