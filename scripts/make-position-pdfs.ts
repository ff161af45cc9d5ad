/**
 * Makes the PDFs the position reader is tested with (issue 13): reports printed by the generator
 * (src/reports/render/pdf.ts, Chromium) whose organisation columns are left blank, as many small
 * departments publish them (`blank-columns.pdf`), and one whose table 四 prints only its non-zero
 * figures (`blank-review.pdf`); each with a `.json` of the tables printed.
 * `node --import tsx scripts/make-position-pdfs.ts` writes them to
 * test/fixtures/reports/pdf/ (committed: printing in every test run would be slow).
 */
import { writeFileSync } from 'node:fs';
import { type ApplicationRecord, countReport, type LitigationRecord } from '../src/reports/count/count.ts';
import type { MutableReportTables } from '../src/reports/format/tables.ts';
import { renderReportPdf } from '../src/reports/render/pdf.ts';
import { defaultNarrative, type ReportDocument, renderNarrative } from '../src/reports/report.model.ts';
import { closePdfBrowser } from '../src/shared/pdf.ts';

const OUT = new URL('../test/fixtures/reports/pdf/', import.meta.url);

function blankColumns(
  year: number,
  received: number,
  agencyName: string,
  litigation: readonly LitigationRecord[] = [],
): ReportDocument {
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
    litigation,
    article20: { 'licensing.decisions': 30, 'penalty.decisions': 4, 'fees.amountWanYuan': 0 },
    catalogue: null,
  });
  const tables: MutableReportTables = structuredClone(counted) as unknown as MutableReportTables;
  // The five organisation columns printed empty in every row (the shape).
  for (const row of Object.values(tables.applications)) if (row) for (let c = 1; c <= 5; c++) row[c] = null;
  // With cases, table 四's zeros are printed empty too (only the figures stand).
  if (litigation.length > 0) tables.review = tables.review.map((v) => (v === 0 ? null : v));
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
  const cases = blankColumns(2022, 9, '某某县自然资源局', [
    { kind: 'review', filedOn: '2022-02-01', decidedOn: '2022-04-01', result: 'upheld' },
    { kind: 'review', filedOn: '2022-03-01', decidedOn: '2022-05-01', result: 'upheld' },
    { kind: 'review', filedOn: '2022-09-01', decidedOn: null, result: 'pending' },
    { kind: 'litigationDirect', filedOn: '2022-03-01', decidedOn: '2022-08-01', result: 'corrected' },
  ]);
  writeFileSync(new URL('blank-review.pdf', OUT), await renderReportPdf(cases));
  writeFileSync(new URL('blank-review.json', OUT), `${JSON.stringify(cases.tables, null, 2)}\n`);
} finally {
  await closePdfBrowser();
}
