import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../db/database.ts';

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Executor,
  token: string,
  s: { userId: number; now: string; expiresAt: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashToken(token),
      user_id: s.userId,
      created_at: s.now,
      expires_at: s.expiresAt,
      last_seen_at: s.now,
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}

export interface SessionRow {
  readonly idHash: string;
  readonly userId: number;
  readonly expiresAt: string;
  readonly lastSeenAt: string;
}

export async function findSession(db: Executor, token: string): Promise<SessionRow | null> {
  const r = await db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', hashToken(token))
    .executeTakeFirst();
  return r
    ? { idHash: r.id_hash, userId: r.user_id, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at }
    : null;
}

export async function touchSession(db: Executor, idHash: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Executor, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).execute();
}

export async function deleteSessionsOfUser(
  db: Executor,
  userId: number,
  exceptIdHash?: string,
): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id_hash', '<>', exceptIdHash);
  await q.execute();
}

export async function deleteExpiredSessions(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}
