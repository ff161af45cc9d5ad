import type { AuthedUser } from '../accounts/auth.ts';
import { can } from '../accounts/auth.ts';
import type { Deps } from '../shared/deps.ts';
import { paths } from '../shared/paths.ts';
import { Tag } from '../shared/ui/components.tsx';
import { statsByAgency } from './application.repository.ts';
import { dueSoonUntil } from './application.service.ts';

/** The applications part of the back-office dashboard (work queue summary); null when nothing to show. */
export async function applicationsPanel(deps: Deps, viewer: AuthedUser, today: string) {
  if (!can(viewer, 'applications.view')) return null;
  const cal = await deps.calendar.get(deps.db);
  const stats = await statsByAgency(deps.db, viewer.scope, today, dueSoonUntil(cal, today));
  const open = stats.reduce((n, s) => n + s.open, 0);
  const overdue = stats.reduce((n, s) => n + s.overdue, 0);
  const soon = stats.reduce((n, s) => n + s.dueSoon, 0);
  return (
    <li>
      <a href={paths.applications.queue()}>未办结的政府信息公开申请 {open} 件</a>
      {overdue > 0 ? (
        <>
          {' '}
          <a href={paths.applications.queue(undefined, { overdue: '1' })}>
            <Tag tone="red">已逾期 {overdue} 件</Tag>
          </a>
        </>
      ) : null}
      {soon > 0 ? (
        <>
          {' '}
          <a href={paths.applications.queue(undefined, { dueSoon: '1' })}>
            <Tag tone="yellow">3 个工作日内到期 {soon} 件</Tag>
          </a>
        </>
      ) : null}
    </li>
  );
}
