import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { createSmtpMailer } from '../../src/mail/mailer.ts';
import { listOutbox } from '../../src/mail/outbox.repository.ts';
import { deliverPending } from '../../src/mail/sender.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import {
  type FilePart,
  multipart,
  postStep,
  sendFromCheck,
  shownStep,
  uploadTokenIn,
  walkTo,
} from '../support/apply-form.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

const TODAY = '2026-11-25';
const FROM = '政府信息公开 <gongkai@example.gov.cn>';
const GOOD_ID = (() => {
  const body = '22010319850315201';
  return `${body}${residentIdCheckChar(body)}`;
})();

/** A JPEG (magic bytes FF D8 FF) of exactly `kb` KiB. */
const jpeg = (kb: number, fill = 0x41) =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(kb * 1024 - 4, fill)]);
const pdf = (bytes: number, fill = 0x42) =>
  Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(bytes - 9, fill)]);
/** A Windows executable (MZ header) — renamed to .jpg in the tests. */
const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(2000, 0)]);

function applicantForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    applicantType: 'naturalPerson',
    applicantName: '上传申请人',
    idDocType: 'resident_id',
    idDocName: '',
    idDocNumber: GOOD_ID,
    creditCode: '',
    contactPerson: '',
    phone: '13612348765',
    email: 'docs@example.com',
    address: '长春市宽城区测试路9号',
    postcode: '130051',
    request: '欣园街道2026年老旧小区改造工程的招标文件',
    purpose: '',
    formWanted: 'email',
    delivery: 'email',
    ...over,
  };
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
/** A raw MIME message's parts (one level of multipart/mixed), decoded. */
function mimeParts(raw: string): { headers: string; body: Buffer }[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) return [];
  return raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((p) => {
      const split = p.indexOf('\r\n\r\n');
      const headers = p.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
      const bodyText = p.slice(split + 4).replace(/\r\n$/, '');
      const body = /content-transfer-encoding:\s*base64/i.test(headers)
        ? Buffer.from(bodyText.replace(/\s+/g, ''), 'base64')
        : /content-transfer-encoding:\s*quoted-printable/i.test(headers)
          ? Buffer.from(
              bodyText
                .replace(/=\r?\n/g, '')
                .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            )
          : Buffer.from(bodyText, 'latin1');
      return { headers, body };
    });
}

function partFileName(headers: string): string {
  const pieces = [...headers.matchAll(/filename\*(?:\d+)?\*?=([^;\r\n]+)/g)].map((m) => m[1]!.trim());
  if (pieces.length > 0) return decodeURIComponent(pieces.join('').replace(/^utf-8''/i, ''));
  return /filename="([^"]+)"/.exec(headers)?.[1] ?? '';
}

