import type { FastifyInstance } from 'fastify';
import type { Deps } from '../app.tsx';

/** Routes of the proactive-disclosure capability (主动公开目录, portal columns, search, feeds). */
export async function registerCatalogueRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
