/**
 * The daily reminder to clerks and reviewers (docs/domain/README.md#applications): for each agency with open applications that
 * are overdue or due within `DUE_SOON_WORKING_DAYS` working days, one e-mail to each active clerk and
 * reviewer of the agency with an e-mail address, listing the cases by deadline with links to their pages.
 * Idempotent: the outbox remembers (user, date), so a second run for the same date queues nothing.
 */
import { ROLE_LABELS, type Role } from '../accounts/roles.ts';
import { listMailRecipients, type MailRecipient } from '../accounts/user.repository.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { formatChineseDate } from '../calendar/dates.ts';
import { workingDaysBetween } from '../calendar/workdays.ts';
import type { Db } from '../db/database.ts';
import { enqueueMail } from '../mail/outbox.repository.ts';
import { paths } from '../shared/paths.ts';
import { type DueRow, listDueOpen } from './application.repository.ts';
import { dueSoonUntil } from './application.service.ts';
import type { MailContent } from './notifications.ts';
import { DUE_SOON_WORKING_DAYS, STATUS_LABELS } from './rules/timeline.ts';

/** Who receives the reminder. */
export const REMINDER_ROLES: readonly Role[] = ['clerk', 'reviewer'];

export interface ReminderResult {
  readonly date: string;
  /** Agencies with overdue or due-soon cases. */
  readonly agencies: number;
  /** Messages queued by this run. */
  readonly queued: number;
  /** Messages skipped because they were already queued for this date (an earlier run). */
  readonly alreadyQueued: number;
  /** Agencies with cases due but no active clerk or reviewer with an e-mail address. */
  readonly withoutRecipients: readonly string[];
}

export function reminderDedupeKey(userId: number, date: string): string {
  return `reminder:${userId}:${date}`;
}

/** The reminder of one agency for one recipient. Pure. */
export function reminderMail(
  cal: Calendar,
  date: string,
  agencyName: string,
  rows: readonly DueRow[],
  recipient: Pick<MailRecipient, 'displayName' | 'role'>,
  publicBaseUrl: string,
): MailContent {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const overdue = rows.filter((r) => r.replyDue < date);
  const soon = rows.filter((r) => r.replyDue >= date);
  const line = (r: DueRow): string[] => {
    const n =
      r.replyDue < date
        ? workingDaysBetween(cal, r.replyDue, date)
        : workingDaysBetween(cal, date, r.replyDue);
    const when =
      r.replyDue < date
        ? `已超过答复期限${n > 0 ? ` ${n} 个工作日` : ''}`
        : n === 0
          ? '今天到期'
          : `还剩 ${n} 个工作日`;
    return [
      `  ${r.serial}　答复期限 ${formatChineseDate(r.replyDue)}${r.provisional ? '（暂定）' : ''}，${when}　${STATUS_LABELS[r.status]}`,
      `  ${base}${paths.applications.show({ applicationId: r.id })}`,
    ];
  };
  const parts: string[] = [];
  if (overdue.length > 0) parts.push(`已逾期（${overdue.length} 件）：`, ...overdue.flatMap(line), '');
  if (soon.length > 0)
    parts.push(`${DUE_SOON_WORKING_DAYS} 个工作日内到期（${soon.length} 件）：`, ...soon.flatMap(line), '');
  const counts = [
    overdue.length > 0 ? `已逾期 ${overdue.length} 件` : null,
    soon.length > 0 ? `${DUE_SOON_WORKING_DAYS} 个工作日内到期 ${soon.length} 件` : null,
  ]
    .filter(Boolean)
    .join('，');
  return {
    subject: `【政府信息公开】${agencyName}：${counts}（${formatChineseDate(date)}）`,
    text: [
      `${recipient.displayName}（${ROLE_LABELS[recipient.role]}）：您好！`,
      '',
      `截至 ${formatChineseDate(date)}，${agencyName}有以下政府信息公开申请需要及时答复（按答复期限排序）：`,
      '',
      ...parts,
      `全部待办申请：${base}${paths.applications.queue()}`,
      '',
      '此邮件由政府信息公开工作系统每个工作日自动发送，请勿直接回复。',
      '',
    ].join('\n'),
  };
}

/** Queues the day's reminders in one transaction; see the module comment. */
export async function queueDailyReminders(
  db: Db,
  cal: Calendar,
  date: string,
  publicBaseUrl: string,
  now: string,
): Promise<ReminderResult> {
  return db.transaction().execute(async (trx) => {
    const rows = await listDueOpen(trx, dueSoonUntil(cal, date));
    const byAgency = new Map<number, DueRow[]>();
    for (const r of rows) byAgency.set(r.agencyId, [...(byAgency.get(r.agencyId) ?? []), r]);
    const recipients = await listMailRecipients(trx, [...byAgency.keys()], REMINDER_ROLES);
    let queued = 0;
    let alreadyQueued = 0;
    const withoutRecipients: string[] = [];
    for (const [agencyId, due] of byAgency) {
      const to = recipients.filter((u) => u.agencyId === agencyId);
      const agencyName = due[0]?.agencyName ?? '';
      if (to.length === 0) withoutRecipients.push(agencyName);
      for (const u of to) {
        const mail = reminderMail(cal, date, agencyName, due, u, publicBaseUrl);
        const added = await enqueueMail(
          trx,
          {
            kind: 'reminder',
            to: u.email,
            subject: mail.subject,
            text: mail.text,
            dedupeKey: reminderDedupeKey(u.id, date),
            agencyId,
            userId: u.id,
          },
          now,
        );
        if (added) queued++;
        else alreadyQueued++;
      }
    }
    return { date, agencies: byAgency.size, queued, alreadyQueued, withoutRecipients };
  });
}
