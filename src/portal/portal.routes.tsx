import type { FastifyInstance } from 'fastify';
import { listAgencies, listReadingPlaces } from '../agencies/agency.repository.ts';
import { sortTree } from '../agencies/agency.routes.tsx';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/http/errors.ts';
import { sendPage } from '../shared/http/page.ts';
import { idOf, type On } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { portalAgency } from './portal.service.ts';
import { AgencyPage, ColumnPage, GuidePage, HomePage, PORTAL_COLUMNS } from './portal.views.tsx';

const publicAccess = { config: { access: 'public' as const } };

export async function registerPortalRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;

  app.get(paths.portal.home.pattern, publicAccess, async (request, reply) => {
    const q = String((request.query as Record<string, unknown>).q ?? '')
      .trim()
      .slice(0, 50);
    const all = await listAgencies(db, { kind: 'all' });
    const matches = q ? await listAgencies(db, { kind: 'all' }, q) : null;
    return sendPage(reply, <HomePage agencies={sortTree(all)} q={q} matches={matches} />);
  });

  app.get<On<typeof paths.portal.agency>>(
    paths.portal.agency.pattern,
    publicAccess,
    async (request, reply) => {
      const { agency, ancestors } = await portalAgency(db, idOf(request.params.agencyId));
      const children = (
        await listAgencies(db, { kind: 'subtree', agencyId: agency.id, path: agency.path })
      ).filter((a) => a.parentId === agency.id);
      return sendPage(
        reply,
        <AgencyPage agency={agency} ancestors={ancestors} children={sortTree(children)} />,
      );
    },
  );

  app.get<On<typeof paths.portal.guide>>(paths.portal.guide.pattern, publicAccess, async (request, reply) => {
    const { agency, ancestors } = await portalAgency(db, idOf(request.params.agencyId));
    const places = await listReadingPlaces(db, agency.id);
    return sendPage(reply, <GuidePage agency={agency} ancestors={ancestors} places={places} />);
  });

  app.get<On<typeof paths.portal.column>>(
    paths.portal.column.pattern,
    publicAccess,
    async (request, reply) => {
      const column = PORTAL_COLUMNS.find((c) => c.key === request.params.column);
      const { agency, ancestors } = await portalAgency(db, idOf(request.params.agencyId));
      if (!column || column.key === 'guide') throw notFound('栏目');
      return sendPage(reply, <ColumnPage agency={agency} ancestors={ancestors} column={column} />);
    },
  );
}
