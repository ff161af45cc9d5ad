/**
 * Bearer tokens of the JSON API: created for a user (`npx gongkai token create --user LOGIN` prints one,
 * shown once; only its SHA-256 is stored) and resolved back to the user on each API request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import {
  type ApiTokenRow,
  findApiToken,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from './api-token.repository.ts';
import type { AuthedUser } from './auth.ts';
import { loadAuthedUser } from './auth.ts';
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
