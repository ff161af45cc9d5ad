/**
 * The worker's queue (docs/decisions/013-worker-and-observability.md): how fast two workers drain 2,000 due
 * runs from the `jobs` table (claim with one UPDATE — over FOR UPDATE SKIP LOCKED on PostgreSQL — then mark
 * done), against the floor measured in the same run: 2,000 single-row UPDATEs by primary key of the same
 * table (two per run, as the claim and the completion are). On SQLite, and on PostgreSQL when
 * TEST_POSTGRES_URL is set. Timings are printed, never asserted.
 */
import { sql } from 'kysely';
import type { Db, Dialect } from '../src/db/database.ts';
import { claimDueRun, ensureRun, markRunDone } from '../src/worker/job.repository.ts';
import { createTestDatabase } from '../test/support/test-db.ts';

const N = 2000;
const NOW = '2026-11-25T02:00:00.000Z';
const LEASE = '2026-11-25T02:02:00.000Z';

async function fill(db: Db, prefix: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < N; i++)
      await ensureRun(trx, { name: 'bench', runKey: `${prefix}:${i}`, runAt: NOW, maxAttempts: 5 }, NOW);
  });
}

async function drain(db: Db, dialect: Dialect, worker: string): Promise<number> {
  let n = 0;
  for (;;) {
    const run = await claimDueRun(db, dialect, ['bench'], worker, NOW, LEASE);
    if (!run) return n;
    await markRunDone(db, run.id, worker, 'ok', NOW);
    n++;
  }
}

async function one(label: string): Promise<void> {
  const d = await createTestDatabase();
  try {
    await fill(d.db, 'a');
    let t0 = performance.now();
    const counts = await Promise.all([drain(d.db, d.dialect, 'w1'), drain(d.db, d.dialect, 'w2')]);
    const queue = performance.now() - t0;
    if (counts[0] + counts[1] !== N) throw new Error(`drained ${counts[0] + counts[1]} of ${N}`);
    const dup = await d.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('attempts', '!=', 1)
      .executeTakeFirst();

    const ids = (await d.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((r) => Number(r.id));
    t0 = performance.now();
    for (const id of ids) {
      await sql`UPDATE jobs SET locked_by = ${'x'} WHERE id = ${id}`.execute(d.db);
      await sql`UPDATE jobs SET result = ${'y'} WHERE id = ${id}`.execute(d.db);
    }
    const floor = performance.now() - t0;
    console.log(
      `  ${label.padEnd(11)} 2 workers drain ${N} runs ${queue.toFixed(0).padStart(6)} ms (${((N / queue) * 1000).toFixed(0)} runs/s; split ${counts.join('/')}; runs taken twice: ${Number(dup?.n ?? 0)})   floor ${2 * N} single-row UPDATEs ${floor.toFixed(0).padStart(6)} ms   ratio ${(queue / floor).toFixed(2)}`,
    );
  } finally {
    await d.destroy();
  }
}

export async function run(): Promise<void> {
  const pg = process.env.TEST_POSTGRES_URL;
  delete process.env.TEST_POSTGRES_URL;
  await one('SQLite');
  if (pg) {
    process.env.TEST_POSTGRES_URL = pg;
    await one('PostgreSQL');
  } else console.log('  PostgreSQL  (set TEST_POSTGRES_URL to measure)');
}
