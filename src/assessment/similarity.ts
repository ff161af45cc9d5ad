/**
 * Text similarity for the 年报 "not 雷同" check (R06, R07): character-bigram Jaccard similarity.
 *
 * Chinese has no spaces, so words are not a usable unit; overlapping two-character shingles capture
 * copied phrases while tolerating changed figures. Whitespace and punctuation are dropped first, so
 * re-wrapping or re-punctuating copied text does not hide it.
 */

/** Characters kept: CJK ideographs, letters and digits (any script). */
const KEEP = /[\p{Script=Han}\p{L}\p{N}]/u;

/** The text reduced to the characters that carry meaning. */
export function normalizeForSimilarity(text: string): string {
  let out = '';
  for (const ch of text) if (KEEP.test(ch)) out += ch;
  return out;
}

/** The set of overlapping character bigrams of the normalised text (a single character is its own shingle). */
export function bigrams(text: string): Set<string> {
  const chars = Array.from(normalizeForSimilarity(text));
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0] as string);
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/**
 * Jaccard similarity of the bigram sets, 0…1 (1 = same shingles). Two empty texts are 0: nothing was copied.
 *
 * @example textSimilarity('本机关全年主动公开政府信息', '本机关全年主动公开政府信息') // 1
 */
export function textSimilarity(a: string, b: string): number {
  const sa = bigrams(a);
  const sb = bigrams(b);
  if (sa.size === 0 || sb.size === 0) return 0;
  const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  let common = 0;
  for (const g of small) if (large.has(g)) common++;
  return common / (sa.size + sb.size - common);
}

/** Similarity as a whole percentage, e.g. 0.934 → 93. */
export function percent(ratio: number): number {
  return Math.round(ratio * 100);
}
