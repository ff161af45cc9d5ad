import type { FastifyInstance } from 'fastify';
import type { Deps } from '../shared/deps.ts';
import { registerApplicationApi } from './application.api.ts';
import { applyRoutes } from './apply.routes.tsx';
import { caseRoutes } from './case.routes.tsx';
import { ledgerRoutes } from './ledger.routes.tsx';
import { letterRoutes } from './letter.routes.tsx';
import { lookupRoutes } from './lookup.routes.tsx';
import { publicRoutes } from './public.routes.tsx';
import { redactionRoutes } from './redaction.routes.tsx';
import { routeKit } from './route-kit.ts';

/**
 * Routes of the applications capability (依申请公开), one plugin per sub-area: staff case pages, letters,
 * the ledger, the public form and lookup, and the JSON API. Each parses the request, calls a service and
 * renders or redirects; the workflows and their rules live in the services.
 */
export async function registerApplicationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const kit = routeKit(deps);
  for (const plugin of [
    caseRoutes,
    letterRoutes,
    redactionRoutes,
    ledgerRoutes,
    publicRoutes,
    applyRoutes,
    lookupRoutes,
  ])
    await app.register(async (scope) => plugin(scope, kit));
  await registerApplicationApi(app, deps);
}
