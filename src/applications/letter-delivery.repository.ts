/** The only module that queries `application_letter_deliveries`: how each sent letter reached the applicant. */
import type { Selectable } from 'kysely';
import type { ApplicationLetterDeliveryTable, Executor, Trx } from '../db/database.ts';
import type { DeliveryInput, DeliveryMethod, LetterDelivery } from './letter-delivery.rules.ts';

function toDelivery(r: Selectable<ApplicationLetterDeliveryTable>): LetterDelivery {
  return {
    letterId: r.letter_id,
    method: r.method as DeliveryMethod,
    carrier: r.carrier,
    trackingNumber: r.tracking_number,
    collectedOn: r.collected_on,
    outboxId: r.outbox_id,
  };
}

export async function insertLetterDelivery(
  trx: Trx,
  letterId: number,
  d: DeliveryInput & { outboxId: number | null },
  now: string,
  by: number | null,
): Promise<void> {
  await trx
    .insertInto('application_letter_deliveries')
    .values({
      letter_id: letterId,
      method: d.method,
      carrier: d.carrier,
      tracking_number: d.trackingNumber,
      collected_on: d.collectedOn,
      outbox_id: d.outboxId,
      created_at: now,
      created_by: by,
      updated_at: now,
      updated_by: by,
    })
    .execute();
}

export async function findLetterDelivery(db: Executor, letterId: number): Promise<LetterDelivery | null> {
  const r = await db
    .selectFrom('application_letter_deliveries')
    .selectAll()
    .where('letter_id', '=', letterId)
    .executeTakeFirst();
  return r ? toDelivery(r) : null;
}

/** The deliveries of the given letters, by letter id (letters without a record are absent). */
export async function listLetterDeliveries(
  db: Executor,
  letterIds: readonly number[],
): Promise<Map<number, LetterDelivery>> {
  if (letterIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('application_letter_deliveries')
    .selectAll()
    .where('letter_id', 'in', [...letterIds])
    .execute();
  return new Map(rows.map((r) => [r.letter_id, toDelivery(r)]));
}

/** The later record: carrier and tracking number of a posted letter, or the day a held one was collected. */
export async function updateLetterDelivery(
  trx: Trx,
  letterId: number,
  d: Pick<DeliveryInput, 'carrier' | 'trackingNumber' | 'collectedOn'>,
  now: string,
  by: number | null,
): Promise<void> {
  await trx
    .updateTable('application_letter_deliveries')
    .set({
      carrier: d.carrier,
      tracking_number: d.trackingNumber,
      collected_on: d.collectedOn,
      updated_at: now,
      updated_by: by,
    })
    .where('letter_id', '=', letterId)
    .execute();
}
