import { mulberry32 } from '../../shared/prng.testing.ts';
import { FORMATS } from '../format/formats.ts';
import { applicationsLayout, type ReportTables } from '../format/tables.ts';
import type { ApplicationRowKey, FormatId } from '../format/types.ts';
import { normalizeInput } from './cells.ts';
import type { ReadReport } from './index.ts';

/**
 * Test helper: the same report content laid out many ways (issue 17's metamorphic tests).
 *
 * The content is what the reader read from a real report (its tables); the report is rebuilt as the
 * original's text before the tables + the tables rendered in one layout + the original's text after
 * them, so the narrative, title and year are the original's. Cells the original itself could not read
 * (ambiguous glued runs) are printed blank and left out of the comparison. Every choice (where a label
 * is broken, which number is broken, padding) comes from a seeded PRNG: the layouts are deterministic.
 */

type Grid = GridRow[];

interface GridRow {
  readonly table: 2 | 3 | 4;
  readonly kind: 'caption' | 'header' | 'group' | 'data';
  readonly cells: readonly string[];
  /** Data rows of tables 3 and 4 whose sums hold (a number broken there can be joined again). */
  readonly sumsHold?: boolean;
}

export type LayoutName =
  | 'cellPerLine'
  | 'cellPerLineTab'
  | 'crlf'
  | 'pipes'
  | 'tabRows'
  | 'glued'
  | 'labelsBroken'
  | 'headerCharPerLine'
  | 'numbersBroken'
  | 'fullWidthDigits'
  | 'halfWidthBrackets'
  | 'nbspCells'
  | 'htmlPlain'
  | 'htmlSpans';

export const LAYOUTS: readonly LayoutName[] = [
  'cellPerLine',
  'cellPerLineTab',
  'crlf',
  'pipes',
  'tabRows',
  'glued',
  'labelsBroken',
  'headerCharPerLine',
  'numbersBroken',
  'fullWidthDigits',
  'halfWidthBrackets',
  'nbspCells',
  'htmlPlain',
  'htmlSpans',
];

const printed = (v: number | string | null | undefined): string =>
  v === null || v === undefined ? '' : String(v);

const rowSumHolds = (v: readonly (number | null)[]): boolean =>
  v.slice(0, 6).reduce<number>((s, x) => s + (x ?? 0), 0) === (v[6] ?? 0);

/** The tables of a reading as rows of printed cells. */
export function tableGrid(r: ReadReport): Grid {
  const unknown = r.unknownCells;
  const grid: GridRow[] = [];
  const format = FORMATS[r.format];
  for (const block of format.tables.proactive.blocks) {
    grid.push({ table: 2, kind: 'caption', cells: [block.caption] });
    grid.push({ table: 2, kind: 'header', cells: [block.labelHeader, ...block.headers] });
    for (const row of block.rows) {
      const values = row.cells.map((c) =>
        unknown.has(`proactive:${row.key}:${c.key}`) ? '' : printed(r.tables.proactive[c.key]),
      );
      grid.push({ table: 2, kind: 'data', cells: [row.label, ...values] });
    }
  }
  const layout: FormatId = applicationsLayout(r.tables);
  const t3 = FORMATS[layout].tables.applications;
  grid.push({ table: 3, kind: 'caption', cells: [t3.caption] });
  grid.push({ table: 3, kind: 'header', cells: ['申请人情况', ...t3.columns.map((c) => c.label)] });
  for (const row of t3.rows) {
    if (!row.leaf) {
      grid.push({ table: 3, kind: 'group', cells: [row.label] });
      continue;
    }
    const values = r.tables.applications[row.key as ApplicationRowKey] ?? [];
    grid.push({
      table: 3,
      kind: 'data',
      cells: [row.label, ...values.map(printed)],
      sumsHold: rowSumHolds(values),
    });
  }
  const t4 = format.tables.review;
  grid.push({ table: 4, kind: 'caption', cells: [t4.caption] });
  grid.push({ table: 4, kind: 'header', cells: ['行政复议', '行政诉讼'] });
  grid.push({
    table: 4,
    kind: 'header',
    cells: ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉'],
  });
  grid.push({ table: 4, kind: 'header', cells: t4.columns.slice(5).map((c) => c.label) });
  const review = r.tables.review;
  const groupHolds = [0, 5, 10].every(
    (o) => (review[o + 4] ?? 0) === [0, 1, 2, 3].reduce((s, i) => s + (review[o + i] ?? 0), 0),
  );
  grid.push({ table: 4, kind: 'data', cells: review.map(printed), sumsHold: groupHolds });
  return grid;
}

