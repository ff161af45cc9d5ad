/**
 * Redaction of a catalogue attachment before publishing (issue 14, 主动公开): the same engine and page as
 * a letter attachment's. The original stays on file (its row in `catalogue_attachment_redactions`), the
 * attachment row points at the redacted copy — so the public download, which reads the attachment row,
 * can only give the redacted bytes. Allowed while the item is a draft or under review, never once
 * published (the public may already have the file: withdraw the item instead). Every step is audited
 * with grounds, pages and places, never the removed values.
 */
import { readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthedUser } from '../accounts/auth.ts';
import { actorOf } from '../agencies/agency.service.ts';
import type { Db } from '../db/database.ts';
import {
  auditedBoxes,
  boxesOfForm,
  groundSummary,
  isRedactable,
  originalFiles,
  originalPdf,
  pagePng,
  queryOf,
  type RedactionQuery,
  type RedactionView,
  readOrExplain,
  writeRedactedCopy,
} from '../redaction/document.ts';
import { suggest } from '../redaction/redaction.rules.ts';
import { FormError } from '../shared/form-error.ts';
import { conflict, notFound } from '../shared/http/errors.ts';
import { formBody } from '../shared/http/forms.ts';
import type { StoredFile } from '../shared/stored-file.ts';
import {
  type CatalogueRedaction,
  deleteCatalogueRedaction,
  findCatalogueRedaction,
  insertCatalogueRedaction,
  updateCatalogueRedaction,
} from './attachment-redaction.repository.ts';
import { findAttachment, replaceAttachmentFile } from './attachments.repository.ts';
import type { AttachmentKind } from './attachments.rules.ts';
import { audited } from './audited.ts';
import type { Attachment, CatalogueItem } from './catalogue.model.ts';
import { itemInScope, reload } from './catalogue.service.ts';

export type { CatalogueRedaction };
export { isRedactable, queryOf };

const PUBLISHED =
  '信息已发布，附件不能再作删除处理（公众可能已下载）。如已公开的附件含不应公开的内容，请撤回该信息后处理。';
const changeable = (item: CatalogueItem) => item.status === 'draft' || item.status === 'review';

interface Source {
  readonly item: CatalogueItem;
  readonly attachment: Attachment;
  readonly redaction: CatalogueRedaction | null;
  /** The original file (before any redaction). */
  readonly original: StoredFile;
}

/** The attachment, its item (in the viewer's scope, else 404) and its redaction. */
async function sourceOf(db: Db, viewer: AuthedUser, attachmentId: number): Promise<Source> {
  const attachment = await findAttachment(db, attachmentId);
  if (!attachment) throw notFound('附件');
  const item = await itemInScope(db, viewer, attachment.itemId);
  const redaction = await findCatalogueRedaction(db, attachment.id);
  return { item, attachment, redaction, original: redaction?.original ?? attachment };
}

export interface CatalogueRedactionPlan extends RedactionView {
  readonly item: CatalogueItem;
  readonly attachment: Attachment;
  readonly original: StoredFile;
  readonly redaction: CatalogueRedaction | null;
  /** The item is a draft or under review: the attachment may still be redacted. */
  readonly changeable: boolean;
}

/** The redaction page: the document's pages and the suggestions for the query. */
export async function catalogueRedactionPlan(
  db: Db,
  viewer: AuthedUser,
  dir: string,
  attachmentId: number,
  query: RedactionQuery,
): Promise<CatalogueRedactionPlan> {
  const src = await sourceOf(db, viewer, attachmentId);
  const text = await readOrExplain(await originalPdf(dir, src.original));
  return {
    item: src.item,
    attachment: src.attachment,
    original: src.original,
    redaction: src.redaction,
    changeable: changeable(src.item),
    pages: text.pages.map((p) => ({ width: p.width, height: p.height, scan: p.scan })),
    suggestions: suggest(text.pages, query),
    query,
  };
}

/** The kind of an attachment's original: an image stays an image on undo; a redacted copy is a PDF. */
const kindOf = (f: Pick<StoredFile, 'mime'>): AttachmentKind =>
  f.mime.startsWith('image/') ? 'image' : 'document';

/**
 * Applies the clerk's choice (form: accept, ground-KEY, box, drawnGround, pattern, find) to an
 * attachment of a draft or an item under review: redacts the original, keeps the copy, points the
 * attachment at it, audits. A published item is a 409; a refused file or an empty choice a form error.
 */
