/** Routes of 部分公开 (issue 14): the redaction page of a letter attachment, applying, undoing, page images. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FormError } from '../shared/form-error.ts';
import { conflict } from '../shared/http/errors.ts';
import { formBody, orFormError } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { type LetterOfCase, letterInScope, letterRights } from './letter.service.ts';
import {
  applyRedaction,
  queryOf,
  redactionPageImage,
  redactionPlan,
  undoRedaction,
} from './redaction.service.ts';
import { RedactionPage } from './redaction.views.tsx';
import type { RouteKit } from './route-kit.ts';

const p = paths.applications;
type Params = { Params: RouteParams<typeof p.letterAttachmentRedact> };
type PageParams = { Params: RouteParams<typeof p.letterAttachmentRedactPage> };

export async function redactionRoutes(app: FastifyInstance, kit: RouteKit): Promise<void> {
  const { deps } = kit;
  const letterOf = (request: FastifyRequest<Params | PageParams>) =>
    letterInScope(
      deps.db,
      kit.acting(request).viewer,
      idOf(request.params.applicationId),
      idOf(request.params.letterId),
    );

  const page = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    x: LetterOfCase,
    values: Record<string, string> | null,
    errors?: Readonly<Record<string, string>>,
  ) => {
    const by = kit.acting(request);
    let plan: Awaited<ReturnType<typeof redactionPlan>>;
    try {
      plan = await redactionPlan(deps, by, x, idOf(request.params.attachmentId), queryOf(values));
    } catch (err) {
      // A file that cannot be redacted at all (type, encrypted, damaged): said on an error page.
      if (err instanceof FormError) throw conflict(Object.values(err.errors).join(' '));
      throw err;
    }
    return sendPage(
      reply,
      <RedactionPage
        ctx={adminContext(request, reply, 'applications')}
        app={x.a}
        letter={x.letter}
        plan={plan}
        canEdit={letterRights(by.viewer, x.a).canEdit}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  app.get<Params>(
    p.letterAttachmentRedact.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => page(request, reply, await letterOf(request), null),
  );

  app.post<Params>(
    p.letterAttachmentRedact.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const x = await letterOf(request);
      const values = formBody(request.body);
      if (values.intent === 'find') return page(request, reply, x, values);
      return orFormError(
        async () => {
          await applyRedaction(deps, kit.acting(request), x, idOf(request.params.attachmentId), values);
          return reply.redirect(
            `${p.letterAttachmentRedact({ applicationId: x.a.id, letterId: x.letter.id, attachmentId: idOf(request.params.attachmentId) })}#compare`,
            303,
          );
        },
        (errors) => page(request, reply, x, values, errors),
      );
    },
  );

  app.post<Params>(
    p.letterAttachmentRedactUndo.pattern,
    { config: { access: 'applications.handle' } },
    async (request, reply) => {
      const x = await letterOf(request);
      await undoRedaction(deps, kit.acting(request), x, idOf(request.params.attachmentId));
      return reply.redirect(`${p.letter({ applicationId: x.a.id, letterId: x.letter.id })}#attachments`, 303);
    },
  );

  app.get<PageParams>(
    p.letterAttachmentRedactPage.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const x = await letterOf(request);
      const version = request.params.version === 'redacted' ? 'redacted' : 'original';
      const n = idOf(request.params.page);
      const png = await redactionPageImage(
        deps,
        kit.acting(request),
        x,
        idOf(request.params.attachmentId),
        version,
        n - 1,
      );
      return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
    },
  );
}
