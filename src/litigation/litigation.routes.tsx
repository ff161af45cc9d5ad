import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, requireViewer } from '../accounts/auth.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { agencyInScope } from '../agencies/agency.service.ts';
import type { Deps } from '../shared/deps.ts';
import { sendDownload } from '../shared/http/download.ts';
import { notFound } from '../shared/http/errors.ts';
import { type FormBody, orFormError, parseForm } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { registerFileUploads } from '../shared/http/uploads.ts';
import { paths } from '../shared/paths.ts';
import { caseTitle, LITIGATION_FIELDS, litigationFormSchema } from './litigation.rules.ts';
import { caseFormValues, caseList, caseOf, createCase, editCase, removeCase } from './litigation.service.ts';
import { LitigationDocumentsPage, LitigationFormPage, LitigationListPage } from './litigation.views.tsx';
import { findDocument, listDocuments } from './litigation-documents.repository.ts';
import { checkUpload, MAX_DOCUMENT_BYTES } from './litigation-documents.rules.ts';
import { addDocument, removeDocument } from './litigation-documents.service.ts';

type AgencyParams = { Params: RouteParams<typeof paths.litigation.list> };
type CaseParams = { Params: RouteParams<typeof paths.litigation.edit> };
type DocumentParams = { Params: RouteParams<typeof paths.litigation.document> };

const LIST_NOTICES: Record<string, string> = { saved: '案件已保存。', deleted: '案件已删除。' };
const DOCUMENT_NOTICES: Record<string, string> = { saved: '文书已上传。', deleted: '文书已删除。' };
const notice = (notices: Record<string, string>, request: FastifyRequest) => {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? notices[done] : undefined;
};

/**
 * Reconsideration and litigation cases (行政复议、行政诉讼) of an agency and their documents: list, create,
 * edit, delete; upload, download and delete documents (multipart only in the upload scope). Staff of the
 * agency only (it must be in the viewer's scope); never public. Every write is audited by the services.
 */