const NBSP = '\u00a0';

function splitAt(label: string, rnd: () => number): [string, string] {
  const at = 1 + Math.floor(rnd() * (label.length - 1));
  return [label.slice(0, at), label.slice(at)];
}

const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** A data cell of table 3 or 4 that is a number of two or more digits (to break over two lines). */
function breakable(row: GridRow, rnd: () => number): number {
  if (row.kind !== 'data' || row.table === 2 || !row.sumsHold) return -1;
  const at = row.cells.flatMap((c, i) => (/^\d{2,}$/.test(c) ? [i] : []));
  return at.length === 0 ? -1 : at[Math.floor(rnd() * at.length)]!;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The tables in one layout (text, or HTML rows for the HTML layouts). */
function renderTables(grid: Grid, layout: LayoutName, rnd: () => number): string {
  const lines: string[] = [];
  switch (layout) {
    case 'cellPerLine':
    case 'crlf':
      for (const row of grid) lines.push(...row.cells);
      break;
    case 'cellPerLineTab':
    case 'numbersBroken':
      for (const row of grid) {
        const at = layout === 'numbersBroken' ? breakable(row, rnd) : -1;
        row.cells.forEach((c, i) => {
          if (i === at) {
            const cut = 1 + Math.floor(rnd() * (c.length - 1));
            lines.push(`\t${c.slice(0, cut)}`, `\t${c.slice(cut)}`);
          } else lines.push(`\t${c}`);
        });
        lines.push('');
      }
      break;
    case 'pipes':
      for (const row of grid) {
        const pad = () => ' '.repeat(Math.floor(rnd() * 3));
        lines.push(`|${row.cells.map((c) => `${pad()}${c}${pad()}`).join('|')}|`);
      }
      break;
    case 'tabRows':
    case 'fullWidthDigits':
    case 'halfWidthBrackets':
      for (const row of grid) {
        const indent = ['', ' ', '  ', '\t'][Math.floor(rnd() * 4)]!;
        const line = indent + row.cells.join('\t');
        lines.push(
          layout === 'fullWidthDigits'
            ? toFullWidth(line)
            : layout === 'halfWidthBrackets'
              ? line.replace(/（/g, '(').replace(/）/g, ')')
              : line,
        );
      }
      break;
    case 'glued':
      // Crawled page text: figures run into the label (table 4: into its last heading). A row with an
      // empty cell keeps its TABs (a crawl prints nothing for an empty cell, which no reader can then
      // place), so does a row whose sums fail (no sum can then decide the split: the reader says so);
      // table 2 has no sums to split by.
      for (const row of grid) {
        const glue =
          row.table !== 2 && row.kind !== 'caption' && !row.cells.includes('') && row.sumsHold !== false;
        if (glue && row.table === 4 && row.kind === 'data')
          lines.push(`${lines.pop() ?? ''}${row.cells.join('')}`);
        else lines.push(glue ? row.cells.join('') : row.cells.join('\t'));
      }
      break;
    case 'labelsBroken':
      for (const row of grid) {
        if (row.table === 3 && (row.kind === 'data' || row.kind === 'group') && row.cells[0]!.length > 1) {
          const [a, b] = splitAt(row.cells[0]!, rnd);
          lines.push(a, [b, ...row.cells.slice(1)].join('\t'));
        } else lines.push(row.cells.join('\t'));
      }
      break;
    case 'headerCharPerLine':
      for (const row of grid) {
        if (row.kind === 'header') for (const c of row.cells) lines.push(...[...c]);
        else lines.push(row.cells.join('\t'));
      }
      break;
    case 'nbspCells':
      // One line per row, cells separated by NBSP; an empty cell prints as a lone NBSP.
      for (const row of grid) lines.push(row.cells.map((c) => (c === '' ? NBSP : c)).join(NBSP));
      break;
    case 'htmlPlain':
    case 'htmlSpans':
      return renderHtmlTables(grid, layout === 'htmlSpans');
  }
  return lines.join('\n');
}

function renderHtmlTables(grid: Grid, spans: boolean): string {
  const out: string[] = [];
  let open = 0;
  const close = () => {
    if (open) out.push('</table>');
    open = 0;
  };
  for (let i = 0; i < grid.length; i++) {
    const row = grid[i]!;
    if (row.kind === 'caption') {
      close();
      out.push(`<p>${escapeHtml(row.cells[0]!)}</p>`, '<table border="1">');
      open = 1;
      continue;
    }
    const td = (c: string, attrs = '') => `<td${attrs}>${c === '' ? '&nbsp;' : escapeHtml(c)}</td>`;
    if (spans && row.kind === 'group' && row.table === 3) {
      // The group label spans its rows (rowspan) and sits in the first of them.
      let n = 0;
      while (grid[i + 1 + n]?.kind === 'data' && grid[i + 1 + n]?.table === 3) n++;
      const next = grid[i + 1];
      if (next && n > 0 && /^（[一二三四五六七]）|^三、/.test(row.cells[0]!)) {
        out.push(
          `<tr><td rowspan="${n}">${escapeHtml(row.cells[0]!)}</td>${next.cells.map((c) => td(c)).join('')}</tr>`,
        );
        i++;
        continue;
      }
    }
    if (spans && row.kind === 'header' && row.table === 4 && row.cells.length === 2) {
      out.push(`<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>`);
      continue;
    }
    if (spans && row.kind === 'header' && row.table === 4 && row.cells.length === 7) {
      out.push(
        `<tr>${row.cells.map((c, k) => (k < 5 ? td(c, ' rowspan="2"') : td(c, ' colspan="5"'))).join('')}</tr>`,
      );
      continue;
    }
    out.push(`<tr>${row.cells.map((c) => td(c)).join('')}</tr>`);
  }
  close();
  return out.join('\n');
}

/**
 * The report `text` with its tables in `layout`. `reading` is the reader's result for `text`.
 *
 * @example layoutReport(text, readReport(text) as ReadReport, 'cellPerLine', 1)
 */
export function layoutReport(text: string, reading: ReadReport, layout: LayoutName, seed: number): string {
  const base = normalizeInput(text);
  const [from, to] = reading.tablesSpan;
  const rnd = mulberry32(seed);
  const tables = renderTables(tableGrid(reading), layout, rnd);
  const before = base.slice(0, from);
  const after = base.slice(to);
  if (layout === 'htmlPlain' || layout === 'htmlSpans') {
    const paragraphs = (s: string) =>
      s
        .split('\n')
        .map((l) => `<p>${escapeHtml(l)}</p>`)
        .join('\n');
    return `<html><body>\n${paragraphs(before)}\n${tables}\n${paragraphs(after)}\n</body></html>`;
  }
  const out = `${before}\n${tables}\n${after}`;
  return layout === 'crlf' ? out.replace(/\n/g, '\r\n') : out;
}

/** Merges consecutive identical lines, as some crawlers do (`46 / 0 / 0 / 46` → `46 / 0 / 46`). */
export function mergeRepeatedLines(text: string): string {
  const out: string[] = [];
  for (const l of text.split('\n')) if (out.length === 0 || out[out.length - 1] !== l) out.push(l);
  return out.join('\n');
}

/** The tables with cells the original could not read set to null (they are not compared). */
export function comparableTables(tables: ReportTables, unknown: ReadonlySet<string>): unknown {
  const proactive = Object.fromEntries(
    Object.entries(tables.proactive).map(([k, v]) => [
      k,
      [...unknown].some((id) => id.startsWith('proactive:') && id.endsWith(`:${k}`)) ? null : v,
    ]),
  );
  return { applications: tables.applications, review: tables.review, proactive };
}
