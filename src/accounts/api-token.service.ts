/**
 * Bearer tokens of the JSON API: created for a user (`npx gongkai token create --user LOGIN` prints one,
 * shown once; only its SHA-256 is stored) and resolved back to the user on each API request.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db, Executor } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { notFound } from '../shared/http/errors.ts';
import {
  type ApiTokenRow,
  findApiToken,
  findApiTokenById,
  insertApiToken,
  listApiTokens,
  listApiTokensInScope,
  listApiTokensOfUser,
  revokeApiToken,
  type ScopedApiTokenRow,
  touchApiToken,
} from './api-token.repository.ts';
import type { AuthedUser } from './auth.ts';
import { can, loadAuthedUser } from './auth.ts';
import { scopeIncludes } from './roles.ts';
import { findUserByLogin } from './user.repository.ts';

export const API_TOKEN_PREFIX = 'gk_';
/** `last_used_at` is written at most this often per token. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** How long a token works unless told otherwise, and the longest it may (decision 010). */
export const API_TOKEN_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;

/** Creates a token for a user; returns the token (shown once) with its end, or a Chinese error. */
export async function createApiToken(
  db: Executor,
  login: string,
  label: string | null,
  now: string,
  days: number = API_TOKEN_DAYS,
): Promise<{ ok: true; token: string; id: number; expiresAt: string } | { ok: false; message: string }> {
  if (!Number.isInteger(days) || days < 1 || days > API_TOKEN_MAX_DAYS)
    return { ok: false, message: `有效天数应为 1 至 ${API_TOKEN_MAX_DAYS} 的整数。` };
  const user = await findUserByLogin(db, login);
  if (!user) return { ok: false, message: `没有登录名为“${login}”的账号。` };
  if (!user.active) return { ok: false, message: `账号“${login}”已停用。` };
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.parse(now) + days * 86_400_000).toISOString();
  const id = await insertApiToken(db, user.id, hashToken(token), label, now, expiresAt);
  return { ok: true, token, id, expiresAt };
}

/** The tokens (of one login when given), for `gongkai token list`; a Chinese error for an unknown login. */
export async function apiTokensOf(
  db: Executor,
  login: string | null,
): Promise<{ ok: true; tokens: ApiTokenRow[] } | { ok: false; message: string }> {
  if (login === null) return { ok: true, tokens: await listApiTokens(db) };
  const user = await findUserByLogin(db, login);
  if (!user) return { ok: false, message: `没有登录名为“${login}”的账号。` };
  return { ok: true, tokens: await listApiTokens(db, user.id) };
}

/** Revokes a token by its id (as `gongkai token list` shows it). */
export async function revokeApiTokenById(db: Executor, id: number, now: string): Promise<boolean> {
  return revokeApiToken(db, id, now);
}

/** The active user a token belongs to, or null (unknown, revoked, expired, or the account is disabled). */
export async function userOfApiToken(db: Executor, clock: Clock, token: string): Promise<AuthedUser | null> {
  const now = clock.now().toISOString();
  const t = await findApiToken(db, hashToken(token), now);
  const user = t ? await loadAuthedUser(db, t.userId, null) : null;
  if (!t || !user) return null;
  if (!t.lastUsedAt || Date.parse(now) - Date.parse(t.lastUsedAt) > TOUCH_INTERVAL_MS)
    await touchApiToken(db, t.id, now);
  return user;
}

/** The tokens a signed-in user sees in the back office: their own, and those of the accounts they oversee. */
export interface VisibleTokens {
  readonly own: readonly ScopedApiTokenRow[];
  /** Accounts of the viewer's scope (administrators: all; supervisors: their subtree); empty for others. */
  readonly others: readonly ScopedApiTokenRow[];
  readonly overseesOthers: boolean;
}

/** Whether the viewer oversees the accounts of a scope (and so sees and revokes their tokens). */
function oversees(viewer: AuthedUser): boolean {
  return can(viewer, 'users.view');
}

export async function tokensVisibleTo(db: Executor, viewer: AuthedUser): Promise<VisibleTokens> {
  const own = await listApiTokensOfUser(db, viewer.id);
  const others = oversees(viewer) ? await listApiTokensInScope(db, viewer.scope, viewer.id) : [];
  return { own, others, overseesOthers: oversees(viewer) };
}

/**
 * A token the viewer may see and revoke: their own, or one of an account within the scope they oversee.
 * Anything else is “not found” (another agency's token is not even confirmed to exist).
 */
export async function visibleToken(db: Executor, viewer: AuthedUser, id: number): Promise<ScopedApiTokenRow> {
  const t = id > 0 ? await findApiTokenById(db, id) : null;
  if (!t) throw notFound('令牌');
  if (t.userId === viewer.id) return t;
  const inScope =
    viewer.scope.kind === 'all' || (t.agencyPath !== null && scopeIncludes(viewer.scope, t.agencyPath));
  if (!oversees(viewer) || !inScope) throw notFound('令牌');
  return t;
}

/** Creates a token for the signed-in user from the back office, with its audit entry. */
export async function createOwnApiToken(
  db: Db,
  viewer: AuthedUser,
  input: { label: string; days: number },
  now: string,
  ip: string,
): Promise<{ ok: true; token: string; id: number; expiresAt: string } | { ok: false; message: string }> {
  return db.transaction().execute(async (trx) => {
    const r = await createApiToken(trx, viewer.login, input.label, now, input.days);
    if (!r.ok) return r;
    await appendAudit(trx, {
      actor: { userId: viewer.id, login: viewer.login, ip },
      at: now,
      action: 'api_token_created',
      entityType: 'api_token',
      entityId: r.id,
      agencyId: viewer.agencyId,
      summary: `创建 API 令牌“${input.label}”，有效 ${input.days} 天`,
      after: { label: input.label, expiresAt: r.expiresAt },
    });
    return r;
  });
}

/** Revokes a token the viewer may see (see `visibleToken`); false when it was revoked already. */
export async function revokeApiTokenAs(
  db: Db,
  viewer: AuthedUser,
  id: number,
  now: string,
  ip: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const t = await visibleToken(trx, viewer, id);
    if (!(await revokeApiToken(trx, t.id, now))) return false;
    await appendAudit(trx, {
      actor: { userId: viewer.id, login: viewer.login, ip },
      at: now,
      action: 'api_token_revoked',
      entityType: 'api_token',
      entityId: t.id,
      agencyId: t.agencyId,
      summary:
        t.userId === viewer.id
          ? `吊销了自己的 API 令牌“${t.label ?? t.id}”`
          : `吊销了 ${t.login} 的 API 令牌“${t.label ?? t.id}”`,
    });
    return true;
  });
}
