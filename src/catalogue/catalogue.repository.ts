import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CatalogueItemTable, Executor } from '../db/database.ts';
import {
  type CatalogueItem,
  type ItemInReview,
  type ItemVersion,
  type RevisedFields,
  revisableFromInput,
  type Topic,
} from './catalogue.model.ts';
import type { DocType, ItemInput, ItemStatus, Validity } from './catalogue.rules.ts';
import { bigramsOf } from './search.rules.ts';

export type { CatalogueItem, ItemVersion, Topic } from './catalogue.model.ts';
export { topicLabel } from './catalogue.model.ts';

export function toItem(r: Selectable<CatalogueItemTable>): CatalogueItem {
  return {
    id: r.id,
    agencyId: r.agency_id,
    status: r.status as ItemStatus,
    indexNo: r.index_no,
    version: r.version,
    docType: r.doc_type as DocType,
    basis: r.basis,
    topicId: r.topic_id,
    title: r.title,
    description: r.description,
    genre: r.genre,
    publisher: r.publisher,
    docNumber: r.doc_number,
    keywords: r.keywords,
    writtenOn: r.written_on,
    formedOn: r.formed_on,
    publishDue: r.publish_due,
    deadlineOverride: r.deadline_override,
    publishedOn: r.published_on,
    revisedOn: r.revised_on,
    validity: r.validity as Validity | null,
    validityOn: r.validity_on,
    disclosureMethod: r.disclosure_method,
    bodyHtml: r.body_html,
    interpretsId: r.interprets_id,
    interpreter: r.interpreter,
    interpretationForm: r.interpretation_form,
    noInterpretationReason: r.no_interpretation_reason,
    secrecyNote: r.secrecy_note,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    reviewComment: r.review_comment,
    withdrawnReason: r.withdrawn_reason,
    withdrawnAt: r.withdrawn_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The columns of the fields a revision may change (also set by the item form). */
export function revisableColumns(f: RevisedFields) {
  return {
    title: f.title,
    description: f.description,
    basis: f.basis,
    topic_id: f.topicId,
    genre: f.genre,
    publisher: f.publisher,
    doc_number: f.docNumber,
    keywords: f.keywords,
    written_on: f.writtenOn,
    validity: f.validity,
    validity_on: f.validityOn,
    disclosure_method: f.disclosureMethod,
    body_html: f.bodyHtml,
    interprets_id: f.interpretsId,
    interpreter: f.interpreter,
    interpretation_form: f.interpretationForm,
  };
}

/** The columns an item form sets (body already sanitised). */
export function inputColumns(input: ItemInput, bodyHtml: string, publishDue: string) {
  return {
    ...revisableColumns(revisableFromInput(input, bodyHtml)),
    doc_type: input.docType,
    formed_on: input.formedOn as string,
    publish_due: publishDue,
    deadline_override: input.deadlineOverride,
  };
}

/** The columns of a new item; the repository sets its version, 索引号, search text and stamps. */
export type NewItemColumns = Omit<
  Insertable<CatalogueItemTable>,
  'id' | 'version' | 'index_no' | 'search_text' | 'created_at' | 'created_by' | 'updated_at'
>;

/** Inserts an item at version 1 (索引号 and search text come when it is published); returns its id. */
export async function insertItem(
  db: Executor,
  columns: NewItemColumns,
  by: number,
  now: string,
): Promise<number> {
  const r = await db
    .insertInto('catalogue_items')
    .values({
      ...columns,
      index_no: null,
      version: 1,
      search_text: '',
      created_at: now,
      created_by: by,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Updates an item that is still at the version the caller read (and, given `status`, still in it),
 * moving it to the next version; false when another change came first.
 */
export async function updateItemAtVersion(
  db: Executor,
  item: Pick<CatalogueItem, 'id' | 'version'>,
  set: Updateable<CatalogueItemTable>,
  now: string,
  status?: ItemStatus,
): Promise<boolean> {
  let q = db
    .updateTable('catalogue_items')
    .set({ ...set, version: item.version + 1, updated_at: now })
    .where('id', '=', item.id)
    .where('version', '=', item.version);
  if (status) q = q.where('status', '=', status);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Sets the 索引号, sort key and search text of an item written already published (an import). */
export async function setItemIndexing(
  db: Executor,
  id: number,
  indexNo: string,
  sortKey: number,
  searchText: string,
): Promise<void> {
  await db
    .updateTable('catalogue_items')
    .set({ index_no: indexNo, sort_key: sortKey, search_text: searchText })
    .where('id', '=', id)
    .execute();
}

/** Unpublished items (draft or in review) with their Art. 26 deadline and what it is computed from. */
export async function listUnpublishedDeadlines(
  db: Executor,
): Promise<{ id: number; formedOn: string; deadlineOverride: string | null; publishDue: string }[]> {
  const rows = await db
    .selectFrom('catalogue_items')
    .select(['id', 'formed_on', 'deadline_override', 'publish_due'])
    .where('status', 'in', ['draft', 'review'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    formedOn: r.formed_on,
    deadlineOverride: r.deadline_override,
    publishDue: r.publish_due,
  }));
}

export async function setPublishDue(db: Executor, id: number, publishDue: string): Promise<void> {
  await db.updateTable('catalogue_items').set({ publish_due: publishDue }).where('id', '=', id).execute();
}

export async function findItem(db: Executor, id: number): Promise<CatalogueItem | null> {
  if (!Number.isInteger(id) || id <= 0) return null;
  const r = await db.selectFrom('catalogue_items').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toItem(r) : null;
}

export async function findItemsByIds(db: Executor, ids: readonly number[]): Promise<CatalogueItem[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('catalogue_items').selectAll().where('id', 'in', ids).execute();
  return rows.map(toItem);
}

export interface AdminListFilter {
  readonly agencyIds: readonly number[] | null;
  readonly status?: ItemStatus | undefined;
  readonly overdueBefore?: string | undefined;
}

export async function listItemsForAdmin(
  db: Executor,
  f: AdminListFilter,
  limit = 200,
): Promise<CatalogueItem[]> {
  if (f.agencyIds && f.agencyIds.length === 0) return [];
  let q = db.selectFrom('catalogue_items').selectAll();
  if (f.agencyIds) q = q.where('agency_id', 'in', f.agencyIds);
  if (f.status) q = q.where('status', '=', f.status);
  const rows = await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toItem);
}

/** Unpublished items (draft or in review) whose Art. 26 deadline is before `date`, and items in review. */
export async function countPending(
  db: Executor,
  agencyIds: readonly number[] | null,
  today: string,
): Promise<{ review: number; overdue: number; dueSoon: number }> {
  if (agencyIds && agencyIds.length === 0) return { review: 0, overdue: 0, dueSoon: 0 };
  let q = db
    .selectFrom('catalogue_items')
    .select(['status', 'publish_due'])
    .where('status', 'in', ['draft', 'review']);
  if (agencyIds) q = q.where('agency_id', 'in', agencyIds);
  const rows = await q.execute();
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  return {
    review: rows.filter((r) => r.status === 'review').length,
    overdue: rows.filter((r) => r.publish_due < today).length,
    dueSoon: rows.filter((r) => r.publish_due >= today && r.publish_due <= soon).length,
  };
}

export interface PortalListFilter {
  readonly agencyId: number;
  readonly docTypes?: readonly DocType[] | undefined;
  readonly excludeDocTypes?: readonly DocType[] | undefined;
  readonly basis?: string | undefined;
  readonly year?: number | undefined;
  readonly validity?: Validity | undefined;
  readonly topicId?: number | undefined;
}

/** The published items of an agency (where the portal's lists start). */
function publishedOf(db: Executor, agencyId: number) {
  return db.selectFrom('catalogue_items').where('agency_id', '=', agencyId).where('status', '=', 'published');
}

/** Published items of an agency for a portal list, newest first. */
export async function listPublished(
  db: Executor,
  f: PortalListFilter,
  page: number,
  pageSize: number,
): Promise<{ items: CatalogueItem[]; total: number }> {
  let q = publishedOf(db, f.agencyId);
  if (f.docTypes) q = q.where('doc_type', 'in', f.docTypes);
  if (f.excludeDocTypes) q = q.where('doc_type', 'not in', f.excludeDocTypes);
  if (f.basis) q = q.where('basis', '=', f.basis);
  if (f.year)
    q = q.where('published_on', '>=', `${f.year}-01-01`).where('published_on', '<=', `${f.year}-12-31`);
  if (f.validity) q = q.where('validity', '=', f.validity);
  if (f.topicId) q = q.where('topic_id', '=', f.topicId);
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await q
    .selectAll()
    .orderBy('sort_key', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(toItem), total: Number(count?.n ?? 0) };
}

/** How many published items an agency has per basis (for the column's table of contents). */
export async function countPublishedByBasis(db: Executor, agencyId: number): Promise<Map<string, number>> {
  const rows = await publishedOf(db, agencyId)
    .select(['basis', (eb) => eb.fn.countAll<number>().as('n')])
    .where('doc_type', '<>', 'system')
    .groupBy('basis')
    .execute();
  return new Map(rows.map((r) => [r.basis, Number(r.n)]));
}

export async function publishedYears(db: Executor, agencyId: number): Promise<number[]> {
  const rows = await publishedOf(db, agencyId).select('published_on').distinct().execute();
  return [...new Set(rows.map((r) => Number((r.published_on ?? '').slice(0, 4))).filter((y) => y > 0))].sort(
    (a, b) => b - a,
  );
}

/** Interpretations of a policy (any status when `all`). */
export async function interpretationsOf(
  db: Executor,
  policyId: number,
  all = false,
): Promise<CatalogueItem[]> {
  let q = db.selectFrom('catalogue_items').selectAll().where('interprets_id', '=', policyId);
  if (!all) q = q.where('status', '=', 'published');
  const rows = await q.orderBy('id').execute();
  return rows.map(toItem);
}

/** Policies of an agency that an interpretation may point to. */
export async function listPolicies(db: Executor, agencyId: number): Promise<CatalogueItem[]> {
  const rows = await db
    .selectFrom('catalogue_items')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('doc_type', 'in', ['rule', 'normative', 'general'])
    .where('status', '<>', 'withdrawn')
    .orderBy('id', 'desc')
    .limit(300)
    .execute();
  return rows.map(toItem);
}

// ---------------------------------------------------------------- versions

export async function insertVersion(
  db: Executor,
  item: CatalogueItem,
  note: string | null,
  at: string,
  by: number | null,
): Promise<void> {
  await db
    .insertInto('catalogue_item_versions')
    .values({
      item_id: item.id,
      version: item.version,
      status: item.status,
      snapshot_json: JSON.stringify(item),
      note,
      created_at: at,
      created_by: by,
    })
    .execute();
}

export async function listVersions(db: Executor, itemId: number): Promise<ItemVersion[]> {
  const rows = await db
    .selectFrom('catalogue_item_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.version', 'v.status', 'v.note', 'v.created_at', 'v.snapshot_json', 'u.display_name'])
    .where('v.item_id', '=', itemId)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    status: r.status as ItemStatus,
    note: r.note,
    createdAt: r.created_at,
    createdBy: r.display_name,
    snapshot: JSON.parse(r.snapshot_json) as CatalogueItem,
  }));
}

