import { definePath } from '../shared/define-path.ts';

/** URLs of the reconsideration and litigation cases (行政复议、行政诉讼) of an agency. Never public. */
export const litigationPaths = {
  list: definePath('/admin/litigation/:agencyId'),
  create: definePath('/admin/litigation/:agencyId/new'),
  edit: definePath('/admin/litigation/:agencyId/:caseId/edit'),
  remove: definePath('/admin/litigation/:agencyId/:caseId/delete'),
  /** Documents of a case (复议决定书、判决书…): list and upload; download; delete. */
  documents: definePath('/admin/litigation/:agencyId/:caseId/documents'),
  document: definePath('/admin/litigation/:agencyId/:caseId/documents/:documentId'),
  documentRemove: definePath('/admin/litigation/:agencyId/:caseId/documents/:documentId/delete'),
} as const;
