import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { createApp } from '../../src/app.tsx';
import { findApplication } from '../../src/applications/application.repository.ts';
import { appendEventInTransaction } from '../../src/applications/application.service.ts';
import { runRemindCommand } from '../../src/applications/reminder.cli.ts';
import { CalendarProvider } from '../../src/calendar/calendar.repository.ts';
import { deliverOutboxNow } from '../../src/mail/mail.cli.ts';
import { createSmtpMailer } from '../../src/mail/mailer.ts';
import { listOutbox, UNCONFIGURED } from '../../src/mail/outbox.repository.ts';
import { deliverPending, startBackgroundSender } from '../../src/mail/sender.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import type { Io } from '../../src/shared/io.ts';
import { applyOnline } from '../support/apply-form.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { type Agent, startTestApp, type TestContext, testConfig, textOf } from '../support/test-app.ts';

const TODAY = '2026-11-25';
const FROM = '政府信息公开 <gongkai@example.gov.cn>';
const GOOD_ID = (() => {
  const body = '22010319850315201';
  return `${body}${residentIdCheckChar(body)}`;
})();

function applicantForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    applicantType: 'naturalPerson',
    applicantName: '邮件申请人',
    idDocType: 'resident_id',
    idDocName: '',
    idDocNumber: GOOD_ID,
    creditCode: '',
    contactPerson: '',
    phone: '13912345678',
    email: 'applicant@example.com',
    address: '长春市宽城区测试路1号',
    postcode: '130051',
    request: '欣园街道2026年度道路绿化工程的验收报告',
    purpose: '',
    formWanted: 'paper',
    delivery: 'post',
    ...over,
  };
}

function captureIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s) };
}

