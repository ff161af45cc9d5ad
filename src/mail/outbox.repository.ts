/**
 * The only module that queries the `outbox` table. A message is written with `enqueueMail` inside the
 * transaction of the change that causes it (so a rolled-back change sends nothing and a committed one is
 * never lost), and delivered later by the sender, which claims rows one by one with a conditional UPDATE
 * (safe with several app processes on SQLite and PostgreSQL alike).
 */
import type { Selectable } from 'kysely';
import type { Executor, OutboxTable, Trx } from '../db/database.ts';
import type { OutboxFilter } from './outbox.model.ts';

/** Who a message is for: the applicant, the daily reminder of deadlines, or a reviewer's work (审核通知). */
export type OutboxKind = 'applicant' | 'reminder' | 'review';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** Shown for pending mail when no SMTP server is configured. */
export const UNCONFIGURED = '未发送（未配置邮件服务器）';

export const OUTBOX_STATUS_LABELS: Readonly<Record<OutboxStatus, string>> = {
  pending: '待发送',
  sending: '正在发送',
  sent: '已发送',
  failed: '发送失败',
};

/** A file a queued message carries: read from `path` when the message is delivered. */
export interface MailAttachment {
  readonly fileName: string;
  readonly contentType: string;
  /** Absolute path of the stored file. */
  readonly path: string;
  readonly size: number;
}

export interface NewMail {
  readonly kind: OutboxKind;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string | null;
  /** When set, a second message with the same key is not queued (e.g. `reminder:7:2026-11-25`). */
  readonly dedupeKey?: string | null;
  readonly applicationId?: number | null;
  readonly agencyId?: number | null;
  readonly userId?: number | null;
  readonly attachments?: readonly MailAttachment[] | null;
}

export interface OutboxRow {
  readonly id: number;
  readonly kind: OutboxKind;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly dedupeKey: string | null;
  readonly applicationId: number | null;
  readonly agencyId: number | null;
  readonly userId: number | null;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: string;
  readonly sentAt: string | null;
  readonly createdAt: string;
  readonly attachments: readonly MailAttachment[];
}