// ---------------------------------------------------------------- 索引号

/** Every 索引号 given (of any agency). */
export async function listIndexNumbers(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('catalogue_items')
    .select('index_no')
    .where('index_no', 'is not', null)
    .execute();
  return rows.map((r) => r.index_no as string);
}

/** Whether an item (of any agency) has this 索引号. */
export async function indexNumberTaken(db: Executor, indexNo: string): Promise<boolean> {
  const r = await db
    .selectFrom('catalogue_items')
    .select('id')
    .where('index_no', '=', indexNo)
    .executeTakeFirst();
  return r !== undefined;
}

// ---------------------------------------------------------------- search postings

/** Replaces an item's postings (call when it is published or republished). */
export async function indexItem(
  db: Executor,
  item: { id: number; agencyId: number; title: string },
  allText: string,
  sortKey: number,
): Promise<void> {
  await db.deleteFrom('catalogue_grams').where('item_id', '=', item.id).execute();
  const inTitle = bigramsOf(item.title);
  const all = bigramsOf(allText);
  for (const g of inTitle) all.add(g);
  const rows = [...all].map((gram) => ({
    gram,
    in_title: inTitle.has(gram) ? 1 : 0,
    sort_key: sortKey,
    item_id: item.id,
    agency_id: item.agencyId,
  }));
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto('catalogue_grams')
      .values(rows.slice(i, i + 400))
      .execute();
  }
}

