/**
 * Applications (依申请公开) benchmarks, each with a baseline measured in the same run and the ratio:
 * 1. all deadlines of a 20-event case (target < 50 µs) vs a 1-event case;
 * 2. an agency's work queue with 100,000 cases: query + statistics + HTML render (target < 200 ms) vs an
 *    agency with 100 cases in the same database;
 * 3. public form submissions per second, with nothing lost (target 200/s) vs the validation-only step
 *    (check-your-answers page) of the same form, on SQLite with synchronous=FULL (the default) and NORMAL
 *    in alternating rounds, and the cost of one commit with each (decision 011).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createApp } from '../src/app.tsx';
import { listQueue } from '../src/applications/application.repository.ts';
import { dueSoonUntil } from '../src/applications/application.service.ts';
import { QueuePage } from '../src/applications/application.views.tsx';
import { sealAnswers } from '../src/applications/apply.steps.ts';
import { type CaseEvent, computeDeadlines, validateTimeline } from '../src/applications/rules/timeline.ts';
import { CalendarProvider } from '../src/calendar/calendar.repository.ts';
import { buildCalendar } from '../src/calendar/calendar.ts';
import { SEED_HOLIDAY_YEARS } from '../src/calendar/holidays-data.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemoIfEmpty } from '../src/demo/demo.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { renderDocument } from '../src/shared/ui/render.ts';

const cal = buildCalendar(SEED_HOLIDAY_YEARS);
const TODAY = '2026-11-25';

function twentyEvents(): CaseEvent[] {
  return [
    { type: 'received', channel: 'post_signed', submittedOn: '2026-01-05', signedOn: '2026-01-06' },
    { type: 'correctionRequested', on: '2026-01-07', dueOn: '2026-01-21' },
    { type: 'correctionReceived', on: '2026-01-09' },
    { type: 'thirdPartyConsultationSent', on: '2026-01-12', party: '甲公司', deliveredOn: '2026-01-13' },
    { type: 'thirdPartyConsultationSent', on: '2026-01-12', party: '乙公司' },
    { type: 'agencyConsultationSent', on: '2026-01-13', agency: '宽城区财政局' },
    { type: 'thirdPartyReplied', on: '2026-01-15', party: '甲公司', consents: true },
    { type: 'thirdPartyReplied', on: '2026-01-16', party: '乙公司', consents: false },
    { type: 'agencyReplied', on: '2026-01-19', agency: '宽城区财政局', consents: true },
    { type: 'thirdPartyConsultationSent', on: '2026-01-20', party: '丙公司' },
    { type: 'thirdPartyReplied', on: '2026-01-22', party: '丙公司', consents: true },
    { type: 'agencyConsultationSent', on: '2026-01-23', agency: '宽城区民政局' },
    { type: 'agencyReplied', on: '2026-01-27', agency: '宽城区民政局', consents: true },
    { type: 'extensionApproved', on: '2026-01-28', workingDays: 10, approvedBy: '办公室主任' },
    { type: 'feeNoticeSent', on: '2026-01-29', amount: 300 },
    { type: 'feePaid', on: '2026-02-02' },
    { type: 'volumeReasonRequested', on: '2026-02-03' },
    { type: 'volumeDecided', on: '2026-02-05', reasonable: true },
    { type: 'thirdPartyConsultationSent', on: '2026-02-06', party: '丁公司' },
    { type: 'answered', on: '2026-02-10', outcome: 'partial' },
  ];
}

function perCallMicros(fn: () => void, minMs = 400): number {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (elapsed * 1000) / n;
}

async function benchDeadlines(): Promise<void> {
  const events = twentyEvents();
  const bad = validateTimeline(events, TODAY, cal);
  if (bad) throw new Error(`bench timeline invalid at ${bad.index}: ${bad.message}`);
  const one = events.slice(0, 1);
  const base = perCallMicros(() => computeDeadlines(one, cal));
  const t = perCallMicros(() => computeDeadlines(events, cal));
  console.log(
    `deadlines of a ${events.length}-event case: ${t.toFixed(2)} µs (target < 50 µs) | baseline 1-event case: ${base.toFixed(2)} µs | ratio ${(t / base).toFixed(1)}×`,
  );
}

async function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-'));
  const handle = await openDatabase({ kind: 'sqlite', file: join(dir, 'bench.db') });
  await migrateToLatest(handle.db, handle.dialect);
  return {
    handle,
    async close() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function benchQueue(): Promise<void> {
  const { handle, close } = await tempDb();
  const db = handle.db;
  const now = new Date().toISOString();
  const mkAgency = async (name: string, id: number) => {
    await db
      .insertInto('agencies')
      .values({
        id,
        parent_id: null,
        path: `/${id}/`,
        depth: 0,
        name,
        short_name: null,
        level: 'township',
        kind: 'dispatched',
        credit_code: null,
        org_code: null,
        office_name: null,
        office_address: null,
        office_hours: null,
        office_phone: null,
        office_fax: null,
        office_email: null,
        office_postcode: null,
        website: null,
        sort_order: 0,
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
  };
  await mkAgency('大机构', 1);
  await mkAgency('小机构', 2);
  const fill = async (agencyId: number, count: number) => {
    const start = Date.parse('2026-01-05T00:00:00Z');
    for (let i = 0; i < count; i += 500) {
      const rows = [];
      for (let k = i; k < Math.min(count, i + 500); k++) {
        const day = new Date(start + (k % 320) * 86_400_000).toISOString().slice(0, 10);
        const closed = k % 3 === 0;
        rows.push({
          agency_id: agencyId,
          serial: `${2026 - Math.floor(k / 9999)}-${String((k % 9999) + 1).padStart(4, '0')}`,
          lookup_code: `B${agencyId}${String(k).padStart(10, '0')}`,
          source: 'demo',
          applicant_type: 'naturalPerson',
          applicant_name: `申请人${k}`,
          id_doc_type: null,
          id_doc_number: null,
          credit_code: null,
          contact_phone: null,
          contact_email: null,
          contact_address: null,
          contact_postcode: null,
          request_description: `关于第${k}号事项的政府信息，包括文件名称、文号和制作时间等特征性描述`,
          form_wanted: 'paper',
          delivery_method: 'post',
          channel: 'in_person',
          submitted_on: day,
          received_on: day,
          status: closed ? 'answered' : 'in_progress',
          outcome: closed ? 'granted' : null,
          closed_on: closed ? day : null,
          reply_due: day,
          reply_due_provisional: 0,
          repeat_of_id: null,
          details_json: null,
          created_at: now,
          updated_at: now,
          created_by: null,
        });
      }
      await db.insertInto('applications').values(rows).execute();
    }
  };
  await fill(1, 100_000);
  await fill(2, 100);
  const ctx = { viewer: null, csrf: 'x', adminNav: [], area: 'admin' as const };
  const render = async (agencyId: number): Promise<number> => {
    const scope = { kind: 'agency' as const, agencyId, path: `/${agencyId}/` };
    const until = dueSoonUntil(cal, TODAY);
    const t0 = performance.now();
    const { rows, total } = await listQueue(db, {
      scope,
      status: 'open',
      overdue: false,
      dueSoon: false,
      q: '',
      today: TODAY,
      dueSoonUntil: until,
      limit: 50,
      offset: 0,
    });
    const html = await renderDocument(
      QueuePage({
        ctx,
        rows,
        total,
        page: 1,
        pageSize: 50,
        filter: { status: 'open', overdue: false, dueSoon: false, q: '' },
        today: TODAY,
        dueSoonUntil: until,
        stats: null,
        canHandle: true,
        showAgency: false,
      }),
    );
    if (!html.includes('已逾期')) throw new Error('queue render lost its marks');
    return performance.now() - t0;
  };
  const median = async (agencyId: number) => {
    const xs: number[] = [];
    for (let i = 0; i < 9; i++) xs.push(await render(agencyId));
    xs.sort((a, b) => a - b);
    return xs[4] as number;
  };
  await render(1);
  await render(2);
  const big = await median(1);
  const small = await median(2);
  console.log(
    `work queue of an agency with 100,000 cases (query + count + render, as the clerk's page): ${big.toFixed(1)} ms (target < 200 ms) | baseline 100 cases: ${small.toFixed(1)} ms | ratio ${(big / small).toFixed(1)}×`,
  );
  await close();
}

type Synchronous = 'FULL' | 'NORMAL';

/**
 * The real app on a SQLite database of its own with `synchronous` at `mode` (decision 011): FULL, the
 * default, syncs the WAL at every commit, so an acknowledged submission survives a power loss; NORMAL
 * only at checkpoints. `post(url, n, expected)` sends n public form posts, 16 at a time.
 */
