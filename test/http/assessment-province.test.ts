import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName, listAgencies } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { assessAgencies, assessAgency } from '../../src/assessment/assessment.service.ts';
import type { AssessmentInput, Period } from '../../src/assessment/input.ts';
import { loadAssessmentInput, loadAssessmentInputs } from '../../src/assessment/load.ts';
import { assess, PROFILES, type ProfileId } from '../../src/assessment/score.ts';
import { seedAgencies } from '../../src/assessment/seed.testing.ts';
import { CalendarProvider } from '../../src/calendar/calendar.repository.ts';
import type { Db } from '../../src/db/database.ts';
import { localDate } from '../../src/shared/clock.ts';
import { paths } from '../../src/shared/paths.ts';
import { startTestApp, TEST_NOW, type TestContext, textOf } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * The province path (bulk reads per chunk of agencies, then every agency assessed from memory) gives exactly
 * what assessing each agency alone gives: the same input, the same assessment under every profile, on the
 * demo data and on a generated multi-agency dataset with faults that differ per agency. SQLite, or
 * PostgreSQL when TEST_POSTGRES_URL is set.
 */
const TODAY = localDate(new Date(TEST_NOW), 'Asia/Shanghai');
const localDateOf = (iso: string) => localDate(new Date(iso), 'Asia/Shanghai');

/** The input without the calendar (the same object on both paths; too large to compare field by field). */
function comparable(input: AssessmentInput): unknown {
  const { calendar, ...rest } = input;
  return rest;
}

async function compareBothPaths(
  db: Db,
  agencies: readonly Agency[],
  period: Period | undefined,
  chunkSize?: number,
): Promise<number> {
  const calendar = await new CalendarProvider().get(db);
  const opts = { today: TODAY, calendar, localDateOf, ...(period ? { period } : {}) };
  const bulk = new Map<number, AssessmentInput>();
  for await (const { agency, input } of loadAssessmentInputs(db, agencies, opts, chunkSize)) {
    bulk.set(agency.id, input);
  }
  assert.deepEqual(
    [...bulk.keys()],
    agencies.map((a) => a.id),
  );
  let compared = 0;
  for (const agency of agencies) {
    const alone = await loadAssessmentInput(db, agency, opts);
    const fast = bulk.get(agency.id) as AssessmentInput;
    assert.equal(fast.calendar, alone.calendar);
    assert.deepEqual(comparable(fast), comparable(alone), `input of ${agency.name}`);
    for (const id of Object.keys(PROFILES) as ProfileId[]) {
      const profile = PROFILES[id];
      assert.deepEqual(assess(fast, profile), assess(alone, profile), `${id} assessment of ${agency.name}`);
    }
    compared++;
  }
  return compared;
}

describe('province path over the demo data', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('loads every agency in bulk exactly as alone, in one chunk and in small chunks', async () => {
    const agencies = await listAgencies(t.database.db, { kind: 'all' });
    assert.ok(agencies.length > 5);
    assert.equal(await compareBothPaths(t.database.db, agencies, undefined), agencies.length);
    await compareBothPaths(t.database.db, agencies, { from: '2026-01-01', to: '2026-06-30' }, 3);
    await compareBothPaths(t.database.db, agencies, { from: '2025-01-01', to: '2025-12-31' }, 2);
  });

  it('assessAgencies equals assessAgency of each agency (the subtree table)', async () => {
    const db = t.database.db;
    const agencies = await listAgencies(db, { kind: 'all' });
    const calendar = await new CalendarProvider().get(db);
    const o = { today: TODAY, calendar, profile: 'cass-like', localDateOf } as const;
    const fast: unknown[] = [];
    await assessAgencies(db, agencies, o, (_agency, s) => fast.push(s));
    const alone: unknown[] = [];
    for (const a of agencies) alone.push((await assessAgency(db, a, { ...o, trend: false })).assessment);
    assert.deepEqual(fast, alone);
  });

  it('shows the supervisor the same subtree table', async () => {
    const s = t.agent();
    await s.login('demo-supervisor');
    const res = await s.get(paths.assessment.overview());
    assert.equal(res.statusCode, 200);
    const xinyuan = await findAgencyByName(t.database.db, '欣园街道');
    assert.ok(xinyuan);
    const { assessment: alone } = await assessAgency(t.database.db, xinyuan, {
      today: TODAY,
      calendar: await new CalendarProvider().get(t.database.db),
      profile: 'cass-like',
      localDateOf,
      trend: false,
    });
    const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, ''));
    const row = `宽城区欣园街道办事处 ${n(alone.percent ?? 0)}% ${n(alone.total)} / ${n(alone.maxTotal)} `;
    assert.ok(textOf(res.body).includes(row), row);
  });
});

describe('province path over a generated multi-agency dataset', () => {
  let database: TestDatabase;
  let agencies: Agency[];
  before(async () => {
    database = await createTestDatabase();
    agencies = await seedAgencies(database.db, 12, 40, 30, true);
  });
  after(async () => database.destroy());

  it('gives each agency the assessment it gets alone, across chunk boundaries', async () => {
    const db = database.db;
    // The generated faults differ per agency: the comparison is not between identical agencies.
    const calendar = await new CalendarProvider().get(db);
    const percents = new Set<number | null>();
    for (const a of agencies) {
      const input = await loadAssessmentInput(db, a, { today: TODAY, calendar, localDateOf });
      percents.add(assess(input).percent);
    }
    assert.ok(percents.size > 3, `varied results (${[...percents].join(', ')})`);
    assert.equal(await compareBothPaths(db, agencies, undefined, 5), agencies.length);
    await compareBothPaths(db, agencies, { from: '2026-03-01', to: '2026-09-30' }, 500);
    // A subset in another order, with the district itself (an ancestor of the others) among them.
    const root = (await listAgencies(db, { kind: 'all' })).find((a) => a.depth === 0) as Agency;
    await compareBothPaths(db, [agencies[7] as Agency, root, agencies[2] as Agency], undefined, 2);
  });
});
