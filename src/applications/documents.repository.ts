/**
 * The only module that queries `application_uploads` (identity documents of the public form) and
 * `application_letter_attachments` (disclosed documents of reply letters). Bytes are files under
 * UPLOAD_DIR (`applications/` and `letters/`); rows keep the stored name and the SHA-256.
 */
import type { Executor, Trx } from '../db/database.ts';
import { countRows } from '../shared/count-rows.ts';
import { type StoredFileRow, storedFileColumns, toStoredFile } from '../shared/stored-file.ts';
import type { IdentityUpload, LetterAttachment, NewStoredFile, StoredFile } from './application.model.ts';

export type { IdentityUpload, LetterAttachment, NewStoredFile, StoredFile };

// ---------------------------------------------------------------------------------------------------------
// Identity documents (application_uploads)

/** The columns every stored-file table has, and their mapping to `StoredFile`. */
const fileColumns = ['id', 'file_name', 'stored_name', 'mime', 'size', 'sha256', 'created_at'] as const;
const uploadColumns = [...fileColumns, 'application_id'] as const;
const toUpload = (r: StoredFileRow & { application_id: number | null }): IdentityUpload => ({
  ...toStoredFile(r),
  applicationId: r.application_id,
});

/** The pending uploads of a form (token), uploaded after `since`, oldest first. */
export async function listPendingUploads(
  db: Executor,
  token: string,
  since: string,
): Promise<IdentityUpload[]> {
  const rows = await db
    .selectFrom('application_uploads')
    .select(uploadColumns)
    .where('token', '=', token)
    .where('application_id', 'is', null)
    .where('created_at', '>=', since)
    .orderBy('id')
    .execute();
  return rows.map(toUpload);
}

export async function insertPendingUploads(
  trx: Trx,
  token: string,
  files: readonly NewStoredFile[],
  now: string,
  clientKey: string | null = null,
): Promise<void> {
  if (files.length === 0) return;
  await trx
    .insertInto('application_uploads')
    .values(
      files.map((f) => ({
        token,
        client_key: clientKey,
        application_id: null,
        ...storedFileColumns(f),
        created_at: now,
        linked_at: null,
      })),
    )
    .execute();
}

/** Bytes one client address keeps in pending uploads made since `since`. */
export async function pendingBytesOfClient(db: Executor, clientKey: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('application_uploads')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('size'), eb.lit(0)).as('bytes'))
    .where('client_key', '=', clientKey)
    .where('application_id', 'is', null)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(r?.bytes ?? 0);
}

