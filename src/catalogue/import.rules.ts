/**
 * Import of existing (already published) items from the usual exports of older systems: a header
 * row with Chinese column names, one item per row. Every row is checked; the import writes nothing
 * while any row has a problem.
 */
import {
  ART20_ITEMS,
  ART21_AREAS,
  DOC_TYPE_LABELS,
  DOC_TYPES,
  type DocType,
  GENRES,
  VALIDITIES,
  VALIDITY_LABELS,
  type Validity,
  validityProblems,
} from './catalogue.rules.ts';
import { sanitizeHtml } from './sanitize.ts';

export const IMPORT_COLUMNS = {
  title: ['名称', '标题', '信息名称'],
  description: ['内容概述', '摘要'],
  docType: ['信息类型', '类型'],
  basis: ['公开依据', '公开目录', '条例事项'],
  topic: ['主题分类', '分类'],
  genre: ['体裁', '体裁分类'],
  publisher: ['发布机构', '发文机关', '发文机构'],
  docNumber: ['文号', '发文字号', '发布文号'],
  writtenOn: ['成文日期', '生成日期'],
  publishedOn: ['发布日期', '发文日期', '发布时间'],
  validity: ['有效性', '时效'],
  validityOn: ['失效或废止日期', '废止日期', '失效日期'],
  indexNo: ['索引号'],
  body: ['正文', '内容'],
} as const;
export type ImportField = keyof typeof IMPORT_COLUMNS;

export interface ImportRow {
  readonly line: number;
  readonly title: string;
  readonly description: string | null;
  readonly docType: DocType;
  readonly basis: string;
  readonly topicId: number | null;
  readonly genre: string;
  readonly publisher: string;
  readonly docNumber: string | null;
  readonly writtenOn: string | null;
  readonly publishedOn: string;
  readonly validity: Validity | null;
  readonly validityOn: string | null;
  readonly indexNo: string | null;
  readonly bodyHtml: string;
}

export interface RowProblem {
  readonly line: number;
  readonly messages: string[];
}

/** Minimal RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** UTF-8 (with or without BOM), falling back to GB18030 for exports of older Chinese systems. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const CN_NUMERALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
];

export function parseBasis(raw: string): string | null {
  const v = raw.trim();
  if (!v) return null;
  const area = ART21_AREAS.find((a) => v.includes(a));
  if (area) return `art21:${area}`;
  const m = /[（(]([一二三四五六七八九十]{1,3})[)）]/.exec(v);
  if (m) {
    const n = CN_NUMERALS.indexOf(m[1]!) + 1;
    if (n >= 1) return `art20:${n}`;
  }
  if (/^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 15) return `art20:${Number(v)}`;
  const byShort = ART20_ITEMS.find((i) => v === i.short);
  return byShort ? `art20:${byShort.no}` : null;
}

/** Dates as typed in spreadsheets: 2026-03-01, 2026/3/1, 2026年3月1日, 2026.3.1. */
export function parseDate(raw: string): string | null | 'invalid' {
  const v = raw.trim();
  if (!v) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  if (!m) return 'invalid';
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? 'invalid' : iso;
}

export interface ImportContext {
  /** `一级\二级` and `二级` labels → topic id. */
  readonly topics: ReadonlyMap<string, number>;
  /** Labels of switched-off topics (refused for imported items, like on the new-item form). */
  readonly disabledTopics?: ReadonlySet<string>;
  readonly defaultPublisher: string;
  /** 索引号 already in use (any agency). */
  readonly usedIndexNumbers: ReadonlySet<string>;
}

