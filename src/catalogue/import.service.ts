import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { AuthedUser } from '../accounts/auth.ts';
import { findAgency } from '../agencies/agency.repository.ts';
import { agencyCodeForIndex } from '../agencies/agency.rules.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Calendar } from '../calendar/calendar.ts';
import type { Db, Executor } from '../db/database.ts';
import { notFound } from '../shared/http/errors.ts';
import type { ReceivedFile } from '../shared/http/uploads.ts';
import {
  indexItem,
  insertItem,
  insertVersion,
  listIndexNumbers,
  listTopics,
  revisableColumns,
  setItemIndexing,
  type Topic,
  topicLabel,
} from './catalogue.repository.ts';
import { needsInterpretation } from './catalogue.rules.ts';
import { publishDueOf, reload, requireAgency, searchTextOf } from './catalogue.service.ts';
import {
  checkRows,
  decodeText,
  IMPORT_COLUMNS,
  type ImportRow,
  parseCsv,
  type RowProblem,
} from './import.rules.ts';
import { newIndexNumber } from './index-number.service.ts';
import { normalizeText, sortKeyOf } from './search.rules.ts';
import { isSelectableTopic } from './taxonomy.ts';

export const MAX_IMPORT_ROWS = 5000;

/** Labels (`一级\二级`, and the bare name when unambiguous) of the topics an import may use. */
function topicLabels(topics: readonly Topic[]) {
  const topicMap = new Map<string, number>();
  const disabled = new Set<string>();
  for (const t of topics) {
    const label = topicLabel(topics, t.id);
    if (!label) continue;
    if (!isSelectableTopic(topics, t.id)) {
      disabled.add(label);
      disabled.add(t.name);
      continue;
    }
    topicMap.set(label, t.id);
    if (!topicMap.has(t.name)) topicMap.set(t.name, t.id);
  }
  for (const l of topicMap.keys()) disabled.delete(l);
  return { topicMap, disabled };
}

/**
 * The import template (XLSX): the columns with one example row, and a sheet listing the 主题分类
 * that may be used (switched-off topics are left out).
 */
