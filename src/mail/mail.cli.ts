/**
 * `gongkai mail send`: delivers the pending outbox now (the server also does it every minute when
 * SMTP_URL is set). Without SMTP_URL the mail stays in the outbox, marked 未发送（未配置邮件服务器）.
 */
import { parseCommandArgs, UsageError } from '../shared/cli-args.ts';
import type { Deps } from '../shared/deps.ts';
import type { Io } from '../shared/io.ts';
import { createSmtpMailer } from './mailer.ts';
import { markUnconfigured, UNCONFIGURED } from './outbox.repository.ts';
import { deliverPending } from './sender.ts';

/** What the mail commands need of the application's dependencies. */
export type CliEnv = Pick<Deps, 'db' | 'config' | 'clock'>;

/** Delivers every due message (in batches); prints one line of Chinese. Returns 1 when some failed for good. */
export async function deliverOutboxNow(env: CliEnv, io: Io): Promise<number> {
  const { db, config, clock } = env;
  if (!config.smtpUrl || !config.mailFrom) {
    const pending = await markUnconfigured(db);
    io.stdout(
      pending > 0
        ? `发件箱中有 ${pending} 封邮件${UNCONFIGURED}。设置 SMTP_URL 和 MAIL_FROM 后运行 gongkai mail send 发送。`
        : '发件箱中没有待发送的邮件。',
    );
    return 0;
  }
  const mailer = createSmtpMailer(config.smtpUrl, config.mailFrom, config.uploadDir);
  let sent = 0;
  let retrying = 0;
  let failed = 0;
  try {
    for (let batch = 0; batch < 100; batch++) {
      const r = await deliverPending(db, mailer, clock.now());
      sent += r.sent;
      retrying += r.retrying;
      failed += r.failed;
      if (r.sent + r.retrying + r.failed === 0) break;
    }
  } finally {
    mailer.close();
  }
  io.stdout(
    sent + retrying + failed === 0
      ? '发件箱中没有到期待发送的邮件。'
      : `已发送 ${sent} 封邮件${retrying > 0 ? `；${retrying} 封发送失败，稍后自动重试` : ''}${failed > 0 ? `；${failed} 封多次发送失败，不再重试` : ''}。`,
  );
  return failed > 0 ? 1 : 0;
}

export const MAIL_USAGE = 'mail send';

/** The arguments of `gongkai mail`: exactly the subcommand `send`. */
export function parseMailArgs(argv: readonly string[]): 'send' {
  const { positionals } = parseCommandArgs(argv, { allowPositionals: true });
  if (positionals.length !== 1 || positionals[0] !== 'send') {
    throw new UsageError(
      positionals.length === 0 ? '缺少子命令 send。' : `无法识别的参数“${positionals.join(' ')}”。`,
    );
  }
  return 'send';
}
