import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createApiToken } from '../../src/accounts/api-token.service.ts';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { recomputeOpenApplications } from '../../src/applications/recompute.ts';
import { loadHolidayEntries } from '../../src/calendar/calendar.repository.ts';
import { buildCalendar } from '../../src/calendar/calendar.ts';
import { addWorkingDays } from '../../src/calendar/workdays.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import { sendFromCheck, walkToCheck } from '../support/apply-form.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

const TODAY = '2026-11-25';
const ID = (body17: string) => `${body17}${residentIdCheckChar(body17)}`;
const GOOD_ID = ID('22010319850315201');

function applicantForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    applicantType: 'naturalPerson',
    applicantName: '测试申请人',
    idDocType: 'resident_id',
    idDocName: '',
    idDocNumber: GOOD_ID,
    creditCode: '',
    contactPerson: '',
    phone: '13912345678',
    email: 'tester@example.com',
    address: '长春市宽城区测试路1号',
    postcode: '130051',
    request: '欣园街道2026年度道路绿化工程的验收报告',
    purpose: '',
    formWanted: 'paper',
    delivery: 'post',
    ...over,
  };
}

describe('applications (依申请公开)', () => {
  let t: TestContext;
  let xinyuanId: number;
  before(async () => {
    t = await startTestApp();
    xinyuanId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!.id;
  });
  after(async () => t.close());

  const db = () => t.database.db;
  const clerk = async (): Promise<Agent> => {
    const s = t.agent();
    await s.login('demo-clerk');
    return s;
  };
  const calendar = async () => buildCalendar(await loadHolidayEntries(db()));

  async function register(s: Agent, over: Record<string, string> = {}): Promise<number> {
    await s.get('/admin/applications/new');
    const res = await s.post('/admin/applications/new', {
      channel: 'in_person',
      submittedOn: TODAY,
      signedOn: '',
      confirmedOn: '',
      ...applicantForm(),
      ...over,
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 800));
    const m = /\/admin\/applications\/(\d+)/.exec(res.headers.location as string);
    return Number(m![1]);
  }

  async function addEvent(s: Agent, id: number, type: string, form: Record<string, string>) {
    await s.get(`/admin/applications/${id}/events/${type}`);
    return s.post(`/admin/applications/${id}/events/${type}`, form);
  }

  it('shows the clerk a queue sorted by deadline with 已逾期 and 即将到期 marks, personal data masked', async () => {
    const s = await clerk();
    const res = await s.get('/admin/applications');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /已逾期/);
    assert.match(text, /即将到期/);
    assert.match(text, /待补正/);
    assert.match(text, /可能重复申请/);
    assert.doesNotMatch(res.body, /13804310001/);
    const dues = [...res.body.matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日(?=<)/g)];
    assert.ok(dues.length > 0);
    const overdueOnly = textOf((await s.get('/admin/applications?overdue=1')).body);
    assert.match(overdueOnly, /共 1 件/);
    const dash = textOf((await s.get('/admin')).body);
    assert.match(dash, /已逾期 1 件/);
  });

  it('gives supervisors per-agency statistics of their subtree, read-only, and 404 outside it', async () => {
    const s = t.agent();
    await s.login('demo-supervisor');
    const res = await s.get('/admin/applications');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /各机构办理情况/);
    assert.match(text, /宽城区欣园街道办事处/);
    assert.doesNotMatch(text, /登记申请/);
    assert.equal((await s.get('/admin/applications/new')).statusCode, 403);
    const id = Number(/\/admin\/applications\/(\d+)"/.exec(res.body)![1]);
    const page = await s.get(`/admin/applications/${id}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /显示完整的证件号码/);
    // A clerk of another agency does not see 欣园's case at all.
    const other = await db()
      .selectFrom('agencies')
      .select('id')
      .where('name', '=', '宽城区团山街道办事处')
      .executeTakeFirstOrThrow();
    assert.ok(other.id !== xinyuanId);
  });

  it('registers a posted application: receipt on the day signed for (Art. 31 (二)), deadline and explanation', async () => {
    const s = await clerk();
    const id = await register(s, {
      channel: 'post_signed',
      submittedOn: '2026-11-20',
      signedOn: '2026-11-23',
    });
    const page = textOf((await s.get(`/admin/applications/${id}`)).body);
    assert.match(page, /以行政机关签收之日为收到申请之日（《政府信息公开条例》第三十一条第（二）项）/);
    const due = addWorkingDays(await calendar(), '2026-11-23', 20).date;
    const row = await db()
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.received_on, '2026-11-23');
    assert.equal(row.reply_due, due);
    assert.equal(row.status, 'in_progress');
    assert.match(row.serial, /^2026-\d{4}$/);
    assert.match(page, /期限是怎样计算的/);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'application')
      .where('entity_id', '=', String(id))
      .execute();
    assert.equal(audit.length, 1);
    assert.doesNotMatch(audit[0]!.after_json ?? '', /13912345678|220103/);
  });

  it('refuses bad registration input with precise messages and keeps the answers', async () => {
    const s = await clerk();
    await s.get('/admin/applications/new');
    const res = await s.post('/admin/applications/new', {
      channel: 'post_signed',
      submittedOn: '2026-11-20',
      signedOn: '',
      confirmedOn: '',
      ...applicantForm({ idDocNumber: '220103198503152019', phone: '', request: '' }),
    });
    assert.equal(res.statusCode, 400);
    const text = textOf(res.body);
    assert.match(res.body, /<title>错误：/);
    assert.match(text, /请填写签收日期/);
    assert.match(text, /居民身份证号码/);
    assert.match(text, /请填写联系电话/);
    assert.match(text, /请填写所需政府信息的名称、文号/);
    assert.match(res.body, /value="测试申请人"/);
  });

  it('refuses impossible events with the rule’s Chinese message and writes nothing', async () => {
    const s = await clerk();
    const id = await register(s, { submittedOn: '2026-11-24' });
    const before = await db()
      .selectFrom('application_events')
      .select('id')
      .where('application_id', '=', id)
      .execute();
    const res = await addEvent(s, id, 'answered', {
      on: '2026-11-20',
      outcome: 'granted',
      basis: '',
      onTheSpot: 'no',
      note: '',
    });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /早于/);
    const afterRows = await db()
      .selectFrom('application_events')
      .select('id')
      .where('application_id', '=', id)
      .execute();
    assert.equal(afterRows.length, before.length);
    const ext = await addEvent(s, id, 'extensionApproved', {
      on: TODAY,
      workingDays: '25',
      approvedBy: '主任',
      note: '需要',
    });
    assert.equal(ext.statusCode, 400);
    assert.match(textOf(ext.body), /1 至 20 之间的整数/);
  });

  it('runs 补正: notice, correction received restarts the reply clock', async () => {
    const s = await clerk();
    const id = await register(s, { submittedOn: '2026-11-19' });
    let res = await addEvent(s, id, 'correctionRequested', {
      on: '2026-11-20',
      dueOn: '2026-12-10',
      note: '请写明文件名称',
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600));
    let row = await db()
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'awaiting_correction');
    assert.equal(row.reply_due, null);
    res = await addEvent(s, id, 'correctionReceived', { on: '2026-11-24', note: '' });
    assert.equal(res.statusCode, 303);
    row = await db().selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.reply_due, addWorkingDays(await calendar(), '2026-11-24', 20).date);
    const again = await addEvent(s, id, 'correctionRequested', { on: TODAY, dueOn: '2026-12-10', note: 'x' });
    assert.equal(again.statusCode, 400);
    assert.match(textOf(again.body), /一次性告知/);
  });

  it('computes a fee notice from fees.ts and pauses the clock until payment', async () => {
    const s = await clerk();
    const id = await register(s, { submittedOn: '2026-11-23' });
    const res = await addEvent(s, id, 'feeNoticeSent', {
      on: TODAY,
      method: 'per_volume',
      pieces: '',
      pages: '150',
      deliveredOn: '',
      note: '',
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600));
    const ev = await db()
      .selectFrom('application_events')
      .selectAll()
      .where('application_id', '=', id)
      .where('type', '=', 'feeNoticeSent')
      .executeTakeFirstOrThrow();
    assert.equal(JSON.parse(ev.data_json).amount, 1700);
    assert.match(ev.note ?? '', /合计：1700元/);
    const row = await db()
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'awaiting_fee');
    const free = await register(s, {
      submittedOn: '2026-11-23',
      applicantName: '另一人',
      idDocNumber: ID('22010319900101301'),
    });
    const zero = await addEvent(s, free, 'feeNoticeSent', {
      on: TODAY,
      method: 'per_piece',
      pieces: '1',
      pages: '',
      deliveredOn: '',
      note: '',
    });
    assert.equal(zero.statusCode, 400);
    assert.match(textOf(zero.body), /0 元/);
  });

  it('records an answer as a report row with its legal basis; a second outcome is refused', async () => {
    const s = await clerk();
    const id = await register(s, { submittedOn: '2026-11-24' });
    const form = await s.get(`/admin/applications/${id}/events/answered`);
    assert.match(textOf(form.body), /（六）其他处理 3\.其他/);
    assert.match(textOf(form.body), /（三）不予公开 4\.保护第三方合法权益/);
    let res = await s.post(`/admin/applications/${id}/events/answered`, {
      on: TODAY,
      outcome: 'denied.thirdParty',
      basis: '',
      onTheSpot: 'no',
      note: '',
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600));
    const row = await db()
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.outcome, 'denied.thirdParty');
    assert.equal(row.closed_on, TODAY);
    assert.equal(row.status, 'answered');
    const page = textOf((await s.get(`/admin/applications/${id}`)).body);
    assert.match(page, /第十五条、第三十二条、第三十六条第（三）项/);
    res = await addEvent(s, id, 'answered', {
      on: TODAY,
      outcome: 'granted',
      basis: '',
      onTheSpot: 'no',
      note: '',
    });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /已办结，不能再次作出答复/);
  });

  it('drafts a refusal letter with reason and remedies; the reviewer approves it before it is sent', async () => {
    const s = await clerk();
    const id = await register(s, { submittedOn: '2026-11-24', request: '某公司报送的经营数据' });
    await addEvent(s, id, 'answered', {
      on: TODAY,
      outcome: 'denied.thirdParty',
      basis: '',
      onTheSpot: 'no',
      note: '',
    });
    await s.get(`/admin/applications/${id}`);
    let res = await s.post(`/admin/applications/${id}/letters/new`, { kind: 'denied' });
    assert.equal(res.statusCode, 303);
    const letterUrl = res.headers.location as string;
    let page = textOf((await s.get(letterUrl)).body);
    assert.match(page, /政府信息不予公开告知书/);
    assert.match(page, /应当先向长春市宽城区人民政府申请行政复议/);
    assert.match(page, /第二十三条/);
    // The clerk cannot approve.
    assert.equal((await s.post(`${letterUrl}/approve`, {})).statusCode, 403);
    const r = t.agent();
    await r.login('demo-reviewer');
    await r.get(letterUrl);
    res = await r.post(`${letterUrl}/approve`, {});
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /未补全/);
    const body = (
      /<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec((await s.get(letterUrl)).body)![1] ?? ''
    )
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/_{2,}（[^）]*）/g, '该信息涉及第三方商业秘密')
      .replace(/_{2,}/g, '（已补全）');
    res = await s.post(letterUrl, { title: '政府信息不予公开告知书', body });
    assert.equal(res.statusCode, 303);
    await r.get(letterUrl);
    res = await r.post(`${letterUrl}/approve`, {});
    assert.equal(res.statusCode, 303);
    await s.get(letterUrl);
    // The seal must be recorded; the date typed is kept when it is missing.
    res = await s.post(`${letterUrl}/send`, { sentOn: TODAY });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /请选择文书的用印情况/);
    assert.match(res.body, new RegExp(`name="sentOn"[^>]*value="${TODAY}"`));
    res = await s.post(`${letterUrl}/send`, { sentOn: TODAY, seal: 'stamped' });
    assert.equal(res.statusCode, 400);
    res = await s.post(`${letterUrl}/send`, {
      sentOn: TODAY,
      seal: 'electronic',
      delivery: 'post',
      carrier: '中国邮政 EMS',
      trackingNumber: 'EA123456789CN',
    });
    assert.equal(res.statusCode, 303);
    page = textOf((await s.get(letterUrl)).body);
    assert.match(page, /已发出/);
    assert.match(page, /加盖电子印章/);
    const docx = await s.get(`${letterUrl}/docx`);
    assert.equal(docx.statusCode, 200);
    assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
  });

  it('shows full ID and phone only to the handling agency’s staff, auditing each view', async () => {
    const s = await clerk();
    const id = await register(s, { phone: '13900001111' });
    const masked = await s.get(`/admin/applications/${id}`);
    assert.doesNotMatch(masked.body, /13900001111/);
    assert.match(masked.body, /139\*\*\*\*1111/);
    assert.doesNotMatch(masked.body, new RegExp(GOOD_ID));
    const shown = await s.post(`/admin/applications/${id}/personal`, {});
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /13900001111/);
    assert.match(shown.body, new RegExp(GOOD_ID));
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'view_personal')
      .where('entity_id', '=', String(id))
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.user_login, 'demo-clerk');
    const sup = t.agent();
    await sup.login('demo-supervisor');
    await sup.get(`/admin/applications/${id}`);
    assert.equal((await sup.post(`/admin/applications/${id}/personal`, {})).statusCode, 403);
  });

  it('flags a possible 重复申请 of an answered case and links it', async () => {
    const s = await clerk();
    const first = await register(s, {
      applicantName: '重复者',
      idDocNumber: ID('22010319700101101'),
      request: '2025年欣园街道财政预算执行情况报告',
    });
    await addEvent(s, first, 'answered', {
      on: TODAY,
      outcome: 'granted',
      basis: '',
      onTheSpot: 'no',
      note: '',
    });
    const second = await register(s, {
      applicantName: '重复者',
      idDocNumber: ID('22010319700101101'),
      request: '欣园街道2025年财政预算执行情况的报告',
    });
    const row = await db()
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', second)
      .executeTakeFirstOrThrow();
    assert.equal(row.repeat_of_id, first);
    const page = textOf((await s.get(`/admin/applications/${second}`)).body);
    assert.match(page, /可能重复申请/);
    const other = await register(s, {
      applicantName: '重复者',
      idDocNumber: ID('22010319700101101'),
      request: '辖区养老服务设施的建设规划',
    });
    const row2 = await db()
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', other)
      .executeTakeFirstOrThrow();
    assert.equal(row2.repeat_of_id, null);
  });

  it('takes an online application with check-your-answers, gives a 查询码, and the lookup shows progress without personal data', async () => {
    const p = t.agent();
    // An error on the way (e-mail delivery without an address) keeps the answers.
    let res = await walkToCheck(
      t,
      p,
      xinyuanId,
      applicantForm({ idDocNumber: '220103198503152019', delivery: 'email', email: '' }),
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：/);
    assert.match(textOf(res.body), /身份证号码/);
    assert.match(res.body, /value="220103198503152019"/);
    res = await walkToCheck(t, p, xinyuanId, applicantForm({ delivery: 'email', email: '' }));
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /选择以电子邮件获取信息的，请填写电子邮箱/);
    res = await walkToCheck(
      t,
      p,
      xinyuanId,
      applicantForm({ applicantName: '网上申请人', phone: '13700005678' }),
    );
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /检查您的申请/);
    assert.match(textOf(res.body), /网上申请人/);
    res = await sendFromCheck(p, xinyuanId, res.body);
    assert.equal(res.statusCode, 303);
    const done = await p.get(res.headers.location as string);
    const text = textOf(done.body);
    assert.match(text, /申请已提交/);
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)![1]!;
    const due = addWorkingDays(await calendar(), TODAY, 20).date;
    const [y, m, d] = due.split('-').map(Number);
    assert.match(text, new RegExp(`${y}年${m}月${d}日前`));
    const row = await db()
      .selectFrom('applications')
      .selectAll()
      .where('lookup_code', '=', code.replace(/-/g, ''))
      .executeTakeFirstOrThrow();
    assert.equal(row.source, 'online');
    assert.equal(row.received_on, TODAY);
    // Lookup
    const l = t.agent();
    await l.get('/applications/lookup');
    let r = await l.post('/applications/lookup', { code: code.toLowerCase(), last4: '5678' });
    assert.equal(r.statusCode, 303);
    r = await l.get(r.headers.location as string);
    assert.equal(r.statusCode, 200);
    const lt = textOf(r.body);
    assert.match(lt, /办理中/);
    assert.doesNotMatch(lt, /网上申请人|13700005678/);
    r = await l.post('/applications/lookup', { code, last4: '0000' });
    assert.equal(r.statusCode, 404);
    r = await l.post('/applications/lookup', { code: 'AAAA-BBBB-CCCC', last4: '5678' });
    assert.equal(r.statusCode, 404);
    r = await l.post('/applications/lookup', { code: 'x', last4: '' });
    assert.equal(r.statusCode, 400);
    // The column is served.
    const col = await t.agent().get(`/agencies/${xinyuanId}/columns/apply`);
    assert.match(textOf(col.body), /在线提出申请/);
  });

  it('limits progress lookups to 10 a minute per client address, with a Chinese message', async () => {
    const l = t.agent();
    const page = await l.get('/applications/lookup');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const lookup = (remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/applications/lookup',
        remoteAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: l.cookieHeaderValue() },
        payload: new URLSearchParams({ code: 'AAAA-BBBB-CCCC', last4: '0000', _csrf: csrf }).toString(),
      });
    for (let i = 0; i < 10; i++) assert.equal((await lookup('10.0.0.7')).statusCode, 404, `lookup ${i + 1}`);
    const limited = await lookup('10.0.0.7');
    assert.equal(limited.statusCode, 429);
    assert.match(textOf(limited.body), /请求过于频繁，请在 \d+ 秒后重试/);
    // Another address is not affected.
    assert.equal((await lookup('10.0.0.8')).statusCode, 404);
  });

  it('gives unique serials to concurrent registrations', async () => {
    const s = await clerk();
    await s.get('/admin/applications/new');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        s.post('/admin/applications/new', {
          channel: 'in_person',
          submittedOn: TODAY,
          signedOn: '',
          confirmedOn: '',
          ...applicantForm({
            applicantName: `并发${i}`,
            idDocNumber: ID(`2201031990010${String(1000 + i)}`),
          }),
        }),
      ),
    );
    for (const r of results) assert.equal(r.statusCode, 303);
    const rows = await db()
      .selectFrom('applications')
      .select('serial')
      .where('agency_id', '=', xinyuanId)
      .execute();
    assert.equal(new Set(rows.map((r) => r.serial)).size, rows.length);
  });

  it('exports the ledger as XLSX (masked for supervisors) and imports history only when every row is clean', async () => {
    const sup = t.agent();
    await sup.login('demo-supervisor');
    const exp = await sup.get(`/admin/applications/ledger.xlsx?year=2026&agency=${xinyuanId}`);
    assert.equal(exp.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.getRow(2).getCell(2).text, '申请编号');
    const all = JSON.stringify(ws.getSheetValues());
    assert.doesNotMatch(all, /13804310001/);
    assert.match(all, /138\*\*\*\*0001/);

    const build = async (rows: (string | number)[][]) => {
      const w = new ExcelJS.Workbook();
      const s = w.addWorksheet('台账');
      s.addRow(['历史台账']);
      s.addRow([
        '序号',
        '申请编号',
        '收到申请日期',
        '提交方式',
        '申请人类型',
        '申请人姓名或名称',
        '证件号码',
        '联系电话',
        '申请内容',
        '答复期限',
        '延期工作日数',
        '办结日期',
        '办理结果',
        '办理结果代码',
        '状态',
      ]);
      for (const r of rows) s.addRow(r);
      return Buffer.from(await w.xlsx.writeBuffer());
    };
    const s = await clerk();
    const upload = async (file: Buffer, mode: string) => {
      await s.get('/admin/applications/import');
      const boundary = '----gk';
      const token = /name="_csrf" value="([^"]+)"/.exec(
        (await s.get('/admin/applications/import')).body,
      )![1]!;
      const parts = [
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\n${mode}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="l.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ];
      const payload = Buffer.concat([
        Buffer.from(parts.join('')),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST',
        url: '/admin/applications/import',
        payload,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          cookie: `gk_session=${s.cookie('gk_session')}; gk_csrf=${s.cookie('gk_csrf')}`,
        },
      });
    };
    const bad = await build([
      [
        1,
        '2019-0001',
        '2019-03-04',
        '当面提交',
        '自然人',
        '甲',
        '',
        '',
        '某文件',
        '',
        '',
        '2019-03-20',
        '予以公开',
        '',
        '',
      ],
      [2, '2019-0002', '2019-13-04', '飞鸽', '自然人', '乙', '', '', '某文件', '', '', '', '', '', ''],
      [
        3,
        '2019-0003',
        '2019-03-05',
        '当面提交',
        '商业企业',
        '丙公司',
        '',
        '',
        '某文件',
        '',
        '',
        '2019-03-01',
        'granted',
        '',
        '',
      ],
    ]);
    let res = await upload(bad, 'write');
    assert.equal(res.statusCode, 400, res.body.slice(0, 300));
    const text = textOf(res.body);
    assert.match(text, /第 4 行：收到申请日期“2019-13-04”不是有效日期/);
    assert.match(text, /提交方式“飞鸽”无效/);
    assert.match(text, /第 5 行/);
    let count = await db()
      .selectFrom('applications')
      .select('id')
      .where('serial', 'like', '2019-%')
      .execute();
    assert.equal(count.length, 0);
    const good = await build([
      [
        1,
        '2019-0001',
        '2019-03-04',
        '当面提交',
        '自然人',
        '甲',
        '',
        '',
        '某文件',
        '',
        '',
        '2019-03-20',
        '予以公开',
        '',
        '',
      ],
      [
        2,
        '2019-0002',
        '2019-03-05',
        '当面提交',
        '商业企业',
        '丙公司',
        '',
        '',
        '某文件',
        '',
        '5',
        '2019-04-20',
        '',
        'unable.notHeld',
        '',
      ],
    ]);
    res = await upload(good, 'dry');
    assert.equal(res.statusCode, 200, textOf(res.body).slice(0, 500));
    assert.match(textOf(res.body), /检查通过/);
    res = await upload(good, 'write');
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /已导入 2 件申请/);
    count = await db()
      .selectFrom('applications')
      .select(['id', 'outcome'])
      .where('serial', 'like', '2019-%')
      .execute();
    assert.equal(count.length, 2);
  });

  it('serves the JSON API with per-user bearer tokens and an OpenAPI document', async () => {
    const r = await createApiToken(db(), 'demo-clerk', 'test', t.clock.now().toISOString());
    assert.ok(r.ok);
    const token = r.ok ? r.token : '';
    const stored = await db().selectFrom('api_tokens').select('token_hash').execute();
    assert.ok(stored.every((s) => s.token_hash !== token));
    const auth = { authorization: `Bearer ${token}` };
    const doc = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(doc.statusCode, 200);
    assert.equal(doc.json().openapi, '3.1.0');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/applications' })).statusCode, 401);
    assert.equal(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/applications',
          headers: { authorization: 'Bearer nope' },
        })
      ).statusCode,
      401,
    );
    // Every list parameter is checked: an absurd offset is a 400 with the field's message, not a 500.
    for (const [query, field] of [
      ['offset=1e20', 'offset'],
      ['offset=-1', 'offset'],
      ['limit=abc', 'limit'],
      ['limit=501', 'limit'],
      ['overdue=maybe', 'overdue'],
      ['status=%27%3B', 'status'],
    ] as const) {
      const bad = await t.app.inject({ method: 'GET', url: `/api/v1/applications?${query}`, headers: auth });
      assert.equal(bad.statusCode, 400, query);
      assert.ok(bad.json().error.fields[field], `${query}: ${bad.body}`);
    }
    const page = await t.app.inject({
      method: 'GET',
      url: '/api/v1/applications?offset=0&limit=2&overdue=0',
      headers: auth,
    });
    assert.equal(page.statusCode, 200, page.body);
    let res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: auth,
      payload: {
        channel: 'email',
        submittedOn: '2026-11-23',
        confirmedOn: '2026-11-24',
        applicant: { ...applicantForm(), applicantName: 'API申请人' },
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json();
    assert.equal(created.deadlines.receiptDate, '2026-11-24');
    assert.equal(created.deadlines.replyDue, addWorkingDays(await calendar(), '2026-11-24', 20).date);
    res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: auth,
      payload: {
        channel: 'in_person',
        submittedOn: TODAY,
        applicant: { ...applicantForm(), idDocNumber: '123' },
      },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.fields.idDocNumber, /居民身份证号码/);
    res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${created.id}/events`,
      headers: auth,
      payload: { type: 'answered', on: TODAY, outcome: 'unable.notHeld' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().deadlines.outcome, 'unable.notHeld');
    res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${created.id}/events`,
      headers: auth,
      payload: { type: 'answered', on: TODAY, outcome: 'granted' },
    });
    assert.equal(res.statusCode, 409);
    assert.match(res.json().error.message, /已办结/);
    res = await t.app.inject({ method: 'GET', url: `/api/v1/applications/${created.id}`, headers: auth });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.events.length, 2);
    assert.ok(body.deadlines.steps.length > 0);
    assert.doesNotMatch(JSON.stringify(body), /13912345678/);
    // A supervisor's token cannot register.
    const sup = await createApiToken(db(), 'demo-supervisor', null, t.clock.now().toISOString());
    res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: { authorization: `Bearer ${sup.ok ? sup.token : ''}` },
      payload: {},
    });
    assert.equal(res.statusCode, 403);
  });

  it('recomputes open cases when the calendar changes', async () => {
    const cal = await calendar();
    const changed = await db()
      .transaction()
      .execute((trx) => recomputeOpenApplications(trx, cal, t.clock.now().toISOString()));
    assert.equal(changed, 0);
    const emptyCal = buildCalendar([]);
    const n = await db()
      .transaction()
      .execute((trx) => recomputeOpenApplications(trx, emptyCal, t.clock.now().toISOString()));
    assert.ok(n > 0);
    const provisional = await db()
      .selectFrom('applications')
      .select('id')
      .where('reply_due_provisional', '=', 1)
      .execute();
    assert.ok(provisional.length > 0);
    await db()
      .transaction()
      .execute((trx) => recomputeOpenApplications(trx, cal, t.clock.now().toISOString()));
  });
});
