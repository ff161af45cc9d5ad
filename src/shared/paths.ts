/**
 * Every URL of the application, defined once. Routes register `.pattern`; links, redirects,
 * views and tests call the builder, so no URL is ever concatenated by hand.
 */
import { applicationPaths } from '../applications/application.paths.ts';
import { assessmentPaths } from '../assessment/assessment.paths.ts';
import { cataloguePaths } from '../catalogue/catalogue.paths.ts';
import { litigationPaths } from '../litigation/litigation.paths.ts';
import { mailPaths } from '../mail/mail.paths.ts';
import { reportPaths } from '../reports/report.paths.ts';
import { reviewPaths } from '../review/review.paths.ts';
import { statisticsPaths } from '../statistics/statistics.paths.ts';
import { workerPaths } from '../worker/worker.paths.ts';
import { definePath } from './define-path.ts';

export { definePath, type PathDef } from './define-path.ts';

export const paths = {
  portal: {
    home: definePath('/'),
    agency: definePath('/agencies/:agencyId'),
    guide: definePath('/agencies/:agencyId/guide'),
    column: definePath('/agencies/:agencyId/columns/:column'),
  },
  admin: {
    login: definePath('/admin/login'),
    logout: definePath('/admin/logout'),
    dashboard: definePath('/admin'),
    password: definePath('/admin/account/password'),
    tokens: definePath('/admin/account/tokens'),
    tokenRevoke: definePath('/admin/account/tokens/:tokenId/revoke'),
    agencies: definePath('/admin/agencies'),
    agencyNew: definePath('/admin/agencies/new'),
    agency: definePath('/admin/agencies/:agencyId'),
    agencyEdit: definePath('/admin/agencies/:agencyId/edit'),
    readingPlaces: definePath('/admin/agencies/:agencyId/reading-places'),
    readingPlaceDelete: definePath('/admin/agencies/:agencyId/reading-places/:placeId/delete'),
    users: definePath('/admin/users'),
    userNew: definePath('/admin/users/new'),
    userEdit: definePath('/admin/users/:userId/edit'),
    userUnlock: definePath('/admin/users/:userId/unlock'),
    audit: definePath('/admin/audit'),
  },
  applications: applicationPaths,
  reports: reportPaths,
  litigation: litigationPaths,
  catalogue: cataloguePaths,
  assessment: assessmentPaths,
  mail: mailPaths,
  review: reviewPaths,
  worker: workerPaths,
  statistics: statisticsPaths,
  calendar: {
    list: definePath('/admin/calendar'),
    year: definePath('/admin/calendar/:year'),
  },
  health: definePath('/healthz'),
  ready: definePath('/readyz'),
  static: definePath('/static/:file'),
} as const;
