/**
 * Makes the PDFs the position reader is tested with (issue 13): reports printed by the generator
 * (src/reports/render/pdf.ts, Chromium) whose organisation columns are left blank, as many small
 * departments publish them. `node --import tsx scripts/make-position-pdfs.ts` writes them to
 * test/fixtures/reports/pdf/ (committed: printing in every test run would be slow).
 */
import { writeFileSync } from 'node:fs';
import { type ApplicationRecord, countReport } from '../src/reports/count/count.ts';
import type { MutableReportTables } from '../src/reports/format/tables.ts';
import { renderReportPdf } from '../src/reports/render/pdf.ts';
import { defaultNarrative, type ReportDocument, renderNarrative } from '../src/reports/report.model.ts';
import { closePdfBrowser } from '../src/shared/pdf.ts';

const OUT = new URL('../test/fixtures/reports/pdf/', import.meta.url);

function blankColumns(year: number, received: number, agencyName: string): ReportDocument {
  const outcomes = ['granted', 'partial', 'unable.notHeld', 'other.overdueFee'];
  const records: ApplicationRecord[] = Array.from({ length: received }, (_, i) => ({
    applicantType: 'naturalPerson',
    receivedOn: `${year}-0${(i % 9) + 1}-1${i % 10}`,
    outcome: outcomes[i % outcomes.length] ?? 'granted',
    closedOn: `${year}-1${i % 3}-2${i % 8}`,
  }));
  const counted = countReport({
    format: '2021',
    year,
    applications: { records },
    litigation: [],
    article20: { 'licensing.decisions': 30, 'penalty.decisions': 4, 'fees.amountWanYuan': 0 },
    catalogue: null,
  });
  const tables: MutableReportTables = structuredClone(counted) as unknown as MutableReportTables;
  // The five organisation columns printed empty in every row (the shape).
  for (const row of Object.values(tables.applications)) if (row) for (let c = 1; c <= 5; c++) row[c] = null;
  const ctx = { year, agencyName };
  return {
    version: 1,
    agencyId: 1,
    agencyName,
    year,
    format: '2021',
    tables,
    narrative: renderNarrative(defaultNarrative(year), tables, ctx),
    signedOn: `${year + 1}-01-20`,
  };
}

try {
  const doc = blankColumns(2023, 26, '某某市某某区司法局');
  writeFileSync(new URL('blank-columns.pdf', OUT), await renderReportPdf(doc));
  writeFileSync(new URL('blank-columns.json', OUT), `${JSON.stringify(doc.tables, null, 2)}\n`);
} finally {
  await closePdfBrowser();
}