/** Removes pending uploads of a form by id; returns the stored names of the files to delete. */
export async function deletePendingUploads(
  trx: Trx,
  token: string,
  ids: readonly number[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  return deleteUploadRows(
    trx,
    await pendingFiles(trx).where('token', '=', token).where('id', 'in', ids).execute(),
  );
}

/** The files of pending uploads (not yet linked to an application): id and stored name. */
function pendingFiles(trx: Trx) {
  return trx
    .selectFrom('application_uploads')
    .select(['id', 'stored_name'])
    .where('application_id', 'is', null);
}

/** Deletes the given upload rows; returns the stored names of their files (for the caller to remove). */
async function deleteUploadRows(
  trx: Trx,
  rows: readonly { id: number; stored_name: string }[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  await trx
    .deleteFrom('application_uploads')
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => r.stored_name);
}

/** Deletes pending uploads created before `before` (never sent); returns the stored names of their files. */
export async function purgePendingUploads(trx: Trx, before: string): Promise<string[]> {
  return deleteUploadRows(trx, await pendingFiles(trx).where('created_at', '<', before).execute());
}

/** Links the live pending uploads of a form to the application just registered; returns them. */
export async function linkPendingUploads(
  trx: Trx,
  token: string,
  applicationId: number,
  since: string,
  now: string,
): Promise<IdentityUpload[]> {
  const pending = await listPendingUploads(trx, token, since);
  if (pending.length === 0) return [];
  await trx
    .updateTable('application_uploads')
    .set({ application_id: applicationId, linked_at: now })
    .where(
      'id',
      'in',
      pending.map((p) => p.id),
    )
    .where('application_id', 'is', null)
    .execute();
  return pending.map((p) => ({ ...p, applicationId }));
}

/** The identity documents of one application (the query both the list and the lookup start from). */
function identityUploadsOf(db: Executor, applicationId: number) {
  return db
    .selectFrom('application_uploads')
    .select(uploadColumns)
    .where('application_id', '=', applicationId);
}

export async function listIdentityUploads(db: Executor, applicationId: number): Promise<IdentityUpload[]> {
  return (await identityUploadsOf(db, applicationId).orderBy('id').execute()).map(toUpload);
}

export async function findIdentityUpload(
  db: Executor,
  applicationId: number,
  id: number,
): Promise<IdentityUpload | null> {
  const r = await identityUploadsOf(db, applicationId).where('id', '=', id).executeTakeFirst();
  return r ? toUpload(r) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Letter attachments (application_letter_attachments)

const attachmentColumns = [...fileColumns, 'letter_id'] as const;
const toAttachment = (r: StoredFileRow & { letter_id: number }): LetterAttachment => ({
  ...toStoredFile(r),
  letterId: r.letter_id,
});

/** The attachments of one letter or several (the query the lists and the lookup start from). */
function attachmentsOf(db: Executor, letterIds: number | readonly number[]) {
  const q = db.selectFrom('application_letter_attachments').select(attachmentColumns);
  return typeof letterIds === 'number'
    ? q.where('letter_id', '=', letterIds)
    : q.where('letter_id', 'in', letterIds);
}

/** The attachments of one letter, in the order they were added (their numbers in the 附件说明). */
export async function listLetterAttachments(db: Executor, letterId: number): Promise<LetterAttachment[]> {
  return (await attachmentsOf(db, letterId).orderBy('id').execute()).map(toAttachment);
}

/** The attachments of several letters (one query), by letter id. */
export async function listAttachmentsOfLetters(
  db: Executor,
  letterIds: readonly number[],
): Promise<Map<number, LetterAttachment[]>> {
  const out = new Map<number, LetterAttachment[]>();
  if (letterIds.length === 0) return out;
  const rows = await attachmentsOf(db, letterIds).orderBy('id').execute();
  for (const r of rows) {
    const list = out.get(r.letter_id) ?? [];
    list.push(toAttachment(r));
    out.set(r.letter_id, list);
  }
  return out;
}

export async function findLetterAttachment(
  db: Executor,
  letterId: number,
  id: number,
): Promise<LetterAttachment | null> {
  const r = await attachmentsOf(db, letterId).where('id', '=', id).executeTakeFirst();
  return r ? toAttachment(r) : null;
}

/**
 * An attachment the applicant may download from the public lookup: of a letter of that application,
 * sent, and addressed to the applicant (not a third-party letter).
 */
export async function findPublicLetterAttachment(
  db: Executor,
  applicationId: number,
  id: number,
  thirdPartyKinds: readonly string[],
): Promise<LetterAttachment | null> {
  const r = await db
    .selectFrom('application_letter_attachments')
    .innerJoin('application_letters', 'application_letters.id', 'application_letter_attachments.letter_id')
    .select([
      'application_letter_attachments.id',
      'application_letter_attachments.letter_id',
      'application_letter_attachments.file_name',
      'application_letter_attachments.stored_name',
      'application_letter_attachments.mime',
      'application_letter_attachments.size',
      'application_letter_attachments.sha256',
      'application_letter_attachments.created_at',
    ])
    .where('application_letter_attachments.id', '=', id)
    .where('application_letters.application_id', '=', applicationId)
    .where('application_letters.status', '=', 'sent')
    .where('application_letters.kind', 'not in', [...thirdPartyKinds])
    .executeTakeFirst();
  return r ? toAttachment(r) : null;
}

export async function insertLetterAttachment(
  trx: Trx,
  letterId: number,
  f: NewStoredFile,
  now: string,
  by: number | null,
): Promise<number> {
  const r = await trx
    .insertInto('application_letter_attachments')
    .values({
      letter_id: letterId,
      ...storedFileColumns(f),
      created_at: now,
      created_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteLetterAttachment(trx: Trx, id: number): Promise<void> {
  await trx.deleteFrom('application_letter_attachments').where('id', '=', id).execute();
}

export async function countLetterAttachments(db: Executor, letterId: number): Promise<number> {
  return countRows(db.selectFrom('application_letter_attachments').where('letter_id', '=', letterId));
}

/** Points an attachment at another file (its redacted copy, or back at the original). */
export async function replaceLetterAttachmentFile(trx: Trx, id: number, f: NewStoredFile): Promise<void> {
  await trx
    .updateTable('application_letter_attachments')
    .set(storedFileColumns(f))
    .where('id', '=', id)
    .execute();
}
