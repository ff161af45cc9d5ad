/**
 * From the characters MuPDF places on a page to the boxes to remove: the page's text (lines joined by
 * "\n", so finders see one string), the spans of that text mapped back to per-line rectangles, a box the
 * clerk drew on the page image scaled to page points, and the text that lies under a box. Pure.
 * Coordinates are MuPDF's: points, origin at the top left of the displayed page.
 */
export type Rect = readonly [number, number, number, number];

/** A character with its box: [char, x0, y0, x1, y1]. */
export type PlacedChar = readonly [string, number, number, number, number];

export interface PageText {
  readonly width: number;
  readonly height: number;
  /** The characters by line, in reading order. */
  readonly lines: readonly (readonly PlacedChar[])[];
}

/** The page's text and, for each UTF-16 position of it, the line and character it came from. */
export interface IndexedText {
  readonly text: string;
  readonly at: readonly ({ line: number; char: number } | null)[];
}

export function indexPageText(page: PageText): IndexedText {
  let text = '';
  const at: ({ line: number; char: number } | null)[] = [];
  page.lines.forEach((line, li) => {
    if (li > 0) {
      text += '\n';
      at.push(null);
    }
    line.forEach((c, ci) => {
      text += c[0];
      for (let k = 0; k < c[0].length; k++) at.push({ line: li, char: ci });
    });
  });
  return { text, at };
}

/**
 * How far a box stays inside the first and last glyph (points). MuPDF removes every glyph a box touches,
 * whole: a box flush with its text would also take the neighbours that share an edge with it.
 */
export const TEXT_INSET = 0.4;

/** The rectangles covering `[start, end)` of an indexed page text: one per line touched. */
export function spanRects(page: PageText, indexed: IndexedText, start: number, end: number): Rect[] {
  const byLine = new Map<number, [number, number, number, number]>();
  for (let i = start; i < end; i++) {
    const pos = indexed.at[i];
    if (!pos) continue;
    const c = page.lines[pos.line]?.[pos.char];
    if (!c || c[0].trim() === '') continue;
    const r = byLine.get(pos.line);
    if (!r) byLine.set(pos.line, [c[1], c[2], c[3], c[4]]);
    else {
      r[0] = Math.min(r[0], c[1]);
      r[1] = Math.min(r[1], c[2]);
      r[2] = Math.max(r[2], c[3]);
      r[3] = Math.max(r[3], c[4]);
    }
  }
  return [...byLine.values()].map((r) => inset(r, TEXT_INSET, page));
}

function inset(r: Rect, by: number, page: { width: number; height: number }): Rect {
  const d = r[2] - r[0] > 4 * by ? by : 0;
  return [
    round(Math.max(0, r[0] + d)),
    round(Math.max(0, r[1])),
    round(Math.min(page.width, r[2] - d)),
    round(Math.min(page.height, r[3])),
  ];
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * A box drawn on the page image, given as fractions of the image (0–1, from the top left), in page
 * points; null when it is empty or not on the page.
 */
export function fractionRect(f: Rect, page: { width: number; height: number }): Rect | null {
  const [a, b, c, d] = f.map((v) => Math.min(1, Math.max(0, v))) as [number, number, number, number];
  const x0 = Math.min(a, c);
  const x1 = Math.max(a, c);
  const y0 = Math.min(b, d);
  const y1 = Math.max(b, d);
  if (x1 - x0 < 0.002 || y1 - y0 < 0.002) return null;
  return [round(x0 * page.width), round(y0 * page.height), round(x1 * page.width), round(y1 * page.height)];
}

const centreIn = (c: PlacedChar, r: Rect) => {
  const x = (c[1] + c[3]) / 2;
  const y = (c[2] + c[4]) / 2;
  return x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3];
};

/** The text whose characters' centres lie in `r` (what a drawn box removes, shown to the clerk). */
export function textUnder(page: PageText, r: Rect): string {
  return page.lines
    .map((line) =>
      line
        .filter((c) => centreIn(c, r))
        .map((c) => c[0])
        .join('')
        .trim(),
    )
    .filter((s) => s !== '')
    .join(' ');
}

/** The page text outside every rectangle (what must not contain a removed value). */
export function textOutside(page: PageText, rects: readonly Rect[]): string {
  return page.lines
    .map((line) =>
      line
        .filter((c) => !rects.some((r) => centreIn(c, r)))
        .map((c) => c[0])
        .join(''),
    )
    .join('\n');
}

/**
 * The font size that fits `label` in a box, or 0 when none does. Every character counts one em: the
 * label font (a CJK font the viewer supplies) sets Latin characters full width too.
 */
export function labelFit(label: string, r: Rect): number {
  const ems = [...label].length;
  const w = r[2] - r[0] - 2;
  const h = r[3] - r[1];
  const size = Math.min(h * 0.78, 10, w / Math.max(ems, 1));
  return size >= 3.5 ? Math.floor(size * 10) / 10 : 0;
}
