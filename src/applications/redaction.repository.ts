/**
 * The only module that queries `letter_attachment_redactions` (migration 0020): the original file of a
 * redacted letter attachment and what was removed from it.
 */
import type { Executor, Trx } from '../db/database.ts';
import type { Box } from '../redaction/engine.ts';
import { type StoredFileRow, storedFileColumns, toStoredFile } from '../shared/stored-file.ts';
import type { NewStoredFile, StoredFile } from './application.model.ts';

export interface AttachmentRedaction {
  readonly id: number;
  readonly attachmentId: number;
  /** The original file: kept for the file, never sent. */
  readonly original: StoredFile;
  readonly boxes: readonly (Box & { kind: string })[];
  readonly rasterPages: readonly number[];
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
] as const;

type Row = StoredFileRow & {
  attachment_id: number | string;
  created_by: number | string | null;
  boxes_json: string;
  raster_pages_json: string;
};

const toRedaction = (r: Row): AttachmentRedaction => ({
  id: Number(r.id),
  attachmentId: Number(r.attachment_id),
  original: toStoredFile(r),
  boxes: JSON.parse(r.boxes_json) as AttachmentRedaction['boxes'],
  rasterPages: JSON.parse(r.raster_pages_json) as number[],
  createdAt: r.created_at,
  createdBy: r.created_by === null ? null : Number(r.created_by),
});

export async function findRedaction(db: Executor, attachmentId: number): Promise<AttachmentRedaction | null> {
  const r = await db
    .selectFrom('letter_attachment_redactions')
    .select(columns)
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst();
  return r ? toRedaction(r) : null;
}

/** The redactions of the attachments of one letter, by attachment id. */
export async function redactionsOfLetter(
  db: Executor,
  letterId: number,
): Promise<Map<number, AttachmentRedaction>> {
  const rows = await db
    .selectFrom('letter_attachment_redactions')
    .innerJoin(
      'application_letter_attachments',
      'application_letter_attachments.id',
      'letter_attachment_redactions.attachment_id',
    )
    .select(columns.map((c) => `letter_attachment_redactions.${c}` as const))
    .where('application_letter_attachments.letter_id', '=', letterId)
    .orderBy('letter_attachment_redactions.attachment_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.attachment_id), toRedaction(r)]));
}

export interface RedactionWrite {
  readonly boxes: readonly (Box & { kind: string })[];
  readonly rasterPages: readonly number[];
  readonly at: string;
  readonly by: number | null;
}

export async function insertRedaction(
  trx: Trx,
  attachmentId: number,
  original: NewStoredFile,
  w: RedactionWrite,
): Promise<void> {
  await trx
    .insertInto('letter_attachment_redactions')
    .values({
      attachment_id: attachmentId,
      ...storedFileColumns(original),
      boxes_json: JSON.stringify(w.boxes),
      raster_pages_json: JSON.stringify(w.rasterPages),
      created_at: w.at,
      created_by: w.by,
    })
    .execute();
}

/** A new set of boxes for an attachment redacted before (the original stays). */
export async function updateRedaction(trx: Trx, id: number, w: RedactionWrite): Promise<void> {
  await trx
    .updateTable('letter_attachment_redactions')
    .set({
      boxes_json: JSON.stringify(w.boxes),
      raster_pages_json: JSON.stringify(w.rasterPages),
      created_at: w.at,
      created_by: w.by,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteRedaction(trx: Trx, id: number): Promise<void> {
  await trx.deleteFrom('letter_attachment_redactions').where('id', '=', id).execute();
}
