/** `gongkai remind [--date YYYY-MM-DD]`: queues the day's reminders to clerks and reviewers, then delivers. */
import { isIsoDate } from '../calendar/dates.ts';
import { deliverOutboxNow } from '../mail/mail.cli.ts';
import { parseCommandArgs, runWithArgs, UsageError } from '../shared/cli-args.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import type { Io } from '../shared/io.ts';
import { queueDailyReminders } from './reminder.ts';

export const REMIND_USAGE = 'remind [--date 日期]';

/** The arguments of `gongkai remind`: the day (default: today), as `{ date }`. */
export function parseRemindArgs(argv: readonly string[]): { readonly date: string | undefined } {
  const { date } = parseCommandArgs(argv, { options: { date: { type: 'string' } } }).values;
  if (date !== undefined && !isIsoDate(date))
    throw new UsageError(`日期“${date}”无效，应为YYYY-MM-DD格式的真实日期，例如 2026-11-25。`);
  return { date };
}

type RemindDeps = Pick<Deps, 'db' | 'config' | 'clock' | 'calendar'>;

/** `gongkai remind` with its arguments after `remind`; bad arguments → usage, exit 2. */
export async function runRemindCommand(argv: readonly string[], io: Io, env: RemindDeps): Promise<number> {
  return runWithArgs(
    io,
    `用法：gongkai ${REMIND_USAGE}`,
    () => parseRemindArgs(argv),
    (args) => remind(args, io, env),
  );
}

/** Queues the day's reminders (default: today) and delivers the outbox. */
export async function remind(
  args: { readonly date: string | undefined },
  io: Io,
  env: RemindDeps,
): Promise<number> {
  const date = args.date ?? todayIn(env.clock, env.config.timeZone)();
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
