import type { Selectable } from 'kysely';
import type { CatalogueAttachmentTable, Executor } from '../db/database.ts';
import { type NewStoredFile, storedFileColumns, toStoredFile } from '../shared/stored-file.ts';
import type { AttachmentKind } from './attachments.rules.ts';
import type { Attachment, NewAttachment } from './catalogue.model.ts';

function toAttachment(r: Selectable<CatalogueAttachmentTable>): Attachment {
  return { ...toStoredFile(r), itemId: r.item_id, kind: r.kind, altText: r.alt_text };
}

export async function listAttachments(db: Executor, itemId: number): Promise<Attachment[]> {
  const rows = await db
    .selectFrom('catalogue_attachments')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
  return rows.map(toAttachment);
}

export async function findAttachment(db: Executor, id: number): Promise<Attachment | null> {
  if (!Number.isInteger(id) || id <= 0) return null;
  const r = await db.selectFrom('catalogue_attachments').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAttachment(r) : null;
}

export async function insertAttachment(
  db: Executor,
  a: NewAttachment,
  at: string,
  by: number,
): Promise<number> {
  const r = await db
    .insertInto('catalogue_attachments')
    .values({
      ...storedFileColumns(a),
      item_id: a.itemId,
      kind: a.kind,
      alt_text: a.altText,
      created_at: at,
      created_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteAttachment(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('catalogue_attachments').where('id', '=', id).execute();
}

/**
 * Points an attachment at another file (the redacted copy, or the original back on undo); `kind` follows
 * the file (an image redacted becomes a PDF document).
 */
export async function replaceAttachmentFile(
  db: Executor,
  id: number,
  file: NewStoredFile,
  kind: AttachmentKind,
): Promise<void> {
  await db
    .updateTable('catalogue_attachments')
    .set({ ...storedFileColumns(file), kind })
    .where('id', '=', id)
    .execute();
}
