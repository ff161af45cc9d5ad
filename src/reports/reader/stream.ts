import type { Cell } from './cells.ts';
import type { Token } from './split.ts';

/**
 * The template-aligned stream: a table read as labels and numbers in printed order, whatever the
 * line breaks.
 *
 * Design. A tokeniser (today `toCells` over text; for issue 13 one over PDF word positions or OCR
 * boxes) turns the input into `Cell`s: text, value (with its `Token`s) or blank, each with a line and
 * an offset. Row boundaries in the input are only hints: `streamGroups` ignores them and cuts the
 * cells of one table into groups "label run, then value run", where a value run ends only at the next
 * label. Empty lines inside or around a value run become *soft* blanks: in a one-cell-per-line text an
 * empty line is an empty cell, elsewhere it is only a separator, so a soft blank counts only when the
 * template needs it. The template (the format's rows in order and its column count: 7 for table 3,
 * 15 for table 4, the cells of each table-2 row) then decides:
 *
 * - `hard + soft` values fit the column count → the soft blanks that make the count are taken;
 * - more values than columns → a number broken over two lines (`1` / `62`) is joined, only across a
 *   line break and never into a leading zero; the joinings that make the sums hold are kept;
 * - fewer values than columns and no soft blanks to fill them → repeated values were merged by the
 *   crawler (`46 / 0 / 46`); runs are expanded, and the expansions that make the sums hold are kept.
 *
 * A repair yields candidates like a glued split does; exactly one candidate is read (provenance
 * `split` with `decidedBy` and `repaired`); several go to the column sums, and what still disagrees
 * is `ambiguous` and named. A sum used to decide a repair proves nothing about that sum.
 */

/** Consecutive figure cells with the label printed before them. */
export interface ValueGroup {
  readonly cells: readonly Cell[];
  /** Tokens with the cell each came from. */
  readonly tokens: readonly Token[];
  readonly tokenCells: readonly Cell[];
  /** Normalised text printed on the same row just before the figures (stream: every label since the last figures). */
  readonly strong: string;
  /** Normalised text printed on earlier lines since the previous figures. */
  readonly weak: string;
  readonly gluedDigits: number;
  /** Stream groups: per token, whether it is a soft blank (an empty line: an empty cell or a separator). */
  readonly soft?: readonly boolean[];
}

/** At most this many empty lines of one gap count as soft blanks. */
const MAX_SOFT_PER_GAP = 15;

/**
 * Cuts the cells `from`…`to` into label/value groups regardless of rows. `isEmptyLine(n)` says whether
 * line `n` of the input printed nothing (a tokeniser without lines passes `() => false`).
 */
export function streamGroups(
  cells: readonly Cell[],
  norm: (i: number) => string,
  from: number,
  to: number,
  isEmptyLine: (line: number) => boolean,
): ValueGroup[] {
  const out: ValueGroup[] = [];
  let label = '';
  let run: Cell[] = [];
  let tokens: Token[] = [];
  let tokenCells: Cell[] = [];
  let soft: boolean[] = [];
  let lastLine = -1;
  let lastCell: Cell | null = null;
  const addSoft = (uptoLine: number) => {
    if (lastLine < 0 || !lastCell) return;
    let n = 0;
    for (let l = lastLine + 1; l < uptoLine && n < MAX_SOFT_PER_GAP; l++) {
      if (!isEmptyLine(l)) continue;
      n++;
      const c: Cell = {
        kind: 'blank',
        text: '',
        line: l,
        index: 0,
        row: lastCell.row,
        start: lastCell.end,
        end: lastCell.end,
      };
      tokens.push({ kind: 'blank' });
      tokenCells.push(c);
      soft.push(true);
    }
  };
  const flush = () => {
    const hard = soft.filter((s) => !s).length;
    const values = tokens.filter((t, k) => !soft[k] && t.kind !== 'blank').length;
    // A labelled row of blanks only: printed blanks, or (one cell per line) at least two empty lines.
    if (values > 0 || (label !== '' && (hard >= 5 || (hard === 0 && soft.length >= 2)))) {
      const gluedDigits = tokens.reduce(
        (s, t) => s + (t.kind === 'digits' && t.glued ? t.text.length : 0),
        0,
      );
      out.push({ cells: run, tokens, tokenCells, strong: label, weak: '', gluedDigits, soft });
      label = '';
    }
    run = [];
    tokens = [];
    tokenCells = [];
    soft = [];
  };
  for (let i = from; i < to; i++) {
    const c = cells[i]!;
    if (c.kind === 'text') {
      if (tokens.length > 0 || (label !== '' && lastCell?.kind === 'text')) {
        addSoft(c.line);
        flush();
      }
      label += norm(i);
      lastLine = c.line;
      lastCell = c;
      continue;
    }
    if (tokens.length > 0 || label !== '') addSoft(c.line);
    run.push(c);
    for (const t of c.tokens ?? []) {
      tokens.push(t);
      tokenCells.push(c);
      soft.push(false);
    }
    lastLine = c.line;
    lastCell = c;
  }
  if (tokens.length > 0) {
    // Empty lines up to the next table's first label are this run's too.
    const next = cells[to];
    addSoft(next ? next.line : lastLine + 1);
    flush();
  }
  return out;
}

