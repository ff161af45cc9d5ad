/** The only module that queries `api_tokens` (per-user bearer tokens of the JSON API; only the SHA-256 is kept). */
import type { Executor } from '../db/database.ts';

export async function insertApiToken(
  db: Executor,
  userId: number,
  tokenHash: string,
  label: string | null,
  now: string,
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      user_id: userId,
      token_hash: tokenHash,
      label,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
}

export async function findApiToken(
  db: Executor,
  tokenHash: string,
): Promise<{ id: number; userId: number; lastUsedAt: string | null } | null> {
  const r = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r ? { id: r.id, userId: r.user_id, lastUsedAt: r.last_used_at } : null;
}

export async function touchApiToken(db: Executor, id: number, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
