import { definePath } from '../shared/define-path.ts';

/** URLs of the 政务公开体检 (docs/domain/README.md#assessment). */
export const assessmentPaths = {
  /** The viewer's own agency; supervisors and admins: the subtree table and a chooser. */
  overview: definePath('/admin/assessment'),
  agency: definePath('/admin/assessment/:agencyId'),
  print: definePath('/admin/assessment/:agencyId/print'),
  xlsx: definePath('/admin/assessment/:agencyId/assessment.xlsx'),
  pdf: definePath('/admin/assessment/:agencyId/assessment.pdf'),
  attest: definePath('/admin/assessment/:agencyId/attestations'),
  weights: definePath('/admin/assessment-weights'),
} as const;
