import { definePath } from '../shared/define-path.ts';

/** URLs of the proactive-disclosure capability (主动公开). */
export const cataloguePaths = {
  list: definePath('/admin/catalogue'),
} as const;
