/** `gongkai remind [--date YYYY-MM-DD]`: queues the day's reminders to clerks and reviewers, then delivers. */
import type { CalendarProvider } from '../calendar/calendar.repository.ts';
import { isIsoDate } from '../calendar/dates.ts';
import { type CliEnv, deliverOutboxNow } from '../mail/mail.cli.ts';
import { localDate } from '../shared/clock.ts';
import type { Io } from '../shared/io.ts';
import { queueDailyReminders } from './reminder.ts';

export async function runRemindCommand(
  argv: string[],
  io: Io,
  env: CliEnv & { readonly calendar: CalendarProvider },
): Promise<number> {
  let date = localDate(env.clock.now(), env.config.timeZone);
  const rest = [...argv];
  while (rest.length > 0) {
    const arg = rest.shift();
    if (arg === '--date' && rest[0] && isIsoDate(rest[0])) date = rest.shift() as string;
    else {
      io.stderr('用法：gongkai remind [--date YYYY-MM-DD]（日期应为有效的日期，例如 2026-11-25）');
      return 2;
    }
  }
  const cal = await env.calendar.get(env.db);
  const r = await queueDailyReminders(
    env.db,
    cal,
    date,
    env.config.publicBaseUrl,
    env.clock.now().toISOString(),
  );
  if (r.agencies === 0) io.stdout(`${date}：没有已逾期或即将到期的申请，不发送提醒。`);
  else
    io.stdout(
      `${date}：${r.agencies} 个机构有已逾期或即将到期的申请；新生成提醒邮件 ${r.queued} 封${r.alreadyQueued > 0 ? `，${r.alreadyQueued} 封此前已生成，不再重复` : ''}。`,
    );
  if (r.withoutRecipients.length > 0)
    io.stderr(`以下机构没有填写电子邮箱的经办人或审核人，未能提醒：${r.withoutRecipients.join('、')}`);
  return deliverOutboxNow(env, io);
}
