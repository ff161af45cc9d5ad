import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSmtpMailer } from '../../src/mail/mailer.ts';
import { findOutboxRow, listOutbox } from '../../src/mail/outbox.repository.ts';
import { deliverPending, MAX_ATTEMPTS } from '../../src/mail/sender.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

const TODAY = '2026-11-25';
const FROM = '政府信息公开 <gongkai@example.gov.cn>';
const GOOD_ID = (() => {
  const body = '22010319850315201';
  return `${body}${residentIdCheckChar(body)}`;
})();

describe('the outbox page (/admin/mail): status, attempts, errors, 重新发送', () => {
  let smtp: TestSmtpServer;
  let t: TestContext;
  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ config: { SMTP_URL: smtp.url, MAIL_FROM: FROM } });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  const db = () => t.database.db;
  const login = async (who: string): Promise<Agent> => {
    const s = t.agent();
    await s.login(who);
    return s;
  };

  it('lists a mail that failed for good with its attempts and error, masks the recipient, links it from the dashboard, and resends it (CSRF, audited)', async () => {
    const s = await login('demo-clerk');
    await s.get('/admin/applications/new');
    const res = await s.post('/admin/applications/new', {
      channel: 'in_person',
      submittedOn: TODAY,
      signedOn: '',
      confirmedOn: '',
      applicantType: 'naturalPerson',
      applicantName: '发件箱申请人',
      idDocType: 'resident_id',
      idDocName: '',
      idDocNumber: GOOD_ID,
      creditCode: '',
      contactPerson: '',
      phone: '13912340000',
      email: 'fail-me@example.com',
      address: '长春市宽城区测试路1号',
      postcode: '130051',
      request: '欣园街道2026年度路灯维修合同',
      purpose: '',
      formWanted: 'paper',
      delivery: 'post',
    });
    assert.equal(res.statusCode, 303);
    const appId = Number(/\/admin\/applications\/(\d+)/.exec(res.headers.location as string)![1]);
    const [row] = await listOutbox(db(), { applicationId: appId });
    assert.ok(row);

    // The server is down for every attempt: after MAX_ATTEMPTS the message is failed for good.
    await smtp.stop();
    const mailer = createSmtpMailer(smtp.url, FROM, t.config.uploadDir);
    try {
      let at = t.clock.now().getTime();
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        await deliverPending(db(), mailer, new Date(at));
        at += 7 * 3600_000;
      }
    } finally {
      mailer.close();
      await smtp.start();
    }
    const failed = (await findOutboxRow(db(), row!.id))!;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.attempts, MAX_ATTEMPTS);

    // Dashboard link.
    const dash = await s.get('/admin');
    assert.match(textOf(dash.body), /发送失败的邮件 \d+ 封/);
    assert.match(dash.body, /href="\/admin\/mail\?status=failed"/);

    // The outbox page, filtered to failed mail.
    const page = await s.get('/admin/mail?status=failed');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /发件箱/);
    assert.match(text, /f\*\*\*@example\.com/);
    assert.doesNotMatch(page.body, /fail-me@example\.com/);
    assert.match(text, /失败/);
    assert.match(text, new RegExp(`${MAX_ATTEMPTS}`));
    assert.match(text, /ECONNREFUSED|ESOCKET|ECONNECTION/);
    assert.match(text, /已收到您的政府信息公开申请/);
    assert.match(page.body, new RegExp(`/admin/mail/${row!.id}/resend`));
    // Other filters.
    assert.doesNotMatch(
      textOf((await s.get('/admin/mail?status=sent')).body),
      /fail-me|f\*\*\*@example\.com/,
    );

    // Without the CSRF token: refused, nothing changes.
    const forged = await s.post(`/admin/mail/${row!.id}/resend`, {}, { csrf: null });
    assert.equal(forged.statusCode, 403);
    assert.equal((await findOutboxRow(db(), row!.id))!.status, 'failed');

    // A supervisor (not of the handling agency, no 办理 permission) cannot resend it.
    const sup = await login('demo-supervisor');
    assert.doesNotMatch(textOf((await sup.get('/admin/mail')).body), /f\*\*\*@example\.com/);
    assert.equal((await sup.post(`/admin/mail/${row!.id}/resend`, {})).statusCode, 403);

    // Resend: back in the queue with fresh attempts, audited; delivered on the next run.
    await s.get('/admin/mail?status=failed');
    const resent = await s.post(`/admin/mail/${row!.id}/resend`, {});
    assert.equal(resent.statusCode, 303);
    assert.match(textOf((await s.get(resent.headers.location as string)).body), /已重新排入发送队列/);
    const queued = (await findOutboxRow(db(), row!.id))!;
    assert.equal(queued.status, 'pending');
    assert.equal(queued.attempts, 0);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'outbox')
      .where('entity_id', '=', String(row!.id))
      .executeTakeFirstOrThrow();
    assert.equal(audit.action, 'resend');
    assert.equal(audit.user_login, 'demo-clerk');
    assert.doesNotMatch(audit.summary, /fail-me@example\.com/);
    // A second resend of the same (no longer failed) mail is refused.
    await s.get('/admin/mail');
    assert.equal((await s.post(`/admin/mail/${row!.id}/resend`, {})).statusCode, 409);

    const before = smtp.messages.length;
    const again = createSmtpMailer(smtp.url, FROM, t.config.uploadDir);
    try {
      const r = await deliverPending(db(), again, t.clock.now());
      assert.ok(r.sent >= 1);
    } finally {
      again.close();
    }
    await smtp.waitFor(before + 1);
    assert.equal((await findOutboxRow(db(), row!.id))!.status, 'sent');
    const sent = textOf((await s.get('/admin/mail?status=sent')).body);
    assert.match(sent, /f\*\*\*@example\.com/);
    assert.match(sent, /已发送/);
    // No failed mail left: the dashboard no longer shows the link.
    assert.doesNotMatch(textOf((await s.get('/admin')).body), /发送失败的邮件/);
  });

  it('shows an administrator every agency’s mail', async () => {
    const admin = await login('demo-admin');
    const page = await admin.get('/admin/mail');
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /全部机构/);
    assert.match(textOf(page.body), /f\*\*\*@example\.com/);
  });
});
