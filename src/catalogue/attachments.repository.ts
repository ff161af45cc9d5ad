import type { Selectable } from 'kysely';
import type { CatalogueAttachmentTable, Executor } from '../db/database.ts';
import type { Attachment } from './catalogue.model.ts';

function toAttachment(r: Selectable<CatalogueAttachmentTable>): Attachment {
  return {
    id: r.id,
    itemId: r.item_id,
    fileName: r.file_name,
    mime: r.mime,
    kind: r.kind,
    size: r.size,
    sha256: r.sha256,
    altText: r.alt_text,
    storedName: r.stored_name,
  };
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
  a: Omit<Attachment, 'id'>,
  at: string,
  by: number,
): Promise<number> {
  const r = await db
    .insertInto('catalogue_attachments')
    .values({
      item_id: a.itemId,
      file_name: a.fileName,
      stored_name: a.storedName,
      mime: a.mime,
      kind: a.kind,
      size: a.size,
      sha256: a.sha256,
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
