/**
 * What the applications' route plugins share: who acts (for the services) and the public routes' rate
 * limits.
 */
import type { FastifyRequest } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import type { Acting } from './acting.ts';
import { actorOf } from './application.service.ts';

export interface RouteKit {
  readonly deps: Deps;
  /** Today in the configured time zone. */
  readonly today: () => string;
  readonly now: () => string;
  /** The signed-in viewer acting now. */
  acting(request: FastifyRequest): Acting;
}

export function routeKit(deps: Deps): RouteKit {
  const today = todayIn(deps.clock, deps.config.timeZone);
  const now = () => deps.clock.now().toISOString();
  return {
    deps,
    today,
    now,
    acting: (request) => {
      const viewer = requireViewer(request);
      return { viewer, actor: actorOf(viewer, request.ip), now: now(), today: today() };
    },
  };
}

/** The limit of a public route that writes or checks secrets: `max` requests a minute per client address. */
export function publicLimit(max: number) {
  return { max, timeWindow: '1 minute' };
}
