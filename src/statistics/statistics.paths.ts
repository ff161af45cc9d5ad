import { definePath } from '../shared/define-path.ts';

/** URLs of the statistics pages (issue 15). */
export const statisticsPaths = {
  /** Supervisors: the figures of the viewer's scope for a period, as charts (query: from, to, sort). */
  supervision: definePath('/admin/statistics'),
  supervisionXlsx: definePath('/admin/statistics/figures.xlsx'),
} as const;
