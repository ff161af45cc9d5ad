import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/http/errors.ts';
import { userOfApiToken } from './api-token.service.ts';

/**
 * Bearer-token authentication for an API scope: a request with `Authorization: Bearer …` acts as the
 * token's user; the global preHandler (auth.ts) then checks each route's declared permission as usual.
 */
export function registerBearerAuth(scope: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  scope.addHook('onRequest', async (request) => {
    const h = request.headers.authorization;
    if (!h) return;
    const m = /^Bearer\s+(\S+)$/.exec(h);
    if (!m?.[1]) throw new AppError('unauthenticated', '授权头格式应为 “Authorization: Bearer 令牌”。');
    const user = await userOfApiToken(deps.db, deps.clock, m[1]);
    if (!user) throw new AppError('unauthenticated', '令牌无效、已撤销或账号已停用。');
    request.viewer = user;
  });
}
