/**
 * `gongkai worker`: runs the jobs (outbox delivery, daily reminders and digest, the upload purge, backups)
 * until SIGTERM or SIGINT, after which the job or message in hand is finished and the process exits 0.
 * Any number may run on one database; set RUN_JOBS_IN_WEB=false on the app servers then.
 */
import { createSmtpMailer } from '../mail/mailer.ts';
import { EXIT_OK } from '../shared/cli-args.ts';
import type { Deps } from '../shared/deps.ts';
import type { Io } from '../shared/io.ts';
import { closePdfBrowser } from '../shared/pdf.ts';
import { scheduledJobs } from './jobs.ts';
import { jsonLog } from './json-log.ts';
import { createMetrics, startMetricsServer } from './metrics.ts';
import { startWorker } from './worker.ts';

export const WORKER_USAGE = 'worker';

export async function runWorker(io: Io, deps: Deps): Promise<number> {
  const { config } = deps;
  const mailer =
    config.smtpUrl && config.mailFrom
      ? createSmtpMailer(config.smtpUrl, config.mailFrom, config.uploadDir)
      : null;
  const log = jsonLog((l) => io.stdout(l));
  const jobs = scheduledJobs(config);
  const metrics = config.metricsPort === null ? null : createMetrics(deps, 'worker');
  const metricsServer = metrics
    ? await startMetricsServer(metrics.registry, config.metricsPort ?? 0, config.metricsHost)
    : null;
  if (metricsServer) log.info({ metricsPort: metricsServer.port }, 'metrics listening');
  const worker = startWorker(deps, { jobs, mailer, log, metrics });
  log.info(
    { worker: worker.id, jobs: jobs.map((j) => j.name), mail: mailer !== null },
    mailer ? 'worker started' : 'worker started without SMTP_URL: mail stays in the outbox',
  );
  const stop = (signal: string) => {
    log.info({ signal }, 'stopping after the job in hand');
    void worker.stop();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await worker.done;
  mailer?.close();
  await metricsServer?.close();
  await closePdfBrowser();
  log.info({ worker: worker.id }, 'worker stopped');
  return EXIT_OK;
}
