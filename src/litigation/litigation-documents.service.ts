import type { AuthedUser } from '../accounts/auth.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../shared/http/errors.ts';
import { keepFile, type ReceivedFile, removeFiles } from '../shared/http/uploads.ts';
import { caseTitle, type LitigationCase } from './litigation.rules.ts';
import { deleteDocument, findDocument, insertDocument } from './litigation-documents.repository.ts';
import {
  LITIGATION_DOCUMENT_KIND_LABELS,
  type LitigationDocument,
  type UploadCheck,
} from './litigation-documents.rules.ts';

/** Use cases of the documents of a case: keep an upload, delete one; each with its audit entry. */

type Checked = Extract<UploadCheck, { ok: true }>;

/**
 * Moves a checked upload into `dir` and records it. Nothing half-written: when the transaction fails,
 * the stored file goes with it.
 */
export async function addDocument(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  target: { agency: Agency; c: LitigationCase },
  checked: Checked,
  upload: ReceivedFile,
  dir: string,
  now: string,
): Promise<LitigationDocument> {
  const { agency, c } = target;
  const { storedName } = await keepFile(upload, dir, checked.type.mime);
  const stored = {
    caseId: c.id,
    agencyId: agency.id,
    kind: checked.kind,
    fileName: checked.fileName,
    storedName,
    mime: checked.type.mime,
    size: upload.size,
    sha256: upload.sha256,
  };
  try {
    return await db.transaction().execute(async (trx) => {
      const d = await insertDocument(trx, stored, now, viewer.id);
      const { storedName: _kept, agencyId: _agency, caseId, ...shown } = stored;
      await appendAudit(trx, {
        actor: actorOf(viewer, ip),
        at: now,
        action: 'create',
        entityType: 'litigation_document',
        entityId: d.id,
        agencyId: agency.id,
        summary: `为${caseTitle(c)}上传${LITIGATION_DOCUMENT_KIND_LABELS[checked.kind]}“${checked.fileName}”`,
        after: { caseId, ...shown },
      });
      return d;
    });
  } catch (err) {
    await removeFiles(dir, [storedName]);
    throw err;
  }
}

/** Deletes a document of a case (row, audit entry, then the file under `dir`). */
export async function removeDocument(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  target: { agency: Agency; c: LitigationCase },
  documentId: number,
  dir: string,
  now: string,
): Promise<void> {
  const { agency, c } = target;
  const d = await findDocument(db, c.id, documentId);
  if (!d) throw notFound('文书');
  await db.transaction().execute(async (trx) => {
    await deleteDocument(trx, d.id);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'delete',
      entityType: 'litigation_document',
      entityId: d.id,
      agencyId: agency.id,
      summary: `删除${caseTitle(c)}的${LITIGATION_DOCUMENT_KIND_LABELS[d.kind] ?? '文书'}“${d.fileName}”`,
      before: { caseId: d.caseId, kind: d.kind, fileName: d.fileName, size: d.size, sha256: d.sha256 },
    });
  });
  await removeFiles(dir, [d.storedName]);
}
