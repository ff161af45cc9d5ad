import type { FastifyInstance } from 'fastify';
import type { Deps } from '../app.tsx';

/** Routes of the applications capability (依申请公开). */
export async function registerApplicationRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
