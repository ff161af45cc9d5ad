/**
 * Annual-report benchmarks (docs/domain/README.md#annual-report), each printed with its target or its baseline and the ratio:
 * 1. reading and checking reports per second on one core (the seven shared real reports, round-robin;
 *    target ≥ 500/s), wall clock and per CPU-second, with a baseline measured in the same run and
 *    interleaved with it: normalising the same texts and scanning them for digit runs;
 * 2. a year's report for an agency with 100,000 applications: SQL aggregate + counting + rules
 *    (target < 1 s);
 * 3. rolling up 10,000 agencies with 1,000,000 applications (figures per agency, total, missing and
 *    erroneous reports) vs the bare SQL GROUP BY over the same rows (target < 5 s and ≤ 2×);
 * 4. bounded work on pathological input and in-memory counting, the timings the unit tests used to
 *    assert (src/reports/reader/split.test.ts, reader/fuzz.test.ts, count/count.test.ts);
 * 5. the same seven reports laid out every way of reader/layouts.testing.ts (one cell per line, CRLF,
 *    glued, broken numbers, HTML …: the template-aligned stream and its repairs), target ≥ 500/s, with
 *    the originals measured interleaved as the baseline;
 * 6. PDFs read by position (issue 13): the placed words of the real 12.pdf and the blank-column PDF
 *    (pdftotext run once) read and checked, target ≥ 500/s, the same reports' layout text interleaved
 *    as the baseline; and whole PDF files (two pdftotext runs, every reading compared, the check) per
 *    second against `pdftotext -layout` alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { findAgency, listAgencies } from '../src/agencies/agency.repository.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { checkBytes, checkText } from '../src/reports/checker.ts';
import { tallyApplications } from '../src/reports/count/count.ts';
import { FIXTURE_IDS, FIXTURES_DIR, fixtureText } from '../src/reports/fixtures.testing.ts';
import { pdfToPlacedPages, pdfToText } from '../src/reports/reader/files.ts';
import type { ReadReport } from '../src/reports/reader/index.ts';
import { normalizeLabel } from '../src/reports/reader/labels.ts';
import { LAYOUTS, layoutReport } from '../src/reports/reader/layouts.testing.ts';
import { placedText, readPlacedPages } from '../src/reports/reader/placed.ts';
import type { PlacedPage } from '../src/reports/reader/positioned.ts';
import { splitTokens } from '../src/reports/reader/split.ts';
import { checkDocument } from '../src/reports/report.model.ts';
import { buildDocument, rollup } from '../src/reports/report.service.ts';
import { runRules } from '../src/reports/rules/index.ts';

function line(what: string, value: string, baseline: string, ratio: number) {
  console.log(`${what.padEnd(52)} ${value.padStart(12)}   ${baseline.padEnd(28)} ratio ${ratio.toFixed(2)}`);
}

/** The cheapest pass any reader must make over a report: normalise every character and find the digit runs. */
function scanOnly(text: string): number {
  const normalized = normalizeLabel(text);
  let runs = 0;
  const digits = /\d+/g;
  while (digits.exec(normalized) !== null) runs++;
  return runs;
}

/** Calls `fn` over the texts round-robin for `ms`; returns calls, wall ms and CPU ms. */
function timed(texts: readonly string[], ms: number, fn: (text: string) => unknown) {
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn(texts[n % texts.length] ?? '');
    n++;
  }
  const cpu = process.cpuUsage(cpu0);
  return { n, wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 };
}

function readAndCheck(): void {
  const texts = FIXTURE_IDS.map(fixtureText);
  const bytes = texts.reduce((s, t) => s + Buffer.byteLength(t), 0);
  for (let i = 0; i < 30; i++) {
    checkText(texts[i % texts.length] ?? '');
    scanOnly(texts[i % texts.length] ?? '');
  }
  // Interleaved slices so that both measurements see the same machine load (the cores are shared).
  const check = { n: 0, wall: 0, cpu: 0 };
  const scan = { n: 0, wall: 0, cpu: 0 };
  for (let round = 0; round < 6; round++) {
    for (const [acc, ms, fn] of [
      [check, 500, (t: string) => checkText(t)],
      [scan, 100, scanOnly],
    ] as const) {
      const r = timed(texts, ms, fn);
      acc.n += r.n;
      acc.wall += r.wall;
      acc.cpu += r.cpu;
    }
  }
  const perSecond = check.n / (check.wall / 1000);
  const perCpuSecond = check.n / (check.cpu / 1000);
  const scanPerSecond = scan.n / (scan.wall / 1000);
  console.log(
    `(${texts.length} real reports, ${(bytes / 1024).toFixed(0)} KB, round-robin; ${check.n} read+check calls in ${(check.wall / 1000).toFixed(1)} s)`,
  );
  line('read + check real reports (one core)', `${perSecond.toFixed(0)}/s`, 'target 500/s', perSecond / 500);
  line(
    '  same, per CPU-second of this process',
    `${perCpuSecond.toFixed(0)}/s`,
    'target 500/s',
    perCpuSecond / 500,
  );
  line(
    '  baseline: normalise + digit-run scan, same texts',
    `${scanPerSecond.toFixed(0)}/s`,
    `read+check ${perSecond.toFixed(0)}/s`,
    scanPerSecond / perSecond,
  );
  console.log(
    '  (last ratio: how many times longer read + check takes than the bare scan of the same bytes)',
  );
}

