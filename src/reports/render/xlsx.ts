import type ExcelJS from 'exceljs';
import { FORMATS } from '../format/formats.ts';
import { type ReportDocument, reportTitle } from '../report.model.ts';

/**
 * The three tables as an Excel workbook (one sheet each, merged header cells as printed). Numbers are
 * numbers (万元 amounts keep their decimals); blank cells stay empty.
 */
export async function renderReportXlsx(doc: ReportDocument): Promise<Buffer> {
  // Loaded when a workbook is written: exceljs is a second of start-up for every other use.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Gongkai 公开';
  wb.title = reportTitle(doc);
  const f = FORMATS[doc.format];
  const border = { style: 'thin' as const };
  const style = (ws: ExcelJS.Worksheet) => {
    ws.eachRow((row) =>
      row.eachCell({ includeEmpty: true }, (c) => {
        c.border = { top: border, left: border, bottom: border, right: border };
        c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
        c.font = { name: '仿宋_GB2312', size: 10.5 };
      }),
    );
  };
  const value = (v: number | string | null | undefined) => (v === null || v === undefined ? null : v);

  // 二、主动公开政府信息情况
  const t2 = wb.addWorksheet('主动公开');
  t2.addRow([reportTitle(doc)]);
  t2.mergeCells(1, 1, 1, 4);
  t2.addRow([f.tables.proactive.caption]);
  t2.mergeCells(2, 1, 2, 4);
  for (const b of f.tables.proactive.blocks) {
    const spans = b.headers.length === 1 ? [3] : b.headers.length === 2 ? [2, 1] : [1, 1, 1];
    const place = (label: string, items: (number | string | null)[]) => {
      const cells: (number | string | null)[] = [label];
      items.forEach((v, i) => {
        cells.push(v);
        for (let k = 1; k < (spans[i] ?? 1); k++) cells.push(null);
      });
      const row = t2.addRow(cells);
      let col = 2;
      for (const s of spans) {
        if (s > 1) t2.mergeCells(row.number, col, row.number, col + s - 1);
        col += s;
      }
    };
    const cap = t2.addRow([b.caption]);
    t2.mergeCells(cap.number, 1, cap.number, 4);
    place(b.labelHeader, [...b.headers]);
    for (const r of b.rows)
      place(
        r.label,
        r.cells.map((c) => value(doc.tables.proactive[c.key])),
      );
  }
  t2.getColumn(1).width = 24;
  for (const c of [2, 3, 4]) t2.getColumn(c).width = 16;
  style(t2);

  // 三、收到和处理政府信息公开申请情况
  const t3 = wb.addWorksheet('依申请公开');
  const def = f.tables.applications;
  t3.addRow([def.note, null, null, '申请人情况']);
  t3.addRow([null, null, null, def.columns[0]?.label, def.columns[1]?.group]);
  t3.addRow([null, null, null, null, ...def.columns.slice(1, 6).map((c) => c.label)]);
  t3.getCell(2, 10).value = def.columns[6]?.label ?? '总计';
  t3.mergeCells(1, 1, 3, 3);
  t3.mergeCells(1, 4, 1, 10);
  t3.mergeCells(2, 4, 3, 4);
  t3.mergeCells(2, 5, 2, 9);
  t3.mergeCells(2, 10, 3, 10);
  const leafs = def.rows.filter((r) => r.leaf);
  const first = t3.rowCount + 1;
  for (const r of leafs) {
    const parent =
      r.parent && r.parent !== 'results' ? def.rows.find((g) => g.key === r.parent && !g.leaf) : null;
    const labels =
      r.parent === null
        ? [r.label, null, null]
        : r.parent === 'results'
          ? ['三、本年度办理结果', r.label, null]
          : ['三、本年度办理结果', parent?.label ?? '', r.label];
    const values = (doc.tables.applications[r.key as keyof typeof doc.tables.applications] ?? []).map(value);
    t3.addRow([...labels, ...values]);
  }
  leafs.forEach((r, i) => {
    const n = first + i;
    if (r.parent === null) t3.mergeCells(n, 1, n, 3);
    else if (r.parent === 'results') t3.mergeCells(n, 2, n, 3);
  });
  const results = leafs.map((r, i) => [r, first + i] as const).filter(([r]) => r.parent !== null);
  if (results.length > 0) t3.mergeCells(results[0]![1], 1, results[results.length - 1]![1], 1);
  for (const g of ['denied', 'unable', 'notProcessed', 'other']) {
    const rows = results.filter(([r]) => r.parent === g).map(([, n]) => n);
    if (rows.length > 1) t3.mergeCells(rows[0]!, 2, rows[rows.length - 1]!, 2);
  }
  t3.getColumn(1).width = 8;
  t3.getColumn(2).width = 14;
  t3.getColumn(3).width = 36;
  for (let c = 4; c <= 10; c++) t3.getColumn(c).width = 10;
  style(t3);

  // 四、政府信息公开行政复议、行政诉讼情况
  const t4 = wb.addWorksheet('行政复议、行政诉讼');
  const cols = f.tables.review.columns;
  t4.addRow(['行政复议', null, null, null, null, '行政诉讼']);
  t4.addRow([
    ...cols.filter((c) => c.group === 'review').map((c) => c.label),
    '未经复议直接起诉',
    null,
    null,
    null,
    null,
    '复议后起诉',
  ]);
  t4.addRow([null, null, null, null, null, ...cols.filter((c) => c.group !== 'review').map((c) => c.label)]);
  t4.addRow(cols.map((_c, i) => value(doc.tables.review[i])));
  t4.mergeCells(1, 1, 1, 5);
  t4.mergeCells(1, 6, 1, 15);
  for (let c = 1; c <= 5; c++) t4.mergeCells(2, c, 3, c);
  t4.mergeCells(2, 6, 2, 10);
  t4.mergeCells(2, 11, 2, 15);
  for (let c = 1; c <= 15; c++) t4.getColumn(c).width = 9;
  style(t4);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
