import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { ApplicantInput } from '../../src/applications/application.rules.ts';
import { registerApplication } from '../../src/applications/application.service.ts';
import { loadHolidayEntries } from '../../src/calendar/calendar.repository.ts';
import { buildCalendar } from '../../src/calendar/calendar.ts';
import { startTestApp, type TestContext } from '../support/test-app.ts';

const TODAY = '2026-11-25';

function applicant(i: number): ApplicantInput {
  return {
    applicantType: 'naturalPerson',
    applicantName: `批量申请人${i}`,
    idDocType: 'other',
    idDocName: '护照',
    idDocNumber: `E${20_000_000 + i}`,
    creditCode: null,
    contactPerson: null,
    phone: `1370000${String(i).padStart(4, '0')}`,
    email: i % 2 === 0 ? `batch${i}@example.com` : null,
    address: null,
    postcode: null,
    request: `欣园街道2026年第${i}号批量测试工程的验收报告`,
    purpose: null,
    formWanted: 'paper',
    delivery: 'pickup',
  };
}

describe('registrations written together (group commit)', () => {
  let t: TestContext;
  let agencyId: number;
  before(async () => {
    t = await startTestApp();
    agencyId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!.id;
  });
  after(async () => t.close());

  it('writes concurrent registrations with unique serials, and one failing registration does not take the others with it', async () => {
    const db = t.database.db;
    const cal = buildCalendar(await loadHolidayEntries(db));
    const register = (i: number, agency: number) =>
      registerApplication(
        db,
        cal,
        {
          agencyId: agency,
          source: 'online',
          applicant: applicant(i),
          receipt: { channel: 'online', submittedOn: TODAY, confirmedOn: TODAY, signedOn: null },
        },
        { userId: null, login: 'public', ip: '127.0.0.1' },
        t.clock.now().toISOString(),
        TODAY,
        { publicBaseUrl: 'http://localhost:3000' },
      );
    const before = await db.selectFrom('applications').select('id').execute();
    // Twenty at once; number 7 names an agency that does not exist (a foreign-key failure inside the batch).
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => register(i, i === 7 ? 987_654 : agencyId)),
    );
    assert.equal(results.filter((r) => r.status === 'rejected').length, 1);
    assert.equal(results[7]!.status, 'rejected');
    const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    assert.equal(ok.length, 19);
    assert.equal(new Set(ok.map((r) => r.serial)).size, 19);
    const after = await db.selectFrom('applications').select('id').execute();
    assert.equal(after.length - before.length, 19);
    for (const r of ok) {
      const events = await db
        .selectFrom('application_events')
        .select('id')
        .where('application_id', '=', r.id)
        .execute();
      assert.equal(events.length, 1);
      const audit = await db
        .selectFrom('audit_log')
        .select('id')
        .where('entity_type', '=', 'application')
        .where('entity_id', '=', String(r.id))
        .execute();
      assert.equal(audit.length, 1);
    }
    // The receipt mails of those who gave an address, and only theirs.
    const mails = await db
      .selectFrom('outbox')
      .select('to_address')
      .where('to_address', 'like', 'batch%')
      .execute();
    assert.equal(mails.length, 10);
  });
});
