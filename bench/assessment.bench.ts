/**
 * 政务公开体检 (docs/domain/README.md#assessment) benchmarks, ratios printed, never asserted:
 * 1. one agency with 10,000 cases and 10,000 items, pure assessment (target < 1 s) vs 100 of each;
 * 2. a real 10,000-agency province (target < 60 s) in a SQLite database: every agency loaded by the province
 *    path (bulk reads per chunk of agencies, `loadAssessmentInputs`) and assessed, one process. Baseline in
 *    the same run: one agency at a time (`loadAssessmentInput`, about ten queries per agency) on a sample,
 *    extrapolated to the province.
 *
 * Volumes per agency are a street office's year: 30 applications (each with its timeline and a sent reply
 * letter) and 300 catalogue items. `GONGKAI_BENCH_AGENCIES` runs a smaller province (then extrapolated).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { findAgenciesByIds } from '../src/agencies/agency.repository.ts';
import { largeInput } from '../src/assessment/fixtures.testing.ts';
import { loadAssessmentInput, loadAssessmentInputs } from '../src/assessment/load.ts';
import { assess, PROFILES } from '../src/assessment/score.ts';
import { seedAgenciesSqlite } from '../src/assessment/seed.testing.ts';
import { buildCalendar } from '../src/calendar/calendar.ts';
import { SEED_HOLIDAY_YEARS } from '../src/calendar/holidays-data.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const TODAY = '2026-11-25';
const cal = buildCalendar(SEED_HOLIDAY_YEARS);
const PROVINCE = 10_000;
const TARGET_S = 60;
const CASES = 30;
const ITEMS = 300;
const SAMPLE = 100;

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
  const agencyCount = Number(process.env.GONGKAI_BENCH_AGENCIES ?? PROVINCE);
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-assess-'));
  const file = join(dir, 'bench.db');
  try {
    const migrated = await openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(migrated.db, migrated.dialect);
    await migrated.close();
    const seedStart = performance.now();
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    const ids = seedAgenciesSqlite(sqlite, agencyCount, CASES, ITEMS);
    sqlite.close();
    console.log(
      `seeded ${agencyCount} agencies × ${CASES} applications + ${ITEMS} catalogue items in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const handle = await openDatabase({ kind: 'sqlite', file });
    try {
      const agencies = (await findAgenciesByIds(handle.db, ids)).sort((a, b) => a.id - b.id);
      const opts = { today: TODAY, calendar: cal, localDateOf: (iso: string) => iso.slice(0, 10) };
      const profile = PROFILES['cass-like'];

      // Baseline: one agency at a time (about ten queries each), on a sample spread over the province.
      const step = Math.max(1, Math.floor(agencies.length / SAMPLE));
      const sample = agencies.filter((_, i) => i % step === 0).slice(0, SAMPLE);
      for (const a of sample.slice(0, 5)) assess(await loadAssessmentInput(handle.db, a, opts), profile); // warm
      const baseStart = performance.now();
      for (const a of sample) assess(await loadAssessmentInput(handle.db, a, opts), profile);
      const basePerAgency = (performance.now() - baseStart) / sample.length;
      const baseEstimate = (basePerAgency * PROVINCE) / 1000;
      console.log(
        `one agency at a time (baseline), ${sample.length} agencies: ${basePerAgency.toFixed(2)} ms per agency → ${PROVINCE} agencies ≈ ${baseEstimate.toFixed(1)} s (${(baseEstimate / TARGET_S).toFixed(2)} of the ${TARGET_S} s target)`,
      );

      // The province path: bulk reads per chunk of agencies, every agency assessed from memory.
      let loadMs = 0;
      let assessMs = 0;
      let assessed = 0;
      let vetoes = 0;
      const start = performance.now();
      let mark = start;
      for await (const { input } of loadAssessmentInputs(handle.db, agencies, opts)) {
        const loaded = performance.now();
        loadMs += loaded - mark;
        if (assess(input, profile).vetoFailed) vetoes++;
        assessed++;
        mark = performance.now();
        assessMs += mark - loaded;
      }
      const totalS = (performance.now() - start) / 1000;
      const perAgency = (totalS * 1000) / assessed;
      const provinceS = assessed >= PROVINCE ? totalS : (perAgency * PROVINCE) / 1000;
      console.log(
        `province path, ${assessed} agencies (${vetoes} with a failed veto): ${totalS.toFixed(1)} s = ${perAgency.toFixed(2)} ms per agency (bulk load ${(loadMs / assessed).toFixed(2)} ms + assess ${(assessMs / assessed).toFixed(2)} ms); ${(basePerAgency / perAgency).toFixed(1)}× faster than the baseline`,
      );
      console.log(
        `${PROVINCE}-agency province${assessed >= PROVINCE ? '' : `, extrapolated from ${assessed} agencies`}, one process: ${provinceS.toFixed(1)} s (target < ${TARGET_S} s; ${(provinceS / TARGET_S).toFixed(2)} of target)`,
      );
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  single();
  await province();
}