/** 5. Every layout of every real report: the text path whatever the line breaks. */
function readAndCheckLayouts(): void {
  const originals = FIXTURE_IDS.map(fixtureText);
  const laid = originals.flatMap((text) => {
    const reading = checkText(text).reading as ReadReport;
    return LAYOUTS.map((layout) => layoutReport(text, reading, layout, 17));
  });
  for (let i = 0; i < laid.length; i++) checkText(laid[i] ?? '');
  const check = { n: 0, wall: 0, cpu: 0 };
  const base = { n: 0, wall: 0, cpu: 0 };
  for (let round = 0; round < 6; round++) {
    for (const [acc, texts] of [
      [check, laid],
      [base, originals],
    ] as const) {
      const r = timed(texts, 400, (t: string) => checkText(t));
      acc.n += r.n;
      acc.wall += r.wall;
      acc.cpu += r.cpu;
    }
  }
  const perSecond = check.n / (check.wall / 1000);
  const basePerSecond = base.n / (base.wall / 1000);
  console.log(
    `(${laid.length} laid-out reports: ${originals.length} real reports × ${LAYOUTS.length} layouts)`,
  );
  line(
    'read + check laid-out reports (one core)',
    `${perSecond.toFixed(0)}/s`,
    'target 500/s',
    perSecond / 500,
  );
  const perCpuSecond = check.n / (check.cpu / 1000);
  line(
    '  same, per CPU-second of this process',
    `${perCpuSecond.toFixed(0)}/s`,
    'target 500/s',
    perCpuSecond / 500,
  );
  line(
    '  baseline: the original texts, interleaved',
    `${basePerSecond.toFixed(0)}/s`,
    `laid out ${perSecond.toFixed(0)}/s`,
    basePerSecond / perSecond,
  );
}

/** 6. PDFs by position: placed words → reading → rules; and whole PDF files through pdftotext. */
async function readPdfsByPosition(): Promise<void> {
  const files = ['12.pdf', 'blank-columns.pdf'].map((f) => readFileSync(`${FIXTURES_DIR}pdf/${f}`));
  const pages: PlacedPage[][] = [];
  const layouts: string[] = [];
  for (const b of files) {
    pages.push(await pdfToPlacedPages(b));
    layouts.push(await pdfToText(b));
  }
  const checkPlaced = (p: readonly PlacedPage[]) => {
    const r = readPlacedPages(p);
    if (!r.ok) throw new Error('a bench PDF became unreadable');
    return runRules({
      format: r.format,
      year: r.year,
      tables: r.tables,
      narrative: r.narrative,
      text: placedText(p).text,
      agency: r.agency,
      unknownCells: r.unknownCells,
    });
  };
  const placed = { n: 0, wall: 0, cpu: 0 };
  const base = { n: 0, wall: 0, cpu: 0 };
  for (let round = 0; round < 6; round++) {
    const p = timedOver(pages, 400, checkPlaced);
    const b = timed(layouts, 400, (t) => checkText(t));
    for (const [acc, r] of [
      [placed, p],
      [base, b],
    ] as const) {
      acc.n += r.n;
      acc.wall += r.wall;
      acc.cpu += r.cpu;
    }
  }
  const perSecond = placed.n / (placed.wall / 1000);
  const basePerSecond = base.n / (base.wall / 1000);
  console.log(`(${files.length} PDFs: the real 12.pdf and a report printed with blank organisation columns)`);
  line(
    'read + check PDFs by position (placed words)',
    `${perSecond.toFixed(0)}/s`,
    'target 500/s',
    perSecond / 500,
  );
  line(
    '  baseline: their layout text, interleaved',
    `${basePerSecond.toFixed(0)}/s`,
    `by position ${perSecond.toFixed(0)}/s`,
    basePerSecond / perSecond,
  );
  // Whole files: pdftotext twice (layout and boxes), every reading compared, then the check.
  const rounds = 10;
  let start = performance.now();
  for (let i = 0; i < rounds; i++) for (const b of files) await checkBytes(b, '.pdf');
  const whole = (rounds * files.length) / ((performance.now() - start) / 1000);
  start = performance.now();
  for (let i = 0; i < rounds; i++) for (const b of files) await pdfToText(b);
  const bare = (rounds * files.length) / ((performance.now() - start) / 1000);
  line(
    'PDF files checked (pdftotext ×2, all readings)',
    `${whole.toFixed(1)}/s`,
    `pdftotext -layout ${bare.toFixed(1)}/s`,
    bare / whole,
  );
}

