import { readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthedUser, can, requireViewer } from '../accounts/auth.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { actorOf, agencyInScope } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { sendDownload } from '../shared/http/download.ts';
import { AppError, notFound } from '../shared/http/errors.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { keepFile, registerFileUploads } from '../shared/http/uploads.ts';
import { paths } from '../shared/paths.ts';
import { findCase } from './litigation.repository.ts';
import { LITIGATION_KIND_LABELS, type LitigationCase } from './litigation.rules.ts';
import {
  deleteDocument,
  findDocument,
  insertDocument,
  listDocuments,
} from './litigation-documents.repository.ts';
import {
  checkUpload,
  LITIGATION_DOCUMENT_KIND_LABELS,
  MAX_DOCUMENT_BYTES,
} from './litigation-documents.rules.ts';
import { LitigationDocumentsPage } from './litigation-documents.views.tsx';

function idParam(request: FastifyRequest, name: string): number {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

export function caseTitle(c: Pick<LitigationCase, 'kind' | 'caseNumber' | 'filedOn'>): string {
  return `${LITIGATION_KIND_LABELS[c.kind] ?? c.kind}案件${c.caseNumber ? `“${c.caseNumber}”` : `（${c.filedOn}）`}`;
}

const NOTICES: Record<string, string> = { saved: '文书已上传。', deleted: '文书已删除。' };

/**
 * Documents of reconsideration and litigation cases: upload (multipart only in this scope; the file
 * streams to a temporary file while its digest and first bytes are taken, and is kept only when it
 * passes the catalogue's attachment rules), list, download and delete, each change audited. Staff of
 * the agency only (the case's agency must be in the viewer's scope); never public.
 */
export async function registerLitigationDocumentRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  const root = resolve(deps.config.uploadDir, 'litigation');
  const tmp = resolve(deps.config.uploadDir, 'tmp');
  const now = () => deps.clock.now().toISOString();

  const loadCase = async (
    request: FastifyRequest,
  ): Promise<{ viewer: AuthedUser; agency: Agency; c: LitigationCase }> => {
    const viewer = requireViewer(request);
    const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
    const c = await findCase(db, agency.id, idParam(request, 'caseId'));
    if (!c) throw notFound('案件');
    return { viewer, agency, c };
  };

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    x: { viewer: AuthedUser; agency: Agency; c: LitigationCase },
    values: Record<string, string> = {},
    errors?: Record<string, string>,
  ) => {
    const q = request.query as Record<string, unknown>;
    return sendPage(
      reply,
      <LitigationDocumentsPage
        ctx={adminContext(request, reply, 'reports')}
        agency={x.agency}
        caseId={x.c.id}
        caseTitle={caseTitle(x.c)}
        documents={await listDocuments(db, x.c.id)}
        canEdit={can(x.viewer, 'reports.edit')}
        values={values}
        errors={errors}
        notice={typeof q.done === 'string' ? NOTICES[q.done] : undefined}
      />,
      errors ? 400 : 200,
    );
  };

  app.get(
    paths.reports.litigationDocuments.pattern,
    { config: { access: 'reports.view' } },
    async (request, reply) => page(request, reply, await loadCase(request)),
  );

  await app.register(async (scope) => {
    // Refuse before the body is read: only signed-in staff who may edit cases upload.
    scope.addHook('onRequest', async (request) => {
      if (!request.viewer) throw new AppError('unauthenticated', '请先登录。');
      if (!can(request.viewer, 'reports.edit'))
        throw new AppError('forbidden', '您的账号没有上传案件文书的权限。');
    });
    await registerFileUploads(scope, tmp, { fileSize: MAX_DOCUMENT_BYTES, maxFiles: 1 });

    scope.post(
      paths.reports.litigationDocuments.pattern,
      { config: { access: 'reports.edit' }, bodyLimit: MAX_DOCUMENT_BYTES + 1024 * 1024 },
      async (request, reply) => {
        const x = await loadCase(request);
        const body = (request.body ?? {}) as Record<string, unknown>;
        const kind = typeof body.kind === 'string' ? body.kind : '';
        const upload = request.uploadedFiles?.[0] ?? null;
        const checked = checkUpload(kind, upload);
        if (!checked.ok || !upload) {
          return page(
            request,
            reply,
            x,
            { kind },
            checked.ok ? { file: '请选择要上传的文件' } : { ...checked.errors },
          );
        }
        const { storedName } = await keepFile(upload, root, checked.type.mime);
        const at = now();
        try {
          await db.transaction().execute(async (trx) => {
            const d = await insertDocument(
              trx,
              {
                caseId: x.c.id,
                agencyId: x.agency.id,
                kind: checked.kind,
                fileName: checked.fileName,
                storedName,
                mime: checked.type.mime,
                size: upload.size,
                sha256: upload.sha256,
              },
              at,
              x.viewer.id,
            );
            await appendAudit(trx, {
              actor: actorOf(x.viewer, request.ip),
              at,
              action: 'create',
              entityType: 'litigation_document',
              entityId: d.id,
              agencyId: x.agency.id,
              summary: `为${caseTitle(x.c)}上传${LITIGATION_DOCUMENT_KIND_LABELS[checked.kind]}“${checked.fileName}”`,
              after: {
                caseId: x.c.id,
                kind: checked.kind,
                fileName: checked.fileName,
                mime: checked.type.mime,
                size: upload.size,
                sha256: upload.sha256,
              },
            });
          });
        } catch (err) {
          // Nothing half-written: the stored file goes with the failed transaction.
          await unlink(join(root, storedName)).catch(() => {});
          throw err;
        }
        return reply.redirect(
          paths.reports.litigationDocuments({ agencyId: x.agency.id, caseId: x.c.id }, { done: 'saved' }),
          303,
        );
      },
    );
  });

  app.get(
    paths.reports.litigationDocument.pattern,
    { config: { access: 'reports.view' } },
    async (request, reply) => {
      const x = await loadCase(request);
      const d = await findDocument(db, x.c.id, idParam(request, 'documentId'));
      if (!d) throw notFound('文书');
      const bytes = await readFile(join(root, d.storedName)).catch(() => null);
      if (!bytes) throw notFound('文书');
      return sendDownload(reply, {
        type: d.mime,
        fileName: d.fileName,
        body: bytes,
        inline: d.mime === 'application/pdf' || d.mime.startsWith('image/'),
      });
    },
  );

  app.post(
    paths.reports.litigationDocumentDelete.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => {
      const x = await loadCase(request);
      const d = await findDocument(db, x.c.id, idParam(request, 'documentId'));
      if (!d) throw notFound('文书');
      const at = now();
      await db.transaction().execute(async (trx) => {
        await deleteDocument(trx, d.id);
        await appendAudit(trx, {
          actor: actorOf(x.viewer, request.ip),
          at,
          action: 'delete',
          entityType: 'litigation_document',
          entityId: d.id,
          agencyId: x.agency.id,
          summary: `删除${caseTitle(x.c)}的${LITIGATION_DOCUMENT_KIND_LABELS[d.kind] ?? '文书'}“${d.fileName}”`,
          before: { caseId: d.caseId, kind: d.kind, fileName: d.fileName, size: d.size, sha256: d.sha256 },
        });
      });
      await unlink(join(root, d.storedName)).catch(() => {});
      return reply.redirect(
        paths.reports.litigationDocuments({ agencyId: x.agency.id, caseId: x.c.id }, { done: 'deleted' }),
        303,
      );
    },
  );
}
