import type { AuthedUser } from '../accounts/auth.ts';
import { can } from '../accounts/auth.ts';
import { findAgency } from '../agencies/agency.repository.ts';
import { addCalendarDays } from '../calendar/dates.ts';
import type { Deps } from '../shared/deps.ts';
import { paths } from '../shared/paths.ts';
import { findAnnualReport } from './report.repository.ts';
import { dueDate, STATUS_LABELS } from './report.service.ts';

/** Days before the due date from which the dashboard reminds (docs/domain/regulation.md#art-49). */
export const REMINDER_DAYS = 30;

/** The annual-report part of the back-office dashboard (due dates from 30 days before); null when nothing to show. */
export async function reportsPanel(deps: Deps, viewer: AuthedUser, today: string) {
  if (!can(viewer, 'reports.view') || viewer.agencyId === null) return null;
  const agency = await findAgency(deps.db, viewer.agencyId);
  if (!agency) return null;
  const year = Number(today.slice(0, 4)) - 1;
  const report = await findAnnualReport(deps.db, agency.id, year);
  const due = dueDate(agency, year, report);
  if (report?.status === 'published' || today < addCalendarDays(due, -REMINDER_DAYS)) return null;
  const href = paths.reports.show({ agencyId: agency.id, year });
  return (
    <li>
      <a href={href}>{year}年度政府信息公开工作年度报告</a>
      ：应于 {due} 前发布（当前状态：{report ? STATUS_LABELS[report.status] : '未开始'}）
      {today > due ? '，已逾期' : ''}。
    </li>
  );
}