export async function unindexItem(db: Executor, itemId: number): Promise<void> {
  await db.deleteFrom('catalogue_grams').where('item_id', '=', itemId).execute();
}

// ---------------------------------------------------------------- topics

export async function listTopics(db: Executor): Promise<Topic[]> {
  const rows = await db
    .selectFrom('catalogue_topics')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    sortOrder: r.sort_order,
    active: r.active === 1,
  }));
}

export async function insertTopic(db: Executor, parentId: number | null, name: string): Promise<number> {
  const r = await db
    .insertInto('catalogue_topics')
    .values({ parent_id: parentId, name, sort_order: 1000, active: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function renameTopic(db: Executor, id: number, name: string): Promise<void> {
  await db.updateTable('catalogue_topics').set({ name }).where('id', '=', id).execute();
}

export async function setTopicActive(db: Executor, id: number, active: boolean): Promise<void> {
  await db
    .updateTable('catalogue_topics')
    .set({ active: active ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

/** How many items (any status) use each topic. */
export async function countItemsByTopic(db: Executor): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('catalogue_items')
    .select(['topic_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('topic_id', 'is not', null)
    .groupBy('topic_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.topic_id), Number(r.n)]));
}

/** Topics used by an agency's published items (the portal's topic filter offers only these). */
export async function publishedTopicIds(db: Executor, agencyId: number): Promise<number[]> {
  const rows = await publishedOf(db, agencyId)
    .select('topic_id')
    .distinct()
    .where('topic_id', 'is not', null)
    .execute();
  return rows.map((r) => Number(r.topic_id));
}

/** Items of the agencies (null: all) submitted for publishing, oldest submission first (待我审核). */
export async function listItemsInReview(
  db: Executor,
  agencyIds: readonly number[] | null,
): Promise<ItemInReview[]> {
  if (agencyIds && agencyIds.length === 0) return [];
  let q = db
    .selectFrom('catalogue_items as i')
    .innerJoin('agencies as g', 'g.id', 'i.agency_id')
    .select([
      'i.id',
      'i.agency_id',
      'g.name as agency_name',
      'i.title',
      'i.doc_type',
      'i.updated_at',
      'i.publish_due',
    ])
    .where('i.status', '=', 'review');
  if (agencyIds) q = q.where('i.agency_id', 'in', [...agencyIds]);
  const rows = await q.orderBy('i.updated_at').orderBy('i.id').execute();
  return rows.map((r) => ({
    itemId: r.id,
    revisionId: null,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    title: r.title,
    docType: r.doc_type,
    submittedAt: r.updated_at,
    submittedByName: null,
    publishDue: r.publish_due,
  }));
}
