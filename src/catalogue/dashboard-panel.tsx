import type { AuthedUser } from '../accounts/auth.ts';
import type { Deps } from '../app.tsx';

/** The proactive-disclosure part of the dashboard (items to review, Art. 26 overdue marks). */
export async function cataloguePanel(_deps: Deps, _viewer: AuthedUser, _today: string) {
  return <li>主动公开信息的发布与审核：功能建设中。</li>;
}
