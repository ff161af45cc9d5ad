import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addWorkingDays } from '../../src/calendar/workdays.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

describe('the working-day calendar in the back office', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('is seeded with 2019–2026 and says 2027 is missing (deadlines there are provisional)', async () => {
    const s = t.agent();
    await s.login('demo-admin');
    const res = await s.get('/admin/calendar');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    for (let y = 2019; y <= 2026; y++) assert.ok(text.includes(`${y} 年`), `${y}`);
    assert.match(text, /尚未录入 2027 年的安排/);
    // Until the notice is entered, 2027 shows its computed statutory holidays, marked as computed.
    assert.match(text, /推算·暂定/);
    assert.match(
      text,
      /2027年的期限暂按《全国年节及纪念日放假办法》（2024年修订，国务院令第795号）第二条推算/,
    );
    assert.match(text, /春节\s*2月5日（星期五）至2月8日（星期一）/);
    assert.doesNotMatch(text, /2026年的期限暂按/);
    const cal = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(cal.statusCode, 200);
    const calendar = await (await import('../../src/calendar/calendar.repository.ts')).loadHolidayEntries(
      t.database.db,
    );
    assert.equal(calendar.length, 8);
  });

  it('is only for administrators', async () => {
    const s = t.agent();
    await s.login('demo-supervisor');
    assert.equal((await s.get('/admin/calendar')).statusCode, 403);
  });

  it('takes next year’s notice, validates it, audits it and uses it for deadlines', async () => {
    const s = t.agent();
    await s.login('demo-admin');
    const form = textOf((await s.get('/admin/calendar/2027')).body);
    assert.match(form, /推算·暂定/);
    assert.match(form, /元旦\s*1月1日（星期五）/);
    const bad = await s.post('/admin/calendar/2027', { title: '', off: '2027-13-01', work: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /请填写通知名称/);
    assert.match(textOf(bad.body), /“2027-13-01”不是有效的日期/);
    assert.match(bad.body, /value="2027-13-01"|>2027-13-01</);
    const ok = await s.post('/admin/calendar/2027', {
      title: '《国务院办公厅关于2027年部分节假日安排的通知》',
      documentNumber: '',
      publishedOn: '2026-11-10',
      source: '',
      off: '2027-01-01~2027-01-03 2027-02-06~2027-02-14',
      work: '2027-02-20',
    });
    assert.equal(ok.statusCode, 303, textOf(ok.body).slice(0, 400));
    const calendar = await t.app.inject({ method: 'GET', url: '/admin/calendar' });
    assert.equal(calendar.statusCode, 303, 'anonymous is sent to login');
    const provider = new (await import('../../src/calendar/calendar.repository.ts')).CalendarProvider();
    const cal = await provider.get(t.database.db);
    // The notice replaces the computed days: 2027-02-05 (computed 除夕) is not in it, so it counts again.
    const r = addWorkingDays(cal, '2027-02-05', 1);
    assert.equal(r.date, '2027-02-15');
    assert.equal(r.provisional, false);
    assert.equal(addWorkingDays(cal, '2027-02-04', 1).date, '2027-02-05');
    const after = textOf((await s.get('/admin/calendar')).body);
    assert.doesNotMatch(after, /推算·暂定/);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'holiday_year')
      .executeTakeFirstOrThrow();
    assert.equal(audit.entity_id, '2027');
    assert.equal(audit.user_login, 'demo-admin');
  });
});
