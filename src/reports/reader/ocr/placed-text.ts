import type { PlacedPage, PlacedWord } from '../positioned.ts';
import {
  type Grid,
  type GridCell,
  gridFromRulings,
  joinWords,
  placeWords,
  readingOrder,
} from './grid.rules.ts';

/**
 * Placed pages (words with boxes, and rulings) → text the report reader understands (pure): the
 * second reading of a scan, by ruled rows, beside the position reader's `readPlacedPages`; `readScan`
 * keeps the better (decision 016: on damaged scans the rows reading still wins some pages).
 *
 * Every table row (a band between two horizontal rulings) becomes one line with its cells separated by
 * TAB (the reader's `tabs` shape, as HTML tables give): first the label cells that hold text, then the
 * figure cells — the run of cells at the right end that hold a number or nothing. An empty figure cell
 * is an empty field between two TABs (the reader's blank cell); at the start of a line, where leading
 * TABs would be lost, it is printed as `-`. Text outside tables becomes lines in reading order.
 */
export interface PlacedText {
  readonly text: string;
  /** The figure word printed at `line:cell` (1-based line, 0-based cell in that line). */
  readonly origins: ReadonlyMap<string, PlacedWord>;
}

export const originKey = (line: number, cell: number): string => `${line}:${cell}`;

const FIGURE = /^\d+(?:\.\d+)?$/;

interface Item {
  readonly y: number;
  readonly cells: readonly { text: string; word: PlacedWord | null }[];
}

function cellText(words: readonly PlacedWord[] | undefined): string {
  return words ? readingOrder(words).map(joinWords).join('') : '';
}

function bandItems(grid: Grid, inCell: ReadonlyMap<GridCell, PlacedWord[]>): Item[] {
  const items: Item[] = [];
  for (let b = 0; b < grid.bands.length; b++) {
    const cells = grid.cells.filter((c) => c.band === b).sort((p, q) => p.x0 - q.x0);
    const texts = cells.map((c) => {
      const words = inCell.get(c);
      return { text: cellText(words), word: words?.length === 1 ? words[0]! : null };
    });
    let firstFigure = texts.length;
    while (
      firstFigure > 0 &&
      (texts[firstFigure - 1]!.text === '' || FIGURE.test(texts[firstFigure - 1]!.text))
    )
      firstFigure--;
    const labels = texts.slice(0, firstFigure).filter((t) => t.text !== '');
    // An empty figure cell keeps its word: OCR may have been unsure what it holds.
    const figures = texts.slice(firstFigure);
    // A row of empty cells only, without a label, is a spacer.
    if (labels.length === 0 && figures.every((f) => f.text === '')) continue;
    // Empty cells before the first label are merged-cell leftovers, not figures.
    items.push({ y: grid.bands[b]![0], cells: [...labels, ...figures] });
  }
  return items;
}

/** One page's lines, top to bottom. */
function pageItems(page: PlacedPage): Item[] {
  const grid = gridFromRulings(page.rules ?? []);
  const { inCell, outside } = placeWords(page, grid);
  const lines: Item[] = readingOrder(outside).map((ws) => ({
    y: ws[0]!.yMin,
    cells: [{ text: joinWords(ws), word: null }],
  }));
  return [...lines, ...bandItems(grid, inCell)].sort((a, b) => a.y - b.y);
}

export function placedPagesToText(pages: readonly PlacedPage[]): PlacedText {
  const out: string[] = [];
  const origins = new Map<string, PlacedWord>();
  for (const page of pages) {
    for (const item of pageItems(page)) {
      const line = out.length + 1;
      const texts = item.cells.map((c, i) => {
        if (c.word) origins.set(originKey(line, i), c.word);
        return i === 0 && c.text === '' ? '-' : c.text;
      });
      out.push(texts.join('\t'));
    }
    out.push('\f');
  }
  return { text: out.join('\n'), origins };
}
