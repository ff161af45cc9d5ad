/**
 * The pure part of the worker (decision 013): when a scheduled job is due and under which run key, and how
 * long a failed run waits before the next attempt. `now` and the time zone are passed in.
 */
import { localDate, startOfLocalDay } from '../shared/clock.ts';

/** When a job runs: once a day at a local time (HH:MM), or once an hour. */
export type Schedule = { readonly kind: 'daily'; readonly at: string } | { readonly kind: 'hourly' };

/** One run of a scheduled job: unique per job and day (or hour) across all workers. */
export interface ScheduledRun {
  /** e.g. `remind:2026-11-25`, `purge-uploads:2026-11-25T10`. */
  readonly runKey: string;
  /** The instant the run became due (UTC ISO). */
  readonly runAt: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether `at` is a local time of day HH:MM (00:00–23:59). */
export function isTimeOfDay(at: string): boolean {
  return HH_MM.test(at);
}

/**
 * The run of `job` that is due at `now`, or null when today's time has not come yet (a daily job does not
 * make up a day it missed: the next day's run covers it, as the reminders and digest look at open work).
 */
export function dueRun(job: string, schedule: Schedule, now: Date, timeZone: string): ScheduledRun | null {
  const day = localDate(now, timeZone);
  const midnight = startOfLocalDay(day, timeZone).getTime();
  if (schedule.kind === 'hourly') {
    const hour = Math.floor((now.getTime() - midnight) / 3_600_000);
    return {
      runKey: `${job}:${day}T${String(hour).padStart(2, '0')}`,
      runAt: new Date(midnight + hour * 3_600_000).toISOString(),
    };
  }
  const m = HH_MM.exec(schedule.at);
  if (!m) throw new Error(`invalid time of day ${schedule.at}`);
  const at = midnight + (Number(m[1]) * 60 + Number(m[2])) * 60_000;
  if (now.getTime() < at) return null;
  return { runKey: `${job}:${day}`, runAt: new Date(at).toISOString() };
}

/** Delay before the next attempt after `attempts` failed ones: 30 s, 1, 2, 4 … minutes, at most one hour. */
export function jobBackoffMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** The next attempt of a run that failed its `attempts`-th time, or null when it has used them all. */
export function retryAt(attempts: number, maxAttempts: number, now: Date): string | null {
  if (attempts >= maxAttempts) return null;
  return new Date(now.getTime() + jobBackoffMs(attempts)).toISOString();
}
