/**
 * The scheduled jobs of `gongkai worker` (and of the web process when RUN_JOBS_IN_WEB): what each does,
 * when, and in Chinese for the 后台任务 page. Adding a job is one entry in `scheduledJobs`.
 */
import { join } from 'node:path';
import { purgeExpiredUploads } from '../applications/documents.service.ts';
import { queueDailyReminders } from '../applications/reminder.ts';
import { runBackup } from '../backup/backup.service.ts';
import type { Config } from '../config.ts';
import { renderMissingPublishedFiles } from '../reports/report-files.service.ts';
import { queueReviewDigests } from '../review/digest.ts';
import type { Deps } from '../shared/deps.ts';
import type { Schedule } from './job.rules.ts';

export interface JobContext {
  /** The local day the run belongs to (YYYY-MM-DD): a retry on the next day still does that day's work. */
  readonly day: string;
  readonly now: Date;
}

export interface JobDefinition {
  /** Stable name, the first part of each run key. */
  readonly name: string;
  /** What the back office calls it. */
  readonly label: string;
  readonly schedule: Schedule;
  /** Attempts before a run is marked failed (default 5: with back-off, about 8 minutes of retries). */
  readonly maxAttempts?: number;
  /** Does the work; returns one line in Chinese for the page. Throws to be retried. */
  run(deps: Deps, ctx: JobContext): Promise<string>;
}

const remind: JobDefinition = {
  name: 'remind',
  label: '每日到期提醒',
  schedule: { kind: 'daily', at: '08:00' },
  async run(deps, { day, now }) {
    const cal = await deps.calendar.get(deps.db);
    const r = await queueDailyReminders(deps.db, cal, day, deps.config.publicBaseUrl, now.toISOString());
    return `${r.agencies} 个机构有逾期或即将到期的申请；新生成提醒邮件 ${r.queued} 封`;
  },
};

const digest: JobDefinition = {
  name: 'digest',
  label: '每日审核汇总',
  schedule: { kind: 'daily', at: '08:30' },
  async run(deps, { day, now }) {
    const { publicBaseUrl, timeZone } = deps.config;
    const r = await queueReviewDigests(deps.db, day, publicBaseUrl, timeZone, now.toISOString());
    return `${r.agencies} 个机构有等待审核的事项；新生成审核汇总邮件 ${r.queued} 封`;
  },
};

const purgeUploads: JobDefinition = {
  name: 'purge-uploads',
  label: '清理过期未提交的上传文件',
  schedule: { kind: 'hourly' },
  async run(deps, { now }) {
    return `删除过期未提交的上传文件 ${await purgeExpiredUploads(deps, now.toISOString())} 个`;
  },
};

const reportFiles: JobDefinition = {
  name: 'report-files',
  label: '预先生成已发布年报的文件',
  schedule: { kind: 'daily', at: '03:00' },
  async run(deps, { now }) {
    const r = await renderMissingPublishedFiles(deps.db, now.toISOString());
    return `核对已发布年报 ${r.reports} 份；新生成文件 ${r.rendered} 个${r.failed > 0 ? `，${r.failed} 个暂时无法生成（将在首次下载时生成）` : ''}`;
  },
};

/** What a backup reports (src/backup/backup.service.ts `BackupOutcome`, structurally). */
export type BackupResult =
  | { readonly ok: true; readonly dir: string }
  | { readonly ok: false; readonly problem: string };

/**
 * The daily backup at `at` (BACKUP_AT) into a new folder per day under `root` (BACKUP_DIR), e.g.
 * `/var/backups/gongkai/2026-11-25`; a refused or failed backup is retried with back-off.
 */
export function backupJob(
  root: string,
  at: string,
  backup: (deps: Deps, dir: string) => Promise<BackupResult>,
): JobDefinition {
  return {
    name: 'backup',
    label: '定时备份',
    schedule: { kind: 'daily', at },
    maxAttempts: 3,
    async run(deps, { day }) {
      const r = await backup(deps, join(root, day));
      if (!r.ok) throw new Error(r.problem);
      return `已备份到 ${r.dir}`;
    },
  };
}

/** Every scheduled job for this configuration: the daily backup only when BACKUP_DIR is set. */
export function scheduledJobs(config: Config): readonly JobDefinition[] {
  return [
    remind,
    digest,
    purgeUploads,
    reportFiles,
    ...(config.backupDir ? [backupJob(config.backupDir, config.backupAt, runBackup)] : []),
  ];
}

/** A job's label by name (runs of jobs no longer defined show their name). */
export function jobLabel(jobs: readonly JobDefinition[], name: string): string {
  return jobs.find((j) => j.name === name)?.label ?? name;
}
