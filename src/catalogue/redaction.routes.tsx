/** Routes of 删除处理 of a catalogue attachment before publishing (issue 14): page, apply, undo, page images. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { can, requireViewer } from '../accounts/auth.ts';
import { FormError } from '../shared/form-error.ts';
import { conflict } from '../shared/http/errors.ts';
import { formBody, orFormError } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { idOf, type On } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { attachmentDirs } from './attachments.routes.ts';
import type { CatalogueRouteContext } from './catalogue.http.ts';
import {
  applyCatalogueRedaction,
  catalogueRedactionPageImage,
  catalogueRedactionPlan,
  queryOf,
  undoCatalogueRedaction,
} from './redaction.service.ts';
import { CatalogueRedactionPage } from './redaction.views.tsx';

const cat = paths.catalogue;
type Params = On<typeof cat.attachmentRedact>;

export const catalogueRedactionRoutes: FastifyPluginAsync<CatalogueRouteContext> = async (app, ctx) => {
  const { db } = ctx.deps;
  const { root } = attachmentDirs(ctx);

  const page = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    values: Record<string, string> | null,
    errors?: Readonly<Record<string, string>>,
  ) => {
    const viewer = requireViewer(request);
    let plan: Awaited<ReturnType<typeof catalogueRedactionPlan>>;
    try {
      plan = await catalogueRedactionPlan(
        db,
        viewer,
        root,
        idOf(request.params.attachmentId),
        queryOf(values),
      );
    } catch (err) {
      // A file that cannot be redacted at all (type, encrypted, damaged): said on an error page.
      if (err instanceof FormError) throw conflict(Object.values(err.errors).join(' '));
      throw err;
    }
    return sendPage(
      reply,
      <CatalogueRedactionPage
        ctx={adminContext(request, reply, 'catalogue')}
        plan={plan}
        canEdit={can(viewer, 'catalogue.edit')}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  app.get<Params>(cat.attachmentRedact.pattern, { config: { access: 'catalogue.view' } }, (request, reply) =>
    page(request, reply, null),
  );

  app.post<Params>(
    cat.attachmentRedact.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const values = formBody(request.body);
      if (values.intent === 'find') return page(request, reply, values);
      const id = idOf(request.params.attachmentId);
      return orFormError(
        async () => {
          await applyCatalogueRedaction(db, requireViewer(request), request.ip, root, id, values, ctx.now());
          return reply.redirect(`${cat.attachmentRedact({ attachmentId: id })}#compare`, 303);
        },
        (errors) => page(request, reply, values, errors),
      );
    },
  );

  app.post<On<typeof cat.attachmentRedactUndo>>(
    cat.attachmentRedactUndo.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const id = idOf(request.params.attachmentId);
      const item = await undoCatalogueRedaction(db, requireViewer(request), request.ip, root, id, ctx.now());
      return reply.redirect(`${cat.item({ itemId: item.id })}#attachments`, 303);
    },
  );

  app.get<On<typeof cat.attachmentRedactPage>>(
    cat.attachmentRedactPage.pattern,
    { config: { access: 'catalogue.view' } },
    async (request, reply) => {
      const png = await catalogueRedactionPageImage(
        db,
        requireViewer(request),
        root,
        idOf(request.params.attachmentId),
        request.params.version === 'redacted' ? 'redacted' : 'original',
        idOf(request.params.page) - 1,
      );
      return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
    },
  );
};
