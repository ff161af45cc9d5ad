/**
 * Splitting glued digit runs (`640020470` → 64,0,0,2,0,4,70) into a fixed number of values.
 * Spaces inside a run are hard boundaries; values have no leading zero (except `0` itself).
 * The search is bounded: at most `MAX_STEPS` steps and `MAX_CANDIDATES` results per run.
 */

/** One piece of a value group: a digit string that may be split (`glued`), a fixed number, or a blank. */
export type Token =
  | {
      readonly kind: 'digits';
      readonly text: string;
      readonly glued: boolean;
      /** Decimal part printed after the last digit of the run (`.52`), belongs to the last value. */
      readonly fraction?: string;
    }
  | { readonly kind: 'fixed'; readonly value: number; readonly raw?: string }
  | { readonly kind: 'blank' };

export const MAX_VALUE_DIGITS = 7;
export const MAX_STEPS = 20000;
export const MAX_CANDIDATES = 64;

export interface SplitResult {
  /** Readings that satisfy `accept`, at most `MAX_CANDIDATES`. */
  readonly candidates: readonly (readonly (number | null)[])[];
  /** True when the search stopped at a bound (the candidate list may be incomplete). */
  readonly truncated: boolean;
}

/**
 * All readings of `tokens` as exactly `n` values that `accept` allows.
 *
 * @example splitTokens([{ kind: 'digits', text: '640020470', glued: true }], 7, rowSumHolds)
 */
export function splitTokens(
  tokens: readonly Token[],
  n: number,
  accept: (values: readonly (number | null)[]) => boolean = acceptAll,
): SplitResult {
  // Each token yields [min, max] values; prune on the remaining budget.
  const count = tokens.length;
  const suffixMin: number[] = new Array<number>(count + 1);
  const suffixMax: number[] = new Array<number>(count + 1);
  suffixMin[count] = 0;
  suffixMax[count] = 0;
  for (let i = count - 1; i >= 0; i--) {
    const t = tokens[i]!;
    const glued = t.kind === 'digits' && t.glued;
    suffixMin[i] = suffixMin[i + 1]! + (glued ? Math.ceil(t.text.length / MAX_VALUE_DIGITS) : 1);
    suffixMax[i] = suffixMax[i + 1]! + (glued ? t.text.length : 1);
  }
  const search: Search = {
    tokens,
    n,
    accept,
    suffixMin,
    suffixMax,
    candidates: [],
    steps: 0,
    truncated: false,
    current: [],
  };
  if (n >= suffixMin[0]! && n <= suffixMax[0]!) walk(search, 0);
  return { candidates: search.candidates, truncated: search.truncated };
}

const acceptAll = (): boolean => true;

/** State of one `splitTokens` search (plain functions over it: no closures per call). */
interface Search {
  readonly tokens: readonly Token[];
  readonly n: number;
  readonly accept: (values: readonly (number | null)[]) => boolean;
  readonly suffixMin: readonly number[];
  readonly suffixMax: readonly number[];
  readonly candidates: (number | null)[][];
  steps: number;
  truncated: boolean;
  readonly current: (number | null)[];
}

function emit(s: Search): void {
  if (s.accept(s.current)) {
    if (s.candidates.length >= MAX_CANDIDATES) s.truncated = true;
    else s.candidates.push(s.current.slice());
  }
}

/** Splits `text` from position `pos` into values, then continues with token `ti + 1`. */
function splitDigits(s: Search, ti: number, text: string, pos: number, fraction: string): void {
  if (s.truncated) return;
  if (++s.steps > MAX_STEPS) {
    s.truncated = true;
    return;
  }
  if (pos === text.length) {
    walk(s, ti + 1);
    return;
  }
  const left = s.n - s.current.length;
  const restMin = s.suffixMin[ti + 1]!;
  if (left - 1 < restMin) return;
  // The rest of this text must fit in `left - suffixMin` values of at most MAX_VALUE_DIGITS digits.
  const maxHere = left - restMin;
  if (Math.ceil((text.length - pos) / MAX_VALUE_DIGITS) > maxHere) return;
  if (text.length - pos + s.suffixMax[ti + 1]! < left) return;
  const maxLen = text.charCodeAt(pos) === 48 ? 1 : Math.min(MAX_VALUE_DIGITS, text.length - pos);
  // Digits accumulate left to right; only the value ending the run carries the fraction.
  let value = 0;
  for (let len = 1; len <= maxLen; len++) {
    const digit = text.charCodeAt(pos + len - 1) - 48;
    const end = pos + len;
    // Non-digits (never produced by the reader) keep `Number` semantics.
    value = digit >= 0 && digit <= 9 && !Number.isNaN(value) ? value * 10 + digit : Number.NaN;
    s.current.push(
      (end === text.length && fraction !== '') || Number.isNaN(value)
        ? Number(text.slice(pos, end) + (end === text.length ? fraction : ''))
        : value,
    );
    splitDigits(s, ti, text, end, fraction);
    s.current.pop();
    if (s.truncated) return;
  }
}

function walk(s: Search, ti: number): void {
  if (s.truncated) return;
  if (ti === s.tokens.length) {
    if (s.current.length === s.n) emit(s);
    return;
  }
  const left = s.n - s.current.length;
  if (left < s.suffixMin[ti]! || left > s.suffixMax[ti]!) return;
  const t = s.tokens[ti]!;
  if (t.kind === 'blank') {
    s.current.push(null);
    walk(s, ti + 1);
    s.current.pop();
  } else if (t.kind === 'fixed') {
    s.current.push(t.value);
    walk(s, ti + 1);
    s.current.pop();
  } else if (!t.glued) {
    s.current.push(Number(t.text + (t.fraction ?? '')));
    walk(s, ti + 1);
    s.current.pop();
  } else splitDigits(s, ti, t.text, 0, t.fraction ?? '');
}

/** Cells where every candidate agrees; null where they differ. */
export function agreedCells(
  candidates: readonly (readonly (number | null)[])[],
  n: number,
): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const first = candidates[0]?.[i] ?? null;
    out.push(candidates.every((c) => (c[i] ?? null) === first) ? first : null);
  }
  return out;
}

/** Whether every candidate agrees on cell `i`. */
export function cellAgreed(candidates: readonly (readonly (number | null)[])[], i: number): boolean {
  const first = candidates[0]?.[i] ?? null;
  return candidates.every((c) => (c[i] ?? null) === first);
}
