import type { AuthedUser } from './auth.ts';
import { ROLE_LABELS, scopeOf } from './roles.ts';
import type { UserWithAgency } from './user.repository.ts';

/** The signed-in user as routes see it, from the stored user (session cookie or API token). */
export function authedUserOf(user: UserWithAgency, sessionIdHash: string): AuthedUser {
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    agencyId: user.agencyId,
    agencyName: user.agencyName,
    agencyPath: user.agencyPath,
    scope: scopeOf({ role: user.role, agencyId: user.agencyId, agencyPath: user.agencyPath }),
    sessionIdHash,
  };
}
