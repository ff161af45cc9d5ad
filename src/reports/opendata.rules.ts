import { createHash } from 'node:crypto';
import { FORMATS } from './format/formats.ts';
import { APPLICANT_COLUMN_KEYS, type ApplicationRowKey, FORMAT_IDS } from './format/types.ts';
import type { ReportDocument } from './report.model.ts';

/**
 * Open data (issue 15): every published agency-year as one row, every cell of the tables under its
 * canonical key. Pure: the columns, a row from a published document, CSV quoting and the ETag.
 *
 * Keys are stable: the agency columns first, then `proactive.<cell>` (表二, the report format's cell
 * keys), `applications.<row>.<column>` (表三), `review.<group>.<outcome>` (表四). A cell the report's
 * format does not have is empty (`null` in JSON).
 */

export interface OpenDataColumn {
  readonly key: string;
  /** Chinese description for the /opendata page. */
  readonly label: string;
  readonly type: 'text' | 'integer' | 'number';
}

/** Bumped when a column is added, removed or its meaning changes (part of every ETag). */
export const OPEN_DATA_VERSION = 1;

const AGENCY_COLUMNS: readonly OpenDataColumn[] = [
  { key: 'agency_id', label: '机构编号（本系统内）', type: 'integer' },
  { key: 'agency_code', label: '机构代码：统一社会信用代码，没有时为组织机构代码', type: 'text' },
  { key: 'agency_name', label: '机构名称', type: 'text' },
  {
    key: 'agency_level',
    label: '机构层级：province 省级、city 市级、county 县（区）级、township 乡镇（街道）级',
    type: 'text',
  },
  { key: 'parent_id', label: '上级机构编号（本系统内）', type: 'integer' },
  { key: 'parent_code', label: '上级机构代码', type: 'text' },
  { key: 'parent_name', label: '上级机构名称', type: 'text' },
  { key: 'year', label: '报告年度（数据年度）', type: 'integer' },
  {
    key: 'format',
    label: '年报格式：2019（国办公开办函〔2019〕60号）或 2021（国办公开办函〔2021〕30号）',
    type: 'text',
  },
  { key: 'published_on', label: '发布日期（YYYY-MM-DD）', type: 'text' },
  { key: 'report_url', label: '年报网页地址', type: 'text' },
];

function proactiveColumns(): OpenDataColumn[] {
  const cells = new Map<string, { label: string; kind: string; formats: string[] }>();
  for (const f of FORMAT_IDS) {
    for (const block of FORMATS[f].tables.proactive.blocks) {
      for (const row of block.rows) {
        for (const cell of row.cells) {
          const known = cells.get(cell.key);
          if (known) known.formats.push(f);
          else
            cells.set(cell.key, {
              label: `表二 ${block.caption} ${row.label}：${cell.label}`,
              kind: cell.kind,
              formats: [f],
            });
        }
      }
    }
  }
  return [...cells].map(([key, c]) => ({
    key: `proactive.${key}`,
    label: c.formats.length < FORMAT_IDS.length ? `${c.label}（仅${c.formats.join('、')}年格式）` : c.label,
    type: c.kind === 'text' ? 'text' : c.kind === 'decimalWanYuan' ? 'number' : 'integer',
  }));
}

/** Leaf rows of table 3 over both layouts, in printed order (2019's single `other` before 2021's three). */
export function applicationRowKeys(): ApplicationRowKey[] {
  const out: ApplicationRowKey[] = [];
  for (const f of FORMAT_IDS) {
    for (const key of FORMATS[f].tables.applications.leafKeys) {
      if (out.includes(key)) continue;
      const at = key.startsWith('other.') ? out.indexOf('totalProcessed') : -1;
      if (at >= 0) out.splice(at, 0, key);
      else out.push(key);
    }
  }
  return out;
}

function applicationColumns(): OpenDataColumn[] {
  const rows = new Map<string, string>();
  for (const f of FORMAT_IDS) {
    const t = FORMATS[f].tables.applications;
    for (const r of t.rows) {
      if (!r.leaf || rows.has(r.key)) continue;
      const parent = r.parent ? t.rows.find((p) => p.key === r.parent) : undefined;
      const label = parent && parent.key !== 'results' ? `${parent.label}${r.label}` : r.label;
      rows.set(r.key, r.key === 'other' || r.key.startsWith('other.') ? `${label}（仅${f}年格式）` : label);
    }
  }
  const columns = FORMATS['2021'].tables.applications.columns;
  return applicationRowKeys().flatMap((row) =>
    APPLICANT_COLUMN_KEYS.map((col, i) => {
      const c = columns[i];
      const colLabel = c?.group ? `${c.group}·${c.label}` : (c?.label ?? col);
      return {
        key: `applications.${row}.${col}`,
        label: `表三 ${rows.get(row) ?? row}：${colLabel}`,
        type: 'integer' as const,
      };
    }),
  );
}

