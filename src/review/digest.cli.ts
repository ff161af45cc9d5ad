/** `gongkai digest [--date YYYY-MM-DD]`: queues the day's digest to reviewers (待我审核), then delivers. */
import { parseRemindArgs } from '../applications/reminder.cli.ts';
import { deliverOutboxNow } from '../mail/mail.cli.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import type { Io } from '../shared/io.ts';
import { queueReviewDigests } from './digest.ts';

export const DIGEST_USAGE = 'digest [--date 日期]';

/** The arguments of `gongkai digest`: the day (default: today), as `{ date }`; the same as `remind`'s. */
export const parseDigestArgs = parseRemindArgs;

type DigestDeps = Pick<Deps, 'db' | 'config' | 'clock'>;

/** Queues the day's digests (default: today) and delivers the outbox. */
export async function digest(
  args: { readonly date: string | undefined },
  io: Io,
  env: DigestDeps,
): Promise<number> {
  const date = args.date ?? todayIn(env.clock, env.config.timeZone)();
  const r = await queueReviewDigests(
    env.db,
    date,
    env.config.publicBaseUrl,
    env.config.timeZone,
    env.clock.now().toISOString(),
  );
  if (r.agencies === 0) io.stdout(`${date}：没有等待审核的文书或主动公开信息，不发送审核汇总。`);
  else
    io.stdout(
      `${date}：${r.agencies} 个机构有等待审核的事项；新生成审核汇总邮件 ${r.queued} 封${r.alreadyQueued > 0 ? `，${r.alreadyQueued} 封此前已生成，不再重复` : ''}。`,
    );
  if (r.withoutRecipients.length > 0)
    io.stderr(`以下机构没有填写电子邮箱的审核人，未能发送审核汇总：${r.withoutRecipients.join('、')}`);
  return deliverOutboxNow(env, io);
}
