import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { can, requireViewer } from '../accounts/auth.ts';
import { portalAgency } from '../portal/portal.service.ts';
import { formBody, orFormError } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { idOf, type On } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { answerForm, messageForm } from './catalogue.forms.ts';
import { type CatalogueRouteContext, formData, queryOf } from './catalogue.http.ts';
import { interactionPage, messagesPage, publishedItem, scopeAgencyIds } from './catalogue.queries.ts';
import { sendPortalItem } from './catalogue-portal.routes.tsx';
import { InteractionPage } from './catalogue-portal.views.tsx';
import { answerMessage, receiveMessage } from './interaction.service.ts';
import { MessagesPage } from './publishing.views.tsx';

const cat = paths.catalogue;

/** 互动交流: questions and error reports from the portal, answered by clerks in the back office. */
export const interactionRoutes: FastifyPluginAsync<CatalogueRouteContext> = async (app, ctx) => {
  const { db } = ctx.deps;
  const receive = async (request: FastifyRequest, target: Parameters<typeof receiveMessage>[3]) =>
    receiveMessage(
      db,
      await ctx.deps.calendar.get(db),
      request.ip,
      target,
      formData(messageForm, request.body),
      ctx.today(),
      ctx.now(),
    );

  // ---------------------------------------------------------------- back office

  app.get(cat.messages.pattern, { config: { access: 'catalogue.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    return sendPage(
      reply,
      <MessagesPage
        ctx={adminContext(request, reply, 'catalogue')}
        {...(await messagesPage(db, viewer))}
        today={ctx.today()}
        canAnswer={can(viewer, 'catalogue.edit')}
      />,
    );
  });

  app.post<On<typeof cat.answer>>(
    cat.answer.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      await answerMessage(
        db,
        viewer,
        request.ip,
        await scopeAgencyIds(db, viewer),
        idOf(request.params.messageId),
        formData(answerForm, request.body),
        ctx.today(),
        ctx.now(),
      );
      return reply.redirect(cat.messages(), 303);
    },
  );

  // ---------------------------------------------------------------- portal

  app.post<On<typeof cat.portal.reportError>>(
    cat.portal.reportError.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const { agency } = await portalAgency(db, idOf(request.params.agencyId));
      const item = await publishedItem(db, agency.id, idOf(request.params.itemId));
      return orFormError(
        async () => {
          await receive(request, { agencyId: item.agencyId, itemId: item.id, kind: 'error_report' });
          return reply.redirect(
            cat.portal.item({ agencyId: item.agencyId, itemId: item.id }, { reported: '1' }),
            303,
          );
        },
        (errors) => sendPortalItem(ctx, request, reply, { problem: Object.values(errors).join('；') }),
      );
    },
  );

  const sendInteraction = async (
    request: FastifyRequest<On<typeof cat.portal.interaction>>,
    reply: FastifyReply,
    extra: {
      errors?: Readonly<Record<string, string>>;
      values?: Record<string, string>;
      notice?: string;
    } = {},
  ) =>
    sendPage(
      reply,
      <InteractionPage
        {...(await interactionPage(db, idOf(request.params.agencyId)))}
        csrf={reply.generateCsrf()}
        {...extra}
      />,
      extra.errors ? 400 : 200,
    );

  app.get<On<typeof cat.portal.interaction>>(
    cat.portal.interaction.pattern,
    { config: { access: 'public' } },
    (request, reply) =>
      sendInteraction(
        request,
        reply,
        queryOf(request).sent === '1' ? { notice: '已收到您的咨询，我们会尽快答复。' } : {},
      ),
  );

  app.post<On<typeof cat.portal.interaction>>(
    cat.portal.interaction.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const { agency } = await portalAgency(db, idOf(request.params.agencyId));
      return orFormError(
        async () => {
          await receive(request, { agencyId: agency.id, itemId: null, kind: 'question' });
          return reply.redirect(cat.portal.interaction({ agencyId: agency.id }, { sent: '1' }), 303);
        },
        (errors) => sendInteraction(request, reply, { errors, values: formBody(request.body) }),
      );
    },
  );
};
