import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { type Access, type AuthedUser, can, requireViewer } from '../accounts/auth.ts';
import { findAgency } from '../agencies/agency.repository.ts';
import { notFound } from '../shared/http/errors.ts';
import { formBody, orFormError, parseForm } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { idOf, type On } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import {
  confirmForm,
  publishForm,
  returnForm,
  settingsForm,
  validityForm,
  withdrawForm,
} from './catalogue.forms.ts';
import { baseUrl, type CatalogueRouteContext, type FormDef, formData, queryOf } from './catalogue.http.ts';
import type { CatalogueItem } from './catalogue.model.ts';
import { type ItemNotice, sendItemForm, sendItemPage } from './catalogue.pages.tsx';
import { adminList, itemVersion, noticeSheet, settingsPage } from './catalogue.queries.ts';
import { DOC_TYPES, ITEM_FIELDS, ITEM_STATUSES, type ItemStatus, itemFormSchema } from './catalogue.rules.ts';
import {
  changeValidity,
  createDraft,
  itemInScope,
  requireAgency,
  returnToDraft,
  submitForReview,
  updateDraft,
  withdrawItem,
} from './catalogue.service.ts';
import { CatalogueListPage, itemToValues, VersionPage } from './catalogue.views.tsx';
import { wechatArticle } from './channels.ts';
import { saveIndexPatternFor } from './index-number.service.ts';
import { publishItem } from './publishing.service.ts';
import { NoticeSheetPage, SettingsPage, WechatPage } from './publishing.views.tsx';

type ItemPath = typeof paths.catalogue.item;

/**
 * Registers a workflow POST on an item: parse its form, run the service step, redirect to the item
 * with a notice; a refused step shows the item page again with the messages and what was typed.
 */
export function itemStep<S extends z.ZodType>(
  app: FastifyInstance,
  ctx: CatalogueRouteContext,
  step: {
    readonly pattern: string;
    readonly access: Access;
    readonly form: FormDef<S>;
    readonly done: ItemNotice;
    readonly run: (
      viewer: AuthedUser,
      ip: string,
      item: CatalogueItem,
      data: z.output<S>,
    ) => Promise<unknown>;
  },
): void {
  app.post<On<ItemPath>>(step.pattern, { config: { access: step.access } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const item = await itemInScope(ctx.deps.db, viewer, idOf(request.params.itemId));
    return orFormError(
      async () => {
        await step.run(viewer, request.ip, item, formData(step.form, request.body));
        return reply.redirect(paths.catalogue.item({ itemId: item.id }, { [step.done]: '1' }), 303);
      },
      (errors) => sendItemPage(ctx, request, reply, item.id, { errors, values: formBody(request.body) }, 400),
    );
  });
}