describe('mail: applicant notifications, the outbox, the daily reminder', () => {
  let smtp: TestSmtpServer;
  let t: TestContext;
  let xinyuanId: number;
  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ config: { SMTP_URL: smtp.url, MAIL_FROM: FROM } });
    xinyuanId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!.id;
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  const db = () => t.database.db;
  const mailer = () => createSmtpMailer(smtp.url, FROM, t.config.uploadDir);
  const clerk = async (): Promise<Agent> => {
    const s = t.agent();
    await s.login('demo-clerk');
    return s;
  };
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
    return Number(/\/admin\/applications\/(\d+)/.exec(res.headers.location as string)![1]);
  }
  async function addEvent(s: Agent, id: number, type: string, form: Record<string, string>) {
    await s.get(`/admin/applications/${id}/events/${type}`);
    return s.post(`/admin/applications/${id}/events/${type}`, form);
  }

  it('sends the applicant of an online application a receipt with the 查询码 and the lookup link', async () => {
    const code = await applyOnline(t, t.agent(), xinyuanId, applicantForm({ phone: '13700005678' }));

    const app = (await db()
      .selectFrom('applications')
      .select(['id', 'serial'])
      .where('lookup_code', '=', code.replace(/-/g, ''))
      .executeTakeFirstOrThrow())!;
    const queued = await listOutbox(db(), { applicationId: app.id });
    assert.equal(queued.length, 1);
    assert.equal(queued[0]!.status, 'pending');

    // Two senders at once (as two app processes would): each row is claimed by one of them only.
    const [a, b] = await Promise.all([
      deliverPending(db(), mailer(), t.clock.now()),
      deliverPending(db(), mailer(), t.clock.now()),
    ]);
    assert.equal(a.sent + b.sent, 1);
    await smtp.waitFor(1);
    assert.equal(smtp.messages.length, 1);
    const m = smtp.messages[0]!;
    assert.deepEqual(m.to, ['applicant@example.com']);
    assert.equal(m.from, 'gongkai@example.gov.cn');
    assert.match(
      m.subject,
      new RegExp(`宽城区欣园街道办事处已收到您的政府信息公开申请（编号 ${app.serial}）`),
    );
    assert.match(m.text, new RegExp(`查询码：${code}`));
    assert.match(m.text, /答复期限：\d{4}年\d{1,2}月\d{1,2}日前/);
    assert.match(m.text, /http:\/\/localhost:3000\/applications\/lookup/);
    // Nothing personal beyond what the applicant gave, and not the ID or phone number at all.
    assert.doesNotMatch(m.text, new RegExp(`${GOOD_ID}|13700005678`));
    const row = (await listOutbox(db(), { applicationId: app.id }))[0]!;
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 1);
  });

  it('delivers in the background while running, and stops cleanly', async () => {
    const s = await clerk();
    const id = await register(s, { email: 'background@example.com' });
    const before = smtp.messages.length;
    const sender = startBackgroundSender({ db: db(), mailer: mailer(), clock: t.clock, intervalMs: 20 });
    try {
      await smtp.waitFor(before + 1);
    } finally {
      await sender.stop();
    }
    assert.deepEqual(smtp.messages.at(-1)!.to, ['background@example.com']);
    assert.equal((await listOutbox(db(), { applicationId: id }))[0]!.status, 'sent');
    // The app starts its own sender when asked (never by default in tests) and stops it when closed.
    const app = await createApp({
      config: t.config,
      db: db(),
      dialect: t.database.dialect,
      clock: t.clock,
      calendar: new CalendarProvider(),
      backgroundMail: true,
    });
    await app.ready();
    await app.close();
  });

  it('writes a notification only with its event: a refused event or a rolled-back transaction leaves no outbox row', async () => {
    const s = await clerk();
    const id = await register(s);
    assert.equal((await listOutbox(db(), { applicationId: id })).length, 1);

    // Refused by the timeline rules: nothing written.
    const refused = await addEvent(s, id, 'correctionLapsed', { on: TODAY, note: '' });
    assert.equal(refused.statusCode, 400);
    assert.equal((await listOutbox(db(), { applicationId: id })).length, 1);

    // Appended inside a transaction that then fails: neither the event nor the mail remains.
    const a = (await findApplication(db(), id))!;
    const cal = await new CalendarProvider().get(db());
    await assert.rejects(
      db()
        .transaction()
        .execute(async (trx) => {
          await appendEventInTransaction(
            trx,
            cal,
            a,
            { type: 'extensionApproved', on: TODAY, workingDays: 10, approvedBy: '某主任' },
            null,
            { userId: null, login: 'test', ip: null },
            t.clock.now().toISOString(),
            TODAY,
            { publicBaseUrl: t.config.publicBaseUrl },
          );
          const inside = await trx
            .selectFrom('outbox')
            .select('id')
            .where('application_id', '=', id)
            .execute();
          assert.equal(inside.length, 2);
          throw new Error('rolled back');
        }),
      /rolled back/,
    );
    assert.equal((await listOutbox(db(), { applicationId: id })).length, 1);
    const events = await db()
      .selectFrom('application_events')
      .select('id')
      .where('application_id', '=', id)
      .execute();
    assert.equal(events.length, 1);

    // Committed events: third-party consultation (the party is not named) and the answer.
    let res = await addEvent(s, id, 'thirdPartyConsultationSent', {
      on: TODAY,
      party: '长春某某建设有限公司',
      deliveredOn: '',
      note: '',
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600));
    res = await addEvent(s, id, 'answered', {
      on: TODAY,
      outcome: 'granted',
      basis: '',
      onTheSpot: 'no',
      note: '',
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600));
    const rows = await listOutbox(db(), { applicationId: id });
    assert.deepEqual(
      rows.map((r) => r.subject.replace(/^.*：/, '')),
      [rows[0]!.subject.replace(/^.*：/, ''), '正在征求第三方意见', '已作出答复'],
    );
    assert.match(rows[1]!.text, /征求意见所需时间不计算在答复期限内/);
    assert.doesNotMatch(rows[1]!.text, /长春某某建设有限公司/);
    assert.match(rows[2]!.text, /答复结果：予以公开/);
  });

  it('sends each clerk and reviewer with an e-mail address one reminder with the overdue case, once per day', async () => {
    // The administrator gives the demo clerk and reviewer an address; the form checks it.
    const admin = t.agent();
    await admin.login('demo-admin');
    const users = await db().selectFrom('users').select(['id', 'login']).execute();
    const idOf = (login: string) => users.find((u) => u.login === login)!.id;
    const edit = async (login: string, email: string, role: string) => {
      await admin.get(`/admin/users/${idOf(login)}/edit`);
      return admin.post(`/admin/users/${idOf(login)}/edit`, {
        displayName: login,
        email,
        role,
        agencyId: String(xinyuanId),
        password: '',
        active: '1',
      });
    };
    const bad = await edit('demo-clerk', 'not-an-address', 'clerk');
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /电子邮箱格式不正确/);
    assert.equal((await edit('demo-clerk', 'clerk@example.gov.cn', 'clerk')).statusCode, 303);
    assert.equal((await edit('demo-reviewer', 'reviewer@example.gov.cn', 'reviewer')).statusCode, 303);
    const form = await admin.get(`/admin/users/${idOf('demo-clerk')}/edit`);
    assert.match(form.body, /value="clerk@example.gov.cn"/);
    // A supervisor with an address is not a recipient.
    await db()
      .updateTable('users')
      .set({ email: 'boss@example.gov.cn' })
      .where('login', '=', 'demo-supervisor')
      .execute();

    const overdue = await db()
      .selectFrom('applications')
      .select(['id', 'serial'])
      .where('agency_id', '=', xinyuanId)
      .where('closed_on', 'is', null)
      .where('reply_due', '<', TODAY)
      .execute();
    assert.equal(overdue.length, 1);

    await deliverPending(db(), mailer(), t.clock.now()); // the applicant mail of the earlier tests
    const before = smtp.messages.length;
    const env = { db: db(), config: t.config, clock: t.clock, calendar: new CalendarProvider() };
    const io = captureIo();
    assert.equal(await runRemindCommand(['--date', TODAY], io, env), 0, io.err.join('\n'));
    assert.match(io.out.join('\n'), /新生成提醒邮件 2 封/);
    await smtp.waitFor(before + 2);
    const reminders = smtp.messages.slice(before);
    assert.deepEqual(reminders.map((m) => m.to[0]).sort(), [
      'clerk@example.gov.cn',
      'reviewer@example.gov.cn',
    ]);
    for (const m of reminders) {
      assert.match(m.subject, /宽城区欣园街道办事处：已逾期 1 件/);
      assert.match(m.text, new RegExp(`${overdue[0]!.serial}　答复期限`));
      assert.match(m.text, new RegExp(`http://localhost:3000/admin/applications/${overdue[0]!.id}\\b`));
      assert.doesNotMatch(m.text, /13804310001/);
    }

    // The same day again: nothing new.
    const again = captureIo();
    assert.equal(await runRemindCommand(['--date', TODAY], again, env), 0);
    assert.match(again.out.join('\n'), /新生成提醒邮件 0 封，2 封此前已生成/);
    assert.equal(smtp.messages.length, before + 2);
    assert.equal((await listOutbox(db(), { kind: 'reminder' })).length, 2);

    // Bad arguments.
    assert.equal(await runRemindCommand(['--date', '2026-02-30'], captureIo(), env), 2);
  });

  it('keeps a message pending with the error while the server is down, and delivers it on a later attempt', async () => {
    const s = await clerk();
    const id = await register(s, { email: 'retry@example.com' });
    const [row] = await listOutbox(db(), { applicationId: id });
    await smtp.stop();
    try {
      const now = t.clock.now();
      const r = await deliverPending(db(), mailer(), now);
      assert.equal(r.sent, 0);
      assert.ok(r.retrying >= 1);
      const failed = (await listOutbox(db(), { applicationId: id }))[0]!;
      assert.equal(failed.id, row!.id);
      assert.equal(failed.status, 'pending');
      assert.equal(failed.attempts, 1);
      assert.match(failed.lastError ?? '', /ECONNREFUSED|ESOCKET|ECONNECTION/);
      assert.ok(failed.nextAttemptAt > now.toISOString());
      // Not retried before its backoff has passed.
      const early = await deliverPending(db(), mailer(), now);
      assert.equal(early.retrying + early.sent, 0);
    } finally {
      await smtp.start();
    }
    const before = smtp.messages.length;
    const later = new Date(t.clock.now().getTime() + 5 * 60_000);
    const r = await deliverPending(db(), mailer(), later);
    assert.equal(r.sent, 1);
    await smtp.waitFor(before + 1);
    assert.deepEqual(smtp.messages.at(-1)!.to, ['retry@example.com']);
    const done = (await listOutbox(db(), { applicationId: id }))[0]!;
    assert.equal(done.status, 'sent');
    assert.equal(done.attempts, 2);
    assert.equal(done.lastError, null);
  });

  it('keeps mail in the outbox, marked 未发送（未配置邮件服务器）, when no SMTP server is configured', async () => {
    const s = await clerk();
    const id = await register(s, { email: 'nosmtp@example.com' });
    const io = captureIo();
    const code = await deliverOutboxNow({ db: db(), config: testConfig(), clock: t.clock }, io);
    assert.equal(code, 0);
    assert.match(io.out.join('\n'), /未发送（未配置邮件服务器）/);
    const row = (await listOutbox(db(), { applicationId: id }))[0]!;
    assert.equal(row.status, 'pending');
    assert.equal(row.lastError, UNCONFIGURED);
  });
});
