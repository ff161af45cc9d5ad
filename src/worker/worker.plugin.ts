import type { FastifyInstance } from 'fastify';
import { createSmtpMailer } from '../mail/mailer.ts';
import type { Deps } from '../shared/deps.ts';
import { scheduledJobs } from './jobs.ts';
import type { Metrics } from './metrics.ts';
import { type RunningWorker, startWorker } from './worker.ts';

/**
 * The single-process quick start: with RUN_JOBS_IN_WEB (default true) the web process runs the worker's
 * loop itself — the outbox every minute when SMTP_URL is set, the reminders, digest and upload purge on
 * their schedule — and stops it when the app closes. With RUN_JOBS_IN_WEB=false `gongkai worker` does it.
 * Not in tests unless `deps.backgroundMail` asks for it.
 */
export function registerEmbeddedWorker(app: FastifyInstance, deps: Deps, metrics: Metrics | null): void {
  const { config } = deps;
  if (!config.runJobsInWeb) return;
  if (!(deps.backgroundMail ?? config.env !== 'test')) return;
  const mailer =
    config.smtpUrl && config.mailFrom
      ? createSmtpMailer(config.smtpUrl, config.mailFrom, config.uploadDir)
      : null;
  // Started once the server is listening; the first round after a minute, then every minute.
  let worker: RunningWorker | null = null;
  app.addHook('onReady', async () => {
    worker = startWorker(deps, {
      jobs: scheduledJobs(config),
      mailer,
      metrics,
      pollMs: 60_000,
      firstDelayMs: 60_000,
      log: {
        info: (obj, msg) => app.log.info(obj, msg),
        error: (obj, msg) => app.log.error(obj, msg),
      },
    });
  });
  app.addHook('onClose', async () => {
    await worker?.stop();
    mailer?.close();
  });
}
