/**
 * A generated multi-agency database for the province path: the bench's data (`varied = false`: every case
 * answered on time with remedies stated; no annual report, topic or 制度 item, so R01, P01 and P03 fail for
 * every agency) and the equality test's data (`varied = true`). Testing only.
 *
 * The rows are built by pure functions shared by the two writers: `seedAgencies` (Kysely, SQLite and
 * PostgreSQL, for the tests) and `seedAgenciesSqlite` (prepared statements in one better-sqlite3
 * transaction, for a 10,000-agency bench database in seconds instead of minutes).
 */
import type SQLite from 'better-sqlite3';
import type { Insertable } from 'kysely';
import { findAgency } from '../agencies/agency.repository.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import type { CaseEvent } from '../applications/rules/timeline.ts';
import { addCalendarDays } from '../calendar/dates.ts';
import type { Database, Db } from '../db/database.ts';

const TODAY = '2026-11-25';
const NOW = '2026-11-25T02:00:00.000Z';

type Row<T extends keyof Database> = Insertable<Database[T]>;

async function insertBatches<T>(rows: readonly T[], size: number, insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

const AGENCY_BASE = {
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
} as const;

function districtRow(): Row<'agencies'> {
  return {
    ...AGENCY_BASE,
    parent_id: null,
    path: '/',
    depth: 0,
    name: '某区人民政府',
    level: 'county',
    kind: 'government',
  };
}

function streetRow(rootId: number, a: number): Row<'agencies'> {
  return {
    ...AGENCY_BASE,
    parent_id: rootId,
    path: '/',
    depth: 1,
    name: `第${a + 1}街道办事处`,
    level: 'township',
    kind: 'dispatched',
  };
}

/** Case `i` of agency `a` (database id `agencyId`). */
function applicationRow(agencyId: number, a: number, i: number, varied: boolean): Row<'applications'> {
  const received = addCalendarDays('2026-01-05', (i * 3) % 300);
  const open = varied && (i + a) % 7 === 0;
  const closed = open ? null : addCalendarDays(received, varied ? 5 + ((i + a) % 30) : 10);
  return {
    agency_id: agencyId,
    serial: `2026-${String(i + 1).padStart(4, '0')}`,
    lookup_code: `B${agencyId}X${i}`,
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
    status: open ? 'processing' : 'closed',
    outcome: open ? null : 'granted',
    closed_on: closed,
    reply_due: null,
    reply_due_provisional: 0,
    repeat_of_id: null,
    details_json: null,
    created_at: NOW,
    updated_at: NOW,
    created_by: null,
  };
}

function eventRows(id: number, received: string, closed: string | null): Row<'application_events'>[] {
  const e: CaseEvent[] = [{ type: 'received', channel: 'in_person', submittedOn: received }];
  if (closed !== null) e.push({ type: 'answered', on: closed, outcome: 'granted' });
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
}

/** The reply letter of the `k`-th closed case of agency `a`; every eleventh omits the remedies (varied). */
function letterRow(
  id: number,
  received: string,
  closed: string,
  a: number,
  k: number,
  varied: boolean,
): Row<'application_letters'> {
  const cn = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  const remedies =
    varied && (k + a) % 11 === 0
      ? ''
      : '\n\n如对本答复不服，可以自收到本告知书之日起六十日内向某区人民政府申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。';
  return {
    application_id: id,
    kind: 'granted',
    title: '政府信息公开告知书',
    body: `申请人${k}：\n\n本机关于${cn(received)}收到您提出的政府信息公开申请，申请获取“某项政府信息${k}”。\n\n经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现向您提供该政府信息（见附件）。${remedies}\n\n特此告知。\n\n第${a + 1}街道办事处\n${cn(closed)}`,
    status: 'sent',
    created_at: NOW,
    created_by: null,
    updated_at: NOW,
    approved_at: NOW,
    approved_by: null,
    sent_on: closed,
    doc_number: `第${a + 1}街道依申公开〔2026〕${k + 1}号`,
    seal: 'electronic',
  };
}

function itemRow(agencyId: number, a: number, i: number, varied: boolean): Row<'catalogue_items'> {
  const formed = addCalendarDays('2026-01-05', (i * 3) % 300);
  const draft = varied && (i + a) % 10 === 0;
  const normative = varied && (i + a) % 9 === 0;
  return {
    agency_id: agencyId,
    status: draft ? 'draft' : 'published',
    index_no: `X${agencyId}-2026-${i}`,
    version: 1,
    doc_type: normative ? 'normative' : 'general',
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
    published_on: draft ? null : addCalendarDays(formed, varied ? (i + a) % 40 : 3),
    validity: normative && (i + a) % 18 !== 0 ? 'valid' : null,
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
}

/**
 * `agencies` street offices under one district, each with `cases` applications (events + a sent letter) and
 * `items` catalogue items. `varied` adds faults and the other record kinds, different per agency: open and
 * overdue cases, letters without remedies, drafts, 规范性文件 without validity, messages, reading places,
 * litigation, attestations, and an agency with no records at all.
 */
export async function seedAgencies(
  db: Db,
  agencies: number,
  cases: number,
  items: number,
  varied = false,
): Promise<Agency[]> {
  const root = await db
    .insertInto('agencies')
    .values(districtRow())
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
      .values(streetRow(root.id, a))
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('agencies')
      .set({ path: `/${root.id}/${r.id}/` })
      .where('id', '=', r.id)
      .execute();
    const empty = varied && a === agencies - 1;
    const apps = Array.from({ length: empty ? 0 : cases }, (_, i) => applicationRow(r.id, a, i, varied));
    const ids: { id: number; received: string; closed: string | null }[] = [];
    await insertBatches(apps, 200, async (batch) => {
      const got = await db.insertInto('applications').values(batch).returning('id').execute();
      got.forEach((g, k) => {
        ids.push({
          id: g.id,
          received: batch[k]?.submitted_on ?? TODAY,
          closed: batch[k] ? (batch[k].closed_on ?? null) : TODAY,
        });
      });
    });
    const events = ids.flatMap(({ id, received, closed }) => eventRows(id, received, closed));
    await insertBatches(events, 400, (b) => db.insertInto('application_events').values(b).execute());
    const sent = ids.flatMap((x) => (x.closed === null ? [] : [{ ...x, closed: x.closed }]));
    const letters = sent.map(({ id, received, closed }, k) => letterRow(id, received, closed, a, k, varied));
    await insertBatches(letters, 200, (b) => db.insertInto('application_letters').values(b).execute());
    const catalogue = Array.from({ length: empty ? 0 : items }, (_, i) => itemRow(r.id, a, i, varied));
    await insertBatches(catalogue, 100, (b) => db.insertInto('catalogue_items').values(b).execute());
    if (varied && !empty) await variety(db, r.id, a);
    const agency = await findAgency(db, r.id);
    if (agency) out.push(agency);
  }
  return out;
}

/** A prepared `INSERT` of every column of `row`, run with the row's values (named parameters). */
function inserter(sqlite: SQLite.Database, table: string, row: object): SQLite.Statement {
  const cols = Object.keys(row);
  return sqlite.prepare(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
  );
}

/**
 * The same data as `seedAgencies(db, agencies, cases, items)` (not varied), written through prepared
 * statements in one transaction of an open better-sqlite3 database (migrated). Returns the street offices'
 * ids; the bench reads the agencies back through the repository.
 */
export function seedAgenciesSqlite(
  sqlite: SQLite.Database,
  agencies: number,
  cases: number,
  items: number,
): number[] {
  const ids: number[] = [];
  sqlite.transaction(() => {
    const insAgency = inserter(sqlite, 'agencies', districtRow());
    const setPath = sqlite.prepare('UPDATE agencies SET path = ? WHERE id = ?');
    const rootId = Number(insAgency.run(districtRow()).lastInsertRowid);
    setPath.run(`/${rootId}/`, rootId);
    const insApp = inserter(sqlite, 'applications', applicationRow(0, 0, 0, false));
    const insEvent = inserter(sqlite, 'application_events', eventRows(0, TODAY, TODAY)[0] as object);
    const insLetter = inserter(sqlite, 'application_letters', letterRow(0, TODAY, TODAY, 0, 0, false));
    const insItem = inserter(sqlite, 'catalogue_items', itemRow(0, 0, 0, false));
    for (let a = 0; a < agencies; a++) {
      const agencyId = Number(insAgency.run(streetRow(rootId, a)).lastInsertRowid);
      setPath.run(`/${rootId}/${agencyId}/`, agencyId);
      ids.push(agencyId);
      let k = 0;
      for (let i = 0; i < cases; i++) {
        const app = applicationRow(agencyId, a, i, false);
        const id = Number(insApp.run(app).lastInsertRowid);
        const closed = app.closed_on ?? null;
        for (const e of eventRows(id, app.submitted_on, closed)) insEvent.run(e);
        if (closed !== null) insLetter.run(letterRow(id, app.submitted_on, closed, a, k++, false));
      }
      for (let i = 0; i < items; i++) insItem.run(itemRow(agencyId, a, i, false));
    }
  })();
  return ids;
}
/** Messages, a reading place, litigation and an attestation, different per agency. */
async function variety(db: Db, agencyId: number, a: number): Promise<void> {
  const message = (kind: string, receivedOn: string, answeredOn: string | null) => ({
    agency_id: agencyId,
    item_id: null,
    kind,
    name: `留言人${a}`,
    contact: null,
    body: '请问……',
    received_on: receivedOn,
    due_on: null,
    answer: answeredOn ? '已答复。' : null,
    answered_on: answeredOn,
    answered_by: null,
    published: answeredOn ? 1 : 0,
    created_at: NOW,
  });
  await db
    .insertInto('catalogue_messages')
    .values([
      message('question', '2026-03-02', a % 3 === 0 ? null : a % 3 === 1 ? '2026-03-20' : '2026-07-01'),
      message('error_report', '2026-10-12', a % 2 === 0 ? '2026-10-13' : null),
    ])
    .execute();
  if (a % 3 === 0) {
    await db
      .insertInto('reading_places')
      .values({
        agency_id: agencyId,
        name: `第${a + 1}街道便民服务中心`,
        address: '某路2号',
        hours: null,
        sort_order: 0,
        created_at: NOW,
      })
      .execute();
  }
  if (a % 4 === 0) {
    await db
      .insertInto('litigation_cases')
      .values({
        agency_id: agencyId,
        kind: 'review',
        application_id: null,
        case_number: `复议〔2026〕${a}号`,
        counterparty: null,
        filed_on: '2026-04-01',
        decided_on: a % 8 === 0 ? '2026-06-01' : null,
        result: a % 8 === 0 ? 'corrected' : 'pending',
        documents: null,
        created_at: NOW,
        updated_at: NOW,
        created_by: null,
      })
      .execute();
  }
  if (a % 2 === 0) {
    await db
      .insertInto('assessment_attestations')
      .values({
        agency_id: agencyId,
        indicator_id: 'A01',
        on_date: '2026-05-01',
        passed: a % 4 === 0 ? 1 : 0,
        by_name: '核验人',
        note: null,
        created_at: NOW,
        created_by: null,
      })
      .execute();
  }
}
