import type { Selectable } from 'kysely';
import type { CatalogueMessageTable, Executor } from '../db/database.ts';
import type { CatalogueMessage } from './catalogue.model.ts';

export async function insertMessage(
  db: Executor,
  m: Omit<CatalogueMessage, 'id' | 'answer' | 'answeredOn' | 'published'>,
  now: string,
): Promise<number> {
  const r = await db
    .insertInto('catalogue_messages')
    .values({
      agency_id: m.agencyId,
      item_id: m.itemId,
      kind: m.kind,
      name: m.name,
      contact: m.contact,
      body: m.body,
      received_on: m.receivedOn,
      due_on: m.dueOn,
      published: 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

function toMessage(r: Selectable<CatalogueMessageTable>): CatalogueMessage {
  return {
    id: r.id,
    agencyId: r.agency_id,
    itemId: r.item_id,
    kind: r.kind as CatalogueMessage['kind'],
    name: r.name,
    contact: r.contact,
    body: r.body,
    receivedOn: r.received_on,
    dueOn: r.due_on,
    answer: r.answer,
    answeredOn: r.answered_on,
    published: r.published === 1,
  };
}

export async function listMessages(
  db: Executor,
  agencyIds: readonly number[] | null,
): Promise<CatalogueMessage[]> {
  if (agencyIds && agencyIds.length === 0) return [];
  let q = db.selectFrom('catalogue_messages').selectAll();
  if (agencyIds) q = q.where('agency_id', 'in', agencyIds);
  const rows = await q.orderBy('id', 'desc').limit(300).execute();
  return rows.map(toMessage);
}

export async function findMessage(db: Executor, id: number): Promise<CatalogueMessage | null> {
  if (!Number.isInteger(id) || id <= 0) return null;
  const r = await db.selectFrom('catalogue_messages').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toMessage(r) : null;
}

export async function answerMessage(
  db: Executor,
  id: number,
  answer: string,
  publish: boolean,
  on: string,
  by: number,
): Promise<void> {
  await db
    .updateTable('catalogue_messages')
    .set({ answer, answered_on: on, answered_by: by, published: publish ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

export async function publishedAnswers(db: Executor, agencyId: number) {
  const rows = await db
    .selectFrom('catalogue_messages')
    .select(['id', 'body', 'answer', 'answered_on'])
    .where('agency_id', '=', agencyId)
    .where('kind', '=', 'question')
    .where('published', '=', 1)
    .orderBy('answered_on', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    answer: r.answer ?? '',
    answeredOn: r.answered_on ?? '',
  }));
}

/** Unanswered error reports and questions; error reports past their 3-working-day due date. */
export async function countOpenMessages(
  db: Executor,
  agencyIds: readonly number[] | null,
  today: string,
): Promise<{ open: number; overdue: number }> {
  if (agencyIds && agencyIds.length === 0) return { open: 0, overdue: 0 };
  let q = db.selectFrom('catalogue_messages').select(['due_on']).where('answered_on', 'is', null);
  if (agencyIds) q = q.where('agency_id', 'in', agencyIds);
  const rows = await q.execute();
  return { open: rows.length, overdue: rows.filter((r) => r.due_on !== null && r.due_on < today).length };
}
