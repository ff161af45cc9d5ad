import type { FastifyInstance } from 'fastify';
import type { Deps } from '../shared/deps.ts';
import { sendAdminPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { jobsOverview } from './jobs.service.ts';
import { JobsPage } from './jobs.views.tsx';

/** The back office's 后台任务 page (/admin/jobs), for administrators. */
export async function registerWorkerRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get(paths.worker.jobs.pattern, { config: { access: 'jobs.view' } }, async (request, reply) =>
    sendAdminPage(request, reply, 'jobs', JobsPage, { overview: await jobsOverview(deps) }),
  );
}
