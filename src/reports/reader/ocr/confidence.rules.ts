/**
 * What a table cell of a scan says (pure): two readings — the whole-page recogniser (Chinese model)
 * and the cell alone read as one line of digits — and the share of ink in the cell decide the figure.
 *
 * - no ink → blank, sure;
 * - both readings give the same number → that number, sure;
 * - one reading only, confident (≥ SURE) → that number, sure; a weak reading (< WEAK) that disagrees with
 *   a sure one is dropped;
 * - otherwise → unsure: the likelier reading is printed, every reading is kept, and the checker names
 *   the cell instead of judging with it (a sum may later pick one reading, and says so).
 */
export interface Reading {
  readonly text: string;
  /** 0–1. */
  readonly confidence: number;
}

export interface FigureDecision {
  /** The figure to print ('' = blank). */
  readonly text: string;
  readonly sure: boolean;
  readonly confidence: number;
  /** Distinct numbers read (most likely first); empty when nothing could be read from the ink. */
  readonly readings: readonly string[];
}

/** Readings at least this sure are taken alone. */
export const SURE = 0.85;
/** A reading below this is dropped when the other reading is sure (the page recogniser misreads a cell it cuts badly). */
export const WEAK = 0.6;
/** Fewer ink pixels than this (counted at 150 dpi) is an empty cell: specks, the rest of a ruling. A printed 1 has about 40. */
export const MIN_INK = 15;

const NUMBER = /^\d+(?:\.\d+)?$/;
/** Shapes the Chinese model gives digits: 〇/O/o for 0, l/I/|/] for 1, full-width digits. */
const LOOKALIKE: Readonly<Record<string, string>> = {
  〇: '0',
  O: '0',
  o: '0',
  D: '0',
  l: '1',
  I: '1',
  '|': '1',
  ']': '1',
  '[': '1',
  '。': '.',
  '，': '',
  ',': '',
};

/** A printed figure as a plain number string, or null when it is not one. */
export function asFigure(raw: string): string | null {
  let t = '';
  for (const ch of raw.replace(/[\s\u3000]+/g, '')) {
    const c = ch.charCodeAt(0);
    if (c >= 0xff10 && c <= 0xff19) t += String.fromCharCode(c - 0xfee0);
    else t += LOOKALIKE[ch] ?? ch;
  }
  if (!NUMBER.test(t)) return null;
  // A leading zero is not a figure of these tables (`07` is a misread 0 and 7 of two cells, or noise).
  return t.length > 1 && t.startsWith('0') && !t.startsWith('0.') ? null : t;
}

export function decideFigure(page: Reading | null, digits: Reading | null, ink: number): FigureDecision {
  if (ink < MIN_INK) return { text: '', sure: true, confidence: 1, readings: [] };
  const read: { text: string; confidence: number }[] = [];
  for (const r of [digits, page]) {
    const f = r ? asFigure(r.text) : null;
    if (f === null || !r) continue;
    const same = read.find((x) => x.text === f);
    if (same) same.confidence = Math.max(same.confidence, r.confidence);
    else read.push({ text: f, confidence: r.confidence });
  }
  if (read.length === 0) return { text: '', sure: false, confidence: 0, readings: [] };
  if (read.length > 1 && read.some((r) => r.confidence >= SURE)) {
    for (let i = read.length - 1; i >= 0; i--) if (read[i]!.confidence < WEAK) read.splice(i, 1);
  }
  const agreed =
    read.length === 1 && digits && page && asFigure(digits.text) !== null && asFigure(page.text) !== null;
  read.sort((a, b) => b.confidence - a.confidence);
  const best = read[0]!;
  const sure = read.length === 1 && (agreed || best.confidence >= SURE);
  return {
    text: best.text,
    sure: Boolean(sure),
    confidence: sure ? Math.max(best.confidence, SURE) : Math.min(best.confidence, SURE - 0.01),
    readings: read.map((r) => r.text),
  };
}
