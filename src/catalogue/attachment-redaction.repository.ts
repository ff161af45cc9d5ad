/**
 * The only module that queries `catalogue_attachment_redactions` (migration 0022): the original file of a
 * redacted catalogue attachment and what was removed from it.
 */
import type { Executor, Trx } from '../db/database.ts';
import type { KindBox, RedactionRecord } from '../redaction/document.ts';
import {
  type NewStoredFile,
  type StoredFile,
  type StoredFileRow,
  storedFileColumns,
  toStoredFile,
} from '../shared/stored-file.ts';

export interface CatalogueRedaction extends RedactionRecord {
  readonly id: number;
  readonly attachmentId: number;
  /** The original file: kept for the file, never published. */
  readonly original: StoredFile;
  readonly pageCount: number;
  readonly createdAt: string;
  readonly createdBy: number | null;
}

const columns = [
  'id',
  'attachment_id',
  'file_name',
  'stored_name',
  'mime',
  'size',
  'sha256',
  'created_at',
  'created_by',
  'boxes_json',
  'raster_pages_json',
  'page_count',
] as const;

type Row = StoredFileRow & {
  attachment_id: number | string;
  created_by: number | string | null;
  boxes_json: string;
  raster_pages_json: string;
  page_count: number | string;
};

const toRedaction = (r: Row): CatalogueRedaction => ({
  id: Number(r.id),
  attachmentId: Number(r.attachment_id),
  original: toStoredFile(r),
  boxes: JSON.parse(r.boxes_json) as KindBox[],
  rasterPages: JSON.parse(r.raster_pages_json) as number[],
  pageCount: Number(r.page_count),
  createdAt: r.created_at,
  createdBy: r.created_by === null ? null : Number(r.created_by),
});

export async function findCatalogueRedaction(
  db: Executor,
  attachmentId: number,
): Promise<CatalogueRedaction | null> {
  const r = await db
    .selectFrom('catalogue_attachment_redactions')
    .select(columns)
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst();
  return r ? toRedaction(r) : null;
}

/** The redactions of the attachments of one item. */
export async function redactionsOfItem(db: Executor, itemId: number): Promise<CatalogueRedaction[]> {
  const rows = await db
    .selectFrom('catalogue_attachment_redactions')
    .innerJoin(
      'catalogue_attachments',
      'catalogue_attachments.id',
      'catalogue_attachment_redactions.attachment_id',
    )
    .select(columns.map((c) => `catalogue_attachment_redactions.${c}` as const))
    .where('catalogue_attachments.item_id', '=', itemId)
    .orderBy('catalogue_attachment_redactions.attachment_id')
    .execute();
  return rows.map(toRedaction);
}

export interface CatalogueRedactionWrite extends RedactionRecord {
  readonly pageCount: number;
  readonly at: string;
  readonly by: number | null;
}

const written = (w: CatalogueRedactionWrite) => ({
  boxes_json: JSON.stringify(w.boxes),
  raster_pages_json: JSON.stringify(w.rasterPages),
  page_count: w.pageCount,
  created_at: w.at,
  created_by: w.by,
});

export async function insertCatalogueRedaction(
  trx: Trx,
  attachmentId: number,
  original: NewStoredFile,
  w: CatalogueRedactionWrite,
): Promise<void> {
  await trx
    .insertInto('catalogue_attachment_redactions')
    .values({ attachment_id: attachmentId, ...storedFileColumns(original), ...written(w) })
    .execute();
}

/** A new set of boxes for an attachment redacted before (the original stays). */
export async function updateCatalogueRedaction(
  trx: Trx,
  id: number,
  w: CatalogueRedactionWrite,
): Promise<void> {
  await trx.updateTable('catalogue_attachment_redactions').set(written(w)).where('id', '=', id).execute();
}

export async function deleteCatalogueRedaction(trx: Trx, id: number): Promise<void> {
  await trx.deleteFrom('catalogue_attachment_redactions').where('id', '=', id).execute();
}
