import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  findAgenciesByIds,
  findAgency,
  listAgencies,
  listReadingPlaces,
} from '../agencies/agency.repository.ts';
import { sortTree } from '../agencies/agency.routes.tsx';
import type { Agency } from '../agencies/agency.rules.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/http/errors.ts';
import { sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { AgencyPage, ColumnPage, GuidePage, HomePage, PORTAL_COLUMNS } from './portal.views.tsx';

function agencyId(request: FastifyRequest): number {
  const raw = (request.params as Record<string, string>).agencyId ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

async function ancestorsOf(deps: Deps, agency: Agency): Promise<Agency[]> {
  const ids = agency.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => id !== agency.id);
  const found = await findAgenciesByIds(deps.db, ids);
  return ids.map((id) => found.find((a) => a.id === id)).filter((a): a is Agency => a !== undefined);
}

export async function registerPortalRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;

  app.get(paths.portal.home.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const q = String((request.query as Record<string, unknown>).q ?? '')
      .trim()
      .slice(0, 50);
    const all = await listAgencies(db, { kind: 'all' });
    const matches = q ? await listAgencies(db, { kind: 'all' }, q) : null;
    return sendPage(reply, <HomePage agencies={sortTree(all)} q={q} matches={matches} />);
  });

  const loadAgency = async (request: FastifyRequest) => {
    const agency = await findAgency(db, agencyId(request));
    if (!agency) throw notFound('机构');
    return agency;
  };

  app.get(paths.portal.agency.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const agency = await loadAgency(request);
    const ancestors = await ancestorsOf(deps, agency);
    const children = (
      await listAgencies(db, { kind: 'subtree', agencyId: agency.id, path: agency.path })
    ).filter((a) => a.parentId === agency.id);
    return sendPage(
      reply,
      <AgencyPage agency={agency} ancestors={ancestors} children={sortTree(children)} />,
    );
  });

  app.get(paths.portal.guide.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const agency = await loadAgency(request);
    const ancestors = await ancestorsOf(deps, agency);
    const places = await listReadingPlaces(db, agency.id);
    return sendPage(reply, <GuidePage agency={agency} ancestors={ancestors} places={places} />);
  });

  app.get(paths.portal.column.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const agency = await loadAgency(request);
    const key = (request.params as Record<string, string>).column;
    const column = PORTAL_COLUMNS.find((c) => c.key === key);
    if (!column || column.key === 'guide') throw notFound('栏目');
    const ancestors = await ancestorsOf(deps, agency);
    return sendPage(reply, <ColumnPage agency={agency} ancestors={ancestors} column={column} />);
  });
}
