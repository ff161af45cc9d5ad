import { definePath } from '../shared/define-path.ts';

/** URLs of the annual-report capability (年度报告), and of the litigation cases that fill its table 四. */
export const reportPaths = {
  list: definePath('/admin/reports'),
  show: definePath('/admin/reports/:agencyId/:year'),
  narrative: definePath('/admin/reports/:agencyId/:year/narrative'),
  article20: definePath('/admin/reports/:agencyId/:year/article20'),
  settings: definePath('/admin/reports/:agencyId/:year/settings'),
  action: definePath('/admin/reports/:agencyId/:year/actions/:action'),
  download: definePath('/admin/reports/:agencyId/:year/files/:output'),
  rollup: definePath('/admin/reports/:agencyId/:year/rollup'),
  /** One finding of the report: mark it 已说明 (GET form, POST save) — supervisors of a parent agency. */
  explain: definePath('/admin/reports/:agencyId/:year/findings/:findingId'),
  unexplain: definePath('/admin/reports/:agencyId/:year/findings/:findingId/remove'),
  /** The report's marks as JSON (finding id → note), for `gongkai check --explained`. */
  explanations: definePath('/admin/reports/:agencyId/:year/explanations'),
  litigation: definePath('/admin/litigation/:agencyId'),
  litigationNew: definePath('/admin/litigation/:agencyId/new'),
  litigationEdit: definePath('/admin/litigation/:agencyId/:caseId/edit'),
  litigationDelete: definePath('/admin/litigation/:agencyId/:caseId/delete'),
  /** Documents of a case (复议决定书、判决书…): list and upload; download; delete. Not public. */
  litigationDocuments: definePath('/admin/litigation/:agencyId/:caseId/documents'),
  litigationDocument: definePath('/admin/litigation/:agencyId/:caseId/documents/:documentId'),
  litigationDocumentDelete: definePath('/admin/litigation/:agencyId/:caseId/documents/:documentId/delete'),
  /** Public: the agency's 政府信息公开年报 column (all published years). */
  column: definePath('/agencies/:agencyId/columns/reports'),
  published: definePath('/agencies/:agencyId/reports/:year'),
  publishedFile: definePath('/agencies/:agencyId/reports/:year/files/:output'),
  /** Public checker page (no login). */
  checker: definePath('/tools/report-checker'),
  css: definePath('/reports/report.css'),
} as const;
