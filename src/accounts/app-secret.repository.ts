import { randomBytes } from 'node:crypto';
import type { Executor } from '../db/database.ts';

/**
 * The secret named `name`, made on first use: 48 random bytes. Every server on the same database gets the
 * same value — the first insert wins (`on conflict do nothing`), the others read it.
 */
export async function storedSecret(db: Executor, name: string, now: string): Promise<string> {
  await db
    .insertInto('app_secrets')
    .values({ name, value: randomBytes(48).toString('base64url'), created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('app_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
