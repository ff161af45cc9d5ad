import { definePath } from '../shared/define-path.ts';

/** URLs of the annual-report capability (年度报告). */
export const reportPaths = {
  list: definePath('/admin/reports'),
  show: definePath('/admin/reports/:agencyId/:year'),
  narrative: definePath('/admin/reports/:agencyId/:year/narrative'),
  article20: definePath('/admin/reports/:agencyId/:year/article20'),
  settings: definePath('/admin/reports/:agencyId/:year/settings'),
  /** Workflow: the clerk submits (reports.edit); reviewers approve, publish or reopen (reports.approve). */
  submit: definePath('/admin/reports/:agencyId/:year/actions/submit'),
  action: definePath('/admin/reports/:agencyId/:year/actions/:action'),
  download: definePath('/admin/reports/:agencyId/:year/files/:output'),
  rollup: definePath('/admin/reports/:agencyId/:year/rollup'),
  /** One finding of the report: mark it 已说明 (GET form, POST save) — supervisors of a parent agency. */
  explain: definePath('/admin/reports/:agencyId/:year/findings/:findingId'),
  unexplain: definePath('/admin/reports/:agencyId/:year/findings/:findingId/remove'),
  /** The report's marks as JSON (finding id → note), for `gongkai check --explained`. */
  explanations: definePath('/admin/reports/:agencyId/:year/explanations'),
  /** Public: the agency's 政府信息公开年报 column (all published years). */
  column: definePath('/agencies/:agencyId/columns/reports'),
  published: definePath('/agencies/:agencyId/reports/:year'),
  publishedFile: definePath('/agencies/:agencyId/reports/:year/files/:output'),
  /** Surveys of published reports on the web and on Gongkai (supervisors, administrators). */
  surveys: definePath('/admin/report-surveys'),
  survey: definePath('/admin/report-surveys/:surveyId'),
  surveyStop: definePath('/admin/report-surveys/:surveyId/stop'),
  surveyFile: definePath('/admin/report-surveys/:surveyId/files/:output'),
  /** Public checker page (no login). */
  checker: definePath('/tools/report-checker'),
  css: definePath('/reports/report.css'),
  /** Public open data: every published agency-year, documented at /opendata (issue 15). */
  /** Public: agencies of one level compared on their published figures of a year. */
  compare: definePath('/reports/compare'),
  openData: definePath('/opendata'),
  openDataCsv: definePath('/opendata/reports.csv'),
  openDataJson: definePath('/opendata/reports.json'),
} as const;
