import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type AuthedUser, can } from '../accounts/auth.ts';
import { scopeIncludes } from '../accounts/roles.ts';
import { findAgency } from '../agencies/agency.repository.ts';
import { actorOf } from '../agencies/agency.service.ts';
import type { Db } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { conflict, notFound } from '../shared/http/errors.ts';
import { keepFile, type ReceivedFile } from '../shared/http/uploads.ts';
import { deleteAttachment, findAttachment, insertAttachment } from './attachments.repository.ts';
import { detectFileType, MAX_UPLOAD_BYTES, sizeProblem } from './attachments.rules.ts';
import { audited } from './audited.ts';
import type { Attachment, CatalogueItem } from './catalogue.model.ts';
import { findItem } from './catalogue.repository.ts';
import { itemInScope } from './catalogue.service.ts';
import { catalogueRedactionFilesOf } from './redaction.service.ts';

/** Attachments may change while an item is a draft or under review, never once published. */
const changeable = (item: CatalogueItem) => item.status === 'draft' || item.status === 'review';

/**
 * Keeps an uploaded file as an attachment of an item (in `dir`): the type is taken from the bytes,
 * the size checked per kind, an image needs its 替代文字. Refusals are `FormError`s on `file`.
 */
export async function addAttachment(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  itemId: number,
  upload: ReceivedFile | undefined,
  altText: string,
  dir: string,
  now: string,
): Promise<CatalogueItem> {
  const item = await itemInScope(db, viewer, itemId);
  if (!changeable(item)) throw conflict('只能为草稿或待审核的信息添加附件。');
  const refuse = (message: string) => new FormError({ file: message });
  if (!upload) throw refuse('请选择要上传的文件');
  const type = detectFileType(upload.fileName, upload.head);
  if (typeof type === 'string') throw refuse(type);
  const tooBig = upload.truncated
    ? `文件超过 ${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} MB`
    : sizeProblem(type, upload.size);
  if (tooBig) throw refuse(tooBig);
  if (type.kind === 'image' && !altText) throw refuse('图片必须填写替代文字（供视障人士使用读屏软件时收听）');
  const kept = await keepFile(upload, dir, type.mime);
  const attachment = { ...kept, itemId: item.id, kind: type.kind, altText: altText || null };
  await audited(
    db,
    (trx) => insertAttachment(trx, attachment, now, viewer.id),
    (id) => ({
      actor: actorOf(viewer, ip),
      at: now,
      action: 'create',
      entityType: 'catalogue_attachment',
      entityId: id,
      agencyId: item.agencyId,
      summary: `为“${item.title}”上传附件“${kept.fileName}”`,
      after: {
        itemId: item.id,
        fileName: kept.fileName,
        mime: kept.mime,
        size: kept.size,
        sha256: kept.sha256,
      },
    }),
  );
  return item;
}

/** Removes an attachment of a draft or an item under review, and its file (in `dir`). */
export async function removeAttachment(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  attachmentId: number,
  dir: string,
  now: string,
): Promise<CatalogueItem> {
  const attachment = await findAttachment(db, attachmentId);
  if (!attachment) throw notFound('附件');
  const item = await itemInScope(db, viewer, attachment.itemId);
  if (!changeable(item)) throw conflict('已发布信息的附件不能删除。');
  const originals = await catalogueRedactionFilesOf(db, attachment.id);
  await audited(
    db,
    (trx) => deleteAttachment(trx, attachment.id),
    () => ({
      actor: actorOf(viewer, ip),
      at: now,
      action: 'delete',
      entityType: 'catalogue_attachment',
      entityId: attachment.id,
      agencyId: item.agencyId,
      summary: `删除“${item.title}”的附件“${attachment.fileName}”`,
      before: { fileName: attachment.fileName, sha256: attachment.sha256 },
    }),
  );
  for (const name of [attachment.storedName, `${attachment.storedName}.pdf`, ...originals])
    await unlink(join(dir, name)).catch(() => {});
  return item;
}

/**
 * An attachment as the requester may download it: anyone once its item is published, before that
 * only staff who may see the item (otherwise 404, as if missing).
 */
export async function attachmentFor(
  db: Db,
  viewer: AuthedUser | null,
  attachmentId: number,
): Promise<{ attachment: Attachment; published: boolean }> {
  const attachment = await findAttachment(db, attachmentId);
  const item = attachment ? await findItem(db, attachment.itemId) : null;
  if (!attachment || !item) throw notFound('附件');
  if (item.status !== 'published') {
    const agency = await findAgency(db, item.agencyId);
    if (!viewer || !can(viewer, 'catalogue.view') || !agency || !scopeIncludes(viewer.scope, agency.path))
      throw notFound('附件');
  }
  return { attachment, published: item.status === 'published' };
}
