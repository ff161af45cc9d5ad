import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { insertApplication, saveDerived } from '../../src/applications/application.repository.ts';
import { APPLICANT_TYPES, type ApplicantType } from '../../src/applications/application.rules.ts';
import { applicationCounts, applicationCountsByAgency } from '../../src/applications/report-counts.ts';
import type { Deadlines } from '../../src/applications/rules/timeline.ts';
import { type ApplicationRecord, countReport, tallyApplications } from '../../src/reports/count/count.ts';
import { FORMATS } from '../../src/reports/format/formats.ts';
import type { FormatId } from '../../src/reports/format/types.ts';
import { startTestApp, TEST_NOW, type TestContext } from '../support/test-app.ts';

/**
 * One counting rule for table 三, two implementations: the SQL aggregate of the applications capability
 * (`applicationCounts`, run here on SQLite or PostgreSQL) and the pure tally of the report
 * (`tallyApplications`/`countReport` over the raw records) must give the same table, cell by cell.
 */
describe('table 三: the SQL count equals the pure count over the same records', () => {
  let t: TestContext;
  let xinyuan: Agency;
  let tuanshan: Agency;
  let kuancheng: Agency;
  const YEAR = 2025;
  /** Every outcome row of table 三 (both formats), 申请人撤回, and still open. */
  const OUTCOMES: (string | null)[] = [
    ...new Set([
      ...FORMATS['2021'].tables.applications.leafKeys,
      ...FORMATS['2019'].tables.applications.leafKeys.filter((k) => k !== 'other'),
      'withdrawn',
    ]),
    null,
  ];
  /** Receipt and closing dates around the year's boundaries (received null: receipt not confirmed). */
  const SPANS: { received: string | null; closed: string | null }[] = [
    { received: `${YEAR}-01-01`, closed: `${YEAR}-12-31` }, // new, closed in the year
    { received: `${YEAR - 1}-12-31`, closed: `${YEAR}-01-01` }, // carried over, closed in the year
    { received: `${YEAR}-06-30`, closed: `${YEAR + 1}-01-01` }, // new, carried forward
    { received: `${YEAR - 1}-03-01`, closed: `${YEAR + 1}-02-01` }, // carried over and forward
    { received: `${YEAR - 1}-03-01`, closed: `${YEAR - 1}-12-31` }, // closed before the year: not counted
    { received: `${YEAR + 1}-01-01`, closed: null }, // next year: not counted
    { received: null, closed: null }, // not yet received: not counted
  ];

  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    xinyuan = (await findAgencyByName(db, '宽城区欣园街道办事处'))!;
    tuanshan = (await findAgencyByName(db, '宽城区团山街道办事处'))!;
    kuancheng = (await findAgencyByName(db, '长春市宽城区人民政府'))!;
    let n = 0;
    for (const [ti, applicantType] of APPLICANT_TYPES.entries()) {
      for (const [oi, outcome] of OUTCOMES.entries()) {
        // Every (type, outcome) is closed in the year at least once; a second record takes the other spans.
        const spans = [SPANS[(ti + oi) % 2]!, SPANS[2 + ((ti + oi) % (SPANS.length - 2))]!];
        for (const span of spans) {
          n++;
          const agency = n % 3 === 0 ? tuanshan : xinyuan;
          const closed = outcome === null ? null : span.closed;
          await add(agency, n, applicantType, span.received, outcome, closed);
        }
      }
    }
  });
  after(async () => t.close());

  async function add(
    agency: Agency,
    n: number,
    applicantType: ApplicantType,
    receivedOn: string | null,
    outcome: string | null,
    closedOn: string | null,
  ) {
    await t.database.db.transaction().execute(async (trx) => {
      const id = await insertApplication(trx, {
        agencyId: agency.id,
        serial: `COUNT-${n}`,
        lookupCode: `COUNTTEST${String(n).padStart(5, '0')}`,
        source: 'staff',
        applicant: {
          applicantType,
          applicantName: `申请人${n}`,
          idDocType: null,
          idDocName: null,
          idDocNumber: null,
          creditCode: null,
          contactPerson: null,
          phone: null,
          email: null,
          address: null,
          postcode: null,
          request: '测试统计用申请',
          purpose: null,
          formWanted: 'paper',
          delivery: 'post',
        },
        channel: 'in_person',
        submittedOn: receivedOn ?? `${YEAR}-05-05`,
        repeatOfId: null,
        createdBy: null,
        now: TEST_NOW,
      });
      // The cached derivation of the timeline, as the applications capability writes it.
      const derived = {
        receiptDate: receivedOn,
        status: closedOn ? 'closed' : receivedOn ? 'in_progress' : 'awaiting_confirmation',
        replyDue: null,
        provisional: false,
        outcome,
        closedOn,
      } as unknown as Deadlines;
      await saveDerived(trx, id, derived, TEST_NOW);
    });
  }

  /** The records as stored (demo records of these agencies included). */
  async function records(agencyIds: readonly number[]): Promise<ApplicationRecord[]> {
    const rows = await t.database.db
      .selectFrom('applications')
      .select(['applicant_type', 'received_on', 'outcome', 'closed_on'])
      .where('agency_id', 'in', agencyIds)
      .execute();
    return rows.map((r) => ({
      applicantType: r.applicant_type,
      receivedOn: r.received_on,
      outcome: r.outcome,
      closedOn: r.closed_on,
    }));
  }

  const countBoth = (
    format: FormatId,
    year: number,
    groups: Awaited<ReturnType<typeof applicationCounts>>,
    recs: readonly ApplicationRecord[],
  ) => {
    const base = { format, year, litigation: [], article20: {}, catalogue: null } as const;
    return {
      sql: countReport({ ...base, applications: groups }).applications,
      pure: countReport({ ...base, applications: { records: recs } }).applications,
    };
  };

  type Rows = Readonly<Partial<Record<string, readonly (number | null)[]>>>;
  function assertSameCells(sql: Rows, pure: Rows) {
    assert.deepEqual(Object.keys(sql).sort(), Object.keys(pure).sort());
    for (const row of Object.keys(pure)) assert.deepEqual(sql[row], pure[row], `row ${row}`);
  }

  it('gives the same groups and the same table 三 for one agency, in both formats and around the year', async () => {
    const recs = await records([xinyuan.id]);
    assert.ok(recs.length >= 200, 'the varied records were written');
    for (const year of [YEAR - 1, YEAR, YEAR + 1]) {
      const groups = await applicationCounts(t.database.db, { ids: [xinyuan.id] }, year);
      const key = (g: { applicantType: string; outcome: string | null }) => `${g.applicantType}|${g.outcome}`;
      const sorted = <T extends { applicantType: string; outcome: string | null }>(gs: readonly T[]) =>
        [...gs].sort((a, b) => key(a).localeCompare(key(b)));
      assert.deepEqual(sorted(groups), sorted(tallyApplications(recs, year)), `groups of ${year}`);
      for (const format of ['2019', '2021'] as const) {
        const { sql, pure } = countBoth(format, year, groups, recs);
        assertSameCells(sql, pure);
      }
    }
  });

  it('fills every outcome row and every applicant column of the year', async () => {
    const recs = await records([xinyuan.id, tuanshan.id]);
    const groups = await applicationCounts(t.database.db, { ids: [xinyuan.id, tuanshan.id] }, YEAR);
    const { sql, pure } = countBoth('2021', YEAR, groups, recs);
    assertSameCells(sql, pure);
    for (const row of FORMATS['2021'].tables.applications.leafKeys) {
      const cells = sql[row]!;
      for (let column = 0; column < APPLICANT_TYPES.length; column++)
        assert.ok((cells[column] ?? 0) > 0, `row ${row}, column ${column} is counted`);
    }
    for (const row of ['newReceived', 'carriedOver', 'carryForward'] as const)
      assert.ok(
        sql[row]!.every((n) => (n ?? 0) > 0),
        `row ${row} in every column`,
      );
  });

  it('gives per agency of a subtree the same table as each agency alone, and as the pure count', async () => {
    const byAgency = await applicationCountsByAgency(t.database.db, { subtreePath: kuancheng.path }, YEAR);
    for (const agency of [xinyuan, tuanshan, kuancheng]) {
      const alone = await applicationCounts(t.database.db, { ids: [agency.id] }, YEAR);
      const recs = await records([agency.id]);
      const fromSubtree = countBoth('2021', YEAR, byAgency.get(agency.id) ?? [], recs);
      const fromAlone = countBoth('2021', YEAR, alone, recs);
      assertSameCells(fromSubtree.sql, fromAlone.pure);
      assertSameCells(fromAlone.sql, fromAlone.pure);
    }
  });
});
