import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { conflict } from '../shared/http/errors.ts';
import { formBody, orFormError, parseForm } from '../shared/http/forms.ts';
import { idOf, type On } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import {
  revisionApproveForm,
  revisionCancelForm,
  revisionNoteForm,
  revisionRejectForm,
} from './catalogue.forms.ts';
import { type CatalogueRouteContext, formData } from './catalogue.http.ts';
import type { CatalogueItem } from './catalogue.model.ts';
import { revisedItemFields } from './catalogue.model.ts';
import { sendItemForm } from './catalogue.pages.tsx';
import { DOC_TYPE_LABELS, ITEM_FIELDS, itemFormSchema } from './catalogue.rules.ts';
import { itemInScope } from './catalogue.service.ts';
import { itemToValues } from './catalogue.views.tsx';
import { itemStep } from './items.routes.tsx';
import { findOpenRevision, listRevisions } from './revision.repository.ts';
import { approveRevision, cancelRevision, rejectRevision, saveRevision } from './revision.service.ts';
import { RejectedNotice } from './revision.views.tsx';

type RevisePath = typeof paths.catalogue.revise;

/**
 * 修改 of a published item: a revision, reviewed (保密审查) before it replaces the public content;
 * the clerk may withdraw it while it waits.
 */
export const revisionRoutes: FastifyPluginAsync<CatalogueRouteContext> = async (app, ctx) => {
  const { db } = ctx.deps;
  const cat = paths.catalogue;

  const sendRevisionForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    item: CatalogueItem,
    values: Record<string, string>,
    errors?: Readonly<Record<string, string>>,
  ) =>
    sendItemForm(ctx, request, reply, item.agencyId, {
      action: cat.revise({ itemId: item.id }),
      title: `修改已发布的信息：${item.title}`,
      values,
      errors,
      back: cat.item({ itemId: item.id }),
      currentTopicId: item.topicId,
      revision: {
        docTypeLabel: DOC_TYPE_LABELS[item.docType],
        notice: errors ? null : <RejectedNotice revision={(await listRevisions(db, item.id))[0]} />,
      },
    });

  app.get<On<RevisePath>>(
    cat.revise.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const item = await itemInScope(db, requireViewer(request), idOf(request.params.itemId));
      if (item.status !== 'published') return reply.redirect(cat.edit({ itemId: item.id }), 303);
      const open = await findOpenRevision(db, item.id);
      const values = itemToValues(open ? { ...item, ...revisedItemFields(open.proposed) } : item);
      return sendRevisionForm(request, reply, item, { ...values, note: open?.note ?? '' });
    },
  );

  app.post<On<RevisePath>>(
    cat.revise.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const item = await itemInScope(db, viewer, idOf(request.params.itemId));
      if (item.status !== 'published') throw conflict('该信息已不是发布状态，请刷新后重试。');
      // The type, the formation date and the Art. 26 deadline are not revisable: taken from the item.
      const body = {
        ...formBody(request.body),
        docType: item.docType,
        formedOn: item.formedOn,
        deadlineOverride: item.deadlineOverride ?? '',
      };
      const form = parseForm(itemFormSchema, body, ITEM_FIELDS);
      const { note } = formData(revisionNoteForm, body);
      const again = (errors: Readonly<Record<string, string>>) =>
        sendRevisionForm(request, reply, item, { ...form.values, note }, errors);
      if (!form.ok) {
        // The note is checked by the service; shown with the field errors when the form is refused.
        return again(
          note.trim()
            ? form.errors
            : { ...form.errors, note: '请填写修改说明，例如更正了哪些内容、为什么修改' },
        );
      }
      return orFormError(async () => {
        await saveRevision(db, viewer, request.ip, item, form.data, note, ctx.now(), {
          publicBaseUrl: ctx.deps.config.publicBaseUrl,
        });
        return reply.redirect(cat.item({ itemId: item.id }, { revised: '1' }), 303);
      }, again);
    },
  );

  itemStep(app, ctx, {
    pattern: cat.revisionApprove.pattern,
    access: 'catalogue.approve',
    form: revisionApproveForm,
    done: 'revisionPublished',
    run: (viewer, ip, item, f) =>
      approveRevision(db, viewer, ip, item, f.revisionId, f.revisionSecrecyNote, ctx.today(), ctx.now()),
  });
  itemStep(app, ctx, {
    pattern: cat.revisionReject.pattern,
    access: 'catalogue.approve',
    form: revisionRejectForm,
    done: 'done',
    run: (viewer, ip, item, f) =>
      rejectRevision(db, viewer, ip, item, f.revisionId, f.revisionComment, ctx.now()),
  });
  itemStep(app, ctx, {
    pattern: cat.revisionCancel.pattern,
    access: 'catalogue.edit',
    form: revisionCancelForm,
    done: 'done',
    run: (viewer, ip, item, f) => cancelRevision(db, viewer, ip, item, f.revisionId, ctx.now()),
  });
};
