import { definePath } from '../shared/define-path.ts';

/** URLs of the applications capability (依申请公开). */
export const applicationPaths = {
  /** The clerk's work queue. */
  queue: definePath('/admin/applications'),
} as const;
