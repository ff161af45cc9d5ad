/**
 * The worker loop (decision 013), run by `gongkai worker` and, with RUN_JOBS_IN_WEB, inside the web
 * process: each round it records the scheduled runs that are due (one per job and day or hour across all
 * workers), claims and runs due runs one at a time under a renewed lease, retrying failures with back-off,
 * then delivers the outbox (when SMTP_URL is set). `stop()` lets the job or message in hand finish.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Mailer } from '../mail/mailer.ts';
import { deliverPending } from '../mail/sender.ts';
import { localDate } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import {
  claimDueRun,
  ensureRun,
  type JobRun,
  markRunDone,
  markRunFailed,
  renewLease,
} from './job.repository.ts';
import { dueRun, retryAt } from './job.rules.ts';
import type { JobDefinition } from './jobs.ts';
import type { Metrics } from './metrics.ts';

export interface WorkerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  readonly jobs: readonly JobDefinition[];
  /** The outbox is delivered through it; null: no SMTP server configured, mail stays queued. */
  readonly mailer: Mailer | null;
  readonly log: WorkerLog;
  /** Pause between rounds (default 5 s). */
  readonly pollMs?: number;
  /** Wait this long before the first round (default 0). */
  readonly firstDelayMs?: number;
  /** How long a claim holds without renewal (default 2 min; renewed every third of it while running). */
  readonly leaseMs?: number;
  /** Counts failed mail deliveries for the metrics. */
  readonly metrics?: Pick<Metrics, 'mailFailures'> | null;
}

export interface RunningWorker {
  readonly id: string;
  /** Asks the loop to stop after the job or message in hand, and waits for it. */
  stop(): Promise<void>;
  /** Settles when the loop has stopped. */
  readonly done: Promise<void>;
}

function describeError(err: unknown): string {
  const e = err as { message?: string };
  return e?.message ?? String(err);
}

export function startWorker(deps: Deps, options: WorkerOptions): RunningWorker {
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollMs = options.pollMs ?? 5_000;
  const leaseMs = options.leaseMs ?? 120_000;
  const { db, dialect, clock, config } = deps;
  const names = options.jobs.map((j) => j.name);
  const ensured = new Set<string>();
  let stopping = false;
  let wake: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function scheduleDueRuns(now: Date): Promise<void> {
    for (const job of options.jobs) {
      const run = dueRun(job.name, job.schedule, now, config.timeZone);
      if (!run || ensured.has(run.runKey)) continue;
      await ensureRun(db, { name: job.name, ...run, maxAttempts: job.maxAttempts ?? 5 }, now.toISOString());
      ensured.add(run.runKey);
    }
  }

  async function runOne(run: JobRun): Promise<void> {
    const job = options.jobs.find((j) => j.name === run.name);
    if (!job) return;
    const renew = setInterval(() => {
      const until = new Date(clock.now().getTime() + leaseMs).toISOString();
      renewLease(db, run.id, id, until).catch((err) => options.log.error({ err }, 'lease renewal failed'));
    }, leaseMs / 3);
    renew.unref();
    const started = clock.now();
    try {
      const result = await job.run(deps, {
        day: localDate(new Date(run.runAt), config.timeZone),
        now: started,
      });
      await markRunDone(db, run.id, id, result, clock.now().toISOString());
      options.log.info({ job: run.name, runKey: run.runKey, attempt: run.attempts, result }, 'job done');
    } catch (err) {
      const next = retryAt(run.attempts, run.maxAttempts, clock.now());
      await markRunFailed(db, run.id, id, describeError(err), next, clock.now().toISOString());
      options.log.error(
        { err, job: run.name, runKey: run.runKey, attempt: run.attempts, retryAt: next },
        'job failed',
      );
    } finally {
      clearInterval(renew);
    }
  }

  async function round(): Promise<void> {
    await scheduleDueRuns(clock.now());
    while (!stopping) {
      const now = clock.now();
      const run = await claimDueRun(
        db,
        dialect,
        names,
        id,
        now.toISOString(),
        new Date(now.getTime() + leaseMs).toISOString(),
      );
      if (!run) break;
      await runOne(run);
    }
    if (!options.mailer) return;
    for (let batch = 0; batch < 50 && !stopping; batch++) {
      const r = await deliverPending(db, options.mailer, clock.now(), { shouldStop: () => stopping });
      options.metrics?.mailFailures(r.retrying + r.failed);
      if (r.sent + r.retrying + r.failed > 0)
        options.log.info({ sent: r.sent, retrying: r.retrying, failed: r.failed }, 'outbox delivered');
      if (r.sent + r.retrying + r.failed === 0) break;
    }
  }

  const done = (async () => {
    if (options.firstDelayMs) await sleep(options.firstDelayMs);
    while (!stopping) {
      try {
        await round();
      } catch (err) {
        // The database unreachable, say: logged, and the next round tries again.
        options.log.error({ err }, 'worker round failed');
      }
      if (!stopping) await sleep(pollMs);
    }
  })();

  return {
    id,
    done,
    async stop() {
      stopping = true;
      wake?.();
      await done;
    },
  };
}
