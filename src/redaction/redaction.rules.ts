/**
 * Suggestions for a document: the finders run on each page's text, each match turned into the boxes
 * that cover it, and the label written in a box. Pure.
 */
import { type FinderKind, findMatches, type PatternId } from './finders.rules.ts';
import { indexPageText, labelFit, type PageText, type Rect, spanRects } from './geometry.rules.ts';
import { defaultGround, type Ground, type GroundId } from './grounds.rules.ts';

export interface Suggestion {
  /** Stable within one reading of a document: page, start and end in the page text. */
  readonly key: string;
  /** Zero-based page. */
  readonly page: number;
  readonly kind: FinderKind;
  readonly value: string;
  readonly rects: readonly Rect[];
  readonly ground: GroundId;
}

export function suggest(
  pages: readonly PageText[],
  options: { patterns?: readonly PatternId[]; exact?: readonly string[] },
): Suggestion[] {
  const out: Suggestion[] = [];
  pages.forEach((page, pageIndex) => {
    const indexed = indexPageText(page);
    for (const m of findMatches(indexed.text, options)) {
      const rects = spanRects(page, indexed, m.start, m.end);
      if (rects.length === 0) continue;
      out.push({
        key: `${pageIndex}-${m.start}-${m.end}`,
        page: pageIndex,
        kind: m.kind,
        value: m.value,
        rects,
        ground: defaultGround(m.kind),
      });
    }
  });
  return out;
}

/** The label of box `n`: "[n] 第十五条 个人隐私", "[n]" when only that fits, nothing in a tiny box. */
export function boxLabel(n: number, ground: Ground, rect: Rect): { label: string; size: number } {
  const full = `[${n}] ${ground.label}`;
  const fullSize = labelFit(full, rect);
  if (fullSize > 0) return { label: full, size: fullSize };
  const short = `[${n}]`;
  return { label: short, size: labelFit(short, rect) };
}
