import type { AuthedUser } from '../accounts/auth.ts';
import type { Deps } from '../app.tsx';

/** The applications part of the back-office dashboard (work queue summary); null when nothing to show. */
export async function applicationsPanel(_deps: Deps, _viewer: AuthedUser, _today: string) {
  return <li>政府信息公开申请的登记与办理：功能建设中，开通后将在此按答复期限列出待办申请。</li>;
}