/** Checks every row; returns the items only when no row has a problem. */
export function checkRows(
  table: readonly (readonly string[])[],
  ctx: ImportContext,
): { rows: ImportRow[]; problems: RowProblem[]; missingColumns: string[] } {
  const header = (table[0] ?? []).map((h) => h.trim());
  const col = {} as Record<ImportField, number>;
  for (const [field, names] of Object.entries(IMPORT_COLUMNS) as [ImportField, readonly string[]][]) {
    col[field] = header.findIndex((h) => names.includes(h));
  }
  const missingColumns = (['title', 'publishedOn'] as const)
    .filter((f) => col[f] === -1)
    .map((f) => IMPORT_COLUMNS[f][0]);
  if (missingColumns.length > 0) return { rows: [], problems: [], missingColumns };
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  const seenIndex = new Set<string>();
  for (let r = 1; r < table.length; r++) {
    const cells = table[r]!;
    const get = (f: ImportField) => (col[f] >= 0 ? (cells[col[f]] ?? '').trim() : '');
    const messages: string[] = [];
    const title = get('title');
    if (!title) messages.push('缺少名称');
    if (title.length > 200) messages.push('名称超过 200 个字');
    const typeLabel = get('docType');
    const docType = (
      typeLabel
        ? DOC_TYPES.find(
            (t) => DOC_TYPE_LABELS[t] === typeLabel || (t === 'normative' && typeLabel === '规范性文件'),
          )
        : 'general'
    ) as DocType | undefined;
    if (!docType) messages.push(`信息类型“${typeLabel}”不认识`);
    const basisRaw = get('basis');
    const basis = basisRaw
      ? parseBasis(basisRaw)
      : docType === 'rule' || docType === 'normative'
        ? 'art20:1'
        : 'art20:15';
    if (!basis) messages.push(`公开依据“${basisRaw}”不认识，应为第二十条某项或第二十一条领域`);
    const topicRaw = get('topic');
    const topicId = topicRaw ? (ctx.topics.get(topicRaw) ?? null) : null;
    if (topicRaw && topicId === null)
      messages.push(
        ctx.disabledTopics?.has(topicRaw)
          ? `主题分类“${topicRaw}”已停用`
          : `主题分类“${topicRaw}”不在分类表中`,
      );
    const genreRaw = get('genre');
    const genre = genreRaw ? (GENRES as readonly string[]).find((g) => g === genreRaw) : '其他';
    if (!genre) messages.push(`体裁“${genreRaw}”不认识`);
    const dates: Record<string, string | null> = {};
    for (const [f, label] of [
      ['writtenOn', '成文日期'],
      ['publishedOn', '发布日期'],
      ['validityOn', '失效或废止日期'],
    ] as const) {
      const d = parseDate(get(f));
      if (d === 'invalid') messages.push(`${label}“${get(f)}”不是有效日期`);
      dates[f] = d === 'invalid' ? null : d;
    }
    if (!dates.publishedOn && parseDate(get('publishedOn')) !== 'invalid') messages.push('缺少发布日期');
    const validityRaw = get('validity');
    const validity = validityRaw
      ? (VALIDITIES.find((v) => VALIDITY_LABELS[v] === validityRaw) ?? null)
      : null;
    if (validityRaw && !validity) messages.push(`有效性“${validityRaw}”应为 有效、失效 或 废止`);
    if (docType) {
      for (const m of Object.values(
        validityProblems({ docType, validity, validityOn: dates.validityOn ?? null }),
      ))
        messages.push(m);
    }
    const indexNo = get('indexNo') || null;
    if (indexNo) {
      if (indexNo.length > 40) messages.push('索引号过长');
      if (ctx.usedIndexNumbers.has(indexNo)) messages.push(`索引号 ${indexNo} 已被使用`);
      if (seenIndex.has(indexNo)) messages.push(`索引号 ${indexNo} 在文件中重复`);
      seenIndex.add(indexNo);
    }
    if (messages.length > 0) {
      problems.push({ line: r + 1, messages });
      continue;
    }
    const body = get('body');
    rows.push({
      line: r + 1,
      title,
      description: get('description') || null,
      docType: docType as DocType,
      basis: basis as string,
      topicId,
      genre: genre as string,
      publisher: get('publisher') || ctx.defaultPublisher,
      docNumber: get('docNumber') || null,
      writtenOn: dates.writtenOn ?? null,
      publishedOn: dates.publishedOn as string,
      validity,
      validityOn: dates.validityOn ?? null,
      indexNo,
      bodyHtml: body.startsWith('<') ? sanitizeHtml(body) : body ? `<p>${sanitizeHtml(body)}</p>` : '',
    });
  }
  return { rows, problems, missingColumns };
}
