import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlacedPage, PlacedWord } from '../positioned.ts';
import { asFigure, decideFigure, type FigureDecision, type Reading } from './confidence.rules.ts';
import { type GridCell, gridFromRulings, joinWords, placeWords, readingOrder } from './grid.rules.ts';
import {
  crop,
  deskew,
  despeckle,
  type GrayImage,
  inkPixels,
  looksLikeOne,
  parsePnm,
  toPgm,
  whiten,
} from './image.ts';
import { detectRulings, eraseRulings } from './rulings.rules.ts';
import { ocrDigits, ocrPage, rasterise, type TsvWord } from './tesseract.ts';

/**
 * A scanned (image-only) PDF → placed pages (I/O): pages rendered by pdftoppm (red channel: a red seal
 * drops out), paper whitened, specks removed, straightened, rulings
 * found and erased, the page read by tesseract (Chinese), then every figure cell of every table cropped
 * and read again as digits; `decideFigure` settles each cell. The figure cells' words in the result are
 * the decided figures, with `confidence` below `SURE` when unsure (`decisions` keeps every reading).
 */
export interface ScanOptions {
  /** Resolution of the page images (default 150 dpi, decision 016). */
  readonly dpi?: number;
  /** Pages read at the same time (default 2). */
  readonly parallel?: number;
  /** At most this many pages are read (default 12). */
  readonly maxPages?: number;
}

export interface ScanResult {
  readonly pages: readonly PlacedPage[];
  /** The decision behind each figure word of `pages`. */
  readonly decisions: ReadonlyMap<PlacedWord, FigureDecision>;
  readonly dpi: number;
  /** Degrees each page was straightened by. */
  readonly skew: readonly number[];
  readonly seconds: number;
}

export const DEFAULT_DPI = 150;
/** Confidence of a 1 known only by its shape (below SURE: a sum must confirm it, or it stays unsure). */
const ONE_BY_SHAPE = 0.7;
export const MAX_PAGES = 12;

const FIGURE_SHAPED = /^[\d〇OolI|\][.。,，\s]*$/;
const CJK = /[\u3400-\u9fff]/;

interface PageWork {
  readonly number: number;
  readonly image: GrayImage;
  readonly clean: GrayImage;
  readonly placed: PlacedPage;
  readonly skew: number;
}

/** Whether a cell may hold a figure: nothing but figure-like marks read in it, or (not a row's first cell) no sure Chinese. */
function figureCandidates(page: PlacedPage): { cell: GridCell; words: PlacedWord[]; all: PlacedWord[] }[] {
  const grid = gridFromRulings(page.rules ?? []);
  const { inCell } = placeWords(page, grid);
  const seen = grid.cells.map((cell) => {
    const all = inCell.get(cell) ?? [];
    // A word running over the cell's rulings merged several cells: no reading of this one.
    const slack = (cell.x1 - cell.x0) * 0.15;
    const words = all.filter((w) => w.xMin >= cell.x0 - slack && w.xMax <= cell.x1 + slack);
    const text = readingOrder(words).map(joinWords).join('');
    // Chinese read in a cell: a label, unless the cell is figure-narrow and the reading is weak.
    const cjk = words.filter((w) => CJK.test(w.text));
    const narrow = cell.x1 - cell.x0 < page.width * 0.08;
    const weakCjk = cjk.every((w) => (w.confidence ?? 1) < 0.6);
    // A row's first cell is its label, unless it holds a figure or nothing (table 4's row of figures).
    const first = cell.index === 0;
    const figureLike = FIGURE_SHAPED.test(text) || (!first && (cjk.length === 0 || (narrow && weakCjk)));
    return { cell, words, all, figureLike, first, hasText: text !== '' };
  });
  // A cell in a row of figures and a column of figures holds a figure, whatever a smudge made of it.
  const tol = page.width * 0.005;
  const sameColumn = (a: GridCell, b: GridCell) =>
    Math.abs(a.x0 - b.x0) <= tol && Math.abs(a.x1 - b.x1) <= tol;
  const figuresInBand = new Map<number, number>();
  for (const s of seen)
    if (s.figureLike && s.hasText) figuresInBand.set(s.cell.band, (figuresInBand.get(s.cell.band) ?? 0) + 1);
  return seen
    .filter(
      (s) =>
        s.figureLike ||
        (!s.first &&
          (figuresInBand.get(s.cell.band) ?? 0) >= 3 &&
          seen.filter((o) => o.figureLike && o.hasText && sameColumn(o.cell, s.cell)).length >= 3),
    )
    .map(({ cell, words, all }) => ({ cell, words, all }));
}