export async function importTemplate(topics: readonly Topic[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('主动公开信息');
  sheet.addRow(Object.values(IMPORT_COLUMNS).map((names) => names[0]));
  const example: Record<keyof typeof IMPORT_COLUMNS, string> = {
    title: '关于做好2025年冬季供暖工作的通知',
    description: '明确供暖时间和投诉电话。',
    docType: '一般政府信息',
    basis: '第二十条（十一）',
    topic: [...topicLabels(topics).topicMap.keys()].find((l) => l.includes('\\')) ?? '',
    genre: '通知',
    publisher: '',
    docNumber: '',
    writtenOn: '2025-10-20',
    publishedOn: '2025-10-22',
    validity: '',
    validityOn: '',
    indexNo: '',
    body: '<p>正文</p>',
  };
  sheet.addRow(Object.keys(IMPORT_COLUMNS).map((k) => example[k as keyof typeof IMPORT_COLUMNS]));
  sheet.getRow(1).font = { bold: true };
  const list = book.addWorksheet('可用的主题分类');
  list.addRow(['主题分类']);
  for (const t of topics) {
    if (!isSelectableTopic(topics, t.id)) continue;
    list.addRow([topicLabel(topics, t.id)]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/** The table of a CSV or XLSX file (first worksheet), or a message when it cannot be read. */
export async function readTable(path: string, fileName: string): Promise<string[][] | string> {
  const bytes = await readFile(path);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (/\.xlsx$/i.test(fileName)) {
    if (!isZip) return '文件内容不是 XLSX 表格';
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      return '无法读取该 XLSX 文件';
    }
    const ws = wb.worksheets[0];
    if (!ws) return '表格中没有工作表';
    const table: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
      table.push(cells);
    });
    return table;
  }
  if (/\.csv$/i.test(fileName)) {
    if (isZip || bytes.includes(0)) return '文件内容不是 CSV 文本';
    return parseCsv(decodeText(bytes));
  }
  return '只能导入 .xlsx 或 .csv 文件';
}

export async function checkImport(db: Executor, agencyId: number, table: string[][]) {
  const agency = await findAgency(db, agencyId);
  if (!agency) throw notFound('机构');
  const { topicMap, disabled } = topicLabels(await listTopics(db));
  const result = checkRows(table, {
    topics: topicMap,
    disabledTopics: disabled,
    defaultPublisher: agency.name,
    usedIndexNumbers: new Set(await listIndexNumbers(db)),
  });
  const tooMany = table.length - 1 > MAX_IMPORT_ROWS;
  return { ...result, tooMany, agency };
}

/** Writes every row as a published item in one transaction (called only when no row has a problem). */
export async function importRows(
  db: Db,
  cal: Calendar,
  viewer: AuthedUser,
  ip: string | null,
  agencyId: number,
  rows: readonly ImportRow[],
  fileName: string,
  now: string,
): Promise<number> {
  const agency = await findAgency(db, agencyId);
  if (!agency) throw notFound('机构');
  const code = agencyCodeForIndex(agency) ?? '000000000';
  return db.transaction().execute(async (trx) => {
    for (const row of rows) {
      const formedOn = row.writtenOn ?? row.publishedOn;
      const id = await insertItem(
        trx,
        {
          ...revisableColumns({
            ...row,
            keywords: null,
            disclosureMethod: '主动公开',
            interpretsId: null,
            interpreter: null,
            interpretationForm: null,
          }),
          agency_id: agencyId,
          status: 'published',
          doc_type: row.docType,
          formed_on: formedOn,
          publish_due: publishDueOf(cal, formedOn, null),
          deadline_override: null,
          published_on: row.publishedOn,
          no_interpretation_reason: needsInterpretation(row.docType) ? '从原系统导入' : null,
          secrecy_note: `从原系统导入（${fileName}）`,
          reviewed_by: viewer.id,
          reviewed_at: now,
          search_title: normalizeText(row.title),
        },
        viewer.id,
        now,
      );
      const indexNo =
        row.indexNo ?? (await newIndexNumber(trx, agency, code, Number(row.publishedOn.slice(0, 4))));
      const sortKey = sortKeyOf(row.publishedOn, id);
      const text = searchTextOf({ ...(await reload(trx, id)), indexNo });
      await setItemIndexing(trx, id, indexNo, sortKey, normalizeText(text));
      await indexItem(trx, { id, agencyId, title: row.title }, text, sortKey);
      await insertVersion(trx, await reload(trx, id), `导入：${fileName} 第 ${row.line} 行`, now, viewer.id);
    }
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'import',
      entityType: 'catalogue_item',
      entityId: null,
      agencyId,
      summary: `从 ${fileName} 导入 ${rows.length} 条主动公开信息`,
      after: { fileName, count: rows.length },
    });
    return rows.length;
  });
}

export type { RowProblem };

/** What the import page shows after an upload. */
export type ImportOutcome =
  | { readonly error: string }
  | { readonly fileName: string; readonly problems: readonly RowProblem[] }
  | { readonly fileName: string; readonly rows: readonly ImportRow[] }
  | { readonly fileName: string; readonly imported: number };

export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Checks an uploaded table (XLSX or CSV) against the viewer's agency and either shows the rows
 * (`check`) or writes them all (`commit`, only when no row has a problem). Whole-file refusals come
 * back as `error`, row problems as `problems`.
 */
export async function receiveImport(
  db: Db,
  cal: Calendar,
  viewer: AuthedUser,
  ip: string | null,
  upload: ReceivedFile | undefined,
  mode: 'check' | 'commit',
  now: string,
): Promise<ImportOutcome> {
  const agencyId = requireAgency(viewer);
  if (!upload?.tempPath) return { error: '请选择要导入的 XLSX 或 CSV 文件' };
  if (upload.truncated || upload.size > MAX_IMPORT_FILE_BYTES) return { error: '导入文件不能超过 20 MB' };
  const table = await readTable(upload.tempPath, upload.fileName);
  if (typeof table === 'string') return { error: table };
  if (table.length < 2) return { error: '文件中没有数据行' };
  const checked = await checkImport(db, agencyId, table);
  if (checked.tooMany) return { error: `一次最多导入 ${MAX_IMPORT_ROWS} 行` };
  if (checked.missingColumns.length > 0)
    return { error: `缺少必需的列：${checked.missingColumns.join('、')}` };
  const { fileName } = upload;
  if (checked.problems.length > 0) return { fileName, problems: checked.problems };
  if (mode !== 'commit') return { fileName, rows: checked.rows };
  return { fileName, imported: await importRows(db, cal, viewer, ip, agencyId, checked.rows, fileName, now) };
}
