/**
 * 政务公开体检 (issue 6) benchmarks, ratios printed, never asserted:
 * 1. one agency with 10,000 cases and 10,000 items, pure assessment (target < 1 s) vs 100 of each;
 * 2. a 10,000-agency province (target < 60 s), estimated: 1,000 agencies × 100 cases + 100 items in a SQLite
 *    database, loaded by the province path (bulk reads per chunk of agencies, `loadAssessmentInputs`) and
 *    assessed, per agency × 10,000; baseline in the same run: the per-agency path (`loadAssessmentInput`,
 *    about ten queries per agency) on 100 of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { largeInput } from '../src/assessment/fixtures.testing.ts';
import { loadAssessmentInput, loadAssessmentInputs } from '../src/assessment/load.ts';
import { assess, PROFILES } from '../src/assessment/score.ts';
import { seedAgencies } from '../src/assessment/seed.testing.ts';
import { buildCalendar } from '../src/calendar/calendar.ts';
import { SEED_HOLIDAY_YEARS } from '../src/calendar/holidays-data.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const TODAY = '2026-11-25';
const cal = buildCalendar(SEED_HOLIDAY_YEARS);

function single(): void {
  const time = (cases: number, items: number) => {
    const input = largeInput(cases, items);
    assess(input); // warm
    const runs = 3;
    const start = performance.now();
    for (let i = 0; i < runs; i++) assess({ ...input });
    return (performance.now() - start) / runs;
  };
  const base = time(100, 100);
  const big = time(10_000, 10_000);
  console.log(`assess 100 cases + 100 items (baseline): ${base.toFixed(1)} ms`);
  console.log(
    `assess 10,000 cases + 10,000 items: ${big.toFixed(0)} ms (target < 1000 ms; ${(big / 1000).toFixed(2)} of target; ${(big / base).toFixed(0)}× baseline)`,
  );
}

async function province(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-assess-'));
  const handle = await openDatabase({ kind: 'sqlite', file: join(dir, 'bench.db') });
  try {
    await migrateToLatest(handle.db, handle.dialect);
    const AGENCIES = 1_000;
    const SAMPLE = 100;
    const seedStart = performance.now();
    const agencies = await handle.db.transaction().execute((trx) => seedAgencies(trx, AGENCIES, 100, 100));
    console.log(
      `seeded ${AGENCIES} agencies × 100 cases + 100 items in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const opts = { today: TODAY, calendar: cal, localDateOf: (iso: string) => iso.slice(0, 10) };
    const profile = PROFILES['cass-like'];

    // Baseline: the per-agency path (about ten queries per agency), on the first SAMPLE agencies.
    for (const a of agencies.slice(0, 5)) assess(await loadAssessmentInput(handle.db, a, opts)); // warm
    const baseStart = performance.now();
    for (const a of agencies.slice(0, SAMPLE)) assess(await loadAssessmentInput(handle.db, a, opts), profile);
    const basePerAgency = (performance.now() - baseStart) / SAMPLE;
    const baseEstimate = (basePerAgency * 10_000) / 1000;

    // The province path: bulk reads per chunk of agencies, every agency assessed from memory.
    for await (const chunk of loadAssessmentInputs(handle.db, agencies.slice(0, 50), opts)) {
      for (const { input } of chunk) assess(input, profile); // warm
    }
    let loadMs = 0;
    let assessMs = 0;
    let assessed = 0;
    const start = performance.now();
    let mark = start;
    for await (const chunk of loadAssessmentInputs(handle.db, agencies, opts)) {
      const loaded = performance.now();
      loadMs += loaded - mark;
      for (const { input } of chunk) {
        assess(input, profile);
        assessed++;
      }
      mark = performance.now();
      assessMs += mark - loaded;
    }
    const perAgency = (performance.now() - start) / assessed;
    const estimate = (perAgency * 10_000) / 1000;
    console.log(
      `per-agency path (baseline), ${SAMPLE} agencies of 100 cases + 100 items from SQLite: ${basePerAgency.toFixed(1)} ms per agency → 10,000 agencies ≈ ${baseEstimate.toFixed(1)} s (${(baseEstimate / 60).toFixed(2)} of the 60 s target)`,
    );
    console.log(
      `province path, ${assessed} agencies: ${perAgency.toFixed(2)} ms per agency (bulk load ${(loadMs / assessed).toFixed(2)} ms + assess ${(assessMs / assessed).toFixed(2)} ms); ${(basePerAgency / perAgency).toFixed(1)}× faster than the baseline`,
    );
    console.log(
      `10,000-agency province, estimated from ${assessed} agencies, one process: ${estimate.toFixed(1)} s (target < 60 s; ${(estimate / 60).toFixed(2)} of target)`,
    );
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  single();
  await province();
}