describe('documents of applications: identity uploads, letter attachments, lookup downloads', () => {
  let smtp: TestSmtpServer;
  let t: TestContext;
  let xinyuanId: number;
  const uploadDir = `${process.env.TMPDIR ?? '/tmp'}/gk-app-docs-${process.pid}`;
  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ config: { UPLOAD_DIR: uploadDir, SMTP_URL: smtp.url, MAIL_FROM: FROM } });
    xinyuanId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!.id;
  });
  after(async () => {
    await t.close();
    await smtp.stop();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  const db = () => t.database.db;
  const cookies = (a: Agent) =>
    ['gk_csrf', 'gk_session', 'gk_lookup']
      .filter((n) => a.cookie(n))
      .map((n) => `${n}=${a.cookie(n)}`)
      .join('; ');
  async function postMultipart(
    a: Agent,
    url: string,
    csrf: string,
    fields: Record<string, string | readonly string[]>,
    files: readonly FilePart[],
  ) {
    const { payload, contentType } = multipart({ _csrf: csrf, ...fields }, files);
    const res = await t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': contentType, cookie: cookies(a) },
    });
    for (const c of res.cookies) a.setCookie(c.name, c.value);
    return res;
  }
  const clerk = async (): Promise<Agent> => {
    const s = t.agent();
    await s.login('demo-clerk');
    return s;
  };

  it('keeps an uploaded identity document across a validation error and check-your-answers, links it on send, and shows it only to the handling staff (audited)', async () => {
    const p = t.agent();
    const photo = jpeg(235);
    // Step 4 is a multipart form for the identity documents.
    let res = await walkTo(t, p, xinyuanId, applicantForm(), 'files');
    assert.match(res.body, /enctype="multipart\/form-data"/);
    assert.match(textOf(res.body), /身份证明文件\s*（选填）/);
    res = await postStep(t, p, xinyuanId, res.body, 'check', 'files', {}, [
      { field: 'idFiles', name: '身份证.jpg', content: photo },
    ]);
    assert.equal(res.statusCode, 200, textOf(res.body).slice(0, 600));
    assert.match(textOf(res.body), /身份证明文件 身份证\.jpg（235 KB）/);
    const token = uploadTokenIn(res.body);
    assert.match(token, /^[0-9a-f]{32}$/);
    // Back to step 3 and on again without choosing the file again: the check page still lists it.
    res = await postStep(t, p, xinyuanId, res.body, 'files', null);
    res = await postStep(t, p, xinyuanId, res.body, 'request', null);
    assert.equal(shownStep(res.body), 'request');
    res = await postStep(t, p, xinyuanId, res.body, 'files', 'request', {
      request: applicantForm().request!,
      purpose: '',
      formWanted: 'email',
      delivery: 'email',
    });
    assert.match(textOf(res.body), /已上传：身份证\.jpg（235 KB）/);
    res = await postStep(t, p, xinyuanId, res.body, 'check', 'files', {}, []);
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /身份证明文件 身份证\.jpg（235 KB）/);
    assert.equal(uploadTokenIn(res.body), token);
    // Send.
    res = await sendFromCheck(p, xinyuanId, res.body);
    assert.equal(res.statusCode, 303);
    const done = textOf((await p.get(res.headers.location as string)).body);
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(done)![1]!;
    const app = await db()
      .selectFrom('applications')
      .select(['id', 'serial'])
      .where('lookup_code', '=', code.replace(/-/g, ''))
      .executeTakeFirstOrThrow();
    const rows = await db()
      .selectFrom('application_uploads')
      .selectAll()
      .where('token', '=', token!)
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.application_id, app.id);
    assert.equal(rows[0]!.mime, 'image/jpeg');
    assert.equal(rows[0]!.size, photo.length);
    const created = await db()
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity_type', '=', 'application')
      .where('entity_id', '=', String(app.id))
      .where('action', '=', 'create')
      .executeTakeFirstOrThrow();
    assert.match(created.after_json ?? '', /identityDocuments/);
    assert.doesNotMatch(created.after_json ?? '', /身份证\.jpg/);

    // The handling agency's clerk sees and opens it; the view is audited.
    const s = await clerk();
    const casePage = await s.get(`/admin/applications/${app.id}`);
    const link = new RegExp(`/admin/applications/${app.id}/identity-documents/(\\d+)`).exec(
      casePage.body,
    )?.[0];
    assert.ok(link, 'link to the identity document on the case page');
    assert.match(textOf(casePage.body), /身份证明文件 1：身份证\.jpg/);
    const file = await s.get(link!);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'image/jpeg');
    assert.ok(file.rawPayload.equals(photo));
    assert.match(String(file.headers['cache-control']), /no-store/);
    const views = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'application_upload')
      .where('action', '=', 'view_personal')
      .where('entity_id', '=', String(rows[0]!.id))
      .execute();
    assert.equal(views.length, 1);
    assert.equal(views[0]!.user_login, 'demo-clerk');

    // A supervisor sees that a file exists but cannot open it; nothing is audited for a refusal.
    const sup = t.agent();
    await sup.login('demo-supervisor');
    const supPage = await sup.get(`/admin/applications/${app.id}`);
    assert.match(textOf(supPage.body), /仅办理机关的工作人员可以查看/);
    assert.doesNotMatch(supPage.body, /identity-documents\//);
    assert.equal((await sup.get(link!)).statusCode, 403);
    // The supervisor's ledger export has no identity document either (nothing but the masked row).
    const ledger = await sup.get(`/admin/applications/ledger.xlsx?agency=${xinyuanId}&year=2026`);
    assert.equal(ledger.statusCode, 200);
    assert.ok(!ledger.rawPayload.includes(Buffer.from('身份证.jpg')));

    // The public lookup shows nothing of it.
    const l = t.agent();
    await l.get('/applications/lookup');
    assert.equal((await l.post('/applications/lookup', { code, last4: '8765' })).statusCode, 303);
    const found = await l.get('/applications/lookup');
    assert.equal(found.statusCode, 200);
    assert.match(found.body, /已发出的文书/);
    assert.doesNotMatch(found.body, /身份证\.jpg|identity-documents|上传申请人/);
  });

  it('refuses an .exe renamed .jpg with a Chinese message, keeping the typed answers and writing nothing', async () => {
    const p = t.agent();
    const page = await walkTo(
      t,
      p,
      xinyuanId,
      applicantForm({ applicantName: '改名文件申请人', request: '欣园街道2026年度预算执行情况' }),
      'files',
    );
    const before = await db().selectFrom('application_uploads').select('id').execute();
    let res = await postStep(t, p, xinyuanId, page.body, 'check', 'files', {}, [
      { field: 'idFiles', name: '身份证.jpg', content: exe },
    ]);
    assert.equal(res.statusCode, 400);
    assert.equal(shownStep(res.body), 'files');
    assert.match(res.body, /<title>错误：/);
    const text = textOf(res.body);
    assert.match(text, /“身份证\.jpg”不是 JPEG、PNG 图片或 PDF 文件/);
    assert.match(res.body, /href="#idFiles"/);
    assert.equal(uploadTokenIn(res.body), '');
    // The answers are kept: on without a file, the check page shows them.
    res = await postStep(t, p, xinyuanId, res.body, 'check', 'files');
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /改名文件申请人/);
    assert.match(textOf(res.body), /欣园街道2026年度预算执行情况/);
    const after = await db().selectFrom('application_uploads').select('id').execute();
    assert.equal(after.length, before.length);
    // Nothing left in the temporary directory either.
    const tmp = (() => {
      try {
        return readdirSync(`${uploadDir}/tmp`);
      } catch {
        return [];
      }
    })();
    assert.deepEqual(tmp, []);
  });

  it('replaces a kept file, allows at most 3, and purges pending uploads older than 24 hours', async () => {
    const p = t.agent();
    const page = await walkTo(t, p, xinyuanId, applicantForm(), 'files');
    let res = await postStep(t, p, xinyuanId, page.body, 'check', 'files', {}, [
      { field: 'idFiles', name: '正面.jpg', content: jpeg(20) },
      {
        field: 'idFiles',
        name: '反面.png',
        content: Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(3000)]),
      },
    ]);
    assert.equal(res.statusCode, 200);
    const token = uploadTokenIn(res.body);
    const first = await db()
      .selectFrom('application_uploads')
      .selectAll()
      .where('token', '=', token)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      first.map((r) => r.mime),
      ['image/jpeg', 'image/png'],
    );
    // 修改 the files: two more would make four: refused, nothing changes.
    const files = await postStep(t, p, xinyuanId, res.body, 'files', null, { returnTo: 'check' });
    res = await postStep(t, p, xinyuanId, files.body, 'check', 'files', { returnTo: 'check' }, [
      { field: 'idFiles', name: 'a.pdf', content: pdf(2000) },
      { field: 'idFiles', name: 'b.pdf', content: pdf(2000) },
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /身份证明文件最多上传 3 个（已上传 2 个）/);
    // Replace the first by a PDF.
    res = await postStep(
      t,
      p,
      xinyuanId,
      res.body,
      'check',
      'files',
      { removeUpload: [String(first[0]!.id)] },
      [{ field: 'idFiles', name: '身份证扫描件.pdf', content: pdf(5000) }],
    );
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /反面\.png（3 KB）；身份证扫描件\.pdf（5 KB）/);
    assert.doesNotMatch(text, /正面\.jpg/);

    // 25 hours later another applicant uploads: this form's pending files are purged (rows and bytes).
    const stored = (
      await db().selectFrom('application_uploads').select('stored_name').where('token', '=', token).execute()
    ).map((r) => r.stored_name);
    const start = t.clock.now().toISOString();
    try {
      t.clock.advance(25 * 3600_000);
      const q = t.agent();
      const f2 = await walkTo(t, q, xinyuanId, applicantForm(), 'files');
      res = await postStep(t, q, xinyuanId, f2.body, 'check', 'files', {}, [
        { field: 'idFiles', name: '护照.jpg', content: jpeg(8) },
      ]);
      assert.equal(res.statusCode, 200);
    } finally {
      t.clock.set(start);
    }
    assert.equal(
      (await db().selectFrom('application_uploads').select('id').where('token', '=', token).execute()).length,
      0,
    );
    const onDisk = readdirSync(`${uploadDir}/applications`);
    for (const name of stored) assert.ok(!onDisk.includes(name), `${name} deleted`);
  });

  it('attaches disclosed documents to a letter, lists them as 附件, fixes them on approval, mails them and serves them to the applicant via the lookup', async () => {
    const s = await clerk();
    await s.get('/admin/applications/new');
    let res = await s.post('/admin/applications/new', {
      channel: 'in_person',
      submittedOn: TODAY,
      signedOn: '',
      confirmedOn: '',
      ...applicantForm({ applicantName: '文书申请人', phone: '13611112222', email: 'attach@example.com' }),
    });
    assert.equal(res.statusCode, 303);
    const id = Number(/\/admin\/applications\/(\d+)/.exec(res.headers.location as string)![1]);
    await s.get(`/admin/applications/${id}/events/answered`);
    res = await s.post(`/admin/applications/${id}/events/answered`, {
      on: TODAY,
      outcome: 'granted',
      basis: '',
      onTheSpot: 'no',
      note: '',
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 500));
    await s.get(`/admin/applications/${id}`);
    res = await s.post(`/admin/applications/${id}/letters/new`, { kind: 'granted' });
    assert.equal(res.statusCode, 303);
    const letterUrl = res.headers.location as string;
    let page = await s.get(letterUrl);
    assert.match(textOf(page.body), /尚未添加附件/);

    // Upload two documents; a renamed executable is refused.
    const doc1 = pdf(40_000, 0x31);
    const doc2 = pdf(12_000, 0x32);
    res = await postMultipart(s, `${letterUrl}/attachments`, csrfOf(page.body), {}, [
      { field: 'files', name: '招标文件.pdf', content: doc1 },
      { field: 'files', name: '中标公告.pdf', content: doc2 },
    ]);
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 500));
    page = await s.get(letterUrl);
    res = await postMultipart(s, `${letterUrl}/attachments`, csrfOf(page.body), {}, [
      { field: 'files', name: '清单.pdf', content: exe },
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /“清单\.pdf”：文件内容与扩展名 \.pdf 不符/);
    // Add a third one and remove it again.
    page = await s.get(letterUrl);
    res = await postMultipart(s, `${letterUrl}/attachments`, csrfOf(page.body), {}, [
      { field: 'files', name: '多余.pdf', content: pdf(3000) },
    ]);
    assert.equal(res.statusCode, 303);
    page = await s.get(letterUrl);
    const extra = /attachments\/(\d+)\/delete/g;
    const ids = [...page.body.matchAll(extra)].map((m) => m[1]!);
    assert.equal(ids.length, 3);
    res = await s.post(`${letterUrl}/attachments/${ids[2]}/delete`, {});
    assert.equal(res.statusCode, 303);
    page = await s.get(letterUrl);
    assert.match(textOf(page.body), /招标文件\.pdf\s*（39 KB）.*中标公告\.pdf\s*（12 KB）/);
    assert.doesNotMatch(textOf(page.body), /多余\.pdf/);
    const audits = await db()
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_type', '=', 'application_letter_attachment')
      .execute();
    assert.deepEqual(audits.map((a) => a.action).sort(), ['create', 'create', 'delete']);

    // The DOCX lists them as 附件 (GB/T 9704: "附件：1. 名称", further ones aligned under the first).
    const docx = await s.get(`${letterUrl}/docx`);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    const words = xml.replace(/<[^>]+>/g, '');
    assert.match(words, /附件：1\. 招标文件/);
    assert.match(words, /2\. 中标公告/);

    // Fill the blanks, approve: the attachments can no longer change.
    const body = (/<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(page.body)![1] ?? '')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/_{2,}（[^）]*）/g, '电子邮件')
      .replace(/_{2,}/g, '（已补全）');
    res = await s.post(letterUrl, { title: '政府信息公开告知书', body });
    assert.equal(res.statusCode, 303);
    const r = t.agent();
    await r.login('demo-reviewer');
    await r.get(letterUrl);
    res = await r.post(`${letterUrl}/approve`, {});
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
    page = await s.get(letterUrl);
    assert.doesNotMatch(page.body, /上传附件|\/delete"/);
    res = await postMultipart(s, `${letterUrl}/attachments`, csrfOf(page.body), {}, [
      { field: 'files', name: '补充.pdf', content: pdf(3000) },
    ]);
    assert.equal(res.statusCode, 409);
    assert.match(textOf(res.body), /文书已审核，附件不能再修改/);
    page = await s.get(letterUrl);
    assert.equal((await s.post(`${letterUrl}/attachments/${ids[0]}/delete`, {})).statusCode, 409);

    // Sent: the applicant's mail carries the letter and both files.
    await s.get(letterUrl);
    res = await s.post(`${letterUrl}/send`, { sentOn: TODAY, seal: 'electronic', delivery: 'email' });
    assert.equal(res.statusCode, 303);
    const queued = (await listOutbox(db(), { applicationId: id })).at(-1)!;
    assert.equal(queued.attachments.length, 2);
    assert.match(queued.subject, /政府信息公开告知书/);
    assert.match(queued.text, /附件已随本邮件发送/);
    const before = smtp.messages.length;
    const mailer = createSmtpMailer(smtp.url, FROM, t.config.uploadDir);
    try {
      await deliverPending(db(), mailer, t.clock.now());
    } finally {
      mailer.close();
    }
    await smtp.waitFor(before + 1);
    const mail = smtp.messages.find((m) => m.to.includes('attach@example.com') && /告知书/.test(m.subject));
    assert.ok(mail, 'letter mail delivered');
    const parts = mimeParts(mail!.raw);
    const files = parts.filter((x) => /content-disposition:\s*attachment/i.test(x.headers));
    assert.deepEqual(
      files.map((f) => partFileName(f.headers)),
      ['招标文件.pdf', '中标公告.pdf'],
    );
    assert.ok(files[0]!.body.equals(doc1));
    assert.ok(files[1]!.body.equals(doc2));
    const textPart = parts.find((x) => /content-type:\s*text\/plain/i.test(x.headers));
    assert.match(textPart!.body.toString('utf8'), /1\. 招标文件\.pdf（39 KB）/);
    assert.doesNotMatch(textPart!.body.toString('utf8'), new RegExp(GOOD_ID));

    // The applicant downloads them after the lookup check; without it, nothing.
    const code = (
      await db()
        .selectFrom('applications')
        .select('lookup_code')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).lookup_code;
    const l = t.agent();
    await l.get('/applications/lookup');
    const checked = await l.post('/applications/lookup', { code, last4: '2222' });
    assert.equal(checked.statusCode, 303);
    const found = await l.get(checked.headers.location as string);
    assert.equal(found.statusCode, 200);
    const links = [...found.body.matchAll(/href="(\/applications\/lookup\/files\/\d+)"/g)].map((m) => m[1]!);
    assert.equal(links.length, 2);
    assert.match(textOf(found.body), /招标文件\.pdf/);
    assert.doesNotMatch(textOf(found.body), /文书申请人|13611112222/);
    const got = await l.get(links[0]!);
    assert.equal(got.statusCode, 200);
    assert.ok(got.rawPayload.equals(doc1));
    // Without the lookup proof: back to the lookup form.
    assert.equal((await t.agent().get(links[0]!)).statusCode, 303);
    // Another application's lookup cookie does not open these files.
    const other = t.agent();
    await other.get('/applications/lookup');
    other.setCookie('gk_lookup', 'forged');
    assert.equal((await other.get(links[1]!)).statusCode, 303);
  });
});
