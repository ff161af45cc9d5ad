import type { Selectable } from 'kysely';
import type { CatalogueRevisionTable, Executor } from '../db/database.ts';
import type { ItemInReview, Revision, RevisionStatus } from './catalogue.model.ts';
import type { RevisableValues } from './revision.rules.ts';

type Row = Selectable<CatalogueRevisionTable> & { author: string | null; reviewer: string | null };

function toRevision(r: Row): Revision {
  return {
    id: r.id,
    itemId: r.item_id,
    status: r.status as RevisionStatus,
    baseVersion: r.base_version,
    base: JSON.parse(r.base_json) as RevisableValues,
    proposed: JSON.parse(r.proposed_json) as RevisableValues,
    note: r.note,
    createdAt: r.created_at,
    createdBy: r.created_by,
    createdByName: r.author,
    updatedAt: r.updated_at,
    secrecyNote: r.secrecy_note,
    reviewComment: r.review_comment,
    reviewedBy: r.reviewed_by,
    reviewedByName: r.reviewer,
    reviewedAt: r.reviewed_at,
    resultVersion: r.result_version,
  };
}

function selectRevisions(db: Executor) {
  return db
    .selectFrom('catalogue_revisions as r')
    .leftJoin('users as a', 'a.id', 'r.created_by')
    .leftJoin('users as v', 'v.id', 'r.reviewed_by')
    .selectAll('r')
    .select(['a.display_name as author', 'v.display_name as reviewer']);
}

/** The revision of an item under review, if any (at most one: a partial unique index). */
export async function findOpenRevision(db: Executor, itemId: number): Promise<Revision | null> {
  const r = await selectRevisions(db)
    .where('r.item_id', '=', itemId)
    .where('r.status', '=', 'review')
    .executeTakeFirst();
  return r ? toRevision(r) : null;
}

/** Every revision of an item, newest first. */
export async function listRevisions(db: Executor, itemId: number): Promise<Revision[]> {
  const rows = await selectRevisions(db).where('r.item_id', '=', itemId).orderBy('r.id', 'desc').execute();
  return rows.map(toRevision);
}

export async function insertRevision(
  db: Executor,
  v: {
    itemId: number;
    baseVersion: number;
    base: RevisableValues;
    proposed: RevisableValues;
    note: string;
    at: string;
    by: number | null;
  },
): Promise<number> {
  const r = await db
    .insertInto('catalogue_revisions')
    .values({
      item_id: v.itemId,
      status: 'review',
      base_version: v.baseVersion,
      base_json: JSON.stringify(v.base),
      proposed_json: JSON.stringify(v.proposed),
      note: v.note,
      created_at: v.at,
      created_by: v.by,
      updated_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Replaces the proposal of a revision still under review; false when it is no longer open. */
export async function updateOpenRevision(
  db: Executor,
  id: number,
  proposed: RevisableValues,
  note: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('catalogue_revisions')
    .set({ proposed_json: JSON.stringify(proposed), note, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'review')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Closes a revision under review (approved, rejected or cancelled); false when it was not open. */
export async function closeRevision(
  db: Executor,
  id: number,
  v: {
    status: Exclude<RevisionStatus, 'review'>;
    at: string;
    by: number | null;
    secrecyNote?: string | null;
    reviewComment?: string | null;
    resultVersion?: number | null;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('catalogue_revisions')
    .set({
      status: v.status,
      updated_at: v.at,
      reviewed_by: v.by,
      reviewed_at: v.at,
      secrecy_note: v.secrecyNote ?? null,
      review_comment: v.reviewComment ?? null,
      result_version: v.resultVersion ?? null,
    })
    .where('id', '=', id)
    .where('status', '=', 'review')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Cancels the revision under review of an item being withdrawn (in the withdrawing transaction). */
export async function cancelOpenRevisions(db: Executor, itemId: number, at: string): Promise<void> {
  await db
    .updateTable('catalogue_revisions')
    .set({ status: 'cancelled', updated_at: at, review_comment: '信息已撤回，修改随之撤销' })
    .where('item_id', '=', itemId)
    .where('status', '=', 'review')
    .execute();
}

/** Items (of the agencies, null = all) with a revision under review. */
export async function itemsWithOpenRevision(
  db: Executor,
  agencyIds: readonly number[] | null,
): Promise<Set<number>> {
  if (agencyIds && agencyIds.length === 0) return new Set();
  let q = db
    .selectFrom('catalogue_revisions as r')
    .innerJoin('catalogue_items as i', 'i.id', 'r.item_id')
    .select('r.item_id')
    .where('r.status', '=', 'review');
  if (agencyIds) q = q.where('i.agency_id', 'in', agencyIds);
  return new Set((await q.execute()).map((r) => r.item_id));
}

/** Revisions under review of published items of the agencies (null: all), oldest first (待我审核). */
export async function listRevisionsInReview(
  db: Executor,
  agencyIds: readonly number[] | null,
): Promise<ItemInReview[]> {
  if (agencyIds && agencyIds.length === 0) return [];
  let q = db
    .selectFrom('catalogue_revisions as r')
    .innerJoin('catalogue_items as i', 'i.id', 'r.item_id')
    .innerJoin('agencies as g', 'g.id', 'i.agency_id')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select([
      'r.id',
      'r.item_id',
      'i.agency_id',
      'g.name as agency_name',
      'i.title',
      'i.doc_type',
      'r.updated_at',
      'u.display_name as author',
    ])
    .where('r.status', '=', 'review');
  if (agencyIds) q = q.where('i.agency_id', 'in', [...agencyIds]);
  const rows = await q.orderBy('r.updated_at').orderBy('r.id').execute();
  return rows.map((r) => ({
    itemId: r.item_id,
    revisionId: r.id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    title: r.title,
    docType: r.doc_type,
    submittedAt: r.updated_at,
    submittedByName: r.author ?? null,
    publishDue: null,
  }));
}