export async function registerLitigationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  const dir = resolve(deps.config.uploadDir, 'litigation');
  const tmp = resolve(deps.config.uploadDir, 'tmp');
  const now = () => deps.clock.now().toISOString();

  const agencyOf = (request: FastifyRequest<AgencyParams>) =>
    agencyInScope(db, requireViewer(request), idOf(request.params.agencyId));
  const caseTarget = async (request: FastifyRequest<CaseParams>) => {
    const agency = await agencyOf(request);
    return {
      viewer: requireViewer(request),
      agency,
      c: await caseOf(db, agency.id, idOf(request.params.caseId)),
    };
  };

  app.get<AgencyParams>(
    paths.litigation.list.pattern,
    { config: { access: 'reports.view' } },
    async (request, reply) => {
      const agency = await agencyOf(request);
      return sendPage(
        reply,
        <LitigationListPage
          ctx={adminContext(request, reply, 'reports')}
          agency={agency}
          cases={await caseList(db, agency.id)}
          canEdit={can(request.viewer, 'reports.edit')}
          notice={notice(LIST_NOTICES, request)}
        />,
      );
    },
  );

  const form = (
    request: FastifyRequest,
    reply: FastifyReply,
    agency: Agency,
    caseId: number | null,
    values: FormBody,
    errors?: Record<string, string>,
  ) =>
    sendPage(
      reply,
      <LitigationFormPage
        ctx={adminContext(request, reply, 'reports')}
        agency={agency}
        caseId={caseId}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );

  /** Saves the case form (new when `caseId` is null); a refused form comes back with what was typed. */
  const save = async (
    request: FastifyRequest,
    reply: FastifyReply,
    agency: Agency,
    caseId: number | null,
  ) => {
    const viewer = requireViewer(request);
    const parsed = parseForm(litigationFormSchema, request.body, LITIGATION_FIELDS);
    if (!parsed.ok) return form(request, reply, agency, caseId, parsed.values, parsed.errors);
    return orFormError(
      async () => {
        if (caseId === null) await createCase(db, viewer, request.ip, agency, parsed.data, now());
        else await editCase(db, viewer, request.ip, agency, caseId, parsed.data, now());
        return reply.redirect(paths.litigation.list({ agencyId: agency.id }, { done: 'saved' }), 303);
      },
      (errors) => form(request, reply, agency, caseId, parsed.values, errors),
    );
  };

  app.get<AgencyParams>(
    paths.litigation.create.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => form(request, reply, await agencyOf(request), null, { result: 'pending' }),
  );
  app.post<AgencyParams>(
    paths.litigation.create.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => save(request, reply, await agencyOf(request), null),
  );
  app.get<CaseParams>(
    paths.litigation.edit.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => {
      const { agency, c } = await caseTarget(request);
      return form(request, reply, agency, c.id, await caseFormValues(db, c));
    },
  );
  app.post<CaseParams>(
    paths.litigation.edit.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => save(request, reply, await agencyOf(request), idOf(request.params.caseId)),
  );
  app.post<CaseParams>(
    paths.litigation.remove.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => {
      const agency = await agencyOf(request);
      await removeCase(db, requireViewer(request), request.ip, agency, idOf(request.params.caseId), now());
      return reply.redirect(paths.litigation.list({ agencyId: agency.id }, { done: 'deleted' }), 303);
    },
  );

  // Documents of a case
  const documentsPage = async (
    request: FastifyRequest<CaseParams>,
    reply: FastifyReply,
    values: FormBody = {},
    errors?: Readonly<Record<string, string>>,
  ) => {
    const { agency, c } = await caseTarget(request);
    return sendPage(
      reply,
      <LitigationDocumentsPage
        ctx={adminContext(request, reply, 'reports')}
        agency={agency}
        caseId={c.id}
        caseTitle={caseTitle(c)}
        documents={await listDocuments(db, c.id)}
        canEdit={can(request.viewer, 'reports.edit')}
        values={values}
        errors={errors}
        notice={notice(DOCUMENT_NOTICES, request)}
      />,
      errors ? 400 : 200,
    );
  };
  const documentsUrl = (request: FastifyRequest<CaseParams>, done: string) =>
    paths.litigation.documents(
      { agencyId: request.params.agencyId, caseId: request.params.caseId },
      { done },
    );

  app.get<CaseParams>(
    paths.litigation.documents.pattern,
    { config: { access: 'reports.view' } },
    (request, reply) => documentsPage(request, reply),
  );

  await app.register(async (scope) => {
    await registerFileUploads(scope, tmp, {
      fileSize: MAX_DOCUMENT_BYTES,
      maxFiles: 1,
      accessBeforeBody: true,
    });
    scope.post<CaseParams>(
      paths.litigation.documents.pattern,
      { config: { access: 'reports.edit' }, bodyLimit: MAX_DOCUMENT_BYTES + 1024 * 1024 },
      async (request, reply) => {
        const target = await caseTarget(request);
        const body = (request.body ?? {}) as Record<string, unknown>;
        const kind = typeof body.kind === 'string' ? body.kind : '';
        const upload = request.uploadedFiles?.[0] ?? null;
        const checked = checkUpload(kind, upload);
        if (!checked.ok || !upload)
          return documentsPage(
            request,
            reply,
            { kind },
            checked.ok ? { file: '请选择要上传的文件' } : checked.errors,
          );
        await addDocument(db, target.viewer, request.ip, target, checked, upload, dir, now());
        return reply.redirect(documentsUrl(request, 'saved'), 303);
      },
    );
  });

  app.get<DocumentParams>(
    paths.litigation.document.pattern,
    { config: { access: 'reports.view' } },
    async (request, reply) => {
      const { c } = await caseTarget(request);
      const d = await findDocument(db, c.id, idOf(request.params.documentId));
      if (!d) throw notFound('文书');
      const bytes = await readFile(join(dir, d.storedName)).catch(() => null);
      if (!bytes) throw notFound('文书');
      return sendDownload(reply, {
        type: d.mime,
        fileName: d.fileName,
        body: bytes,
        inline: d.mime === 'application/pdf' || d.mime.startsWith('image/'),
      });
    },
  );

  app.post<DocumentParams>(
    paths.litigation.documentRemove.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => {
      const target = await caseTarget(request);
      await removeDocument(
        db,
        target.viewer,
        request.ip,
        target,
        idOf(request.params.documentId),
        dir,
        now(),
      );
      return reply.redirect(documentsUrl(request, 'deleted'), 303);
    },
  );
}
