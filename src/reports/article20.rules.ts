import type { Article20Figures } from './count/count.ts';
import { FORMATS, proactiveCells } from './format/formats.ts';
import type { CellKind, FormatId } from './format/types.ts';

/**
 * The Article 20 figures entered per year (行政许可, 行政处罚, 行政强制, 行政事业性收费, 政府集中采购, and
 * the 2019 format's 上一年项目数量 / 本年增减; 第二十条第（一）项 too while the catalogue has no items).
 * One field per proactive cell of the year's format; field names are the cell keys with `.` → `-`.
 */
export interface Article20Field {
  readonly name: string;
  readonly key: string;
  readonly label: string;
  readonly kind: CellKind;
  readonly caption: string;
  readonly hint: string;
}

const HINTS: Record<CellKind, string> = {
  count: '填 0 或正整数',
  signedCount: '填整数，减少时写负数，如 -2',
  decimalWanYuan: '单位：万元，可带小数，如 0.092',
  text: '按原样填写，如 251000元；没有填 0',
};

export function article20Fields(format: FormatId, withCatalogueBlock: boolean): Article20Field[] {
  return proactiveCells(FORMATS[format])
    .filter(({ block }) => withCatalogueBlock || block.caption !== '第二十条第（一）项')
    .flatMap(({ block, row }) =>
      row.cells.map((c) => ({
        name: c.key.replace('.', '-'),
        key: c.key,
        label: `${row.label}·${c.label}`,
        kind: c.kind,
        caption: block.caption,
        hint: HINTS[c.kind],
      })),
    );
}

export const MAX_COUNT = 100_000_000;

/** Validates the form; Chinese messages per field; values keyed by cell key. */
export function parseArticle20(
  fields: readonly Article20Field[],
  body: Readonly<Record<string, string>>,
): { ok: true; figures: Article20Figures } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const figures: Record<string, number | string> = {};
  for (const f of fields) {
    const raw = (body[f.name] ?? '')
      .trim()
      .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      .replace(/[－—]/g, '-')
      .replace(/[，,]/g, '');
    const label = `${f.caption}“${f.label}”`;
    if (raw === '') {
      errors[f.name] = `请填写${label}，没有请填 0`;
      continue;
    }
    if (f.kind === 'text') {
      if (raw.length > 50) errors[f.name] = `${label}不能超过 50 个字`;
      else figures[f.key] = raw;
      continue;
    }
    if (f.kind === 'decimalWanYuan') {
      if (!/^\d{1,9}(\.\d{1,6})?$/.test(raw))
        errors[f.name] = `${label}应为不小于 0 的数字（单位：万元），如 0.092`;
      else figures[f.key] = Number(raw);
      continue;
    }
    const re = f.kind === 'signedCount' ? /^-?\d{1,9}$/ : /^\d{1,9}$/;
    if (!re.test(raw) || Math.abs(Number(raw)) > MAX_COUNT) {
      errors[f.name] =
        f.kind === 'signedCount' ? `${label}应为整数，减少时写负数` : `${label}应为 0 或正整数`;
      continue;
    }
    figures[f.key] = Number(raw);
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, figures };
}

export function article20Values(
  fields: readonly Article20Field[],
  figures: Article20Figures,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = figures[f.key];
    out[f.name] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}
