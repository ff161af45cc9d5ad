/**
 * Chinese search without a segmenter (docs/decisions/004-chinese-search.md): text is normalised,
 * split into runs of letters/digits/CJK, and every run is indexed by its distinct character
 * bigrams. A query term of two or more characters is found through the postings of its bigrams
 * and then verified as an exact substring; a one-character term uses a bounded scan.
 */

/** How many most recent items a one-character query scans. */
export const SINGLE_CHAR_SCAN_LIMIT = 20_000;
/** Results are streamed up to this many; beyond it the count is shown as "more than". */
export const MAX_RESULTS = 1000;
/** Largest multiple of this plus an id < 2^24 stays below 2^53. */
export const SORT_KEY_ID_SPAN = 16_777_216;

/** NFKC (full-width → half-width), lower case, punctuation and spaces folded to one space. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The searchable runs of a text (split on anything that is not a letter or digit). */
export function runsOf(s: string): string[] {
  const n = normalizeText(s);
  return n ? n.split(' ') : [];
}

/** Distinct bigrams of the text, never across a run boundary. */
export function bigramsOf(s: string): Set<string> {
  const out = new Set<string>();
  for (const run of runsOf(s)) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/** The query's terms: normalised runs, de-duplicated, at most 8, each at most 40 characters. */
export function queryTerms(q: string): string[] {
  const seen = new Set<string>();
  for (const run of runsOf(q.slice(0, 200))) {
    const t = [...run].slice(0, 40).join('');
    if (t) seen.add(t);
    if (seen.size >= 8) break;
  }
  return [...seen];
}

/** Whether every term occurs in the normalised text. */
export function matchesAll(normalized: string, terms: readonly string[]): boolean {
  return terms.every((t) => normalized.includes(t));
}

/**
 * The sort key of a published item: newer publication dates sort higher; ties by id.
 * `publishedOn` is YYYY-MM-DD.
 */
export function sortKeyOf(publishedOn: string, id: number): number {
  const day = Math.floor(Date.parse(`${publishedOn}T00:00:00Z`) / 86_400_000);
  return day * SORT_KEY_ID_SPAN + id;
}

export interface Segment {
  readonly text: string;
  readonly hit: boolean;
}

/**
 * The text cut into highlighted and plain segments for the query terms (matched after NFKC and
 * lower-casing, character by character so offsets stay those of the original text).
 */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  const chars = [...text];
  const folded = chars.map((c) => c.normalize('NFKC').toLowerCase());
  const hit = new Array<boolean>(chars.length).fill(false);
  for (const term of terms) {
    const t = [...term];
    if (t.length === 0) continue;
    for (let i = 0; i + t.length <= chars.length; i++) {
      let ok = true;
      for (let j = 0; j < t.length; j++) {
        if (folded[i + j] !== t[j]) {
          ok = false;
          break;
        }
      }
      if (ok) for (let j = 0; j < t.length; j++) hit[i + j] = true;
    }
  }
  const out: Segment[] = [];
  for (let i = 0; i < chars.length; i++) {
    const last = out[out.length - 1];
    if (last && last.hit === hit[i]) out[out.length - 1] = { text: last.text + chars[i], hit: last.hit };
    else out.push({ text: chars[i]!, hit: hit[i]! });
  }
  return out;
}

/** A window of about `size` characters of `text` around the first hit, with highlights. */
export function snippet(text: string, terms: readonly string[], size = 80): Segment[] {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  const segments = highlight(chars.join(''), terms);
  let first = 0;
  let pos = 0;
  for (const s of segments) {
    if (s.hit) {
      first = pos;
      break;
    }
    pos += [...s.text].length;
  }
  const start = Math.max(0, Math.min(first - Math.floor(size / 4), chars.length - size));
  const end = Math.min(chars.length, start + size);
  const window = highlight(chars.slice(start, end).join(''), terms);
  return [
    ...(start > 0 ? [{ text: '…', hit: false }] : []),
    ...window,
    ...(end < chars.length ? [{ text: '…', hit: false }] : []),
  ];
}
