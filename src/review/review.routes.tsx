import type { FastifyInstance } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { sendAdminPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { reviewQueueOf } from './review.service.ts';
import { ReviewQueuePage } from './review.views.tsx';

/** 待我审核 (/admin/review): what waits for the reviewer, letters and 主动公开 items, oldest first. */
export async function registerReviewRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;
  const today = todayIn(deps.clock, config.timeZone);
  app.get(
    paths.review.queue.pattern,
    { config: { access: ['applications.approve', 'catalogue.approve'] } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      return sendAdminPage(request, reply, 'review', ReviewQueuePage, {
        queue: await reviewQueueOf(db, viewer),
        showAgency: viewer.scope.kind !== 'agency',
        today: today(),
        timeZone: config.timeZone,
      });
    },
  );
}