export async function scanPdf(pdf: Buffer, options: ScanOptions = {}): Promise<ScanResult> {
  const dpi = options.dpi ?? DEFAULT_DPI;
  const started = process.hrtime.bigint();
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-ocr-'));
  try {
    const file = join(dir, 'scan.pdf');
    await writeFile(file, pdf);
    await rasterise(file, join(dir, 'page'), dpi);
    const names = (await readdir(dir))
      .filter((n) => /^page-\d+\.ppm$/.test(n))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))
      .slice(0, options.maxPages ?? MAX_PAGES);
    const work: PageWork[] = new Array(names.length);
    let next = 0;
    const worker = async () => {
      while (next < names.length) {
        const i = next++;
        const raw = despeckle(whiten(parsePnm(await readFile(join(dir, names[i]!)))));
        const { image, degrees } = deskew(raw);
        const rules = detectRulings(image, { dpi });
        const clean = eraseRulings(image, rules, dpi);
        const pgm = join(dir, `clean-${i + 1}.pgm`);
        await writeFile(pgm, toPgm(clean));
        const words = (await ocrPage(pgm, dpi)).map(({ image: _, ...w }) => w);
        work[i] = {
          number: i + 1,
          image,
          clean,
          skew: degrees,
          placed: { page: i + 1, width: image.width, height: image.height, words, rules },
        };
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? 2) }, worker));

    // Every figure cell of the file, cropped (inside its rulings) and read as digits in one run.
    const crops: {
      page: number;
      cell: GridCell;
      words: PlacedWord[];
      all: PlacedWord[];
      ink: number;
      image: GrayImage;
      rect: [number, number, number, number];
    }[] = [];
    const list: string[] = [];
    const inset = Math.max(2, Math.round(dpi / 50));
    for (const w of work) {
      for (const { cell, words, all } of figureCandidates(w.placed)) {
        const [x0, y0, x1, y1] = [cell.x0 + inset, cell.y0 + inset, cell.x1 - inset, cell.y1 - inset];
        // Ink in pixels of a 150-dpi page, so that one threshold serves every resolution.
        const ink = inkPixels(w.clean, x0, y0, x1, y1) * (150 / dpi) ** 2;
        crops.push({ page: w.number, cell, words, all, ink, image: w.clean, rect: [x0, y0, x1, y1] });
        // Nothing to read, or a sliver tesseract refuses (it stops the whole list on one).
        if (ink === 0 || x1 - x0 < 6 || y1 - y0 < 6) continue;
        const name = join(dir, `cell-${crops.length}.pgm`);
        await writeFile(name, toPgm(crop(w.clean, x0, y0, x1, y1, Math.round(dpi / 15))));
        list.push(name);
      }
    }
    const digitWords = new Map<string, TsvWord[]>();
    if (list.length > 0) {
      await writeFile(join(dir, 'cells.txt'), `${list.join('\n')}\n`);
      // Should the list run fail, the figures keep their page reading (and are unsure where alone and weak).
      const read = await ocrDigits(join(dir, 'cells.txt'), dpi).catch(() => [] as TsvWord[]);
      for (const d of read) {
        const name = list[d.image - 1];
        if (!name) continue;
        const arr = digitWords.get(name);
        if (arr) arr.push(d);
        else digitWords.set(name, [d]);
      }
    }
    const decisions = new Map<PlacedWord, FigureDecision>();
    const replaced = new Map<number, { remove: Set<PlacedWord>; add: PlacedWord[] }>();
    crops.forEach((c, k) => {
      const name = join(dir, `cell-${k + 1}.pgm`);
      const digits = digitWords.get(name);
      const reading = (ws: readonly PlacedWord[] | undefined): Reading | null =>
        ws && ws.length > 0
          ? {
              text: readingOrder(ws).map(joinWords).join(''),
              confidence: Math.min(...ws.map((w) => w.confidence ?? 1)),
            }
          : null;
      const pageReading = reading(c.words);
      let digitReading = reading(digits);
      const figure = (r: Reading | null) => r !== null && asFigure(r.text) !== null;
      if (!figure(digitReading) && !figure(pageReading) && c.ink > 0 && looksLikeOne(c.image, ...c.rect, dpi))
        digitReading = { text: '1', confidence: ONE_BY_SHAPE };
      const d = decideFigure(pageReading, digitReading, c.ink);
      const entry = replaced.get(c.page) ?? { remove: new Set(), add: [] };
      replaced.set(c.page, entry);
      for (const w of c.all) entry.remove.add(w);
      if (d.text === '' && d.sure) return;
      const word: PlacedWord = {
        text: d.text,
        xMin: c.cell.x0 + inset,
        yMin: c.cell.y0 + inset,
        xMax: c.cell.x1 - inset,
        yMax: c.cell.y1 - inset,
        confidence: d.confidence,
      };
      decisions.set(word, d);
      entry.add.push(word);
    });
    const pages = work.map((w): PlacedPage => {
      const r = replaced.get(w.number);
      if (!r) return w.placed;
      return { ...w.placed, words: [...w.placed.words.filter((x) => !r.remove.has(x)), ...r.add] };
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { pages, decisions, dpi, skew: work.map((w) => w.skew), seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
