import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { idOf, type On } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { baseUrl, type CatalogueRouteContext, queryOf } from './catalogue.http.ts';
import { feed } from './catalogue.queries.ts';
import { atomFeed, type FeedMeta, ledText, rssFeed } from './channels.ts';

const portal = paths.catalogue.portal;
type FeedPath = typeof portal.rss;

/** Channels other than the portal pages (条例 Art. 23, 25): RSS and Atom, and plain text for LED screens. */
export const feedRoutes: FastifyPluginAsync<CatalogueRouteContext> = async (app, ctx) => {
  const { db } = ctx.deps;

  const feedOf = async (
    request: FastifyRequest<On<FeedPath>>,
    self: typeof portal.rss | typeof portal.atom,
  ) => {
    const f = await feed(db, idOf(request.params.agencyId), queryOf(request).basis);
    const base = baseUrl(ctx.deps, request);
    const at = { agencyId: f.agency.id };
    const meta: FeedMeta = {
      title: `${f.agency.name} 主动公开信息`,
      selfUrl: base + self(at, { basis: f.basis }),
      siteUrl: base + portal.proactive(at, { basis: f.basis }),
      updated: f.items[0]?.updatedAt ?? ctx.now(),
    };
    const items = f.items.map((item) => ({ item, url: base + portal.item({ ...at, itemId: item.id }) }));
    return { meta, items };
  };

  app.get<On<FeedPath>>(portal.rss.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const f = await feedOf(request, portal.rss);
    return reply.type('application/rss+xml; charset=utf-8').send(rssFeed(f.meta, f.items));
  });

  app.get<On<FeedPath>>(portal.atom.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const f = await feedOf(request, portal.atom);
    return reply.type('application/atom+xml; charset=utf-8').send(atomFeed(f.meta, f.items));
  });

  app.get<On<FeedPath>>(portal.led.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const f = await feed(db, idOf(request.params.agencyId), queryOf(request).basis);
    return reply.type('text/plain; charset=utf-8').send(ledText(f.agency.name, f.items.slice(0, 20)));
  });
};
