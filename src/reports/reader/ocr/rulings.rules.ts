import type { RuleLine } from '../positioned.ts';
import { type GrayImage, INK } from './image.ts';

/**
 * Table rulings found on a page image (pure). A ruling is a long straight run of ink: horizontal runs
 * at least `minLength` long (longer than any character), vertical runs likewise; runs on neighbouring
 * pixel rows merge into one line (rulings are 1–4 pixels thick). Gaps of a few pixels (noise, a faint
 * scan) are bridged. Verticals must cross or touch two horizontal rulings and horizontals two of those
 * verticals (a table cut by a page break has no bottom ruling): strokes of big characters and underlines are thereby not mistaken for rulings.
 */
export interface RulingOptions {
  /** Shortest horizontal ruling, pixels (default: 1 inch: a row of a table of figures is longer; bold writing, smoothed, is shorter). */
  readonly minHorizontal?: number;
  /** Shortest vertical ruling, pixels (default: 0.16 inch). */
  readonly minVertical?: number;
  /** Pixels per inch of the image (default 150). */
  readonly dpi?: number;
}

/** Darker than this counts as a ruling's ink (rulings are often grey after scanning). */
const INK_LINE = 190;

/** The darkest of three values, shifted so that `INK_LINE` maps to `INK` (what `runs` tests). */
function across(a: number, b: number, c: number): number {
  return Math.min(a, b, c) - (INK_LINE - INK);
}

/** Mean over 2k+1 pixels along rows (`alongX`) or columns. */
function smooth(d: Uint8Array, w: number, h: number, k: number, alongX: boolean): Uint8Array {
  const out = new Uint8Array(d.length);
  const [lines, length] = alongX ? [h, w] : [w, h];
  const at = (line: number, pos: number) => (alongX ? line * w + pos : pos * w + line);
  for (let a = 0; a < lines; a++) {
    let sum = 0;
    let n = 0;
    for (let b = 0; b < Math.min(k, length); b++) {
      sum += d[at(a, b)]!;
      n++;
    }
    for (let b = 0; b < length; b++) {
      if (b + k < length) {
        sum += d[at(a, b + k)]!;
        n++;
      }
      if (b - k - 1 >= 0) {
        sum -= d[at(a, b - k - 1)]!;
        n--;
      }
      out[at(a, b)] = sum / n;
    }
  }
  return out;
}

interface Segment {
  at: number;
  from: number;
  to: number;
  last: number;
  sum: number;
  n: number;
}

/** Runs of ink along one direction; `pixel(a, b)` reads position b of line a. */
function runs(
  lines: number,
  length: number,
  pixel: (line: number, pos: number) => number,
  minLength: number,
  maxGap: number,
  maxThickness: number,
): Segment[] {
  const open: Segment[] = [];
  const done: Segment[] = [];
  for (let a = 0; a < lines; a++) {
    let start = -1;
    let lastInk = -1;
    const found: [number, number][] = [];
    for (let b = 0; b <= length; b++) {
      const ink = b < length && pixel(a, b) < INK;
      if (ink) {
        if (start < 0) start = b;
        lastInk = b;
      } else if (start >= 0 && b - lastInk > maxGap) {
        if (lastInk - start + 1 >= minLength) found.push([start, lastInk]);
        start = -1;
      }
    }
    for (const [from, to] of found) {
      const seg = open.find((s) => s.last >= a - 1 && s.from <= to && from <= s.to);
      if (seg) {
        seg.from = Math.min(seg.from, from);
        seg.to = Math.max(seg.to, to);
        seg.last = a;
        seg.sum += a;
        seg.n++;
      } else open.push({ at: a, from, to, last: a, sum: a, n: 1 });
    }
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i]!.last < a - 1) done.push(...open.splice(i, 1));
    }
  }
  done.push(...open);
  // Thicker than a ruling (a filled block, a photo): not a line.
  return done.filter((s) => s.n <= maxThickness).map((s) => ({ ...s, at: s.sum / s.n }));
}

export function detectRulings(img: GrayImage, options: RulingOptions = {}): RuleLine[] {
  const dpi = options.dpi ?? 150;
  const minH = options.minHorizontal ?? Math.round(dpi * 1.0);
  const minV = options.minVertical ?? Math.round(dpi * 0.16);
  const gap = Math.max(3, Math.round(dpi / 50));
  const w = img.width;
  const d = img.data;
  const h = img.height;
  // Thicker than this (pixels, as widened by the window across) is a filled block, not a ruling.
  const thick = Math.round(dpi / 15) + 4;
  // Each pixel is averaged with its neighbours along the direction searched (a ruling stays dark, a
  // shaded or noisy area evens out to its light mean), then the darkest of three pixels across it
  // counts: a thin ruling drawn over two pixel rows, or broken by noise, is still found.
  const k = Math.max(2, Math.round(dpi / 35));
  const alongX = smooth(d, w, h, k, true);
  const alongY = smooth(d, w, h, k, false);
  const hs = runs(
    h,
    w,
    (y, x) =>
      across(
        alongX[y * w + x]!,
        y > 0 ? alongX[(y - 1) * w + x]! : 255,
        y + 1 < h ? alongX[(y + 1) * w + x]! : 255,
      ),
    minH,
    gap,
    thick,
  );
  const vs = runs(
    w,
    h,
    (x, y) =>
      across(
        alongY[y * w + x]!,
        x > 0 ? alongY[y * w + x - 1]! : 255,
        x + 1 < w ? alongY[y * w + x + 1]! : 255,
      ),
    minV,
    gap,
    thick,
  );
  const tol = Math.max(3, Math.round(dpi * 0.04));
  const crosses = (h: Segment, v: Segment) =>
    v.at >= h.from - tol && v.at <= h.to + tol && h.at >= v.from - tol && h.at <= v.to + tol;
  const verticals = vs.filter((v) => hs.filter((h) => crosses(h, v)).length >= 2);
  const horizontals = hs.filter((h) => verticals.filter((v) => crosses(h, v)).length >= 2);
  const line = (orientation: RuleLine['orientation'], s: Segment): RuleLine => ({
    orientation,
    at: Math.round(s.at * 10) / 10,
    from: s.from,
    to: s.to,
  });
  return [
    ...horizontals.map((s) => line('horizontal', s)).sort((a, b) => a.at - b.at),
    ...verticals.map((s) => line('vertical', s)).sort((a, b) => a.at - b.at),
  ];
}

/** The page with its rulings painted white, so the recogniser sees only the writing. */
export function eraseRulings(img: GrayImage, rules: readonly RuleLine[], dpi = 150): GrayImage {
  const data = new Uint8Array(img.data);
  const half = Math.max(2, Math.round(dpi / 50));
  for (const r of rules) {
    const a0 = Math.max(0, Math.floor(r.at - half));
    const a1 = Math.ceil(r.at + half);
    for (let b = Math.max(0, r.from - 1); b <= r.to + 1; b++) {
      for (let a = a0; a <= a1; a++) {
        const [x, y] = r.orientation === 'horizontal' ? [b, a] : [a, b];
        if (x < img.width && y < img.height) data[y * img.width + x] = 255;
      }
    }
  }
  return { width: img.width, height: img.height, data };
}
