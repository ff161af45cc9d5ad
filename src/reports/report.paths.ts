import { definePath } from '../shared/define-path.ts';

/** URLs of the annual-report capability (年度报告). */
export const reportPaths = {
  list: definePath('/admin/reports'),
} as const;
