import { definePath } from '../shared/define-path.ts';

/** URLs of the reviewer's work (待我审核) and the clerk's returned letters. */
export const reviewPaths = {
  /** What waits for the viewer's review: letters and 主动公开 items, oldest first. */
  queue: definePath('/admin/review'),
} as const;
