import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { listOutbox } from '../../src/mail/outbox.repository.ts';
import { digest } from '../../src/review/digest.cli.ts';
import { queueReviewDigests } from '../../src/review/digest.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import type { Io } from '../../src/shared/io.ts';
import { itemForm } from '../support/catalogue-form.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

const TODAY = '2026-11-25';
const GOOD_ID = (() => {
  const body = '22010319850315201';
  return `${body}${residentIdCheckChar(body)}`;
})();

function captureIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s) };
}

/** The body of the letter's edit form, unescaped. */
function bodyOf(html: string): string {
  return (/<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const seenKeyOf = (html: string) => /name="seenKey" value="([0-9a-f]+)"/.exec(html)?.[1] ?? '';

describe('work comes to people: the review queue, review mail, the digest, approval warnings', () => {
  let t: TestContext;
  let clerk: Agent;
  let reviewer: Agent;
  let otherReviewer: Agent;
  let supervisor: Agent;
  const db = () => t.database.db;
  const reviewMail = async () => listOutbox(db(), { kind: 'review' });

  before(async () => {
    t = await startTestApp();
    const tuanshan = (await findAgencyByName(db(), '宽城区团山街道办事处'))!.id;
    const admin = t.agent();
    await admin.login('demo-admin');
    await admin.get('/admin/users/new');
    const created = await admin.post('/admin/users/new', {
      login: 'ts-reviewer',
      displayName: '团山审核人',
      role: 'reviewer',
      agencyId: String(tuanshan),
      password: 'Strong-Pass-99',
      active: '1',
    });
    assert.equal(created.statusCode, 303, textOf(created.body).slice(0, 400));
    const emails: Record<string, string> = {
      'demo-clerk': 'clerk@example.gov.cn',
      'demo-reviewer': 'reviewer@example.gov.cn',
      'demo-supervisor': 'boss@example.gov.cn',
      'ts-reviewer': 'ts@example.gov.cn',
    };
    for (const [login, email] of Object.entries(emails))
      await db().updateTable('users').set({ email }).where('login', '=', login).execute();
    clerk = t.agent();
    await clerk.login('demo-clerk');
    reviewer = t.agent();
    await reviewer.login('demo-reviewer');
    otherReviewer = t.agent();
    await otherReviewer.login('ts-reviewer', 'Strong-Pass-99');
    supervisor = t.agent();
    await supervisor.login('demo-supervisor');
  });
  after(async () => t.close());

  async function register(request: string): Promise<{ id: number; serial: string; replyDue: string }> {
    await clerk.get('/admin/applications/new');
    const res = await clerk.post('/admin/applications/new', {
      channel: 'in_person',
      submittedOn: TODAY,
      signedOn: '',
      confirmedOn: '',
      applicantType: 'naturalPerson',
      applicantName: '审核测试申请人',
      idDocType: 'resident_id',
      idDocName: '',
      idDocNumber: GOOD_ID,
      creditCode: '',
      contactPerson: '',
      phone: '13912345678',
      email: '',
      address: '长春市宽城区测试路1号',
      postcode: '130051',
      request,
      purpose: '',
      formWanted: 'paper',
      delivery: 'post',
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 800));
    const id = Number(/\/admin\/applications\/(\d+)/.exec(res.headers.location as string)![1]);
    const row = await db()
      .selectFrom('applications')
      .select(['serial', 'reply_due'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { id, serial: row.serial, replyDue: row.reply_due as string };
  }

  async function draftLetter(applicationId: number, kind: string): Promise<string> {
    await clerk.get(`/admin/applications/${applicationId}`);
    const res = await clerk.post(`/admin/applications/${applicationId}/letters/new`, { kind });
    assert.equal(res.statusCode, 303);
    return res.headers.location as string;
  }

  let first: { id: number; serial: string; replyDue: string };
  let firstLetter: string;
  let secondLetter: string;

  it('mails the reviewers of the agency when a letter is submitted, in the same step, once', async () => {
    first = await register('欣园街道2026年度道路维修计划');
    firstLetter = await draftLetter(first.id, 'granted');
    assert.equal((await reviewMail()).length, 0);
    let page = await clerk.get(firstLetter);
    assert.match(textOf(page.body), /草稿（未提交审核）/);
    const res = await clerk.post(`${firstLetter}/submit`, {});
    assert.equal(res.statusCode, 303);
    const mail = await reviewMail();
    // The reviewer of 欣园 only: not the clerk who submitted, not the supervisor, not 团山's reviewer.
    assert.deepEqual(
      mail.map((m) => m.to),
      ['reviewer@example.gov.cn'],
    );
    assert.match(
      mail[0]!.subject,
      new RegExp(`【待审核】宽城区欣园街道办事处：申请 ${first.serial} 的《政府信息公开告知书》`),
    );
    assert.match(mail[0]!.text, new RegExp(`http://localhost:3000${firstLetter}\\n`));
    assert.match(mail[0]!.text, /答复期限：\d{4}年\d{1,2}月\d{1,2}日/);
    assert.equal(mail[0]!.applicationId, first.id);
    page = await clerk.get(firstLetter);
    assert.match(textOf(page.body), /待审核/);
    assert.match(textOf(page.body), /提交审核，等待审核人审核/);
    assert.doesNotMatch(page.body, /\/submit"/);
    // Submitting again is refused and sends nothing.
    assert.equal((await clerk.post(`${firstLetter}/submit`, {})).statusCode, 409);
    assert.equal((await reviewMail()).length, 1);
    const audit = await db()
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'submit')
      .where('entity_type', '=', 'application_letter')
      .execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0]!.summary, /提交审核，已通知审核人 1 人/);
  });

  it('lists what waits in the reviewer queue and on the dashboard, oldest first, with the deadline', async () => {
    t.clock.advance(60 * 60 * 1000);
    const second = await register('欣园街道2026年度绿化养护合同');
    secondLetter = await draftLetter(second.id, 'not_exist');
    assert.equal((await clerk.post(`${secondLetter}/submit`, {})).statusCode, 303);

    const queue = await reviewer.get('/admin/review');
    assert.equal(queue.statusCode, 200);
    const text = textOf(queue.body);
    assert.match(text, /答复文书（2 件）/);
    assert.ok(text.indexOf(first.serial) < text.indexOf(second.serial), 'oldest first');
    assert.match(text, new RegExp(`${first.serial} 政府信息公开告知书 欣园街道经办人（演示） \\d{4}年`));
    assert.match(queue.body, new RegExp(`href="${firstLetter}"`));
    // The demo item waiting for publishing is there too.
    assert.match(text, /主动公开信息（1 条）/);
    assert.match(text, /欣园街道2026年第三季度安全生产检查情况 一般政府信息 发布/);

    const dash = await reviewer.get('/admin');
    const dashText = textOf(dash.body);
    assert.match(dashText, /待我审核：答复文书 2 件，主动公开信息 1 条/);
    assert.match(dash.body, /href="\/admin\/review"/);
    assert.match(dash.body, new RegExp(`href="${firstLetter}"`));
    assert.match(dashText, new RegExp(`${first.serial}《政府信息公开告知书》.*提交，答复期限 \\d{4}年`));

    // The reviewer of another agency sees none of it.
    const other = textOf((await otherReviewer.get('/admin/review')).body);
    assert.match(other, /答复文书（0 件）/);
    assert.match(other, /主动公开信息（0 条）/);
    assert.doesNotMatch(other, new RegExp(first.serial));
  });

  it('shows only links the role can open: no queue for clerks and supervisors', async () => {
    for (const who of [clerk, supervisor]) {
      const dash = await who.get('/admin');
      assert.equal(dash.statusCode, 200);
      assert.doesNotMatch(dash.body, /href="\/admin\/review"/);
      assert.doesNotMatch(textOf(dash.body), /待我审核/);
      assert.equal((await who.get('/admin/review')).statusCode, 403);
    }
    // Every link of the reviewer's dashboard and queue opens.
    for (const page of ['/admin', '/admin/review']) {
      const html = (await reviewer.get(page)).body;
      const links = [...html.matchAll(/href="(\/admin\/(?:review|applications|catalogue)[^"#]*)"/g)].map(
        (m) => m[1]!.replace(/&amp;/g, '&'),
      );
      assert.ok(links.length > 3);
      for (const href of new Set(links)) assert.equal((await reviewer.get(href)).statusCode, 200, href);
    }
  });

  it('warns the reviewer before approving and needs 仍然批准 to approve despite the warnings', async () => {
    let page = await reviewer.get(firstLetter);
    let text = textOf(page.body);
    assert.match(text, /批准前请核对/);
    assert.match(text, /正文提到附件（“[^”]*见附件[^”]*”），但这份文书还没有添加附件/);
    assert.match(text, /还有 1 处未补全的空白/);
    assert.match(page.body, /name="confirm"/);
    assert.match(text, /仍然批准/);
    const seen = seenKeyOf(page.body);
    assert.ok(seen);

    // Without the confirmation: refused, nothing changes.
    let res = await reviewer.post(`${firstLetter}/approve`, { seenKey: seen });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /正文提到附件但没有附件、还有未补全的空白/);
    assert.match(textOf(res.body), /未补全/);
    const status = async (url: string) =>
      (
        await db()
          .selectFrom('application_letters')
          .select(['status', 'doc_number'])
          .where('id', '=', Number(/letters\/(\d+)/.exec(url)![1]))
          .executeTakeFirstOrThrow()
      ).status;
    assert.equal(await status(firstLetter), 'draft');

    // The clerk fills the blank meanwhile: the reviewer's page is out of date, even with the confirmation.
    const body = bodyOf((await clerk.get(firstLetter)).body).replace(
      /，或请您于_+年_+月_+日前到本机关获取/,
      '',
    );
    assert.notEqual(body, '');
    assert.equal((await clerk.post(firstLetter, { title: '政府信息公开告知书', body })).statusCode, 303);
    res = await reviewer.post(`${firstLetter}/approve`, { seenKey: seen, confirm: '1' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /修改了文书或附件，请重新核对/);
    assert.equal(await status(firstLetter), 'draft');

    // Read again: one warning left; approved with the confirmation, which the audit keeps.
    page = await reviewer.get(firstLetter);
    text = textOf(page.body);
    assert.doesNotMatch(text, /未补全的空白/);
    assert.match(text, /没有添加附件/);
    res = await reviewer.post(`${firstLetter}/approve`, { seenKey: seenKeyOf(page.body), confirm: '1' });
    assert.equal(res.statusCode, 303);
    assert.equal(await status(firstLetter), 'approved');
    const audit = await db()
      .selectFrom('audit_log')
      .select(['summary', 'after_json'])
      .where('action', '=', 'approve')
      .where('entity_type', '=', 'application_letter')
      .executeTakeFirstOrThrow();
    assert.match(audit.summary, /审核通过《政府信息公开告知书》（仍然批准：正文提到附件/);
    assert.match(audit.after_json ?? '', /warnings/);
    // It left the queue.
    assert.match(textOf((await reviewer.get('/admin/review')).body), /答复文书（1 件）/);
  });

  it('asks no confirmation for a letter without warnings', async () => {
    const page = await reviewer.get(secondLetter);
    assert.doesNotMatch(textOf(page.body), /批准前请核对/);
    assert.doesNotMatch(page.body, /name="confirm"/);
  });

  it('returns a letter with a reason the clerk sees on the dashboard and the case page', async () => {
    await reviewer.get(secondLetter);
    let res = await reviewer.post(`${secondLetter}/return`, { returnReason: '  ' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /请填写退回的理由/);
    assert.equal((await clerk.post(`${secondLetter}/return`, { returnReason: '不行' })).statusCode, 403);
    const mailed = (await reviewMail()).length;
    res = await reviewer.post(`${secondLetter}/return`, { returnReason: '请写明检索的范围和方式。' });
    assert.equal(res.statusCode, 303);
    // The clerk who submitted it is told, with the reason and the link.
    const told = (await reviewMail()).slice(mailed);
    assert.deepEqual(
      told.map((m) => m.to),
      ['clerk@example.gov.cn'],
    );
    assert.match(told[0]!.subject, /【退回修改】宽城区欣园街道办事处：申请 \S+ 的《政府信息不存在告知书》/);
    assert.match(told[0]!.text, /理由：\n\n请写明检索的范围和方式。\n/);
    assert.match(told[0]!.text, new RegExp(`http://localhost:3000${secondLetter}\\n`));
    assert.match(textOf((await reviewer.get('/admin/review')).body), /答复文书（0 件）/);

    const dash = await clerk.get('/admin');
    const dashText = textOf(dash.body);
    assert.match(dashText, /退回修改的文书 1 件/);
    assert.match(dashText, /欣园街道分管领导（演示）于 .* 退回，理由：请写明检索的范围和方式。/);
    assert.match(dash.body, new RegExp(`href="${secondLetter}"`));
    const applicationId = /applications\/(\d+)/.exec(secondLetter)![1];
    const casePage = textOf((await clerk.get(`/admin/applications/${applicationId}`)).body);
    assert.match(casePage, /已退回修改 退回理由：请写明检索的范围和方式。/);
    const letterPage = textOf((await clerk.get(secondLetter)).body);
    assert.match(letterPage, /审核人于 .* 退回修改，理由： 请写明检索的范围和方式。/);

    // Submitted again: back in the queue, the reviewer told again; gone from the clerk's list.
    const before = (await reviewMail()).length;
    assert.equal((await clerk.post(`${secondLetter}/submit`, {})).statusCode, 303);
    assert.equal((await reviewMail()).length, before + 1);
    assert.match(textOf((await reviewer.get('/admin/review')).body), /答复文书（1 件）/);
    assert.doesNotMatch(textOf((await clerk.get('/admin')).body), /退回修改的文书/);
  });

  it('mails the reviewers when a catalogue item is submitted and lists it in their queue', async () => {
    await clerk.get('/admin/catalogue/new');
    const created = await clerk.post(
      '/admin/catalogue/new',
      itemForm({ title: '关于做好2026年冬季城乡低保救助工作的通知' }),
    );
    assert.equal(created.statusCode, 303);
    const itemId = Number(/items\/(\d+)/.exec(created.headers.location as string)![1]);
    const before = (await reviewMail()).length;
    await clerk.get(`/admin/catalogue/items/${itemId}`);
    assert.equal((await clerk.post(`/admin/catalogue/items/${itemId}/submit`, {})).statusCode, 303);
    const mail = (await reviewMail()).slice(before);
    assert.deepEqual(
      mail.map((m) => m.to),
      ['reviewer@example.gov.cn'],
    );
    assert.match(mail[0]!.subject, /【待审核】主动公开信息“关于做好2026年冬季城乡低保救助工作的通知”/);
    assert.match(mail[0]!.text, new RegExp(`http://localhost:3000/admin/catalogue/items/${itemId}\\n`));
    assert.match(mail[0]!.text, /第二十六条/);
    const text = textOf((await reviewer.get('/admin/review')).body);
    assert.match(text, /主动公开信息（2 条）/);
    assert.ok(text.indexOf('安全生产检查情况') < text.indexOf('冬季城乡低保'), 'oldest first');
  });

  it('sends each reviewer one digest a day, however often and however concurrently it runs', async () => {
    const env = { db: db(), config: t.config, clock: t.clock };
    const io = captureIo();
    assert.equal(await digest({ date: TODAY }, io, env), 0, io.err.join('\n'));
    assert.match(io.out.join('\n'), /新生成审核汇总邮件 1 封/);
    const digests = (await reviewMail()).filter((m) => m.dedupeKey?.startsWith('review-digest:'));
    assert.equal(digests.length, 1);
    const d = digests[0]!;
    assert.equal(d.to, 'reviewer@example.gov.cn');
    assert.match(
      d.subject,
      /【待我审核】宽城区欣园街道办事处：答复文书 1 件，主动公开信息 2 条（2026年11月25日）/,
    );
    assert.match(d.text, /绿化养护合同|政府信息不存在告知书/);
    assert.match(d.text, new RegExp(`http://localhost:3000${secondLetter}\\n`));
    assert.ok(d.text.indexOf('安全生产检查情况') < d.text.indexOf('冬季城乡低保'));

    // Again the same day, twice at once: nothing new.
    const again = captureIo();
    assert.equal(await digest({ date: TODAY }, again, env), 0);
    assert.match(again.out.join('\n'), /新生成审核汇总邮件 0 封，1 封此前已生成/);
    const now = t.clock.now().toISOString();
    const runs = await Promise.all([
      queueReviewDigests(db(), TODAY, t.config.publicBaseUrl, t.config.timeZone, now),
      queueReviewDigests(db(), TODAY, t.config.publicBaseUrl, t.config.timeZone, now),
    ]);
    assert.deepEqual(
      runs.map((r) => r.queued),
      [0, 0],
    );
    // The next day: a new digest.
    const next = await queueReviewDigests(db(), '2026-11-26', t.config.publicBaseUrl, t.config.timeZone, now);
    assert.equal(next.queued, 1);
    const all = (await reviewMail()).filter((m) => m.dedupeKey?.startsWith('review-digest:'));
    assert.deepEqual(all.map((m) => m.dedupeKey?.replace(/:\d+:/, ':U:')).sort(), [
      'review-digest:U:2026-11-25',
      'review-digest:U:2026-11-26',
    ]);
    // Bad arguments: usage, exit 2 (the remind command's parser).
    const { runWithArgs } = await import('../../src/shared/cli-args.ts');
    const { parseDigestArgs } = await import('../../src/review/digest.cli.ts');
    const bad = captureIo();
    assert.equal(
      await runWithArgs(
        bad,
        '用法',
        () => parseDigestArgs(['--date', '2026-02-30']),
        () => Promise.resolve(0),
      ),
      2,
    );
  });

  it('sends no digest to a reviewer with nothing waiting', async () => {
    const r = await queueReviewDigests(
      db(),
      '2026-11-27',
      t.config.publicBaseUrl,
      t.config.timeZone,
      t.clock.now().toISOString(),
    );
    // Only 欣园 has work waiting: 团山's reviewer gets nothing.
    assert.equal(r.agencies, 1);
    const toOther = (await reviewMail()).filter((m) => m.to === 'ts@example.gov.cn');
    assert.equal(toOther.length, 0);
  });
});