/** 主动公开 items in the back office: list, register, edit drafts, review and publish, exports, settings. */
export const itemRoutes: FastifyPluginAsync<CatalogueRouteContext> = async (app, ctx) => {
  const { db } = ctx.deps;
  const cat = paths.catalogue;

  app.get(cat.list.pattern, { config: { access: 'catalogue.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const raw = queryOf(request).status ?? '';
    const status = (ITEM_STATUSES as readonly string[]).includes(raw) ? (raw as ItemStatus) : undefined;
    return sendPage(
      reply,
      <CatalogueListPage
        ctx={adminContext(request, reply, 'catalogue')}
        {...(await adminList(db, viewer, status))}
        status={status ?? ''}
        today={ctx.today()}
        canEdit={can(viewer, 'catalogue.edit') && viewer.agencyId !== null}
        canConfigure={can(viewer, 'catalogue.approve')}
      />,
    );
  });

  // ---------------------------------------------------------------- register and edit drafts

  const newForm = { action: cat.newItem(), title: '登记主动公开信息', back: cat.list() };

  app.get(cat.newItem.pattern, { config: { access: 'catalogue.edit' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const agencyId = requireAgency(viewer);
    const q = queryOf(request);
    return sendItemForm(ctx, request, reply, agencyId, {
      ...newForm,
      values: {
        publisher: viewer.agencyName ?? '',
        formedOn: ctx.today(),
        disclosureMethod: '主动公开',
        genre: '通知',
        docType: (DOC_TYPES as readonly string[]).includes(q.docType ?? '')
          ? (q.docType as string)
          : 'general',
        interpretsId: q.interprets ?? '',
        basis: 'art20:15',
      },
    });
  });

  app.post(cat.newItem.pattern, { config: { access: 'catalogue.edit' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const agencyId = requireAgency(viewer);
    const form = parseForm(itemFormSchema, request.body, ITEM_FIELDS);
    const again = (errors: Readonly<Record<string, string>>) =>
      sendItemForm(ctx, request, reply, agencyId, { ...newForm, values: form.values, errors });
    if (!form.ok) return again(form.errors);
    return orFormError(async () => {
      const calendar = await ctx.deps.calendar.get(db);
      const item = await createDraft(db, calendar, viewer, request.ip, agencyId, form.data, ctx.now());
      return reply.redirect(cat.item({ itemId: item.id }, { saved: '1' }), 303);
    }, again);
  });

  app.get<On<ItemPath>>(cat.item.pattern, { config: { access: 'catalogue.view' } }, (request, reply) =>
    sendItemPage(ctx, request, reply, idOf(request.params.itemId)),
  );

  const editForm = (item: CatalogueItem) => ({
    action: cat.edit({ itemId: item.id }),
    title: `修改：${item.title}`,
    back: cat.item({ itemId: item.id }),
    currentTopicId: item.topicId,
  });

  app.get<On<typeof cat.edit>>(
    cat.edit.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const item = await itemInScope(db, requireViewer(request), idOf(request.params.itemId));
      if (item.status === 'published') return reply.redirect(cat.revise({ itemId: item.id }), 303);
      return sendItemForm(ctx, request, reply, item.agencyId, {
        ...editForm(item),
        values: itemToValues(item),
      });
    },
  );

  app.post<On<typeof cat.edit>>(
    cat.edit.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const item = await itemInScope(db, viewer, idOf(request.params.itemId));
      const form = parseForm(itemFormSchema, request.body, ITEM_FIELDS);
      const again = (errors: Readonly<Record<string, string>>) =>
        sendItemForm(ctx, request, reply, item.agencyId, { ...editForm(item), values: form.values, errors });
      if (!form.ok) return again(form.errors);
      return orFormError(async () => {
        await updateDraft(
          db,
          await ctx.deps.calendar.get(db),
          viewer,
          request.ip,
          item,
          form.data,
          ctx.now(),
        );
        return reply.redirect(cat.item({ itemId: item.id }, { saved: '1' }), 303);
      }, again);
    },
  );

  // ---------------------------------------------------------------- review (保密审查) and publication

  itemStep(app, ctx, {
    pattern: cat.submit.pattern,
    access: 'catalogue.edit',
    form: confirmForm,
    done: 'done',
    run: (viewer, ip, item) =>
      submitForReview(db, viewer, ip, item, ctx.now(), { publicBaseUrl: ctx.deps.config.publicBaseUrl }),
  });
  itemStep(app, ctx, {
    pattern: cat.publish.pattern,
    access: 'catalogue.approve',
    form: publishForm,
    done: 'published',
    run: (viewer, ip, item, decision) => publishItem(db, viewer, ip, item, decision, ctx.today(), ctx.now()),
  });
  itemStep(app, ctx, {
    pattern: cat.returnToDraft.pattern,
    access: 'catalogue.approve',
    form: returnForm,
    done: 'done',
    run: (viewer, ip, item, f) => returnToDraft(db, viewer, ip, item, f.reviewComment, ctx.now()),
  });
  itemStep(app, ctx, {
    pattern: cat.withdraw.pattern,
    access: 'catalogue.approve',
    form: withdrawForm,
    done: 'done',
    run: (viewer, ip, item, f) => withdrawItem(db, viewer, ip, item, f.withdrawnReason, ctx.now()),
  });
  itemStep(app, ctx, {
    pattern: cat.validity.pattern,
    access: 'catalogue.approve',
    form: validityForm,
    done: 'done',
    run: (viewer, ip, item, f) => changeValidity(db, viewer, ip, item, f.validity, f.validityOn, ctx.now()),
  });

  // ---------------------------------------------------------------- versions and exports

  app.get<On<typeof cat.version>>(
    cat.version.pattern,
    { config: { access: 'catalogue.view' } },
    async (request, reply) => {
      const { params } = request;
      const data = await itemVersion(db, requireViewer(request), idOf(params.itemId), idOf(params.version));
      return sendPage(
        reply,
        <VersionPage ctx={adminContext(request, reply, 'catalogue')} {...data} today={ctx.today()} />,
      );
    },
  );

  app.get<On<typeof cat.wechat>>(
    cat.wechat.pattern,
    { config: { access: 'catalogue.view' } },
    async (request, reply) => {
      const item = await itemInScope(db, requireViewer(request), idOf(request.params.itemId));
      if (item.status !== 'published') throw notFound('已发布的信息');
      const agency = await findAgency(db, item.agencyId);
      const base = baseUrl(ctx.deps, request);
      const html = wechatArticle(
        item,
        agency?.name ?? '',
        base,
        base + cat.portal.item({ agencyId: item.agencyId, itemId: item.id }),
      );
      return sendPage(
        reply,
        <WechatPage ctx={adminContext(request, reply, 'catalogue')} item={item} html={html} />,
      );
    },
  );

  app.get(cat.noticeSheet.pattern, { config: { access: 'catalogue.view' } }, async (request, reply) => {
    const picked: unknown = (request.query as Record<string, unknown>).ids;
    return sendPage(
      reply,
      <NoticeSheetPage
        ctx={adminContext(request, reply, 'catalogue')}
        {...(await noticeSheet(db, requireViewer(request), picked))}
        today={ctx.today()}
      />,
    );
  });

  // ---------------------------------------------------------------- settings: the 索引号 pattern

  const sendSettings = async (
    request: Parameters<typeof sendItemPage>[1],
    reply: Parameters<typeof sendItemPage>[2],
    failed?: { error: string; value: string },
  ) => {
    const viewer = requireViewer(request);
    const data = await settingsPage(db, viewer);
    return sendPage(
      reply,
      <SettingsPage
        ctx={adminContext(request, reply, 'catalogue')}
        agencyName={viewer.agencyId ? (viewer.agencyName ?? '') : null}
        topicAdmin={viewer.scope.kind === 'all'}
        topics={data.topics}
        pattern={failed?.value ?? data.pattern}
        error={failed?.error}
      />,
      failed ? 400 : 200,
    );
  };

  app.get(cat.settings.pattern, { config: { access: 'catalogue.approve' } }, (request, reply) =>
    sendSettings(request, reply),
  );

  app.post(cat.settings.pattern, { config: { access: 'catalogue.approve' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const { indexPattern } = formData(settingsForm, request.body);
    return orFormError(
      async () => {
        await saveIndexPatternFor(db, viewer, request.ip, indexPattern, ctx.now());
        return reply.redirect(cat.settings(), 303);
      },
      (errors) => sendSettings(request, reply, { error: errors.indexPattern ?? '', value: indexPattern }),
    );
  });
};