/** `timed` over arbitrary items. */
function timedOver<T>(items: readonly T[], ms: number, fn: (item: T) => unknown) {
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn(items[n % items.length] as T);
    n++;
  }
  const cpu = process.cpuUsage(cpu0);
  return { n, wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 };
}

/** Worst single call over `runs` runs, in ms. */
function worst(runs: number, fn: () => unknown): number {
  let slowest = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    slowest = Math.max(slowest, performance.now() - start);
  }
  return slowest;
}

/** 4. Pathological input stays bounded; 100,000 records are tallied in memory. */
function boundedWork(): void {
  const split = worst(5, () => splitTokens([{ kind: 'digits', text: '1'.repeat(400), glued: true }], 60));
  line('split a glued 400-digit run into 60 cells', `${split.toFixed(0)} ms`, 'target 500 ms', split / 500);
  const glued = `title: 某某局2021年度政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量${'1'.repeat(3000)}二、上年结转政府信息公开申请数量${'9'.repeat(200)}四、政府信息公开行政复议、行政诉讼情况${'0'.repeat(5000)}`;
  const pathological = worst(3, () => checkText(glued.repeat(3)));
  line(
    'read + check a report of pathological digit runs',
    `${pathological.toFixed(0)} ms`,
    'target 20000 ms',
    pathological / 20000,
  );
  const types = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'];
  const outcomes = ['granted', 'partial', 'unable.notHeld', 'notProcessed.repeat', 'other.misc', null];
  const records = Array.from({ length: 100_000 }, (_, i) => {
    const outcome = outcomes[i % 6] ?? null;
    return {
      applicantType: types[i % 6] ?? 'naturalPerson',
      receivedOn: `2022-0${(i % 9) + 1}-10`,
      outcome,
      closedOn: outcome ? '2022-11-30' : null,
    };
  });
  const tally = worst(3, () => tallyApplications(records, 2022));
  line(
    'tally 100,000 application records in memory',
    `${tally.toFixed(0)} ms`,
    'target 1000 ms',
    tally / 1000,
  );
}

const NOW = '2026-11-25T00:00:00.000Z';

async function seedAgencies(db: Awaited<ReturnType<typeof openDatabase>>['db'], count: number) {
  const rootId = 900_000;
  await sql`insert into agencies (id, parent_id, path, depth, name, level, kind, sort_order, created_at, updated_at)
    values (${rootId}, null, ${`/${rootId}/`}, 0, ${'基准测试市人民政府'}, 'city', 'government', 0, ${NOW}, ${NOW})`.execute(
    db,
  );
  await sql`insert into agencies (id, parent_id, path, depth, name, level, kind, sort_order, created_at, updated_at)
    with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${count - 1})
    select ${rootId} + n, ${rootId}, ${`/${rootId}/`} || (${rootId} + n) || '/', 1, '基准测试部门' || n, 'county', 'department', n, ${NOW}, ${NOW}
    from seq`.execute(db);
  return rootId;
}

