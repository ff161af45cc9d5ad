/**
 * Bearer tokens of the JSON API: created for a user (`npx gongkai token create --user LOGIN` prints one,
 * shown once; only its SHA-256 is stored) and resolved back to the user on each API request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { findApiToken, insertApiToken, touchApiToken } from './api-token.repository.ts';
import type { AuthedUser } from './auth.ts';
import { loadAuthedUser } from './auth.ts';
import { findUserByLogin } from './user.repository.ts';

export const API_TOKEN_PREFIX = 'gk_';
/** `last_used_at` is written at most this often per token. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token for a user; returns the token (shown once) or a Chinese error. */
export async function createApiToken(
  db: Executor,
  login: string,
  label: string | null,
  now: string,
): Promise<{ ok: true; token: string } | { ok: false; message: string }> {
  const user = await findUserByLogin(db, login);
  if (!user) return { ok: false, message: `没有登录名为“${login}”的账号。` };
  if (!user.active) return { ok: false, message: `账号“${login}”已停用。` };
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await insertApiToken(db, user.id, hashToken(token), label, now);
  return { ok: true, token };
}

/** The active user a token belongs to, or null (unknown, revoked, or the account is disabled). */
export async function userOfApiToken(db: Executor, clock: Clock, token: string): Promise<AuthedUser | null> {
  const t = await findApiToken(db, hashToken(token));
  const user = t ? await loadAuthedUser(db, t.userId, null) : null;
  if (!t || !user) return null;
  const now = clock.now().toISOString();
  if (!t.lastUsedAt || Date.parse(now) - Date.parse(t.lastUsedAt) > TOUCH_INTERVAL_MS)
    await touchApiToken(db, t.id, now);
  return user;
}
