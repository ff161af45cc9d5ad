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
  accept: (values: readonly (number | null)[]) => boolean = () => true,
): SplitResult {
  // Each token yields [min, max] values; prune on the remaining budget.
  const mins: number[] = [];
  const maxs: number[] = [];
  for (const t of tokens) {
    if (t.kind === 'digits' && t.glued) {
      mins.push(Math.ceil(t.text.length / MAX_VALUE_DIGITS));
      maxs.push(t.text.length);
    } else {
      mins.push(1);
      maxs.push(1);
    }
  }
  const suffixMin: number[] = Array(tokens.length + 1).fill(0);
  const suffixMax: number[] = Array(tokens.length + 1).fill(0);
  for (let i = tokens.length - 1; i >= 0; i--) {
    suffixMin[i] = suffixMin[i + 1]! + mins[i]!;
    suffixMax[i] = suffixMax[i + 1]! + maxs[i]!;
  }
  const candidates: (number | null)[][] = [];
  let steps = 0;
  let truncated = false;
  const current: (number | null)[] = [];

  const emit = () => {
    if (accept(current)) {
      if (candidates.length >= MAX_CANDIDATES) truncated = true;
      else candidates.push([...current]);
    }
  };

  // Split `text` from position `pos` into values, then continue with token `ti + 1`.
  const splitDigits = (ti: number, text: string, pos: number, fraction: string): void => {
    if (truncated) return;
    if (++steps > MAX_STEPS) {
      truncated = true;
      return;
    }
    if (pos === text.length) {
      walk(ti + 1);
      return;
    }
    const left = n - current.length;
    if (left - 1 < suffixMin[ti + 1]!) return;
    // The rest of this text must fit in `left - suffixMin` values of at most MAX_VALUE_DIGITS digits.
    const maxHere = left - suffixMin[ti + 1]!;
    if (Math.ceil((text.length - pos) / MAX_VALUE_DIGITS) > maxHere) return;
    if (text.length - pos + suffixMax[ti + 1]! < left) return;
    const maxLen = text[pos] === '0' ? 1 : Math.min(MAX_VALUE_DIGITS, text.length - pos);
    for (let len = 1; len <= maxLen; len++) {
      current.push(Number(text.slice(pos, pos + len) + (pos + len === text.length ? fraction : '')));
      splitDigits(ti, text, pos + len, fraction);
      current.pop();
      if (truncated) return;
    }
  };

  const walk = (ti: number): void => {
    if (truncated) return;
    if (ti === tokens.length) {
      if (current.length === n) emit();
      return;
    }
    const left = n - current.length;
    if (left < suffixMin[ti]! || left > suffixMax[ti]!) return;
    const t = tokens[ti]!;
    if (t.kind === 'blank') {
      current.push(null);
      walk(ti + 1);
      current.pop();
    } else if (t.kind === 'fixed') {
      current.push(t.value);
      walk(ti + 1);
      current.pop();
    } else if (!t.glued) {
      current.push(Number(t.text + (t.fraction ?? '')));
      walk(ti + 1);
      current.pop();
    } else splitDigits(ti, t.text, 0, t.fraction ?? '');
  };

  if (n >= suffixMin[0]! && n <= suffixMax[0]!) walk(0);
  return { candidates, truncated };
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
