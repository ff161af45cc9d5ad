/**
 * Charts and open data (issue 15), each printed with its target:
 * 1. the supervisors' 统计图表 page for a subtree of 1,000 agencies with 100,000 applications, cases and
 *    catalogue items: the four reads, the figures, five charts and the page rendered (target ≤ 1 s);
 * 2. the open-data CSV and JSON of 10,000 agencies × 6 published years (60,000 rows) streamed from the
 *    database: time, bytes, and the process's peak RSS over its RSS before (memory must stay flat:
 *    far below the file's size).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import { CalendarProvider } from '../src/calendar/calendar.repository.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { emptyTables, freezeTables } from '../src/reports/format/tables.ts';
import { openDataCsv, openDataJson } from '../src/reports/opendata.service.ts';
import { defaultNarrative, type ReportDocument, renderNarrative } from '../src/reports/report.model.ts';
import { loadChartEngine } from '../src/shared/charts/chart.ts';
import { renderDocument } from '../src/shared/ui/render.ts';
import { loadSupervision } from '../src/statistics/supervision.service.ts';
import { SupervisionPage } from '../src/statistics/supervision.views.tsx';

const NOW = '2025-06-30T02:00:00.000Z';

/** A full garbage collection (to read the live heap, not garbage not yet collected). */
function collect(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}
type Db = Awaited<ReturnType<typeof openDatabase>>['db'];

function line(what: string, value: string, target: string) {
  console.log(`${what.padEnd(60)} ${value.padStart(14)}   ${target}`);
}

async function seedTree(db: Db, rootId: number, count: number, level: string, name: string) {
  await sql`insert into agencies (id, parent_id, path, depth, name, level, kind, sort_order, created_at, updated_at)
    values (${rootId}, null, ${`/${rootId}/`}, 0, ${`${name}人民政府`}, 'city', 'government', 0, ${NOW}, ${NOW})`.execute(
    db,
  );
  await sql`insert into agencies (id, parent_id, path, depth, name, level, kind, sort_order, credit_code, created_at, updated_at)
    with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${count})
    select ${rootId} + n, ${rootId}, ${`/${rootId}/`} || (${rootId} + n) || '/', 1, ${name} || '机构' || n, ${level},
      'dispatched', n, '1122' || substr('00000000000000' || (${rootId} + n), -14), ${NOW}, ${NOW}
    from seq`.execute(db);
}

async function supervisorPage(db: Db) {
  const root = 100_000;
  await seedTree(db, root, 1000, 'township', '基准测试市');
  await sql`insert into applications (agency_id, serial, lookup_code, source, applicant_type, applicant_name,
      request_description, channel, submitted_on, received_on, status, outcome, closed_on, reply_due,
      reply_due_provisional, created_at, updated_at)
    with recursive seq(n) as (select 1 union all select n + 1 from seq where n < 100000)
    select ${root} + 1 + (n % 1000), 'B' || n, 'BL' || n, 'import', 'naturalPerson', '申请人', '基准测试', 'online',
      '2025-01-01', '2025-' || substr('0' || (1 + n % 6), -2) || '-' || substr('0' || (1 + n % 27), -2),
      case when n % 10 = 0 then 'open' else 'closed' end,
      case when n % 10 = 0 then null else case n % 4 when 0 then 'granted' when 1 then 'partial'
        when 2 then 'unable.notHeld' else 'denied.thirdParty' end end,
      case when n % 10 = 0 then null else '2025-' || substr('0' || (1 + n % 6), -2) || '-28' end,
      '2025-' || substr('0' || (1 + n % 6), -2) || '-' || substr('0' || (1 + (n * 7) % 28), -2),
      0, ${NOW}, ${NOW}
    from seq`.execute(db);
  await sql`insert into litigation_cases (agency_id, kind, filed_on, result, created_at, updated_at)
    with recursive seq(n) as (select 1 union all select n + 1 from seq where n < 3000)
    select ${root} + 1 + (n % 1000), case n % 3 when 0 then 'review' when 1 then 'litigationDirect' else 'litigationAfterReview' end,
      '2025-03-01', case n % 4 when 0 then 'upheld' when 1 then 'corrected' when 2 then 'other' else 'pending' end, ${NOW}, ${NOW}
    from seq`.execute(db);
  const scope = { kind: 'subtree', agencyId: root, path: `/${root}/` } as const;
  const deps = { db, calendar: new CalendarProvider() };
  const period = { from: '2025-01-01', to: '2025-06-30' };
  await loadChartEngine();
  const page = async () => {
    const figures = await loadSupervision(deps, scope, period, '2025-06-30');
    const ctx = { viewer: null, csrf: 'x', adminNav: [], area: 'admin' as const };
    return renderDocument(
      SupervisionPage({
        ctx,
        scopeName: '基准测试市人民政府及下属机构',
        figures,
        form: { ...period, error: null },
        sort: 'onTime',
      }),
    );
  };
  await page(); // warm up (calendar, prepared statements)
  {
    const t0 = performance.now();
    const figures = await loadSupervision(deps, scope, period, '2025-06-30');
    const t1 = performance.now();
    line(
      '  of which: reads and figures',
      `${(t1 - t0).toFixed(0)} ms`,
      `${figures.agencies.length} agencies`,
    );
  }
  const times: number[] = [];
  const cpus: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    bytes = (await page()).length;
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  line(
    '统计图表 page, 1,000 agencies, 100,000 applications (median of 5)',
    `${(times[2] ?? 0).toFixed(0)} ms`,
    `target 1000 ms; CPU ${(cpus[2] ?? 0).toFixed(0)} ms; page ${(bytes / 1024).toFixed(0)} KB; load ${loadavg()[0]?.toFixed(1)}`,
  );
}

