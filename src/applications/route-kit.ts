/**
 * What the applications' route plugins share: who acts (for the services), ids from path params, the
 * public routes' rate limits, and turning a service's FormError into the form shown again.
 */
import type { FastifyRequest } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { FormError } from '../shared/form-error.ts';
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

/** A numeric id from a path param; -1 (found nowhere) when it is not one. */
export function idOf(raw: string | undefined): number {
  return /^\d{1,9}$/.test(raw ?? '') ? Number(raw) : -1;
}

/** The limit of a public route that writes or checks secrets: `max` requests a minute per client address. */
export function publicLimit(max: number) {
  return { max, timeWindow: '1 minute' };
}

/** Runs a service call; when it refuses the input (FormError), renders the form again with its messages. */
export async function orFormError<T, R>(
  work: () => Promise<T>,
  render: (errors: Readonly<Record<string, string>>) => R | Promise<R>,
): Promise<T | R> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof FormError) return render(err.errors);
    throw err;
  }
}
