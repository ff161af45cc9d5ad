/** What the 后台任务 page shows: recent runs, the schedule, and the depth of both queues. */
import { countOutboxByStatus } from '../mail/outbox.repository.ts';
import { formatDateTime } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { countRunsByStatus, type JobStatus, recentRuns } from './job.repository.ts';
import { type JobDefinition, jobLabel, scheduledJobs } from './jobs.ts';

export interface JobRunLine {
  readonly id: number;
  readonly label: string;
  readonly runKey: string;
  readonly statusLabel: string;
  readonly tone: 'grey' | 'green' | 'red' | 'yellow' | 'blue';
  readonly attempts: string;
  readonly runAt: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly worker: string;
  readonly result: string | null;
  readonly lastError: string | null;
  /** For a pending run that failed before: when it is tried again. */
  readonly nextAttempt: string | null;
}

export interface ScheduleLine {
  readonly label: string;
  readonly when: string;
}

export interface JobsOverview {
  readonly runs: readonly JobRunLine[];
  readonly schedule: readonly ScheduleLine[];
  readonly jobs: Readonly<Record<JobStatus, number>>;
  readonly mail: { readonly pending: number; readonly sending: number; readonly failed: number };
  readonly runJobsInWeb: boolean;
  readonly smtpConfigured: boolean;
}

const STATUS: Readonly<Record<JobStatus, { label: string; tone: JobRunLine['tone'] }>> = {
  pending: { label: '等待执行', tone: 'yellow' },
  running: { label: '正在执行', tone: 'blue' },
  done: { label: '已完成', tone: 'green' },
  failed: { label: '失败', tone: 'red' },
};

function scheduleText(job: JobDefinition): string {
  return job.schedule.kind === 'daily' ? `每天 ${job.schedule.at}` : '每小时';
}

export async function jobsOverview(deps: Deps, limit = 100): Promise<JobsOverview> {
  const { db, config } = deps;
  const jobs = scheduledJobs(config);
  const tz = config.timeZone;
  const [runs, counts, mail] = await Promise.all([
    recentRuns(db, limit),
    countRunsByStatus(db),
    countOutboxByStatus(db),
  ]);
  return {
    runs: runs.map((r) => ({
      id: r.id,
      label: jobLabel(jobs, r.name),
      runKey: r.runKey,
      statusLabel: r.status === 'pending' && r.attempts > 0 ? '等待重试' : STATUS[r.status].label,
      tone: STATUS[r.status].tone,
      attempts: `${r.attempts} / ${r.maxAttempts}`,
      runAt: formatDateTime(r.runAt, tz),
      startedAt: formatDateTime(r.startedAt, tz),
      finishedAt: formatDateTime(r.finishedAt, tz),
      worker: r.lockedBy ?? '—',
      result: r.status === 'done' ? r.result : null,
      lastError: r.lastError,
      nextAttempt: r.status === 'pending' && r.attempts > 0 ? formatDateTime(r.runAt, tz) : null,
    })),
    schedule: jobs.map((j) => ({ label: j.label, when: scheduleText(j) })),
    jobs: counts,
    mail: { pending: mail.pending, sending: mail.sending, failed: mail.failed },
    runJobsInWeb: config.runJobsInWeb,
    smtpConfigured: Boolean(config.smtpUrl && config.mailFrom),
  };
}
