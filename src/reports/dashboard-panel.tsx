import type { AuthedUser } from '../accounts/auth.ts';
import type { Deps } from '../app.tsx';

/** The annual-report part of the back-office dashboard (due dates from 30 days before); null when nothing to show. */
export async function reportsPanel(_deps: Deps, _viewer: AuthedUser, _today: string) {
  return <li>政府信息公开工作年度报告：功能建设中，开通后将在报送截止日前 30 天起在此提醒。</li>;
}