/**
 * A group printed with fewer values than `n` whose figures are unspaced digit runs (`0000000` after a
 * label on a line that did not look glued): the same group with those runs to be split like glued cells.
 */
export function asGlued(group: ValueGroup, n: number): ValueGroup {
  if (group.gluedDigits > 0) return group;
  const { hard, soft } = hardCount(group);
  if (hard + soft >= n) return group;
  let gluedDigits = 0;
  const tokens = group.tokens.map((t, k): Token => {
    if (group.soft?.[k] || t.kind !== 'digits' || t.text.length < 2 || t.fraction) return t;
    gluedDigits += t.text.length;
    return { kind: 'digits', text: t.text, glued: true };
  });
  if (gluedDigits === 0) return group;
  const keep = tokens.map((_, k) => !group.soft?.[k]);
  return {
    ...group,
    tokens: tokens.filter((_, k) => keep[k]),
    tokenCells: group.tokenCells.filter((_, k) => keep[k]),
    soft: undefined,
    gluedDigits,
  };
}

/** Hard (printed) tokens of a group and the number of soft blanks. */
export function hardCount(group: ValueGroup): { hard: number; soft: number } {
  let soft = 0;
  for (const s of group.soft ?? []) if (s) soft++;
  return { hard: group.tokens.length - soft, soft };
}

/** How a row's count mismatch was repaired. */
export type Repair = 'softBlanks' | 'joined' | 'expanded';

export interface Repaired {
  readonly how: Repair;
  /** Readings (all of them when none makes the sums hold). */
  readonly candidates: readonly (readonly (number | null)[])[];
  /** Whether `accept` chose among the readings (false: the readings were the only ones possible). */
  readonly bySums: boolean;
  /** Whether some reading makes the sums hold (else `candidates` are every reading). */
  readonly anyHolds: boolean;
  /** Source cell of each value of the first reading, and its printed text (joined parts). */
  readonly sources: readonly { readonly cell: Cell; readonly text: string }[];
  /** Number of printed values (for messages). */
  readonly found: number;
}

interface Piece {
  readonly token: Token;
  readonly cell: Cell;
}

/** Value of a single token as a cell; undefined for glued digits (not repaired here). */
function tokenValue(t: Token): number | null | undefined {
  if (t.kind === 'blank') return null;
  if (t.kind === 'fixed') return t.value;
  if (t.glued) return undefined;
  return Number(t.text + (t.fraction ?? ''));
}

/** Plain integer digits of a token (`62`), or null when it cannot be a part of a broken number. */
function plainDigits(t: Token): string | null {
  if (t.kind === 'digits') return t.glued || t.fraction ? null : t.text;
  if (t.kind === 'fixed') return t.raw !== undefined && /^\d+$/.test(t.raw) ? t.raw : null;
  return null;
}

/** Bound on readings tried by one repair (a repair that would need more gives up: no reading). */
const MAX_REPAIR_READINGS = 5000;
/** Bound on distinct readings kept by one repair. */
const MAX_REPAIR_CANDIDATES = 64;

/**
 * Repairs a group whose printed values do not fit `n` columns (see the module comment). Null when
 * no repair applies (glued digits, or nothing that explains the count).
 */
export function repairGroup(
  group: ValueGroup,
  n: number,
  accept: (values: readonly (number | null)[]) => boolean,
): Repaired | null {
  if (group.gluedDigits > 0) return null;
  const soft = group.soft ?? [];
  const hard: Piece[] = [];
  const softAt: number[] = [];
  const all: { piece: Piece; soft: boolean }[] = [];
  group.tokens.forEach((token, k) => {
    const piece = { token, cell: group.tokenCells[k]! };
    all.push({ piece, soft: soft[k] === true });
    if (soft[k]) softAt.push(all.length - 1);
    else hard.push(piece);
  });
  if (hard.some((p) => tokenValue(p.token) === undefined)) return null;
  if (hard.length < n && hard.length + softAt.length >= n) return withSoftBlanks(all, softAt, hard.length, n);
  if (hard.length > n) return joined(hard, n, accept);
  if (hard.length < n && hard.length > 0) return expanded(hard, n, accept);
  return null;
}

