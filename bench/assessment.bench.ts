/**
 * 政务公开体检 (issue 6) benchmarks, ratios printed, never asserted:
 * 1. one agency with 10,000 cases and 10,000 items, pure assessment (target < 1 s) vs 100 of each;
 * 2. a 10,000-agency province (target < 60 s), estimated: 100 agencies × 100 cases + 100 items loaded from
 *    a SQLite database by the real loader and assessed, per agency × 10,000; baseline: the pure assessment of
 *    the same 100 agencies (what the database reads add).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAgency } from '../src/agencies/agency.repository.ts';
import type { Agency } from '../src/agencies/agency.rules.ts';
import type { CaseEvent } from '../src/applications/rules/timeline.ts';
import { largeInput } from '../src/assessment/fixtures.testing.ts';
import type { AssessmentInput } from '../src/assessment/input.ts';
import { loadAssessmentInput } from '../src/assessment/load.ts';
import { assess } from '../src/assessment/score.ts';
import { buildCalendar } from '../src/calendar/calendar.ts';
import { addCalendarDays } from '../src/calendar/dates.ts';
import { SEED_HOLIDAY_YEARS } from '../src/calendar/holidays-data.ts';
import { openDatabase } from '../src/db/connect.ts';
import type { Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const TODAY = '2026-11-25';
const NOW = '2026-11-25T02:00:00.000Z';
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

async function insertBatches<T>(rows: readonly T[], size: number, insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** 100 street offices under one district, each with `cases` applications (event + sent letter) and `items` items. */
async function seed(db: Db, agencies: number, cases: number, items: number): Promise<Agency[]> {
  const base = {
    short_name: null,
    credit_code: null,
    org_code: null,
    office_name: '党政综合办公室',
    office_address: '长春市宽城区某路1号',
    office_hours: '工作日 8:30—17:00',
    office_phone: '0431-80000000',
    office_fax: null,
    office_email: 'office@example.gov.cn',
    office_postcode: '130051',
    website: null,
    sort_order: 0,
    created_at: NOW,
    updated_at: NOW,
  };
  const root = await db
    .insertInto('agencies')
    .values({
      ...base,
      parent_id: null,
      path: '/',
      depth: 0,
      name: '某区人民政府',
      level: 'county',
      kind: 'government',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('agencies')
    .set({ path: `/${root.id}/` })
    .where('id', '=', root.id)
    .execute();
  const out: Agency[] = [];
  for (let a = 0; a < agencies; a++) {
    const r = await db
      .insertInto('agencies')
      .values({
        ...base,
        parent_id: root.id,
        path: '/',
        depth: 1,
        name: `第${a + 1}街道办事处`,
        level: 'township',
        kind: 'dispatched',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('agencies')
      .set({ path: `/${root.id}/${r.id}/` })
      .where('id', '=', r.id)
      .execute();
    const apps = Array.from({ length: cases }, (_, i) => {
      const received = addCalendarDays('2026-01-05', (i * 3) % 300);
      return {
        agency_id: r.id,
        serial: `2026-${String(i + 1).padStart(4, '0')}`,
        lookup_code: `B${r.id}X${i}`,
        source: 'demo',
        applicant_type: 'naturalPerson',
        applicant_name: `申请人${i}`,
        id_doc_type: null,
        id_doc_number: null,
        credit_code: null,
        contact_phone: null,
        contact_email: null,
        contact_address: null,
        contact_postcode: null,
        request_description: `某项政府信息${i}`,
        form_wanted: null,
        delivery_method: 'post',
        channel: 'in_person',
        submitted_on: received,
        received_on: received,
        status: 'closed',
        outcome: 'granted',
        closed_on: addCalendarDays(received, 10),
        reply_due: null,
        reply_due_provisional: 0,
        repeat_of_id: null,
        details_json: null,
        created_at: NOW,
        updated_at: NOW,
        created_by: null,
      };
    });
    const ids: { id: number; received: string; closed: string }[] = [];
    await insertBatches(apps, 200, async (batch) => {
      const got = await db.insertInto('applications').values(batch).returning('id').execute();
      got.forEach((g, k) => {
        ids.push({
          id: g.id,
          received: batch[k]?.submitted_on ?? TODAY,
          closed: batch[k]?.closed_on ?? TODAY,
        });
      });
    });
    const events = ids.flatMap(({ id, received, closed }) => {
      const e: CaseEvent[] = [
        { type: 'received', channel: 'in_person', submittedOn: received },
        { type: 'answered', on: closed, outcome: 'granted' },
      ];
      return e.map((ev, seq) => ({
        application_id: id,
        seq: seq + 1,
        type: ev.type,
        on_date: 'submittedOn' in ev ? ev.submittedOn : ev.on,
        data_json: JSON.stringify(ev),
        note: null,
        created_at: NOW,
        created_by: null,
      }));
    });
    await insertBatches(events, 400, (b) => db.insertInto('application_events').values(b).execute());
    const letters = ids.map(({ id, received, closed }, k) => ({
      application_id: id,
      kind: 'granted',
      title: '政府信息公开告知书',
      body: `申请人${k}：\n\n本机关于${received.slice(0, 4)}年${Number(received.slice(5, 7))}月${Number(received.slice(8, 10))}日收到您提出的政府信息公开申请，申请获取“某项政府信息${k}”。\n\n经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现向您提供该政府信息（见附件）。\n\n如对本答复不服，可以自收到本告知书之日起六十日内向某区人民政府申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。\n\n特此告知。\n\n第${a + 1}街道办事处\n${closed.slice(0, 4)}年${Number(closed.slice(5, 7))}月${Number(closed.slice(8, 10))}日`,
      status: 'sent',
      created_at: NOW,
      created_by: null,
      updated_at: NOW,
      approved_at: NOW,
      approved_by: null,
      sent_on: closed,
      doc_number: `第${a + 1}街道依申公开〔2026〕${k + 1}号`,
    }));
    await insertBatches(letters, 200, (b) => db.insertInto('application_letters').values(b).execute());
    const catalogue = Array.from({ length: items }, (_, i) => {
      const formed = addCalendarDays('2026-01-05', (i * 3) % 300);
      return {
        agency_id: r.id,
        status: 'published',
        index_no: `X${r.id}-2026-${i}`,
        version: 1,
        doc_type: 'general',
        basis: `art20:${(i % 15) + 1}`,
        topic_id: null,
        title: `信息${i}`,
        description: '概述',
        genre: '通知',
        publisher: `第${a + 1}街道办事处`,
        doc_number: null,
        keywords: '关键词',
        written_on: formed,
        formed_on: formed,
        publish_due: formed,
        deadline_override: null,
        published_on: addCalendarDays(formed, 3),
        validity: null,
        validity_on: null,
        disclosure_method: '主动公开',
        body_html: '<p>正文</p>',
        interprets_id: null,
        interpreter: null,
        interpretation_form: null,
        no_interpretation_reason: null,
        secrecy_note: null,
        reviewed_by: null,
        reviewed_at: null,
        review_comment: null,
        withdrawn_reason: null,
        withdrawn_at: null,
        sort_key: null,
        search_title: '',
        search_text: '',
        created_at: NOW,
        created_by: null,
        updated_at: NOW,
      };
    });
    await insertBatches(catalogue, 100, (b) => db.insertInto('catalogue_items').values(b).execute());
    const agency = await findAgency(db, r.id);
    if (agency) out.push(agency);
  }
  return out;
}

async function province(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-assess-'));
  const handle = await openDatabase({ kind: 'sqlite', file: join(dir, 'bench.db') });
  try {
    await migrateToLatest(handle.db, handle.dialect);
    const AGENCIES = 100;
    const agencies = await seed(handle.db, AGENCIES, 100, 100);
    const opts = { today: TODAY, calendar: cal, localDateOf: (iso: string) => iso.slice(0, 10) };
    const inputs: AssessmentInput[] = [];
    for (const a of agencies.slice(0, 5)) assess(await loadAssessmentInput(handle.db, a, opts)); // warm
    const start = performance.now();
    for (const a of agencies) {
      const input = await loadAssessmentInput(handle.db, a, opts);
      inputs.push(input);
      assess(input);
    }
    const perAgency = (performance.now() - start) / AGENCIES;
    const pureStart = performance.now();
    for (const input of inputs) assess({ ...input });
    const purePerAgency = (performance.now() - pureStart) / AGENCIES;
    const estimate = (perAgency * 10_000) / 1000;
    console.log(
      `load + assess one agency of 100 cases + 100 items from SQLite: ${perAgency.toFixed(1)} ms (baseline pure assessment: ${purePerAgency.toFixed(1)} ms; ${(perAgency / purePerAgency).toFixed(1)}×)`,
    );
    console.log(
      `10,000-agency province, estimated from ${AGENCIES} agencies, one process: ${estimate.toFixed(1)} s (target < 60 s; ${(estimate / 60).toFixed(2)} of target)`,
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
