import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listOutbox } from '../../src/mail/outbox.repository.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { type Agent, startTestApp, TEST_NOW, type TestContext, textOf } from '../support/test-app.ts';

const TODAY = '2026-11-25';
const ID = (body17: string) => `${body17}${residentIdCheckChar(body17)}`;
const FROM = '政府信息公开 <gongkai@example.gov.cn>';

function applicantForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    applicantType: 'naturalPerson',
    applicantName: '查询申请人',
    idDocType: 'resident_id',
    idDocName: '',
    idDocNumber: ID('22010319800101203'),
    creditCode: '',
    contactPerson: '',
    phone: '13955554321',
    email: 'lookup@example.com',
    address: '长春市宽城区查询路8号',
    postcode: '130051',
    request: '欣园街道2026年度公共厕所改造工程的竣工验收报告',
    purpose: '',
    formWanted: 'email',
    delivery: 'online',
    ...over,
  };
}

const pdfBytes = (n: number, fill: number) =>
  Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(n - 9, fill)]);

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = `----gk${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const htmlText = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The steps of a case up to an approved letter, by the demo clerk and reviewer of 欣园街道. */
function caseKit(t: () => TestContext) {
  const clerk = async (): Promise<Agent> => {
    const s = t().agent();
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
      ...applicantForm(over),
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600));
    return Number(/\/admin\/applications\/(\d+)/.exec(res.headers.location as string)![1]);
  }
  async function answer(s: Agent, id: number) {
    await s.get(`/admin/applications/${id}/events/answered`);
    const res = await s.post(`/admin/applications/${id}/events/answered`, {
      on: TODAY,
      outcome: 'granted',
      basis: '',
      onTheSpot: 'no',
      note: '',
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600));
  }
  /** Drafts a letter of `kind`, fills its blanks, optionally attaches a file; returns its URL. */
  async function draft(
    s: Agent,
    id: number,
    kind: string,
    file?: { name: string; content: Buffer },
  ): Promise<string> {
    await s.get(`/admin/applications/${id}`);
    let res = await s.post(`/admin/applications/${id}/letters/new`, { kind });
    assert.equal(res.statusCode, 303);
    const url = res.headers.location as string;
    const page = await s.get(url);
    if (file) {
      const { payload, contentType } = multipart({ _csrf: csrfOf(page.body) }, file);
      res = await t().app.inject({
        method: 'POST',
        url: `${url}/attachments`,
        payload,
        headers: { 'content-type': contentType, cookie: s.cookieHeaderValue() },
      });
      assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
    }
    const body = htmlText(/<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(page.body)![1] ?? '')
      .replace(/_{2,}（[^）]*）/g, '在线查看')
      .replace(/_{2,}/g, '某某公司');
    await s.get(url);
    const title = /<input[^>]*name="title"[^>]*value="([^"]*)"/.exec(page.body)![1]!;
    res = await s.post(url, { title: htmlText(title), body });
    assert.equal(res.statusCode, 303);
    return url;
  }
  async function approve(url: string) {
    const r = t().agent();
    await r.login('demo-reviewer');
    const page = await r.get(url);
    // The reviewer confirms (仍然批准) any warning: some of these letters mention 附件 and send none.
    const seenKey = /name="seenKey" value="([^"]*)"/.exec(page.body)?.[1] ?? '';
    const res = await r.post(`${url}/approve`, { seenKey, confirm: '1' });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
  }
  async function send(s: Agent, url: string, form: Record<string, string>) {
    await s.get(url);
    return s.post(`${url}/send`, { sentOn: TODAY, seal: 'electronic', ...form });
  }
  return { clerk, register, answer, draft, approve, send };
}

describe('the applicant gets the reply: sent letters on the lookup (no mail server)', () => {
  let t: TestContext;
  const dir = mkdtempSync(join(tmpdir(), 'gk-lookup-letters-'));
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const k = caseKit(() => t);
  const db = () => t.database.db;
  const codeOf = async (id: number) =>
    (
      await db()
        .selectFrom('applications')
        .select('lookup_code')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).lookup_code;
  const lookup = async (id: number, last4 = '4321'): Promise<{ agent: Agent; body: string }> => {
    const l = t.agent();
    await l.get('/applications/lookup');
    const checked = await l.post('/applications/lookup', { code: await codeOf(id), last4 });
    assert.equal(checked.statusCode, 303, textOf(checked.body).slice(0, 400));
    assert.equal(checked.headers.location, '/applications/lookup');
    const res = await l.get('/applications/lookup');
    assert.equal(res.statusCode, 200);
    return { agent: l, body: res.body };
  };
  const letterIdOf = (url: string) => Number(/letters\/(\d+)$/.exec(url)![1]);

  // One case sent 在线 with an attachment, a draft beside it, and a second case, shared by the tests below.
  let caseA: number;
  let sentUrl: string;
  let caseB: number;
  let otherLetterUrl: string;
  const doc = pdfBytes(20_000, 0x51);
  const otherDoc = pdfBytes(5_000, 0x52);
  before(async () => {
    const s = await k.clerk();
    caseA = await k.register(s);
    await k.answer(s, caseA);
    sentUrl = await k.draft(s, caseA, 'granted', { name: '验收报告.pdf', content: doc });
    await k.approve(sentUrl);
    caseB = await k.register(s, { phone: '13900001111', applicantName: '另一申请人' });
    await k.answer(s, caseB);
    otherLetterUrl = await k.draft(s, caseB, 'granted', { name: '他人材料.pdf', content: otherDoc });
    await k.approve(otherLetterUrl);
    const res = await k.send(s, otherLetterUrl, { delivery: 'online' });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
  });

  it('before sending, the lookup lists no letter and offers none of the approved one', async () => {
    const { agent, body } = await lookup(caseA);
    assert.match(textOf(body), /已发出的文书 暂无/);
    assert.equal((await agent.get(`/applications/lookup/letters/${letterIdOf(sentUrl)}`)).statusCode, 404);
  });

  it('sends 在线: on the lookup at once; the clerk is told the notice mail waits in the outbox', async () => {
    const s = await k.clerk();
    const res = await k.send(s, sentUrl, { delivery: 'online' });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
    assert.match(res.headers.location as string, /sentMailWaiting=1/);
    const casePage = textOf((await s.get(res.headers.location as string)).body);
    assert.match(casePage, /本系统未配置邮件服务器，邮件在发件箱中等待发送/);
    assert.match(casePage, /在线查看 邮件：未发送（未配置邮件服务器）/);
    const letterPage = textOf((await s.get(sentUrl)).body);
    assert.match(letterPage, /送达方式 在线查看/);
    assert.match(letterPage, /邮件在 发件箱 中等待发送/);
    // The notice carries the lookup link, not the letter, nor any personal data beyond the 查询码.
    const mail = (await listOutbox(db(), { applicationId: caseA })).at(-1)!;
    assert.equal(mail.to, 'lookup@example.com');
    assert.match(mail.text, /http:\/\/localhost:3000\/applications\/lookup/);
    assert.match(mail.text, /查看文书全文、下载 PDF 和附件/);
    assert.equal(mail.attachments.length, 0);
    for (const secret of ['查询申请人', '13955554321', '查询路8号', ID('22010319800101203'), '某某公司'])
      assert.ok(!mail.text.includes(secret), `the notice leaves out ${secret}`);
    // The audit says how it went out.
    const audit = await db()
      .selectFrom('audit_log')
      .select('summary')
      .where('entity_type', '=', 'application_letter')
      .where('action', '=', 'send')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.match(audit.summary, /送达方式：在线查看，已通过电子邮件通知申请人/);
  });

  it('shows what was asked for, the delivery chosen, the dates and the sent letter with page, PDF and attachment — nothing personal', async () => {
    const s = await k.clerk();
    await k.draft(s, caseA, 'correction'); // a draft: never on the lookup
    const { agent, body } = await lookup(caseA);
    const text = textOf(body);
    assert.match(text, /所需政府信息 欣园街道2026年度公共厕所改造工程的竣工验收报告/);
    assert.match(text, /获取方式 在线查看（政府网站）/);
    assert.match(text, /收到申请之日 2026年11月25日/);
    assert.match(text, /答复期限 \d{4}年\d{1,2}月\d{1,2}日/);
    assert.match(text, /答复日期 2026年11月25日/);
    assert.match(text, /政府信息公开告知书.*2026年11月25日发出；送达方式：在线查看/);
    assert.doesNotMatch(text, /补正申请通知书/);
    for (const secret of [
      '查询申请人',
      '13955554321',
      '查询路8号',
      ID('22010319800101203'),
      'lookup@example.com',
    ])
      assert.ok(!text.includes(secret), `the lookup leaves out ${secret}`);
    const id = letterIdOf(sentUrl);
    assert.ok(body.includes(`href="/applications/lookup/letters/${id}"`));
    assert.ok(body.includes(`href="/applications/lookup/letters/${id}/pdf"`));
    const fileLink = /href="(\/applications\/lookup\/files\/\d+)"/.exec(body)![1]!;

    // The letter as its page: the print document, its one style sheet allowed by hash, nothing else.
    const page = await agent.get(`/applications/lookup/letters/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /<h1 class="gk-ls-title">政府信息公开告知书<\/h1>/);
    assert.match(page.body, /依申公开〔2026〕\d+号/, 'the 文号 is on the page');
    assert.match(textOf(page.body), /附件： ?验收报告/);
    const csp = page.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    const styles = [...page.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    assert.ok(styles.length > 0);
    for (const css of styles)
      assert.ok(
        csp.includes(`'sha256-${createHash('sha256').update(css).digest('base64')}'`),
        'style allowed',
      );
    assert.equal(page.headers['cache-control'], 'no-store');

    // As PDF, its text extractable.
    const pdf = await agent.get(`/applications/lookup/letters/${id}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(pdf.headers['content-disposition'] as string, /^attachment;/);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, pdf.rawPayload);
    const pdfText = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(pdfText.includes('政府信息公开告知书'));

    // Its attachment, byte for byte.
    const got = await agent.get(fileLink);
    assert.equal(got.statusCode, 200);
    assert.ok(got.rawPayload.equals(doc));

    // Back on the lookup (GET, no re-post) while the proof lasts, the result is shown again.
    assert.match(textOf((await agent.get('/applications/lookup')).body), /竣工验收报告/);
  });

  it('never opens another application’s letter or attachment, nor a draft, with this application’s proof', async () => {
    const { agent } = await lookup(caseA);
    const other = await lookup(caseB, '1111');
    const otherFile = /href="(\/applications\/lookup\/files\/\d+)"/.exec(other.body)![1]!;
    const otherId = letterIdOf(otherLetterUrl);
    assert.equal((await agent.get(`/applications/lookup/letters/${otherId}`)).statusCode, 404);
    assert.equal((await agent.get(`/applications/lookup/letters/${otherId}/pdf`)).statusCode, 404);
    assert.equal((await agent.get(otherFile)).statusCode, 404);
    // The owner of that case gets them.
    assert.equal((await other.agent.get(otherFile)).statusCode, 200);
    assert.equal((await other.agent.get(`/applications/lookup/letters/${otherId}`)).statusCode, 200);
    // Drafts are not served even to their own case.
    const draftId = (
      await db()
        .selectFrom('application_letters')
        .select('id')
        .where('application_id', '=', caseA)
        .where('status', '=', 'draft')
        .executeTakeFirstOrThrow()
    ).id;
    assert.equal((await agent.get(`/applications/lookup/letters/${draftId}`)).statusCode, 404);
    assert.equal((await agent.get('/applications/lookup/letters/abc')).statusCode, 404);
  });

  it('without the proof — none, forged, expired or ended — sends the visitor back to the lookup form', async () => {
    const id = letterIdOf(sentUrl);
    const urls = [`/applications/lookup/letters/${id}`, `/applications/lookup/letters/${id}/pdf`];
    const { agent, body } = await lookup(caseA);
    urls.push(/href="(\/applications\/lookup\/files\/\d+)"/.exec(body)![1]!);
    const stranger = t.agent();
    for (const url of urls) {
      const res = await stranger.get(url);
      assert.equal(res.statusCode, 303, url);
      assert.equal(res.headers.location, '/applications/lookup?expired=1');
    }
    const form = await stranger.get('/applications/lookup?expired=1');
    assert.match(textOf(form.body), /请先输入查询码和后 4 位查询，再查看或下载文书/);
    assert.doesNotMatch(textOf(form.body), /竣工验收报告/);
    // A forged proof naming the application.
    stranger.setCookie('gk_lookup', `${caseA}.${Date.parse(TEST_NOW)}`);
    assert.equal((await stranger.get(urls[0]!)).statusCode, 303);
    // A real proof after 30 minutes: refused by the server too, not only by the browser's expiry.
    const proof = agent.cookie('gk_lookup')!;
    try {
      t.clock.advance(31 * 60_000);
      const late = t.agent();
      late.setCookie('gk_lookup', proof);
      assert.equal((await late.get(urls[0]!)).statusCode, 303);
    } finally {
      t.clock.set(TEST_NOW);
    }
    assert.equal((await agent.get(urls[0]!)).statusCode, 200);
    // Ending the lookup forgets the proof.
    await agent.get('/applications/lookup');
    const ended = await agent.post('/applications/lookup/end', {});
    assert.equal(ended.statusCode, 303);
    assert.match(textOf((await agent.get(ended.headers.location as string)).body), /已结束查询/);
    assert.equal((await agent.get(urls[0]!)).statusCode, 303);
  });

  it('by 邮寄 asks for the carrier and 快递单号 (kept on error), shows them on the case page and the lookup, and lets the clerk correct them', async () => {
    const s = await k.clerk();
    const id = await k.register(s, { delivery: 'post', formWanted: 'paper', phone: '13900002222' });
    await k.answer(s, id);
    const url = await k.draft(s, id, 'granted');
    await k.approve(url);
    let page = await s.get(url);
    assert.match(page.body, /name="delivery" type="radio" value="post" checked/);
    let res = await k.send(s, url, { delivery: 'post', carrier: '', trackingNumber: '12#4' });
    assert.equal(res.statusCode, 400);
    let text = textOf(res.body);
    assert.match(text, /请填写承运的快递公司或邮政/);
    assert.match(text, /快递单号只能包含字母、数字和“-”，6 至 40 位/);
    assert.match(res.body, /name="trackingNumber"[^>]*value="12#4"/);
    res = await k.send(s, url, {
      delivery: 'post',
      carrier: '中国邮政 EMS',
      trackingNumber: 'ea 1234 5678 9cn',
    });
    assert.equal(res.statusCode, 303);
    text = textOf((await s.get(`/admin/applications/${id}`)).body);
    assert.match(text, /邮寄：中国邮政 EMS，快递单号 EA123456789CN/);
    const l = await lookup(id, '2222');
    assert.match(textOf(l.body), /送达方式：邮寄：中国邮政 EMS，快递单号 EA123456789CN/);
    // The notice mail says how it comes.
    assert.match((await listOutbox(db(), { applicationId: id })).at(-1)!.text, /快递单号 EA123456789CN/);
    // Corrected later, audited; a bad number is refused with the typed value kept.
    page = await s.get(url);
    res = await s.post(`${url}/delivery`, { carrier: '顺丰速运', trackingNumber: 'x' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /name="trackingNumber"[^>]*value="x"/);
    res = await s.post(`${url}/delivery`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
    assert.equal(res.statusCode, 303);
    assert.match(
      textOf((await l.agent.get('/applications/lookup')).body),
      /邮寄：顺丰速运，快递单号 SF1234567890/,
    );
    const audit = await db()
      .selectFrom('audit_log')
      .select('summary')
      .where('entity_type', '=', 'application_letter_delivery')
      .executeTakeFirstOrThrow();
    assert.match(audit.summary, /顺丰速运，快递单号 SF1234567890/);
  });

  it('by 自取 records the day collected later (between sending and today), shown on the lookup', async () => {
    const s = await k.clerk();
    const id = await k.register(s, {
      delivery: 'pickup',
      formWanted: 'paper',
      phone: '13900003333',
      email: '',
    });
    await k.answer(s, id);
    const url = await k.draft(s, id, 'granted');
    await k.approve(url);
    // No e-mail address: e-mail cannot be chosen.
    let res = await k.send(s, url, { delivery: 'email' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /申请人没有留下电子邮箱，不能以电子邮件送达/);
    res = await k.send(s, url, { delivery: 'pickup', collectedOn: '' });
    assert.equal(res.statusCode, 303);
    assert.match(res.headers.location as string, /[?&]sent=1/);
    assert.equal((await listOutbox(db(), { applicationId: id })).length, 0);
    const l = await lookup(id, '3333');
    assert.match(textOf(l.body), /送达方式：自行领取：待领取/);
    let page = await s.get(url);
    assert.match(textOf(page.body), /登记已领取/);
    for (const bad of ['2026-11-24', '2026-11-26', '2026-13-01']) {
      res = await s.post(`${url}/delivery`, { collectedOn: bad });
      assert.equal(res.statusCode, 400, bad);
      assert.match(textOf(res.body), /领取日期应为文书发出之日至今天之间的有效日期/);
    }
    res = await s.post(`${url}/delivery`, { collectedOn: TODAY });
    assert.equal(res.statusCode, 303);
    page = await s.get(url);
    assert.match(textOf(page.body), /自行领取：已于2026年11月25日领取/);
    assert.doesNotMatch(textOf(page.body), /登记已领取/);
    assert.match(
      textOf((await l.agent.get('/applications/lookup')).body),
      /自行领取：已于2026年11月25日领取/,
    );
  });

  it('lists a letter to a third party by date only, and never serves it', async () => {
    const s = await k.clerk();
    const id = await k.register(s, { phone: '13900004444' });
    const url = await k.draft(s, id, 'third_party');
    await k.approve(url);
    const page = await s.get(url);
    assert.doesNotMatch(page.body, /name="delivery"/);
    const res = await k.send(s, url, {});
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
    const l = await lookup(id, '4444');
    assert.match(textOf(l.body), /不向申请人提供全文/);
    assert.ok(!l.body.includes(`/applications/lookup/letters/${letterIdOf(url)}"`));
    assert.equal((await l.agent.get(`/applications/lookup/letters/${letterIdOf(url)}`)).statusCode, 404);
  });
});

