import type { ReportDocument } from '../report.model.ts';
import { renderReportDocx } from './docx.ts';
import { renderReportHtml } from './html.tsx';
import { renderReportJson } from './json.ts';
import { renderReportPdf } from './pdf.ts';
import { renderReportXlsx } from './xlsx.ts';

/** Every output of a report, rendered from the one ReportDocument. */
export const OUTPUT_FORMATS = ['html', 'docx', 'pdf', 'xlsx', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const OUTPUT_LABELS: Readonly<Record<OutputFormat, string>> = {
  html: '网页（HTML）',
  docx: 'Word 文档（DOCX）',
  pdf: 'PDF 文件',
  xlsx: 'Excel 表格（XLSX）',
  json: '数据（JSON）',
};

export const CONTENT_TYPES: Readonly<Record<OutputFormat, string>> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

export function isOutputFormat(v: string): v is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(v);
}

export async function renderOutput(doc: ReportDocument, format: OutputFormat): Promise<Buffer> {
  switch (format) {
    case 'html':
      return Buffer.from(await renderReportHtml(doc), 'utf8');
    case 'docx':
      return renderReportDocx(doc);
    case 'pdf':
      return renderReportPdf(doc);
    case 'xlsx':
      return renderReportXlsx(doc);
    case 'json':
      return Buffer.from(renderReportJson(doc), 'utf8');
  }
}

/** `宽城区欣园街道办事处2020年政府信息公开工作年度报告.docx`. */
export function outputFileName(doc: ReportDocument, format: OutputFormat): string {
  return `${doc.agencyName}${doc.year}年政府信息公开工作年度报告.${format}`;
}

export { renderReportDocx, renderReportHtml, renderReportJson, renderReportPdf, renderReportXlsx };
