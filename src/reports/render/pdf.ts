import { CHROMIUM_PATH, PdfUnavailableError, printHtmlToPdf } from '../../shared/pdf.ts';
import type { ReportDocument } from '../report.model.ts';
import { renderReportHtml } from './html.tsx';

/**
 * PDF = Chromium printing the report's HTML (A4, the GB/T 9704 margins of the CSS, page numbers
 * `— N —` centred in the footer), through the process's shared browser (src/shared/pdf.ts), as the
 * reply letters do. Needs Debian Chromium; `CHROMIUM_PATH` overrides /usr/bin/chromium.
 */
export async function renderReportPdf(doc: ReportDocument): Promise<Buffer> {
  return printHtmlToPdf(await renderReportHtml(doc));
}

export { CHROMIUM_PATH, PdfUnavailableError };