function reviewColumns(): OpenDataColumn[] {
  return FORMATS['2021'].tables.review.columns.map((c) => ({
    key: `review.${c.key}`,
    label: `表四 ${c.topLabel}${c.groupLabel === c.topLabel ? '' : `·${c.groupLabel}`}：${c.label}`,
    type: 'integer' as const,
  }));
}

/** Every column of the open-data files, in order. */
export const OPEN_DATA_COLUMNS: readonly OpenDataColumn[] = Object.freeze([
  ...AGENCY_COLUMNS,
  ...proactiveColumns(),
  ...applicationColumns(),
  ...reviewColumns(),
]);

export type OpenDataValue = string | number | null;

/** What a row needs besides the published document. */
export interface OpenDataSource {
  readonly agencyId: number;
  readonly agencyCode: string | null;
  readonly agencyName: string;
  readonly agencyLevel: string;
  readonly parentId: number | null;
  readonly parentCode: string | null;
  readonly parentName: string | null;
  readonly publishedAt: string | null;
  /** Absolute URL of the report's page. */
  readonly url: string;
  readonly doc: ReportDocument;
}

const APP_ROWS = applicationRowKeys();
const PROACTIVE_KEYS = OPEN_DATA_COLUMNS.filter((c) => c.key.startsWith('proactive.')).map((c) =>
  c.key.slice('proactive.'.length),
);

/** The values of one published agency-year, in the order of `OPEN_DATA_COLUMNS`. */
export function openDataRow(s: OpenDataSource): OpenDataValue[] {
  const t = s.doc.tables;
  const out: OpenDataValue[] = [
    s.agencyId,
    s.agencyCode,
    s.agencyName,
    s.agencyLevel,
    s.parentId,
    s.parentCode,
    s.parentName,
    s.doc.year,
    s.doc.format,
    s.publishedAt ? s.publishedAt.slice(0, 10) : null,
    s.url,
  ];
  for (const key of PROACTIVE_KEYS) out.push(t.proactive[key] ?? null);
  for (const row of APP_ROWS) {
    const cells = t.applications[row];
    for (let i = 0; i < APPLICANT_COLUMN_KEYS.length; i++) out.push(cells?.[i] ?? null);
  }
  for (let i = 0; i < 15; i++) out.push(t.review[i] ?? null);
  return out;
}

/** The row as a JSON object keyed by column key. */
export function openDataObject(values: readonly OpenDataValue[]): Record<string, OpenDataValue> {
  const o: Record<string, OpenDataValue> = {};
  OPEN_DATA_COLUMNS.forEach((c, i) => {
    o[c.key] = values[i] ?? null;
  });
  return o;
}

const JSON_KEYS = OPEN_DATA_COLUMNS.map((c) => `${JSON.stringify(c.key)}:`);

/** The row as the text of a JSON object keyed by column key (same as `JSON.stringify(openDataObject(v))`, faster). */
export function openDataJsonObject(values: readonly OpenDataValue[]): string {
  let out = '{';
  for (let i = 0; i < JSON_KEYS.length; i++) {
    const v = values[i] ?? null;
    out += `${i === 0 ? '' : ','}${JSON_KEYS[i]}${v === null ? 'null' : typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'null') : JSON.stringify(v)}`;
  }
  return `${out}}`;
}

/** UTF-8 byte order mark: spreadsheet programs then read the CSV's Chinese correctly. */
export const CSV_BOM = '\uFEFF';

function csvField(v: OpenDataValue): string {
  if (v === null) return '';
  const s = String(v);
  // Quote when needed; a leading =,+,-,@ in text is kept as written (values are our own published figures).
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record (CRLF line end, RFC 4180). */
export function csvLine(values: readonly OpenDataValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The header line of the CSV (the column keys). */
export function csvHeader(): string {
  return csvLine(OPEN_DATA_COLUMNS.map((c) => c.key));
}

/**
 * A strong ETag for an open-data file from what its content depends on: the selection, the base URL,
 * the column version and a fingerprint of the published reports and agencies read from the database.
 */
export function openDataEtag(parts: readonly (string | number | null)[]): string {
  const h = createHash('sha256')
    .update(JSON.stringify([OPEN_DATA_VERSION, ...parts]))
    .digest('base64url');
  return `"od-${h.slice(0, 27)}"`;
}

/** Whether an If-None-Match header matches the tag (a list, `*`, or weak forms). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