async function seedApplications(
  db: Awaited<ReturnType<typeof openDatabase>>['db'],
  firstAgency: number,
  agencies: number,
  count: number,
  tag: string,
) {
  await sql`insert into applications (agency_id, serial, lookup_code, source, applicant_type, applicant_name,
      request_description, channel, submitted_on, received_on, status, outcome, closed_on, reply_due_provisional,
      created_at, updated_at)
    with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${count})
    select ${firstAgency} + (n % ${agencies}), ${tag} || n, ${tag} || 'L' || n, 'import',
      case n % 6 when 0 then 'naturalPerson' when 1 then 'commercial' when 2 then 'research'
        when 3 then 'publicInterest' when 4 then 'legalService' else 'otherOrg' end,
      '申请人', '基准测试', 'online', '2024-03-01',
      case when n % 13 = 0 then '2023-12-15' else '2024-' || substr('0' || (1 + n % 12), -2) || '-10' end,
      case when n % 10 = 0 then 'open' else 'closed' end,
      case when n % 10 = 0 then null else
        case n % 7 when 0 then 'granted' when 1 then 'partial' when 2 then 'unable.notHeld'
          when 3 then 'notProcessed.repeat' when 4 then 'denied.thirdParty' when 5 then 'other.overdueFee'
          else 'withdrawn' end end,
      case when n % 10 = 0 then null else '2024-12-20' end,
      0, ${NOW}, ${NOW}
    from seq`.execute(db);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const r = await fn();
  return [r, performance.now() - start];
}

export async function run(): Promise<void> {
  readAndCheck();
  readAndCheckLayouts();
  await readPdfsByPosition();
  boundedWork();

  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-reports-'));
  const handle = await openDatabase({ kind: 'sqlite', file: join(dir, 'bench.db') });
  try {
    const { db } = handle;
    await migrateToLatest(db, handle.dialect);

    // 2. one agency, 100,000 applications
    const big = await seedAgencies(db, 1);
    await seedApplications(db, big, 1, 100_000, 'S');
    const agency = (await findAgency(db, big))!;
    await buildDocument(db, agency, 2024, null, '2025-01-20'); // warm up
    const [doc, ms] = await time(async () => {
      const d = await buildDocument(db, agency, 2024, null, '2025-01-20');
      checkDocument(d);
      return d;
    });
    line(`report of an agency with 100,000 applications`, `${ms.toFixed(0)} ms`, 'target 1000 ms', ms / 1000);
    if (doc.tables.applications.newReceived?.[6] === undefined) throw new Error('no figures');

    // 3. 10,000 agencies, 1,000,000 applications
    const root = 800_000;
    await sql`insert into agencies (id, parent_id, path, depth, name, level, kind, sort_order, created_at, updated_at)
      values (${root}, null, ${`/${root}/`}, 0, ${'基准测试省人民政府'}, 'province', 'government', 0, ${NOW}, ${NOW})`.execute(
      db,
    );
    await sql`insert into agencies (id, parent_id, path, depth, name, level, kind, sort_order, created_at, updated_at)
      with recursive seq(n) as (select 1 union all select n + 1 from seq where n < 9999)
      select ${root} + n, ${root}, ${`/${root}/`} || (${root} + n) || '/', 1, '基准测试机构' || n, 'county', 'department', n, ${NOW}, ${NOW}
      from seq`.execute(db);
    const [, seedMs] = await time(() => seedApplications(db, root, 10_000, 1_000_000, 'R'));
    console.log(`(seeded 1,000,000 applications in ${(seedMs / 1000).toFixed(1)} s)`);
    const rootAgency = (await findAgency(db, root))!;
    const bare = async () =>
      sql`select a.agency_id, a.applicant_type, a.outcome, count(*) as n from applications a
        where a.agency_id in (select g.id from agencies g where g.path like ${`/${root}/%`})
        group by a.agency_id, a.applicant_type, a.outcome`.execute(db);
    const subtree = await listAgencies(db, { kind: 'subtree', agencyId: root, path: rootAgency.path });
    await bare();
    await rollup(db, rootAgency, subtree, 2024);
    // Alternating rounds, medians: both see the same machine load (the cores are shared).
    const bareTimes: number[] = [];
    const rollTimes: number[] = [];
    let r: Awaited<ReturnType<typeof rollup>> | null = null;
    for (let round = 0; round < 3; round++) {
      bareTimes.push((await time(bare))[1]);
      const [result, ms] = await time(async () => {
        const agencies = await listAgencies(db, { kind: 'subtree', agencyId: root, path: rootAgency.path });
        return rollup(db, rootAgency, agencies, 2024);
      });
      r = result;
      rollTimes.push(ms);
    }
    const bareMs = median(bareTimes);
    const rollMs = median(rollTimes);
    if (!r) throw new Error('no roll-up');
    line(
      `roll-up of ${r.agencies.length} agencies (1,000,000 applications)`,
      `${rollMs.toFixed(0)} ms`,
      `bare SQL GROUP BY ${bareMs.toFixed(0)} ms`,
      rollMs / bareMs,
    );
    line('roll-up vs target', `${rollMs.toFixed(0)} ms`, 'target 5000 ms', rollMs / 5000);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
