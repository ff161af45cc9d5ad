import { FORMATS } from '../format/formats.ts';
import type { ApplicationRowKey } from '../format/types.ts';
import { APPLICANT_COLUMN_KEYS } from '../format/types.ts';

/** Chinese names of places in the tables, for messages a clerk can find on the printed page. */

const ROW_NAMES = new Map<string, string>();
for (const f of [FORMATS['2019'], FORMATS['2021']]) {
  const rows = f.tables.applications.rows;
  for (const r of rows) {
    if (!r.leaf || ROW_NAMES.has(r.key)) continue;
    const parent =
      r.parent && r.parent !== 'results' ? rows.find((p) => p.key === r.parent && !p.leaf) : null;
    const short = r.key === 'partial' ? '（二）部分公开' : r.label;
    ROW_NAMES.set(r.key, parent ? `${parent.label}${short}` : r.parent === 'results' ? `三${short}` : short);
  }
}

export function rowName(key: ApplicationRowKey | string): string {
  return ROW_NAMES.get(key) ?? key;
}

const COLUMN_NAMES: Record<string, string> = {};
for (const c of FORMATS['2021'].tables.applications.columns) COLUMN_NAMES[c.key] = c.label;
for (const c of FORMATS['2021'].tables.review.columns) {
  COLUMN_NAMES[c.key] =
    c.groupLabel === c.topLabel ? `${c.topLabel}·${c.label}` : `${c.topLabel}（${c.groupLabel}）·${c.label}`;
}
for (const f of [FORMATS['2019'], FORMATS['2021']]) {
  for (const b of f.tables.proactive.blocks) {
    for (const r of b.rows)
      for (const c of r.cells) COLUMN_NAMES[c.key] ??= `${b.caption}“${r.label}”·${c.label}`;
  }
}

export function columnName(key: string): string {
  return COLUMN_NAMES[key] ?? key;
}

export function applicantColumnKey(index: number): string {
  return APPLICANT_COLUMN_KEYS[index] ?? String(index);
}

/** `三（七）总计·自然人`. */
export function cellName(row: string | null, column: string | null): string {
  if (row && column) return `${rowName(row)}·${columnName(column)}`;
  if (row) return rowName(row);
  if (column) return columnName(column);
  return '';
}
