/**
 * Public routes: an agency's 依申请公开 column. The online form is `apply.routes.tsx`; the progress
 * lookup and the letters it shows are `lookup.routes.tsx`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findAgency } from '../agencies/agency.repository.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { notFound } from '../shared/http/errors.ts';
import { sendPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { ApplyColumnPage } from './public.views.tsx';
import type { RouteKit } from './route-kit.ts';

const p = paths.applications;
type AgencyParams = { Params: RouteParams<typeof p.apply> };

export async function publicRoutes(app: FastifyInstance, kit: RouteKit): Promise<void> {
  const { db } = kit.deps;

  async function publicAgency(request: FastifyRequest<AgencyParams>): Promise<Agency> {
    const a = await findAgency(db, idOf(request.params.agencyId));
    if (!a) throw notFound('机构');
    return a;
  }

  app.get<AgencyParams>(p.column.pattern, { config: { access: 'public' } }, async (request, reply) =>
    sendPage(reply, <ApplyColumnPage agency={await publicAgency(request)} />),
  );
}
