import type { ApplicationRowKey } from '../format/types.ts';

/**
 * Row labels as printed vary (full/half width, `、` for `.`, wrapped, cut off, misprinted:
 * `2.其他法律行政止公开`). Rows are recognised by short distinctive phrases of the normalised label.
 */

/** Replacement for one UTF-16 code unit, or undefined when the unit is kept; '' = dropped. */
function mappedUnit(code: number): string | undefined {
  if (code <= 32 || code === 0xa0 || code === 0x3000) return '';
  if (code < 0x7f) return code === 0x27 ? '"' : undefined;
  switch (code) {
    case 0x3001: // 、
    case 0xff0e: // ．
      return '.';
    case 0x3010: // 【
    case 0x3014: // 〔
    case 0xff3b: // ［
      return '(';
    case 0x3011: // 】
    case 0x3015: // 〕
    case 0xff3d: // ］
      return ')';
    case 0x201c: // “
    case 0x201d: // ”
      return '"';
  }
  // Full width → half width (a full-width apostrophe becomes `"` like the ASCII one).
  if (code >= 0xff01 && code <= 0xff5e) return code === 0xff07 ? '"' : String.fromCharCode(code - 0xfee0);
  return undefined;
}

/** Half-width, no whitespace, `、`/`．` → `.`, brackets → `()`, quotes → `"`. One pass. */
export function normalizeLabel(text: string): string {
  // Copies unchanged stretches as slices; most labels need only one or two replacements.
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const mapped = mappedUnit(text.charCodeAt(i));
    if (mapped === undefined) continue;
    if (i > from) out += text.slice(from, i);
    out += mapped;
    from = i + 1;
  }
  if (from === 0) return text;
  return from < text.length ? out + text.slice(from) : out;
}

const APPLICATION_PHRASES: readonly [ApplicationRowKey, RegExp][] = [
  ['newReceived', /本年新收|新收政府信息公开申请/g],
  ['carriedOver', /上年结转/g],
  ['granted', /予以公开(?!及|和|与)/g],
  ['partial', /部分公开/g],
  ['denied.stateSecret', /国家秘密/g],
  ['denied.lawForbidden', /其他法律|法规禁止/g],
  ['denied.threeSafetyOneStability', /三安全|一稳定/g],
  ['denied.thirdParty', /第三方/g],
  ['denied.internalAffairs', /内部事务/g],
  ['denied.processInfo', /过程性/g],
  ['denied.enforcementFile', /执法案卷/g],
  ['denied.queryMatter', /查询事项/g],
  ['unable.notHeld', /不掌握/g],
  ['unable.needCreation', /现成信息|另行制作/g],
  ['unable.unclearAfterCorrection', /补正后|仍不明确/g],
  ['notProcessed.petition', /信访|举报投诉/g],
  ['notProcessed.repeat', /重复申请/g],
  ['notProcessed.publication', /出版物/g],
  ['notProcessed.massRepeat', /大量反复/g],
  ['notProcessed.confirmAgain', /重新出具|确认或/g],
  ['other', /其他处理/g],
  ['other.overdueCorrection', /不补正|逾期不补/g],
  ['other.overdueFee', /收费通知|缴纳费用|逾期未按/g],
  ['other.misc', /3\.其他(?!法律|处理|对外)/g],
  ['totalProcessed', /\(七\)(?:总计|合计)|七\.(?:总计|合计)/g],
  ['carryForward', /结转下一?年|下年度继续/g],
];

/** Phrases that show the 2021 `（六）` sub-rows are printed. */
export const LAYOUT_2021 = /不补正|收费通知|缴纳费用|逾期未按/;

/**
 * The table-3 row a label names: the phrase that ends last in the text (closest to the figures).
 * `allowed` restricts to the rows of the layout in use.
 */
export function matchApplicationRow(
  normalizedText: string,
  allowed: ReadonlySet<ApplicationRowKey>,
): ApplicationRowKey | null {
  let best: ApplicationRowKey | null = null;
  let bestEnd = -1;
  for (const [key, re] of APPLICATION_PHRASES) {
    if (!allowed.has(key)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(normalizedText); m; m = re.exec(normalizedText)) {
      const end = m.index + m[0].length;
      if (end > bestEnd) {
        bestEnd = end;
        best = key;
      }
    }
  }
  return best;
}

/** Normalised printed label and variants of a row, computed once per (frozen) row definition. */
const NORMALIZED = new WeakMap<object, readonly string[]>();
function normalizedLabels(row: { label: string; variants: readonly string[] }): readonly string[] {
  let n = NORMALIZED.get(row);
  if (!n) {
    n = [row.label, ...row.variants].map(normalizeLabel);
    NORMALIZED.set(row, n);
  }
  return n;
}

/** The proactive-table row a label names (by its printed label or a variant); longest match at the end wins. */
export function matchProactiveRow(
  normalizedText: string,
  rows: readonly { key: string; label: string; variants: readonly string[] }[],
): string | null {
  let best: string | null = null;
  let bestEnd = -1;
  let bestLen = 0;
  for (const row of rows) {
    for (const n of normalizedLabels(row)) {
      const at = normalizedText.lastIndexOf(n);
      if (at < 0) continue;
      const end = at + n.length;
      if (end > bestEnd || (end === bestEnd && n.length > bestLen)) {
        best = row.key;
        bestEnd = end;
        bestLen = n.length;
      }
    }
  }
  return best;
}