describe('the applicant gets the reply: with a mail server', () => {
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
  const k = caseKit(() => t);

  it('sends 电子邮件: the letter is mailed and on the lookup at once; the clerk is told the mail is queued', async () => {
    const s = await k.clerk();
    const id = await k.register(s, { delivery: 'email', phone: '13900005555' });
    await k.answer(s, id);
    const url = await k.draft(s, id, 'granted');
    await k.approve(url);
    const res = await k.send(s, url, { delivery: 'email' });
    assert.equal(res.statusCode, 303);
    assert.match(res.headers.location as string, /sentMailed=1/);
    assert.match(textOf((await s.get(res.headers.location as string)).body), /邮件已放入发件箱，将自动发送/);
    const mail = (await listOutbox(t.database.db, { applicationId: id })).at(-1)!;
    assert.match(mail.text, /全文如下/);
    assert.match(mail.text, /http:\/\/localhost:3000\/applications\/lookup/);
    assert.ok(!mail.text.includes('13900005555') && !mail.text.includes('查询路8号'));
    assert.doesNotMatch(textOf((await s.get(url)).body), /未配置邮件服务器/);
    const code = (
      await t.database.db
        .selectFrom('applications')
        .select('lookup_code')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).lookup_code;
    const l = t.agent();
    await l.get('/applications/lookup');
    assert.equal((await l.post('/applications/lookup', { code, last4: '5555' })).statusCode, 303);
    assert.match(textOf((await l.get('/applications/lookup')).body), /送达方式：电子邮件/);
    const letterId = /letters\/(\d+)$/.exec(url)![1]!;
    assert.equal((await l.get(`/applications/lookup/letters/${letterId}`)).statusCode, 200);
  });
});
