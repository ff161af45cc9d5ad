/**
 * `gongkai mail send`: delivers the pending outbox now (the server also does it every minute when
 * SMTP_URL is set). Without SMTP_URL the mail stays in the outbox, marked 未发送（未配置邮件服务器）.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import type { Io } from '../shared/io.ts';
import { createSmtpMailer } from './mailer.ts';
import { markUnconfigured, UNCONFIGURED } from './outbox.repository.ts';
import { deliverPending } from './sender.ts';

export interface CliEnv {
  readonly db: Db;
  readonly config: Config;
  readonly clock: Clock;
}

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

export async function runMailCommand(argv: string[], io: Io, env: CliEnv): Promise<number> {
  if (argv[0] !== 'send' || argv.length > 1) {
    io.stderr('用法：gongkai mail send');
    return 2;
  }
  return deliverOutboxNow(env, io);
}
