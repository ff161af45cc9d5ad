import type { FastifyInstance } from 'fastify';
import type { Deps } from '../shared/deps.ts';
import { createSmtpMailer } from './mailer.ts';
import { startBackgroundSender } from './sender.ts';

/**
 * Delivers the outbox in the background every minute while the app runs, when SMTP_URL is set; stopped
 * by the app's onClose hook. Not in tests unless `deps.backgroundMail` asks for it.
 */
export function registerMailDelivery(app: FastifyInstance, deps: Deps): void {
  const { config } = deps;
  if (!config.smtpUrl || !config.mailFrom) return;
  if (!(deps.backgroundMail ?? config.env !== 'test')) return;
  const mailer = createSmtpMailer(config.smtpUrl, config.mailFrom, config.uploadDir);
  const sender = startBackgroundSender({
    db: deps.db,
    mailer,
    clock: deps.clock,
    onError: (err) => app.log.error({ err }, 'outbox delivery failed'),
  });
  app.addHook('onClose', async () => {
    await sender.stop();
    mailer.close();
  });
}
