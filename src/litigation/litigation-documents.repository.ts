import type { Selectable } from 'kysely';
import type { Executor, LitigationDocumentTable } from '../db/database.ts';
import { storedFileColumns, toStoredFile } from '../shared/stored-file.ts';
import type { LitigationDocument, LitigationDocumentKind } from './litigation-documents.rules.ts';

/** The `litigation_documents` table: files of a case (the bytes are under UPLOAD_DIR/litigation). */

export type { LitigationDocument };

function toDocument(r: Selectable<LitigationDocumentTable>): LitigationDocument {
  return {
    ...toStoredFile(r),
    caseId: Number(r.case_id),
    agencyId: Number(r.agency_id),
    kind: r.kind as LitigationDocumentKind,
    createdBy: r.created_by,
  };
}

/** The documents of one case (the query both the list and the lookup start from). */
function documentsOf(db: Executor, caseId: number) {
  return db.selectFrom('litigation_documents').selectAll().where('case_id', '=', caseId);
}

export async function listDocuments(db: Executor, caseId: number): Promise<LitigationDocument[]> {
  return (await documentsOf(db, caseId).orderBy('id').execute()).map(toDocument);
}

export async function findDocument(
  db: Executor,
  caseId: number,
  id: number,
): Promise<LitigationDocument | null> {
  const r = await documentsOf(db, caseId).where('id', '=', id).executeTakeFirst();
  return r ? toDocument(r) : null;
}

/** Number of documents per case of an agency. */
export async function documentCounts(db: Executor, agencyId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('litigation_documents')
    .select(['case_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('agency_id', '=', agencyId)
    .groupBy('case_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.case_id), Number(r.n)]));
}

export async function insertDocument(
  db: Executor,
  input: Omit<LitigationDocument, 'id' | 'createdAt' | 'createdBy'>,
  now: string,
  userId: number | null,
): Promise<LitigationDocument> {
  const r = await db
    .insertInto('litigation_documents')
    .values({
      case_id: input.caseId,
      agency_id: input.agencyId,
      kind: input.kind,
      ...storedFileColumns(input),
      created_at: now,
      created_by: userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDocument(r);
}

export async function deleteDocument(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('litigation_documents').where('id', '=', id).execute();
}
