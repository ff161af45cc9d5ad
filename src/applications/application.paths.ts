import { definePath } from '../shared/define-path.ts';

/** URLs of the applications capability (依申请公开). */
export const applicationPaths = {
  /** The clerk's work queue. */
  queue: definePath('/admin/applications'),
  register: definePath('/admin/applications/new'),
  show: definePath('/admin/applications/:applicationId'),
  personal: definePath('/admin/applications/:applicationId/personal'),
  eventNew: definePath('/admin/applications/:applicationId/events/:eventType'),
  letterNew: definePath('/admin/applications/:applicationId/letters/new'),
  letter: definePath('/admin/applications/:applicationId/letters/:letterId'),
  letterApprove: definePath('/admin/applications/:applicationId/letters/:letterId/approve'),
  /** 提交审核 (the clerk) and 退回修改 (the reviewer, with a reason). */
  letterSubmit: definePath('/admin/applications/:applicationId/letters/:letterId/submit'),
  letterReturn: definePath('/admin/applications/:applicationId/letters/:letterId/return'),
  letterSend: definePath('/admin/applications/:applicationId/letters/:letterId/send'),
  letterDocx: definePath('/admin/applications/:applicationId/letters/:letterId/docx'),
  letterPdf: definePath('/admin/applications/:applicationId/letters/:letterId/pdf'),
  /** How a sent letter reached the applicant: the 快递单号 of a posted one, the day a held one was collected. */
  letterDelivery: definePath('/admin/applications/:applicationId/letters/:letterId/delivery'),
  /** Disclosed documents attached to a letter: upload (POST), one file, its removal. */
  letterAttachments: definePath('/admin/applications/:applicationId/letters/:letterId/attachments'),
  letterAttachment: definePath(
    '/admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId',
  ),
  letterAttachmentDelete: definePath(
    '/admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId/delete',
  ),
  /** 部分公开 (issue 14): redact an attachment (page and POST), undo, one page of the original or the copy. */
  letterAttachmentRedact: definePath(
    '/admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId/redact',
  ),
  letterAttachmentRedactUndo: definePath(
    '/admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId/redact/undo',
  ),
  letterAttachmentRedactPage: definePath(
    '/admin/applications/:applicationId/letters/:letterId/attachments/:attachmentId/redact/:version/:page',
  ),
  /** An identity document uploaded with the online form (handling agency's staff only; audited). */
  identityDocument: definePath('/admin/applications/:applicationId/identity-documents/:uploadId'),
  ledger: definePath('/admin/applications/ledger.xlsx'),
  ledgerImport: definePath('/admin/applications/import'),
  /** Public: the 依申请公开 column of an agency, the online form and its steps. */
  column: definePath('/agencies/:agencyId/columns/apply'),
  apply: definePath('/agencies/:agencyId/apply'),
  /** Steps 2 to 4 of the form (step 1 is `apply`, step 5 `applyCheck`); each is posted with the answers so far. */
  applyApplicant: definePath('/agencies/:agencyId/apply/applicant'),
  applyRequest: definePath('/agencies/:agencyId/apply/request'),
  applyFiles: definePath('/agencies/:agencyId/apply/files'),
  applyCheck: definePath('/agencies/:agencyId/apply/check'),
  applySend: definePath('/agencies/:agencyId/apply/send'),
  applyDone: definePath('/agencies/:agencyId/apply/done'),
  lookup: definePath('/applications/lookup'),
  /** A disclosed document of a sent letter, for the applicant who just passed the lookup check. */
  lookupFile: definePath('/applications/lookup/files/:attachmentId'),
  /** A sent letter to the applicant as a page and as PDF, for the browser that passed the lookup check. */
  lookupLetter: definePath('/applications/lookup/letters/:letterId'),
  lookupLetterPdf: definePath('/applications/lookup/letters/:letterId/pdf'),
  /** Ends the lookup on this browser (forgets the proof). */
  lookupEnd: definePath('/applications/lookup/end'),
  /** JSON API. */
  apiApplications: definePath('/api/v1/applications'),
  apiApplication: definePath('/api/v1/applications/:applicationId'),
  apiEvents: definePath('/api/v1/applications/:applicationId/events'),
  apiOpenApi: definePath('/api/v1/openapi.json'),
} as const;