/** Takes `n - hard` of the soft blanks; read only when every choice gives the same row. */
function withSoftBlanks(
  all: readonly { piece: Piece; soft: boolean }[],
  softAt: readonly number[],
  hard: number,
  n: number,
): Repaired | null {
  const need = n - hard;
  const readings = new Map<string, { values: (number | null)[]; sources: Piece[] }>();
  let steps = 0;
  let truncated = false;
  const choose = (from: number, chosen: number[]) => {
    if (truncated) return;
    if (++steps > MAX_REPAIR_READINGS || readings.size > MAX_REPAIR_CANDIDATES) {
      truncated = true;
      return;
    }
    if (chosen.length === need) {
      const keep = new Set(chosen);
      const pieces = all.filter((a, k) => !a.soft || keep.has(k)).map((a) => a.piece);
      const values = pieces.map((p) => tokenValue(p.token) ?? null);
      readings.set(values.join(','), { values, sources: pieces });
      return;
    }
    for (let k = from; k < softAt.length; k++) choose(k + 1, [...chosen, softAt[k]!]);
  };
  choose(0, []);
  const list = [...readings.values()];
  if (list.length === 0 || truncated) return null;
  return {
    how: 'softBlanks',
    candidates: list.map((r) => r.values),
    bySums: false,
    anyHolds: true,
    sources: list[0]!.sources.map((p) => ({ cell: p.cell, text: p.cell.text })),
    found: hard,
  };
}

/** Joins `hard.length - n` pairs of numbers printed on consecutive lines. */
function joined(
  hard: readonly Piece[],
  n: number,
  accept: (values: readonly (number | null)[]) => boolean,
): Repaired | null {
  const k = hard.length - n;
  if (k > 2) return null;
  // A pair may join when both are plain integers, on different lines, and the first is not `0`.
  const joinable = hard.map((p, i) => {
    const q = hard[i + 1];
    if (!q || q.cell.line === p.cell.line) return false;
    const a = plainDigits(p.token);
    const b = plainDigits(q.token);
    return a !== null && b !== null && a !== '0';
  });
  const readings: { values: (number | null)[]; sources: { cell: Cell; text: string }[] }[] = [];
  const build = (starts: readonly number[]) => {
    const values: (number | null)[] = [];
    const sources: { cell: Cell; text: string }[] = [];
    for (let i = 0; i < hard.length; i++) {
      const p = hard[i]!;
      if (starts.includes(i)) {
        const q = hard[i + 1]!;
        const text = `${plainDigits(p.token)}${plainDigits(q.token)}`;
        values.push(Number(text));
        sources.push({ cell: p.cell, text });
        i++;
      } else {
        values.push(tokenValue(p.token) ?? null);
        sources.push({ cell: p.cell, text: p.cell.text });
      }
    }
    readings.push({ values, sources });
  };
  for (let i = 0; i < hard.length; i++) {
    if (!joinable[i]) continue;
    if (k === 1) build([i]);
    else for (let j = i + 2; j < hard.length; j++) if (joinable[j]) build([i, j]);
  }
  return choose('joined', readings, accept, hard.length);
}

/** Expands runs of merged repeated values to `n` values. */
function expanded(
  hard: readonly Piece[],
  n: number,
  accept: (values: readonly (number | null)[]) => boolean,
): Repaired | null {
  const readings: { values: (number | null)[]; sources: { cell: Cell; text: string }[] }[] = [];
  const counts: number[] = [];
  const walk = (i: number, left: number) => {
    if (readings.length > MAX_REPAIR_READINGS) return;
    if (i === hard.length - 1) {
      counts.push(left);
      const values: (number | null)[] = [];
      const sources: { cell: Cell; text: string }[] = [];
      hard.forEach((p, j) => {
        for (let r = 0; r < counts[j]!; r++) {
          values.push(tokenValue(p.token) ?? null);
          sources.push({ cell: p.cell, text: p.cell.text });
        }
      });
      readings.push({ values, sources });
      counts.pop();
      return;
    }
    // Only a value equal to neither neighbour's could not have been a longer run; any run may repeat.
    for (let c = 1; c <= left - (hard.length - 1 - i); c++) {
      counts.push(c);
      walk(i + 1, left - c);
      counts.pop();
    }
  };
  walk(0, n);
  if (readings.length > MAX_REPAIR_READINGS) return null;
  return choose('expanded', readings, accept, hard.length);
}

function choose(
  how: Repair,
  readings: readonly { values: (number | null)[]; sources: { cell: Cell; text: string }[] }[],
  accept: (values: readonly (number | null)[]) => boolean,
  found: number,
): Repaired | null {
  if (readings.length === 0) return null;
  const holding = readings.filter((r) => accept(r.values));
  const kept = holding.length > 0 ? holding : readings;
  // Distinct readings only (different joinings may give the same row).
  const seen = new Map<string, (typeof readings)[number]>();
  for (const r of kept) if (!seen.has(r.values.join(','))) seen.set(r.values.join(','), r);
  const list = [...seen.values()];
  return {
    how,
    candidates: list.map((r) => r.values),
    bySums: holding.length > 0 && holding.length < readings.length,
    anyHolds: holding.length > 0,
    sources: list[0]!.sources,
    found,
  };
}
