/**
 * Delivers the outbox: claims due rows one at a time (conditional UPDATE, so several app processes can
 * run senders at once), sends each through the `Mailer` outside any transaction, and marks it sent, or
 * pending again with exponential backoff, or failed after `MAX_ATTEMPTS`.
 */
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import type { Mailer } from './mailer.ts';
import { claim, dueIds, markAttemptFailed, markSent, releaseStaleClaims } from './outbox.repository.ts';

/** After this many failed attempts a message is marked failed and no longer retried (≈ 2 days of tries). */
export const MAX_ATTEMPTS = 12;
/** A claim older than this belongs to a sender that died mid-send; the row is retried. */
const STALE_CLAIM_MS = 15 * 60_000;
/** Delay before the next attempt after `attempts` failures: 1, 2, 4 … minutes, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(6 * 3600_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryResult {
  /** Delivered now. */
  readonly sent: number;
  /** Failed now and will be tried again later. */
  readonly retrying: number;
  /** Failed now for the last time. */
  readonly failed: number;
}

function describeError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const code = e?.responseCode ? `SMTP ${e.responseCode}` : (e?.code ?? '');
  return `${code ? `${code}：` : ''}${e?.message ?? String(err)}`;
}

/** Delivers every due pending message (up to `limit`). Never throws for a delivery failure. */
export async function deliverPending(
  db: Db,
  mailer: Mailer,
  now: Date,
  options: { limit?: number; shouldStop?: () => boolean } = {},
): Promise<DeliveryResult> {
  const nowIso = now.toISOString();
  await releaseStaleClaims(db, new Date(now.getTime() - STALE_CLAIM_MS).toISOString());
  let sent = 0;
  let retrying = 0;
  let failed = 0;
  for (const id of await dueIds(db, nowIso, options.limit ?? 200)) {
    // Asked to stop (SIGTERM): the message in hand is finished, the rest stay pending for the next run.
    if (options.shouldStop?.()) break;
    const row = await claim(db, id, nowIso);
    if (!row) continue; // another process took it
    try {
      await mailer.send({
        to: row.to,
        subject: row.subject,
        text: row.text,
        html: row.html ?? undefined,
        attachments: row.attachments,
      });
      await markSent(db, row.id, nowIso);
      sent++;
    } catch (err) {
      const last = row.attempts >= MAX_ATTEMPTS;
      await markAttemptFailed(
        db,
        row.id,
        describeError(err),
        last ? null : new Date(now.getTime() + backoffMs(row.attempts)).toISOString(),
      );
      if (last) failed++;
      else retrying++;
    }
  }
  return { sent, retrying, failed };
}

export interface BackgroundSender {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `deliverPending` every `intervalMs` (default one minute) until stopped. Runs never overlap; an
 * unexpected error (database unreachable) is logged and the next run tries again.
 */
export function startBackgroundSender(options: {
  db: Db;
  mailer: Mailer;
  clock: Clock;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}): BackgroundSender {
  const interval = options.intervalMs ?? 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = deliverPending(options.db, options.mailer, options.clock.now())
        .then(
          () => {},
          (err) => options.onError?.(err),
        )
        .finally(() => {
          running = null;
          schedule();
        });
    }, interval);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