export async function applyCatalogueRedaction(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  dir: string,
  attachmentId: number,
  form: unknown,
  now: string,
): Promise<CatalogueItem> {
  const src = await sourceOf(db, viewer, attachmentId);
  if (!changeable(src.item)) throw conflict(PUBLISHED);
  const values = formBody(form);
  const pdf = await originalPdf(dir, src.original);
  const text = await readOrExplain(pdf);
  const boxes = boxesOfForm(values, text, suggest(text.pages, queryOf(values)));
  if (boxes.length === 0) throw new FormError({ redact: '请至少选择一处要删除的内容，或在页面上框选。' });
  const { stored, rasterPages } = await writeRedactedCopy(dir, src.original, pdf, text, boxes);
  const previous = src.redaction ? src.attachment.storedName : null;
  try {
    await audited(
      db,
      async (trx) => {
        // Published meanwhile: nothing changes.
        if (!changeable(await reload(trx, src.item.id))) throw conflict(PUBLISHED);
        const w = { boxes, rasterPages, pageCount: text.pages.length, at: now, by: viewer.id };
        const row = await findCatalogueRedaction(trx, src.attachment.id);
        if (row) await updateCatalogueRedaction(trx, row.id, w);
        else await insertCatalogueRedaction(trx, src.attachment.id, src.original, w);
        await replaceAttachmentFile(trx, src.attachment.id, stored, 'document');
      },
      () => ({
        actor: actorOf(viewer, ip),
        at: now,
        action: 'update',
        entityType: 'catalogue_attachment',
        entityId: src.attachment.id,
        agencyId: src.item.agencyId,
        summary: `对“${src.item.title}”的附件“${src.original.fileName}”作删除处理（发布前）：${groundSummary(boxes)}`,
        before: { file: src.attachment.sha256, original: src.original.sha256 },
        after: {
          file: stored.sha256,
          fileName: stored.fileName,
          boxes: auditedBoxes(boxes),
          imagePages: rasterPages.map((p) => p + 1),
        },
      }),
    );
  } catch (err) {
    await rm(join(dir, stored.storedName), { force: true });
    throw err;
  }
  if (previous) await unlink(join(dir, previous)).catch(() => {});
  return src.item;
}

/** Takes an attachment back to its original (the redacted copy deleted), audited; not once published. */
export async function undoCatalogueRedaction(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  dir: string,
  attachmentId: number,
  now: string,
): Promise<CatalogueItem> {
  const src = await sourceOf(db, viewer, attachmentId);
  if (!changeable(src.item)) throw conflict(PUBLISHED);
  const r = src.redaction;
  if (!r) return src.item;
  await audited(
    db,
    async (trx) => {
      if (!changeable(await reload(trx, src.item.id))) throw conflict(PUBLISHED);
      await replaceAttachmentFile(trx, src.attachment.id, r.original, kindOf(r.original));
      await deleteCatalogueRedaction(trx, r.id);
    },
    () => ({
      actor: actorOf(viewer, ip),
      at: now,
      action: 'update',
      entityType: 'catalogue_attachment',
      entityId: src.attachment.id,
      agencyId: src.item.agencyId,
      summary: `撤销“${src.item.title}”的附件“${r.original.fileName}”的删除处理，恢复原件`,
      before: { file: src.attachment.sha256 },
      after: { file: r.original.sha256 },
    }),
  );
  await unlink(join(dir, src.attachment.storedName)).catch(() => {});
  return src.item;
}

/** The files to delete with an attachment: its redaction's original and the original's conversion. */
export async function catalogueRedactionFilesOf(db: Db, attachmentId: number): Promise<string[]> {
  const r = await findCatalogueRedaction(db, attachmentId);
  return r ? originalFiles(r.original) : [];
}

/** One page (from 0) of the original or of the redacted copy as PNG (staff who may see the item). */
export async function catalogueRedactionPageImage(
  db: Db,
  viewer: AuthedUser,
  dir: string,
  attachmentId: number,
  version: 'original' | 'redacted',
  page: number,
): Promise<Buffer> {
  const src = await sourceOf(db, viewer, attachmentId);
  // Pages from 1 to the original's count (known once redacted); mutool would draw another page instead.
  if (page < 0 || (src.redaction && page >= src.redaction.pageCount)) throw notFound('页面');
  if (version === 'original') return pagePng(await originalPdf(dir, src.original), page);
  if (!src.redaction) throw notFound('删除处理后的文件');
  const b = await readFile(join(dir, src.attachment.storedName)).catch(() => null);
  if (!b) throw notFound('删除处理后的文件');
  return pagePng(b, page);
}
