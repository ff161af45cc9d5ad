import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../shared/http/page.ts';
import { idOf, type On } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { ELDER_COOKIE } from '../shared/ui/render.ts';
import { elderForm } from './catalogue.forms.ts';
import {
  type CatalogueRouteContext,
  formData,
  pageParam,
  queryOf,
  sendCachedPage,
} from './catalogue.http.ts';
import {
  columnFilters,
  PAGE_SIZE,
  portalItem,
  proactiveColumn,
  search,
  systemColumn,
} from './catalogue.queries.ts';
import {
  PortalItemPage,
  ProactiveColumnPage,
  SearchPage,
  SystemColumnPage,
} from './catalogue-portal.views.tsx';
import { ERROR_REPORT_REPLY_WORKING_DAYS } from './statute.ts';

const publicAccess = { config: { access: 'public' as const } };
const portal = paths.catalogue.portal;

/**
 * The page of a published item. As everyone sees it, it is cached (the CSRF token of its error-report
 * form substituted per visitor); a form with a problem is rendered for this visitor only.
 */
export async function sendPortalItem(
  ctx: CatalogueRouteContext,
  request: FastifyRequest<On<typeof portal.item>>,
  reply: FastifyReply,
  shown: { notice?: string; problem?: string } = {},
) {
  const { agencyId, itemId } = request.params;
  const render = async (csrf: string) => (
    <PortalItemPage
      {...(await portalItem(ctx.deps.db, idOf(agencyId), idOf(itemId)))}
      today={ctx.today()}
      csrf={csrf}
      {...shown}
    />
  );
  if (shown.problem === undefined) return sendCachedPage(ctx, request, reply, render);
  return sendPage(reply, render(reply.generateCsrf()), 400);
}

/** The public portal of 主动公开: the columns, an item, the site search, and the 长者模式 switch. */
export const portalPageRoutes: FastifyPluginAsync<CatalogueRouteContext> = async (app, ctx) => {
  const { db } = ctx.deps;

  // 长者模式: a cookie read by the layout on every page. The switch is a POST form (with the CSRF
  // token, as every POST) so a crawler following links never flips it; it works without JavaScript and
  // returns to the page it was sent from (`back`, else the Referer of this site).
  const returnTo = (request: FastifyRequest, back: string | undefined): string => {
    let to = back || '/';
    const referer = request.headers.referer;
    if (!back && referer) {
      try {
        const u = new URL(referer);
        if (u.host === request.host) to = u.pathname + u.search;
      } catch {
        to = '/';
      }
    }
    return /^\/(?![/\\])/.test(to) ? to : '/';
  };

  app.post(portal.elder.pattern, publicAccess, async (request, reply) => {
    const { back } = formData(elderForm, request.body);
    const on = request.cookies[ELDER_COOKIE] !== '1';
    reply.setCookie(ELDER_COOKIE, on ? '1' : '0', {
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      maxAge: 365 * 86400,
      secure: ctx.deps.config.env === 'production',
    });
    return reply.redirect(returnTo(request, back), 303);
  });

  // An old link or a crawler: changes nothing, goes back to the page.
  app.get(portal.elder.pattern, publicAccess, async (request, reply) =>
    reply.redirect(returnTo(request, queryOf(request).back), 303),
  );

  app.get<On<typeof portal.proactive>>(portal.proactive.pattern, publicAccess, async (request, reply) => {
    const q = queryOf(request);
    const filters = columnFilters(q);
    const page = pageParam(q.page);
    return sendCachedPage(ctx, request, reply, async () => (
      <ProactiveColumnPage
        {...(await proactiveColumn(db, idOf(request.params.agencyId), filters, page))}
        page={page}
        pageSize={PAGE_SIZE}
        today={ctx.today()}
      />
    ));
  });

  app.get<On<typeof portal.system>>(portal.system.pattern, publicAccess, async (request, reply) =>
    sendCachedPage(ctx, request, reply, async () => (
      <SystemColumnPage {...(await systemColumn(db, idOf(request.params.agencyId)))} today={ctx.today()} />
    )),
  );

  app.get<On<typeof portal.item>>(portal.item.pattern, publicAccess, (request, reply) =>
    sendPortalItem(
      ctx,
      request,
      reply,
      queryOf(request).reported === '1'
        ? { notice: `已收到您的纠错意见，我们将在 ${ERROR_REPORT_REPLY_WORKING_DAYS} 个工作日内答复。` }
        : {},
    ),
  );

  app.get(portal.search.pattern, publicAccess, async (request, reply) => {
    const q = queryOf(request);
    const page = pageParam(q.page);
    return sendCachedPage(ctx, request, reply, async () => {
      const { query, ...found } = await search(db, q, page);
      return (
        <SearchPage
          {...query}
          docType={query.docType ?? ''}
          validity={query.validity ?? ''}
          {...found}
          page={page}
          pageSize={PAGE_SIZE}
          today={ctx.today()}
        />
      );
    });
  });
};
