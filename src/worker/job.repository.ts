/**
 * The only module that queries the `jobs` table (decision 013). A scheduled run is inserted by every
 * worker that sees it due, but its unique `run_key` keeps one row; a worker claims a due row with one
 * UPDATE (on PostgreSQL over `FOR UPDATE SKIP LOCKED`, so workers never wait on each other; SQLite has one
 * writer) and holds it under a lease it renews while the job runs; a lease that ran out (its worker died)
 * makes the row claimable again.
 */
import type { Selectable } from 'kysely';
import type { Db, Dialect, Executor, JobTable } from '../db/database.ts';

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobRun {
  readonly id: number;
  readonly name: string;
  readonly runKey: string;
  readonly status: JobStatus;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAt: string;
  readonly lockedBy: string | null;
  readonly leaseUntil: string | null;
  readonly lastError: string | null;
  readonly result: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly createdAt: string;
}

function toRun(r: Selectable<JobTable>): JobRun {
  return {
    id: Number(r.id),
    name: r.name,
    runKey: r.run_key,
    status: r.status as JobStatus,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: r.run_at,
    lockedBy: r.locked_by,
    leaseUntil: r.lease_until,
    lastError: r.last_error,
    result: r.result,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    createdAt: r.created_at,
  };
}

/** Records a run as due unless a worker already did (same run key); returns whether this call added it. */
export async function ensureRun(
  db: Executor,
  run: { name: string; runKey: string; runAt: string; maxAttempts: number },
  now: string,
): Promise<boolean> {
  const r = await db
    .insertInto('jobs')
    .values({
      name: run.name,
      run_key: run.runKey,
      payload_json: null,
      status: 'pending',
      attempts: 0,
      max_attempts: run.maxAttempts,
      run_at: run.runAt,
      locked_by: null,
      lease_until: null,
      last_error: null,
      result: null,
      started_at: null,
      finished_at: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('run_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Claims the oldest due run among `names` (pending and due, or running with an expired lease) for `worker`
 * until `leaseUntil`; null when there is none. One statement: two workers never get the same row.
 */
export async function claimDueRun(
  db: Db,
  dialect: Dialect,
  names: readonly string[],
  worker: string,
  now: string,
  leaseUntil: string,
): Promise<JobRun | null> {
  if (names.length === 0) return null;
  // Two simple conditions rather than one OR, so each walks the (status, run_at) index.
  return (
    (await claimOne(db, dialect, names, worker, now, leaseUntil, 'pending')) ??
    (await claimOne(db, dialect, names, worker, now, leaseUntil, 'expired'))
  );
}

async function claimOne(
  db: Db,
  dialect: Dialect,
  names: readonly string[],
  worker: string,
  now: string,
  leaseUntil: string,
  which: 'pending' | 'expired',
): Promise<JobRun | null> {
  const due = db
    .selectFrom('jobs')
    .select('id')
    .$if(which === 'pending', (q) => q.where('status', '=', 'pending').where('run_at', '<=', now))
    .$if(which === 'expired', (q) => q.where('status', '=', 'running').where('lease_until', '<', now))
    .where('name', 'in', names)
    // By due time alone, so the index gives the first row without sorting the rest.
    .orderBy('run_at')
    .limit(1)
    .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked());
  const r = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      locked_by: worker,
      lease_until: leaseUntil,
      started_at: now,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', (eb) => eb.selectFrom(due.as('due')).select('due.id'))
    // The row may have changed between the subquery and the update on PostgreSQL (READ COMMITTED re-checks
    // only the locked row's current version): the state is checked again here.
    .where('status', '=', which === 'pending' ? 'pending' : 'running')
    .returningAll()
    .executeTakeFirst();
  return r ? toRun(r) : null;
}

/** Extends the lease of a run this worker still holds; false when it lost it (lease expired, taken over). */
export async function renewLease(db: Db, id: number, worker: string, leaseUntil: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ lease_until: leaseUntil })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', worker)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markRunDone(
  db: Db,
  id: number,
  worker: string,
  result: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: 'done',
      result: result.slice(0, 500),
      last_error: null,
      lease_until: null,
      finished_at: now,
    })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .where('status', '=', 'running')
    .execute();
}

/** A failed attempt: pending again at `retryAt`, or `failed` for good when that is null. */
export async function markRunFailed(
  db: Db,
  id: number,
  worker: string,
  error: string,
  retryAt: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: retryAt === null ? 'failed' : 'pending',
      last_error: error.slice(0, 500),
      lease_until: null,
      finished_at: now,
      ...(retryAt === null ? {} : { run_at: retryAt }),
    })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .where('status', '=', 'running')
    .execute();
}

/** The most recent runs, newest first (the back office's 后台任务 page). */
export async function recentRuns(db: Executor, limit: number): Promise<JobRun[]> {
  const rows = await db.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRun);
}

/** How many runs stand in each state. */
export async function countRunsByStatus(db: Executor): Promise<Record<JobStatus, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const out: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) out[r.status as JobStatus] = Number(r.n);
  return out;
}
