/**
 * The throttle's rule, pure. Wrong passwords are counted per (login name, address) within a window of
 * `windowMinutes`; at `maxFailures` that pair waits `windowMinutes` before it may try again. The same
 * holds whether the login name exists or not, so the answers never tell which accounts exist; and an
 * attacker's address never locks the account's owner out — the owner signs in from their own address.
 */

/** Wrong passwords of one (login name, address) pair: how many in the window, and until when it waits. */
export interface ThrottleState {
  readonly failures: number;
  readonly windowStartedAt: string;
  readonly blockedUntil: string | null;
}

export interface ThrottlePolicy {
  readonly maxFailures: number;
  readonly windowMinutes: number;
}

/** When the pair may try again, or null when it may now. */
export function blockedUntil(state: ThrottleState | null, now: Date): string | null {
  if (!state?.blockedUntil) return null;
  return state.blockedUntil > now.toISOString() ? state.blockedUntil : null;
}

/** The state after one more wrong password. */
export function afterFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const windowMs = policy.windowMinutes * 60_000;
  const fresh = !state || now.getTime() - Date.parse(state.windowStartedAt) > windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now.toISOString() : state.windowStartedAt;
  return {
    failures,
    windowStartedAt,
    blockedUntil: failures >= policy.maxFailures ? new Date(now.getTime() + windowMs).toISOString() : null,
  };
}
