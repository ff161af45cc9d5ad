import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, requireViewer } from '../accounts/auth.ts';
import { scopeIncludes } from '../accounts/roles.ts';
import { findAgency } from '../agencies/agency.repository.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Executor } from '../db/database.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, conflict, notFound } from '../shared/http/errors.ts';
import { keepFile, registerFileUploads } from '../shared/http/uploads.ts';
import { paths } from '../shared/paths.ts';
import {
  contentDisposition,
  detectFileType,
  MAX_UPLOAD_BYTES,
  parseRange,
  sizeProblem,
} from './attachments.rules.ts';
import { findItem } from './catalogue.repository.ts';
import { itemInScope } from './catalogue.service.ts';

export async function listAttachments(db: Executor, itemId: number): Promise<Attachment[]> {
  const rows = await db
    .selectFrom('catalogue_attachments')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    fileName: r.file_name,
    mime: r.mime,
    kind: r.kind,
    size: r.size,
    altText: r.alt_text,
    storedName: r.stored_name,
  }));
}

/** Shown on the item page after a refused upload. */
export class UploadRefused extends Error {}

/**
 * Attachment upload (multipart, registered only in this scope: the file streams to a temporary
 * file while the digest and the first bytes are taken; nothing is kept unless it passes), download
 * with single byte ranges for audio and video, and removal.
 */
export async function registerAttachmentRoutes(
  app: FastifyInstance,
  deps: Deps,
  onRefused: (request: FastifyRequest, reply: FastifyReply, message: string) => Promise<unknown>,
  /** More upload routes (the import) registered in the same multipart scope. */
  inScope?: (scope: FastifyInstance) => void,
): Promise<void> {
  const { db } = deps;
  const root = resolve(deps.config.uploadDir, 'catalogue');
  const tmp = resolve(deps.config.uploadDir, 'tmp');

  await app.register(async (scope) => {
    // Refuse before the body is read: only signed-in editors may upload.
    scope.addHook('onRequest', async (request) => {
      if (!request.viewer) throw new AppError('unauthenticated', '请先登录。');
      if (!can(request.viewer, 'catalogue.edit'))
        throw new AppError('forbidden', '您的账号没有上传附件的权限。');
    });
    await registerFileUploads(scope, tmp, { fileSize: MAX_UPLOAD_BYTES, maxFiles: 1 });

    scope.post(
      paths.catalogue.attachments.pattern,
      { config: { access: 'catalogue.edit' }, bodyLimit: MAX_UPLOAD_BYTES + 1024 * 1024 },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const item = await itemInScope(db, viewer, Number((request.params as { itemId: string }).itemId));
        if (item.status !== 'draft' && item.status !== 'review')
          throw conflict('只能为草稿或待审核的信息添加附件。');
        const body = (request.body ?? {}) as Record<string, unknown>;
        const altText = typeof body.altText === 'string' ? body.altText.trim().slice(0, 200) : '';
        const upload = request.uploadedFiles?.[0];
        if (!upload) return onRefused(request, reply, '请选择要上传的文件');
        const type = detectFileType(upload.fileName, upload.head);
        if (typeof type === 'string') return onRefused(request, reply, type);
        const tooBig = upload.truncated
          ? `文件超过 ${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} MB`
          : sizeProblem(type, upload.size);
        if (tooBig) return onRefused(request, reply, tooBig);
        if (type.kind === 'image' && !altText)
          return onRefused(request, reply, '图片必须填写替代文字（供视障人士使用读屏软件时收听）');
        const { storedName, fileName } = await keepFile(upload, root, type.mime);
        const now = deps.clock.now().toISOString();
        await db.transaction().execute(async (trx) => {
          const r = await trx
            .insertInto('catalogue_attachments')
            .values({
              item_id: item.id,
              file_name: fileName,
              stored_name: storedName,
              mime: type.mime,
              kind: type.kind,
              size: upload.size,
              sha256: upload.sha256,
              alt_text: altText || null,
              created_at: now,
              created_by: viewer.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await appendAudit(trx, {
            actor: actorOf(viewer, request.ip),
            at: now,
            action: 'create',
            entityType: 'catalogue_attachment',
            entityId: r.id,
            agencyId: item.agencyId,
            summary: `为“${item.title}”上传附件“${fileName}”`,
            after: { itemId: item.id, fileName, mime: type.mime, size: upload.size, sha256: upload.sha256 },
          });
        });
        return reply.redirect(
          `${paths.catalogue.item({ itemId: item.id }, { saved: '1' })}#attachments`,
          303,
        );
      },
    );
    inScope?.(scope);
  });

  app.post(
    paths.catalogue.attachmentDelete.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const id = Number((request.params as { attachmentId: string }).attachmentId);
      const row = Number.isInteger(id)
        ? await db.selectFrom('catalogue_attachments').selectAll().where('id', '=', id).executeTakeFirst()
        : undefined;
      if (!row) throw notFound('附件');
      const item = await itemInScope(db, viewer, row.item_id);
      if (item.status !== 'draft' && item.status !== 'review') throw conflict('已发布信息的附件不能删除。');
      const now = deps.clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('catalogue_attachments').where('id', '=', row.id).execute();
        await appendAudit(trx, {
          actor: actorOf(viewer, request.ip),
          at: now,
          action: 'delete',
          entityType: 'catalogue_attachment',
          entityId: row.id,
          agencyId: item.agencyId,
          summary: `删除“${item.title}”的附件“${row.file_name}”`,
          before: { fileName: row.file_name, sha256: row.sha256 },
        });
      });
      await unlink(join(root, row.stored_name)).catch(() => {});
      return reply.redirect(`${paths.catalogue.item({ itemId: item.id })}#attachments`, 303);
    },
  );

  app.get(paths.catalogue.file.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const id = Number((request.params as { attachmentId: string }).attachmentId);
    const row = Number.isInteger(id)
      ? await db.selectFrom('catalogue_attachments').selectAll().where('id', '=', id).executeTakeFirst()
      : undefined;
    if (!row) throw notFound('附件');
    const item = await findItem(db, row.item_id);
    if (!item) throw notFound('附件');
    if (item.status !== 'published') {
      const viewer = request.viewer;
      const agency = await findAgency(db, item.agencyId);
      if (!viewer || !can(viewer, 'catalogue.view') || !agency || !scopeIncludes(viewer.scope, agency.path))
        throw notFound('附件');
    }
    const path = join(root, row.stored_name);
    const size = (await stat(path).catch(() => null))?.size;
    if (size === undefined) throw notFound('附件');
    const inline = row.kind !== 'document' || row.mime === 'application/pdf';
    reply
      .header('content-type', row.mime)
      .header('accept-ranges', 'bytes')
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', row.file_name))
      .header('cache-control', item.status === 'published' ? 'public, max-age=300' : 'no-store')
      .header('etag', `"${row.sha256.slice(0, 32)}"`);
    const range = parseRange(request.headers.range, size);
    if (range === 'invalid') {
      return reply.code(416).header('content-range', `bytes */${size}`).send();
    }
    if (range) {
      reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1);
      return reply.send(createReadStream(path, { start: range.start, end: range.end }));
    }
    reply.header('content-length', size);
    return reply.send(createReadStream(path));
  });
}
