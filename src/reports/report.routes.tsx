import type { FastifyInstance } from 'fastify';
import type { Deps } from '../app.tsx';

/** Routes of the annual-report capability (年度报告, checker page). */
export async function registerReportRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
