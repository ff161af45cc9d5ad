import { createHash } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import type { ThrottleState } from './login-throttle.rules.ts';

/**
 * Wrong passwords per (login name, client address), shared by every app server through the database
 * (decision 010). Keys are SHA-256 hashes: the table holds neither names nor addresses in clear.
 */

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');
export const loginKey = (login: string) => hash(`login:${login.trim().toLowerCase()}`);
export const throttleKey = (login: string, address: string) =>
  hash(`pair:${login.trim().toLowerCase()}|${address}`);

export async function findThrottle(db: Executor, key: string): Promise<ThrottleState | null> {
  const row = await db
    .selectFrom('login_throttle')
    .select(['failures', 'window_started_at', 'blocked_until'])
    .where('key', '=', key)
    .executeTakeFirst();
  return row
    ? { failures: row.failures, windowStartedAt: row.window_started_at, blockedUntil: row.blocked_until }
    : null;
}

export async function saveThrottle(
  db: Executor,
  key: string,
  login: string,
  state: ThrottleState,
): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values({
      key,
      login_key: loginKey(login),
      failures: state.failures,
      window_started_at: state.windowStartedAt,
      blocked_until: state.blockedUntil,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: state.failures,
        window_started_at: state.windowStartedAt,
        blocked_until: state.blockedUntil,
      }),
    )
    .execute();
}

export async function clearThrottle(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** An administrator's 解锁: every address's count for this login name. */
export async function clearThrottleOfLogin(db: Executor, login: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('login_key', '=', loginKey(login)).execute();
}
