import type { ReportDocument } from '../report.model.ts';
import { renderReportDocx } from './docx.ts';
import { renderReportHtml } from './html.tsx';
import { renderReportJson } from './json.ts';
import { renderReportPdf } from './pdf.ts';
import { renderReportXlsx } from './xlsx.ts';

/** How one output of a report is named, served and rendered. */
interface Output {
  readonly label: string;
  readonly contentType: string;
  readonly render: (doc: ReportDocument) => Promise<Buffer> | Buffer;
}

/** Every output of a report, rendered from the one ReportDocument (in the order they are offered). */
const OUTPUTS = {
  html: {
    label: '网页（HTML）',
    contentType: 'text/html; charset=utf-8',
    render: async (doc) => Buffer.from(await renderReportHtml(doc), 'utf8'),
  },
  docx: {
    label: 'Word 文档（DOCX）',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    render: renderReportDocx,
  },
  pdf: { label: 'PDF 文件', contentType: 'application/pdf', render: renderReportPdf },
  xlsx: {
    label: 'Excel 表格（XLSX）',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: renderReportXlsx,
  },
  json: {
    label: '数据（JSON）',
    contentType: 'application/json; charset=utf-8',
    render: (doc) => Buffer.from(renderReportJson(doc), 'utf8'),
  },
} as const satisfies Record<string, Output>;

export type OutputFormat = keyof typeof OUTPUTS;
export const OUTPUT_FORMATS = Object.keys(OUTPUTS) as OutputFormat[];

function byOutput<T>(pick: (output: Output) => T): Readonly<Record<OutputFormat, T>> {
  return Object.fromEntries(OUTPUT_FORMATS.map((o) => [o, pick(OUTPUTS[o])])) as Record<OutputFormat, T>;
}

export const OUTPUT_LABELS = byOutput((o) => o.label);
export const CONTENT_TYPES = byOutput((o) => o.contentType);

export function isOutputFormat(v: string): v is OutputFormat {
  return Object.hasOwn(OUTPUTS, v);
}

export async function renderOutput(doc: ReportDocument, format: OutputFormat): Promise<Buffer> {
  return OUTPUTS[format].render(doc);
}

/** `宽城区欣园街道办事处2020年政府信息公开工作年度报告.docx`. */
export function outputFileName(doc: ReportDocument, format: OutputFormat): string {
  return `${doc.agencyName}${doc.year}年政府信息公开工作年度报告.${format}`;
}

export { renderReportDocx, renderReportHtml, renderReportJson, renderReportPdf, renderReportXlsx };
