import type { PlacedPage, PlacedWord, RuleLine } from '../positioned.ts';

/**
 * Rulings → the cells of a table, and words → cells (pure).
 *
 * Horizontal rulings give the row edges, vertical rulings the column edges. Between two neighbouring row
 * edges (a band) the verticals that cross the whole band cut it into cells; a cell whose top edge has no
 * ruling across it continues the cell above (a merged cell such as 三、本年度办理结果 written down the
 * side), so its text stays one label. Each cell belongs to the band where it starts.
 */
export interface GridCell {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  y1: number;
  /** Index of the band (table row) where the cell starts, counted over the page. */
  readonly band: number;
  /** Index of the cell in its band, left to right. */
  readonly index: number;
}

export interface Grid {
  readonly cells: readonly GridCell[];
  /** Row edges (y) of each band, top to bottom. */
  readonly bands: readonly (readonly [number, number])[];
}

function cluster(values: readonly number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1]! <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((s, v) => s + v, 0) / g.length);
}

/** Builds the cells from the rulings; `tol` = how far (pixels) a ruling may miss an edge. */
export function gridFromRulings(rules: readonly RuleLine[], tol = 6): Grid {
  const hs = rules.filter((r) => r.orientation === 'horizontal');
  const vs = rules.filter((r) => r.orientation === 'vertical');
  const ys = cluster(
    hs.map((h) => h.at),
    tol,
  );
  const cells: GridCell[] = [];
  const bands: [number, number][] = [];
  let open: GridCell[] = [];
  for (let i = 0; i + 1 < ys.length; i++) {
    const top = ys[i]!;
    const bottom = ys[i + 1]!;
    const xs = cluster(
      vs.filter((v) => v.from <= top + tol && v.to >= bottom - tol).map((v) => v.at),
      tol,
    );
    if (xs.length < 2) {
      open = [];
      continue;
    }
    const band = bands.length;
    bands.push([top, bottom]);
    const next: GridCell[] = [];
    let index = 0;
    for (let k = 0; k + 1 < xs.length; k++) {
      const x0 = xs[k]!;
      const x1 = xs[k + 1]!;
      const ruled = hs.some(
        (h) => Math.abs(h.at - top) <= tol && h.from <= x0 + tol * 2 && h.to >= x1 - tol * 2,
      );
      const above = ruled
        ? undefined
        : open.find((c) => Math.abs(c.x0 - x0) <= tol && Math.abs(c.x1 - x1) <= tol);
      if (above) {
        above.y1 = bottom;
        next.push(above);
        continue;
      }
      const cell: GridCell = { x0, y0: top, x1, y1: bottom, band, index: index++ };
      cells.push(cell);
      next.push(cell);
    }
    open = next;
  }
  return { cells, bands };
}

/** The cell holding the centre of a word, or null. */
export function cellOf(grid: Grid, w: PlacedWord): GridCell | null {
  const cx = (w.xMin + w.xMax) / 2;
  const cy = (w.yMin + w.yMax) / 2;
  for (const c of grid.cells) if (cx >= c.x0 && cx < c.x1 && cy >= c.y0 && cy < c.y1) return c;
  return null;
}

/** Words in reading order: lines by y (a word joins a line its middle overlaps), then by x. */
export function readingOrder(words: readonly PlacedWord[]): PlacedWord[][] {
  const sorted = [...words].sort((a, b) => a.yMin + a.yMax - (b.yMin + b.yMax));
  const lines: { words: PlacedWord[]; y0: number; y1: number }[] = [];
  for (const w of sorted) {
    const mid = (w.yMin + w.yMax) / 2;
    const line = lines.find((l) => mid >= l.y0 && mid <= l.y1);
    if (line) {
      line.words.push(w);
      line.y0 = Math.min(line.y0, w.yMin);
      line.y1 = Math.max(line.y1, w.yMax);
    } else lines.push({ words: [w], y0: w.yMin, y1: w.yMax });
  }
  return lines.sort((a, b) => a.y0 - b.y0).map((l) => l.words.sort((a, b) => a.xMin - b.xMin));
}

const CJK_EDGE = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/** Joins words: no space between Chinese words, one space between others. */
export function joinWords(words: readonly PlacedWord[]): string {
  let out = '';
  for (const w of words) {
    if (out && !CJK_EDGE.test(out[out.length - 1]!) && !CJK_EDGE.test(w.text[0] ?? '')) out += ' ';
    out += w.text;
  }
  return out;
}

/** Page words split into the words of each cell and the words outside the table. */
export function placeWords(
  page: PlacedPage,
  grid: Grid,
): { inCell: Map<GridCell, PlacedWord[]>; outside: PlacedWord[] } {
  const inCell = new Map<GridCell, PlacedWord[]>();
  const outside: PlacedWord[] = [];
  for (const w of page.words) {
    const c = cellOf(grid, w);
    if (!c) outside.push(w);
    else {
      const list = inCell.get(c);
      if (list) list.push(w);
      else inCell.set(c, [w]);
    }
  }
  return { inCell, outside };
}