/** Queues a message in the caller's transaction; returns false when its dedupe key was already queued. */
export async function enqueueMail(trx: Trx, m: NewMail, now: string): Promise<boolean> {
  const r = await trx
    .insertInto('outbox')
    .values({
      kind: m.kind,
      to_address: m.to,
      subject: m.subject,
      body_text: m.text,
      body_html: m.html ?? null,
      dedupe_key: m.dedupeKey ?? null,
      application_id: m.applicationId ?? null,
      agency_id: m.agencyId ?? null,
      user_id: m.userId ?? null,
      status: 'pending',
      attempts: 0,
      last_error: null,
      next_attempt_at: now,
      claimed_at: null,
      sent_at: null,
      created_at: now,
      attachments_json: m.attachments && m.attachments.length > 0 ? JSON.stringify(m.attachments) : null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

function toRow(r: Selectable<OutboxTable>): OutboxRow {
  return {
    id: r.id,
    kind: r.kind as OutboxKind,
    to: r.to_address,
    subject: r.subject,
    text: r.body_text,
    html: r.body_html,
    dedupeKey: r.dedupe_key,
    applicationId: r.application_id,
    agencyId: r.agency_id,
    userId: r.user_id,
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at,
    createdAt: r.created_at,
    attachments: r.attachments_json ? (JSON.parse(r.attachments_json) as MailAttachment[]) : [],
  };
}

export async function findOutboxRow(db: Executor, id: number): Promise<OutboxRow | null> {
  const r = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRow(r) : null;
}

/** The messages of one application (newest last), for the case page and tests. */
export async function listOutbox(
  db: Executor,
  filter: { applicationId?: number; kind?: OutboxKind } = {},
): Promise<OutboxRow[]> {
  let q = db.selectFrom('outbox').selectAll();
  if (filter.applicationId !== undefined) q = q.where('application_id', '=', filter.applicationId);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  return (await q.orderBy('id').execute()).map(toRow);
}

/** Ids of pending messages whose next attempt is due, oldest first. */
export async function dueIds(db: Executor, now: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims one pending message for this sender: a conditional UPDATE that only one process can win (the
 * row is `pending` for exactly one of them). Returns the claimed row, or null when another sender won.
 */
export async function claim(db: Executor, id: number, now: string): Promise<OutboxRow | null> {
  const r = await db
    .updateTable('outbox')
    .set((eb) => ({ status: 'sending', claimed_at: now, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  return findOutboxRow(db, id);
}

export async function markSent(db: Executor, id: number, now: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: now, last_error: null, claimed_at: null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** Records a failed attempt: back to pending with the next attempt time, or `failed` for good. */
export async function markAttemptFailed(
  db: Executor,
  id: number,
  error: string,
  retryAt: string | null,
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: retryAt === null ? 'failed' : 'pending',
      last_error: error.slice(0, 500),
      claimed_at: null,
      ...(retryAt === null ? {} : { next_attempt_at: retryAt }),
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** Returns claims older than `before` (a sender that died mid-send) to pending; returns how many. */
export async function releaseStaleClaims(db: Executor, before: string): Promise<number> {
  const r = await db
    .updateTable('outbox')
    .set({ status: 'pending', claimed_at: null })
    .where('status', '=', 'sending')
    .where('claimed_at', '<', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Marks pending mail as kept unsent because no SMTP server is configured; returns how many are pending. */
export async function markUnconfigured(db: Executor): Promise<number> {
  await db
    .updateTable('outbox')
    .set({ last_error: UNCONFIGURED })
    .where('status', '=', 'pending')
    .where('last_error', 'is', null)
    .execute();
  const r = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** How a message stands, in Chinese (for pages and the command line). */
export function outboxStatusText(r: Pick<OutboxRow, 'status' | 'lastError' | 'attempts'>): string {
  if (r.status === 'pending' && r.lastError === UNCONFIGURED) return UNCONFIGURED;
  if (r.status === 'pending' && r.lastError) return `待重试（已尝试 ${r.attempts} 次：${r.lastError}）`;
  if (r.status === 'failed') return `发送失败（已尝试 ${r.attempts} 次：${r.lastError ?? '原因不明'}）`;
  return OUTBOX_STATUS_LABELS[r.status];
}

/** What the back-office outbox page lists: one agency's mail (null = every agency, for administrators). */

function filtered(db: Executor, f: Pick<OutboxFilter, 'agencyId' | 'status'>) {
  let q = db.selectFrom('outbox');
  if (f.agencyId !== null) q = q.where('agency_id', '=', f.agencyId);
  if (f.status === 'pending') q = q.where('status', 'in', ['pending', 'sending']);
  else if (f.status !== 'all') q = q.where('status', '=', f.status);
  return q;
}

/** A page of outgoing mail, newest first, with the total count. */
export async function listOutboxPage(
  db: Executor,
  f: OutboxFilter,
): Promise<{ rows: OutboxRow[]; total: number }> {
  const rows = await filtered(db, f)
    .selectAll()
    .orderBy('id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const n = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return { rows: rows.map(toRow), total: Number(n?.n ?? 0) };
}

/** How many messages failed for good (for the dashboard). */
export async function countFailed(db: Executor, agencyId: number | null): Promise<number> {
  const n = await filtered(db, { agencyId, status: 'failed' })
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(n?.n ?? 0);
}

/** How many messages stand in each state, across every agency (queue depth for the jobs page and metrics). */
export async function countOutboxByStatus(db: Executor): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status as OutboxStatus] = Number(r.n);
  return out;
}

/**
 * Puts a failed message back in the queue, due now, with a fresh set of attempts (a clerk's 重新发送);
 * returns false when it was not failed (already resent or delivered meanwhile).
 */
export async function requeueFailed(trx: Trx, id: number, now: string): Promise<boolean> {
  const r = await trx
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, claimed_at: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** user@example.com → u***@example.com (lists and logs never show a full address). */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}
