/**
 * One table (a header row and rows of cells) as a file a spreadsheet opens: CSV as UTF-8 with a BOM and
 * CRLF line ends (RFC 4180; Excel then shows Chinese correctly), or XLSX with a bold, frozen header row,
 * an auto-filter, numbers as numbers and long texts wrapped.
 */

export type TableCell = string | number | null;

function csvField(v: TableCell): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvBytes(headers: readonly string[], rows: readonly (readonly TableCell[])[]): Buffer {
  const lines = [headers.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))];
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

export interface XlsxTable {
  readonly sheet: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly TableCell[])[];
  /** Column widths in characters (12 where missing). */
  readonly widths?: readonly number[];
  /** 1-based columns whose texts wrap. */
  readonly wrap?: readonly number[];
}

export async function xlsxBytes(...tables: readonly XlsxTable[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  wb.created = new Date(0);
  for (const t of tables) {
    const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.headers.map((h, i) => ({ header: h, key: String(i), width: t.widths?.[i] ?? 12 }));
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) ws.addRow([...r]);
    for (const col of t.wrap ?? []) ws.getColumn(col).alignment = { wrapText: true, vertical: 'top' };
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.headers.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The table in the format a file name's extension names (.csv or .xlsx); null for any other. */
export async function tableBytes(fileName: string, table: XlsxTable): Promise<Buffer | null> {
  const ext = /\.([A-Za-z]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'csv') return csvBytes(table.headers, table.rows);
  if (ext === 'xlsx') return xlsxBytes(table);
  return null;
}
