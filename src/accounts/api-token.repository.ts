/** The only module that queries `api_tokens` (per-user bearer tokens of the JSON API; only the SHA-256 is kept). */
import type { Executor } from '../db/database.ts';
import type { Scope } from './roles.ts';

export async function insertApiToken(
  db: Executor,
  userId: number,
  tokenHash: string,
  label: string | null,
  now: string,
  expiresAt: string,
): Promise<number> {
  const r = await db
    .insertInto('api_tokens')
    .values({
      user_id: userId,
      token_hash: tokenHash,
      label,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A token that still works at `now`: not revoked, not expired. */
export async function findApiToken(
  db: Executor,
  tokenHash: string,
  now: string,
): Promise<{ id: number; userId: number; lastUsedAt: string | null } | null> {
  const r = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return r ? { id: r.id, userId: r.user_id, lastUsedAt: r.last_used_at } : null;
}

export async function touchApiToken(db: Executor, id: number, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export interface ApiTokenRow {
  readonly id: number;
  readonly login: string;
  readonly label: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** Every token (of one account when `userId` is given), newest first; never the token itself. */
export async function listApiTokens(db: Executor, userId?: number): Promise<ApiTokenRow[]> {
  let q = db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'users.login',
      'api_tokens.label',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
    ])
    .orderBy('api_tokens.id', 'desc');
  if (userId !== undefined) q = q.where('api_tokens.user_id', '=', userId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    login: r.login,
    label: r.label,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes one token; false when there is none with that id or it was revoked already. */
export async function revokeApiToken(db: Executor, id: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Revokes every token of an account (its password changed, or it was deactivated). */
export async function revokeApiTokensOfUser(db: Executor, userId: number, now: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** A token with its owner's account and agency, for the back office (never the token itself). */
export interface ScopedApiTokenRow extends ApiTokenRow {
  readonly userId: number;
  readonly displayName: string;
  readonly agencyId: number | null;
  readonly agencyName: string | null;
  readonly agencyPath: string | null;
}

function scopedTokens(db: Executor) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .leftJoin('agencies', 'agencies.id', 'users.agency_id')
    .select([
      'api_tokens.id',
      'api_tokens.user_id',
      'users.login',
      'users.display_name',
      'users.agency_id',
      'agencies.name as agency_name',
      'agencies.path as agency_path',
      'api_tokens.label',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
    ]);
}

type ScopedRaw = Awaited<ReturnType<ReturnType<typeof scopedTokens>['executeTakeFirstOrThrow']>>;

function toScoped(r: ScopedRaw): ScopedApiTokenRow {
  return {
    id: r.id,
    userId: r.user_id,
    login: r.login,
    displayName: r.display_name,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    agencyPath: r.agency_path,
    label: r.label,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

/** One token with its owner, or null. */
export async function findApiTokenById(db: Executor, id: number): Promise<ScopedApiTokenRow | null> {
  const r = await scopedTokens(db).where('api_tokens.id', '=', id).executeTakeFirst();
  return r ? toScoped(r) : null;
}

/** The tokens of one account, with the account, newest first. */
export async function listApiTokensOfUser(db: Executor, userId: number): Promise<ScopedApiTokenRow[]> {
  const rows = await scopedTokens(db)
    .where('api_tokens.user_id', '=', userId)
    .orderBy('api_tokens.id', 'desc')
    .execute();
  return rows.map(toScoped);
}

/**
 * The tokens of the accounts of a scope (all; an agency's subtree; one agency), except one account's
 * (the viewer's own, listed apart), newest first.
 */
export async function listApiTokensInScope(
  db: Executor,
  scope: Scope,
  exceptUserId: number,
): Promise<ScopedApiTokenRow[]> {
  if (scope.kind === 'none') return [];
  let q = scopedTokens(db).where('api_tokens.user_id', '!=', exceptUserId).orderBy('api_tokens.id', 'desc');
  if (scope.kind === 'subtree') q = q.where('agencies.path', 'like', `${scope.path}%`);
  if (scope.kind === 'agency') q = q.where('users.agency_id', '=', scope.agencyId);
  return (await q.execute()).map(toScoped);
}