async function openData(db: Db) {
  const root = 500_000;
  const agencies = 10_000;
  const years = 6;
  await seedTree(db, root, agencies, 'county', '基准测试省');
  const t = emptyTables('2021');
  for (const key of Object.keys(t.applications))
    t.applications[key as keyof typeof t.applications] = [3, 1, 0, 0, 1, 0, 5];
  t.review = [1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0];
  for (const key of Object.keys(t.proactive)) t.proactive[key] = 2;
  const tables = freezeTables(t);
  const doc: ReportDocument = {
    version: 1,
    agencyId: 0,
    agencyName: '基准测试街道',
    year: 2024,
    format: '2021',
    tables,
    narrative: renderNarrative(defaultNarrative(2024), tables, { year: 2024, agencyName: '基准测试街道' }),
    signedOn: '2025-01-20',
  };
  const json = JSON.stringify(doc);
  const seedStart = performance.now();
  await sql`insert into annual_reports (agency_id, year, status, narrative_json, article20_json, published_at,
      published_json, created_at, updated_at)
    with recursive seq(n) as (select 0 union all select n + 1 from seq where n < ${years - 1})
    select a.id, 2019 + seq.n, 'published', '{}', '{}', ${NOW}, ${json}, ${NOW}, ${NOW}
    from agencies a cross join seq where a.parent_id = ${root}`.execute(db);
  line(
    `seeded ${agencies * years} published reports (${(json.length / 1024).toFixed(1)} KB JSON each)`,
    `${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    '',
  );
  const gc = collect();
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  for (const [kind, gen] of [
    ['CSV', openDataCsv],
    ['JSON', openDataJson],
  ] as const) {
    gc();
    const before = process.memoryUsage().rss;
    const heaps: number[] = [];
    let peak = before;
    let bytes = 0;
    let rows = 0;
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    for await (const chunk of gen(db, { subtreePath: `/${root}/` }, 'https://gongkai.example.gov.cn')) {
      bytes += Buffer.byteLength(chunk);
      rows += 1;
      if (rows % 10 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      if (rows % 75 === 0) {
        gc();
        heaps.push(process.memoryUsage().heapUsed);
      }
    }
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage().rss);
    line(
      `open data ${kind}, ${agencies} agencies × ${years} years, streamed`,
      `${(ms / 1000).toFixed(1)} s`,
      `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (incl. GC probes); ${mb(bytes)} MB; RSS ${mb(before)} → peak ${mb(peak)} MB`,
    );
    line('  live heap after GC, every 75 chunks (15,000 rows)', heaps.map(mb).join(' / '), 'MB: flat');
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-charts-'));
  const handle = await openDatabase({ kind: 'sqlite', file: join(dir, 'bench.db') });
  try {
    await migrateToLatest(handle.db, handle.dialect);
    await supervisorPage(handle.db);
    await openData(handle.db);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
