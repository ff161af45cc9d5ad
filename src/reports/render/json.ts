import { FORMATS } from '../format/formats.ts';
import { narrativeHeading, type ReportDocument, reportTitle } from '../report.model.ts';

/**
 * The report as JSON: the same shape as `gongkai check --json` prints for one file (`format`, `year`,
 * `agency`, `tables`), plus the title, the narrative sections and the signature date.
 */
export function renderReportJson(doc: ReportDocument): string {
  return `${JSON.stringify(
    {
      title: reportTitle(doc),
      format: doc.format,
      formatName: FORMATS[doc.format].name,
      issuedBy: FORMATS[doc.format].issuedBy,
      year: doc.year,
      agency: doc.agencyName,
      tables: {
        applications: doc.tables.applications,
        review: doc.tables.review,
        proactive: doc.tables.proactive,
      },
      narrative: {
        [narrativeHeading(doc.format, 'overview')]: doc.narrative.overview,
        [narrativeHeading(doc.format, 'problems')]: doc.narrative.problems,
        [narrativeHeading(doc.format, 'other')]: doc.narrative.other,
      },
      signedOn: doc.signedOn,
    },
    null,
    2,
  )}\n`;
}
