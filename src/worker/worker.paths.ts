import { definePath } from '../shared/define-path.ts';

/** URLs of the worker capability: the back office's 后台任务 page. */
export const workerPaths = {
  jobs: definePath('/admin/jobs'),
} as const;