async function submissionSetup(mode: Synchronous) {
  const { handle, close } = await tempDb();
  await sql.raw(`pragma synchronous = ${mode}`).execute(handle.db);
  const loaded = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghijklmnop',
    LOG_LEVEL: 'silent',
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  await loadDemoIfEmpty(handle.db, '2026-11-25T02:00:00.000Z', 'Bench-Pass-2026');
  const app = await createApp({
    config: loaded.config,
    db: handle.db,
    dialect: handle.dialect,
    clock: fixedClock('2026-11-25T02:00:00.000Z'),
    calendar: new CalendarProvider(),
  });
  await app.ready();
  const agency = await handle.db
    .selectFrom('agencies')
    .select('id')
    .where('name', '=', '宽城区欣园街道办事处')
    .executeTakeFirstOrThrow();
  const page = await app.inject({ method: 'GET', url: `/agencies/${agency.id}/apply` });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  // The form's five pages carry the answers in one signed field; the bench posts the last step (files → check,
  // validation only) and the send, with answers sealed as the earlier pages would have sealed them.
  const nowMs = Date.parse('2026-11-25T02:00:00.000Z');
  const form = (i: number) =>
    new URLSearchParams({
      _csrf: token,
      from: 'files',
      state: sealAnswers(
        {
          applicantType: 'naturalPerson',
          applicantName: `压测申请人${i}`,
          idDocType: 'other',
          idDocName: '护照',
          idDocNumber: `E${String(10_000_000 + i)}`,
          phone: `1390000${String(i).padStart(4, '0')}`,
          request: `欣园街道2026年第${i}号工程的验收报告`,
          formWanted: 'paper',
          delivery: 'pickup',
        },
        agency.id,
        nowMs,
        loaded.config.sessionSecret,
      ),
    }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie };
  let seq = 0;
  const post = async (step: 'check' | 'send', n: number) => {
    const url = `/agencies/${agency.id}/apply/${step}`;
    const expected = step === 'check' ? 200 : 303;
    const t0 = performance.now();
    const concurrency = 16;
    let started = 0;
    let ok = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (started < n) {
          started++;
          const i = seq++;
          // Each submission from a citizen of its own: the per-address limits of the public form hold.
          const remoteAddress = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
          const res = await app.inject({ method: 'POST', url, payload: form(i), headers, remoteAddress });
          if (res.statusCode === expected) ok++;
        }
      }),
    );
    return { perSecond: (n / (performance.now() - t0)) * 1000, ok };
  };
  const count = async (table: 'applications' | 'application_events') =>
    Number(
      (
        await handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n,
    );
  const serialsUnique = async () => {
    const serials = await handle.db
      .selectFrom('applications')
      .select('serial')
      .where('agency_id', '=', agency.id)
      .execute();
    return new Set(serials.map((s) => s.serial)).size === serials.length;
  };
  return {
    mode,
    post,
    count,
    serialsUnique,
    async close() {
      await app.close();
      await close();
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Public form submissions per second on SQLite with synchronous=FULL (the default) and NORMAL, rounds
 * alternating between the two (the other load on the machine moves both alike), each against the
 * validation-only step of the same form; medians reported, and nothing lost.
 */
async function benchSubmissions(): Promise<void> {
  const setups = [await submissionSetup('FULL'), await submissionSetup('NORMAL')];
  const ROUNDS = 5;
  const PER_ROUND = 200;
  const results = new Map<
    Synchronous,
    { check: number[]; send: number[]; accepted: number; before: number }
  >();
  for (const s of setups) {
    await s.post('check', 100); // warm-up
    results.set(s.mode, { check: [], send: [], accepted: 0, before: await s.count('applications') });
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const s of r % 2 === 0 ? setups : [...setups].reverse()) {
      const res = results.get(s.mode)!;
      res.check.push((await s.post('check', PER_ROUND)).perSecond);
      const sent = await s.post('send', PER_ROUND);
      res.send.push(sent.perSecond);
      res.accepted += sent.ok;
    }
  }
  const N = ROUNDS * PER_ROUND;
  for (const s of setups) {
    const res = results.get(s.mode)!;
    // Nothing lost: one application and one receipt event per accepted submission, serials unique.
    const stored = (await s.count('applications')) - res.before;
    const send = median(res.send);
    const base = median(res.check);
    console.log(
      `public form submissions (SQLite synchronous=${s.mode}): ${send.toFixed(0)}/s median of ${ROUNDS} rounds (${res.send.map((x) => x.toFixed(0)).join(', ')}; target 200/s), ${res.accepted}/${N} accepted, ${stored} stored, serials unique: ${await s.serialsUnique()} | baseline validation-only (check page): ${base.toFixed(0)}/s | ratio ${(send / base).toFixed(2)}×`,
    );
  }
  const full = results.get('FULL')!;
  const normal = results.get('NORMAL')!;
  const paired = full.send.map((f, i) => f / (normal.send[i] as number));
  console.log(
    `public form submissions, synchronous=FULL against NORMAL: ${median(full.send).toFixed(0)}/s vs ${median(normal.send).toFixed(0)}/s | ratio of medians ${(median(full.send) / median(normal.send)).toFixed(2)}×, median of paired rounds ${median(paired).toFixed(2)}×`,
  );
  for (const s of setups) await s.close();
}

/**
 * What one commit costs on this disk with each setting: single-row transactions one after another (no
 * group commit), FULL against NORMAL. The group commit of registrations (decision 007) pays the sync
 * once per group instead of once per submission.
 */
async function benchCommits(): Promise<void> {
  const rate = async (mode: Synchronous) => {
    const { handle, close } = await tempDb();
    await sql.raw(`pragma synchronous = ${mode}`).execute(handle.db);
    await sql`create table bench_commits (id integer primary key, body text not null)`.execute(handle.db);
    const n = 300;
    const t0 = performance.now();
    for (let i = 0; i < n; i++)
      await sql`insert into bench_commits (body) values (${`回执${i}`})`.execute(handle.db);
    const perSecond = (n / (performance.now() - t0)) * 1000;
    await close();
    return perSecond;
  };
  const full: number[] = [];
  const normal: number[] = [];
  for (let r = 0; r < 3; r++) {
    full.push(await rate('FULL'));
    normal.push(await rate('NORMAL'));
  }
  console.log(
    `single-row commits, one after another (no group commit): synchronous=FULL ${median(full).toFixed(0)}/s vs NORMAL ${median(normal).toFixed(0)}/s | ratio ${(median(full) / median(normal)).toFixed(2)}×`,
  );
}

export async function run(): Promise<void> {
  await benchDeadlines();
  await benchQueue();
  await benchCommits();
  await benchSubmissions();
}
