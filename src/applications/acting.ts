import type { AuthedUser } from '../accounts/auth.ts';
import type { AuditActor } from '../audit/audit.repository.ts';

/** Who acts and when: what every staff use case needs to check the rules and write its audit entry. */
export interface Acting {
  readonly viewer: AuthedUser;
  readonly actor: AuditActor;
  /** The instant of the request (ISO). */
  readonly now: string;
  /** Today in the configured time zone (YYYY-MM-DD). */
  readonly today: string;
}
