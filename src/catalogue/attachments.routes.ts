import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { notFound } from '../shared/http/errors.ts';
import { orFormError } from '../shared/http/forms.ts';
import { idOf, type On } from '../shared/http/route-params.ts';
import { byteRange } from '../shared/http/stored-bytes.ts';
import { registerFileUploads } from '../shared/http/uploads.ts';
import { paths } from '../shared/paths.ts';
import { contentDisposition, MAX_UPLOAD_BYTES } from './attachments.rules.ts';
import { addAttachment, attachmentFor, removeAttachment } from './attachments.service.ts';
import { attachmentForm } from './catalogue.forms.ts';
import { type CatalogueRouteContext, formData } from './catalogue.http.ts';
import { sendItemPage } from './catalogue.pages.tsx';

const cat = paths.catalogue;

/** Where attachments are kept, and the temporary directory of uploads. */
export function attachmentDirs(ctx: CatalogueRouteContext) {
  return {
    root: resolve(ctx.deps.config.uploadDir, 'catalogue'),
    tmp: resolve(ctx.deps.config.uploadDir, 'tmp'),
  };
}

/**
 * The multipart scope: multipart is registered only here, and a request is refused before its body
 * is read unless the viewer holds the access the route declares (the declared access is otherwise
 * checked after the body). `more` registers further upload routes in the scope (the import).
 */
export async function registerUploadScope(
  app: FastifyInstance,
  ctx: CatalogueRouteContext,
  more: (scope: FastifyInstance) => void,
): Promise<void> {
  await app.register(async (scope) => {
    await registerFileUploads(scope, attachmentDirs(ctx).tmp, {
      fileSize: MAX_UPLOAD_BYTES,
      maxFiles: 1,
      accessBeforeBody: true,
    });
    more(scope);
  });
}

/**
 * Attachment upload (the file streams to a temporary file while the digest and the first bytes are
 * taken; nothing is kept unless it passes), removal, and download with single byte ranges for audio
 * and video.
 */
export function attachmentUploadRoute(scope: FastifyInstance, ctx: CatalogueRouteContext): void {
  scope.post<On<typeof cat.attachments>>(
    cat.attachments.pattern,
    { config: { access: 'catalogue.edit' }, bodyLimit: MAX_UPLOAD_BYTES + 1024 * 1024 },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const itemId = idOf(request.params.itemId);
      const { altText } = formData(attachmentForm, request.body);
      return orFormError(
        async () => {
          const item = await addAttachment(
            ctx.deps.db,
            viewer,
            request.ip,
            itemId,
            request.uploadedFiles?.[0],
            altText,
            attachmentDirs(ctx).root,
            ctx.now(),
          );
          return reply.redirect(`${cat.item({ itemId: item.id }, { saved: '1' })}#attachments`, 303);
        },
        (errors) => sendItemPage(ctx, request, reply, itemId, { errors }, 400),
      );
    },
  );
}

export const attachmentRoutes: FastifyPluginAsync<CatalogueRouteContext> = async (app, ctx) => {
  const { db } = ctx.deps;
  const { root } = attachmentDirs(ctx);

  app.post<On<typeof cat.attachmentDelete>>(
    cat.attachmentDelete.pattern,
    { config: { access: 'catalogue.edit' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const id = idOf(request.params.attachmentId);
      const item = await removeAttachment(db, viewer, request.ip, id, root, ctx.now());
      return reply.redirect(`${cat.item({ itemId: item.id })}#attachments`, 303);
    },
  );

  app.get<On<typeof cat.file>>(cat.file.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const { attachment: a, published } = await attachmentFor(
      db,
      request.viewer,
      idOf(request.params.attachmentId),
    );
    const path = join(root, a.storedName);
    const size = (await stat(path).catch(() => null))?.size;
    if (size === undefined) throw notFound('附件');
    const inline = a.kind !== 'document' || a.mime === 'application/pdf';
    reply
      .header('content-type', a.mime)
      .header('accept-ranges', 'bytes')
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', a.fileName))
      .header('cache-control', published ? 'public, max-age=300' : 'no-store')
      .header('etag', `"${a.sha256.slice(0, 32)}"`);
    const range = byteRange(request.headers.range, size);
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
};
