/**
 * 部分公开 in the workflow (issue 14): the clerk redacts a letter attachment inside the case (suggestions,
 * exact text), the letter's statement is generated, the reviewer sees original and redacted side by side
 * and approves, and the applicant's lookup download is the redacted file — never the original.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listOutbox } from '../../src/mail/outbox.repository.ts';
import { renderPage } from '../../src/redaction/engine.ts';
import { samplePdf } from '../../src/redaction/fixtures.testing.ts';
import { letterWithAttachment } from '../support/redaction-case.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

const TODAY = '2026-11-25';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

describe('redaction in the case: clerk → reviewer → applicant', () => {
  let t: TestContext;
  const dir = mkdtempSync(join(tmpdir(), 'gk-redaction-'));
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const db = () => t.database.db;

  const clerk = async (): Promise<Agent> => {
    const s = t.agent();
    await s.login('demo-clerk');
    return s;
  };

  const partialCase = (s: Agent, file: { name: string; content: Buffer }) => letterWithAttachment(t, s, file);

  const attachmentOf = async (letterUrl: string) => {
    const letterId = Number(/letters\/(\d+)$/.exec(letterUrl)![1]);
    return db()
      .selectFrom('application_letter_attachments')
      .selectAll()
      .where('letter_id', '=', letterId)
      .executeTakeFirstOrThrow();
  };
  const uploadDir = () => t.config.uploadDir;

  let letterUrl: string;
  let redactUrl: string;
  const original = samplePdf({ pages: 2 });

  it('the clerk sees suggestions, adds an exact text, redacts; the letter states the grounds', async () => {
    const s = await clerk();
    letterUrl = await partialCase(s, { name: '验收材料.pdf', content: original });
    const letterPage = await s.get(letterUrl);
    const att = await attachmentOf(letterUrl);
    redactUrl = `${letterUrl}/attachments/${att.id}/redact`;
    assert.ok(letterPage.body.includes(`href="${redactUrl}"`), 'the letter page links to the redaction page');

    const first = await s.get(redactUrl);
    assert.equal(first.statusCode, 200);
    const firstText = textOf(first.body);
    assert.match(firstText, /找到的内容（8 处）/, 'ID, phone, e-mail, bank card on each of two pages');
    assert.match(firstText, /13812345678/);
    assert.match(first.body, /redact\/original\/1"/);

    // Without JavaScript: choose by text.
    const found = await s.post(redactUrl, {
      intent: 'find',
      pattern: 'id\nphone\nbank',
      find: 'Zhang San',
    });
    assert.equal(found.statusCode, 200);
    const foundText = textOf(found.body);
    assert.match(
      foundText,
      /找到的内容（8 处）/,
      'Zhang San, ID, phone, card on each page; e-mail not asked',
    );
    assert.doesNotMatch(foundText, /zhangsan@example\.com 第十五条/);
    const keys = [...found.body.matchAll(/name="accept" value="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(keys.length, 8);
    // The clerk rejects the bank cards (the last suggestion of each page) and gives page 2's ID another ground.
    const rows = found.body.split('<tr>').filter((r) => r.includes('name="accept"'));
    const cardKeys = rows
      .filter((r) => r.includes('银行卡号'))
      .map((r) => /name="accept" value="([^"]+)"/.exec(r)?.[1]);
    const accepted = keys.filter((k) => !cardKeys.includes(k));
    assert.equal(accepted.length, 6);
    const applied = await s.post(redactUrl, {
      intent: 'apply',
      pattern: 'id\nphone\nbank',
      find: 'Zhang San',
      accept: accepted.join('\n'),
      [`ground-${accepted[4]}`]: 'internal',
    });
    assert.equal(applied.statusCode, 303, textOf(applied.body).slice(0, 600));

    const after = await attachmentOf(letterUrl);
    assert.equal(after.id, att.id);
    assert.notEqual(after.sha256, att.sha256, 'the attachment is now the redacted copy');
    const redacted = readFileSync(join(uploadDir(), 'letters', after.stored_name));
    const text = execFileSync('pdftotext', ['-', '-'], { input: redacted, encoding: 'utf8' });
    assert.doesNotMatch(text, /Zhang San|13812345678|11010519491231002X/);
    assert.match(text, /6222021234567890128/, 'rejected suggestions are kept');
    assert.match(text, /The information requested is disclosed\./);
    assert.match(text, /区分处理说明/);
    // The original is kept, unchanged, beside it.
    const row = await db()
      .selectFrom('letter_attachment_redactions')
      .selectAll()
      .where('attachment_id', '=', att.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.sha256, att.sha256);
    assert.deepEqual(readFileSync(join(uploadDir(), 'letters', row.stored_name)), original);

    // The letter's reason is generated from the redactions (the template's blank filled).
    const page = await s.get(letterUrl);
    const body = decode(/<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(page.body)![1]!);
    assert.match(body, /对所附文件作区分处理：“验收材料\.pdf”中，第1、2页共 5 处内容涉及个人隐私/);
    assert.match(
      body,
      /第2页共 1 处内容属于内部事务信息，依据《中华人民共和国政府信息公开条例》第十六条第一款不予公开/,
    );
    assert.doesNotMatch(body, /请写明不予公开的具体理由/);
    assert.match(textOf(page.body), /已作删除处理 6 处/);

    // Audited, without the removed values.
    const audit = await db()
      .selectFrom('audit_log')
      .select(['summary', 'after_json'])
      .where('entity_type', '=', 'application_letter_attachment')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.match(audit.summary, /作删除处理（部分公开）：第十五条 个人隐私 5 处、第十六条 内部事务 1 处/);
    assert.ok(!String(audit.after_json).includes('13812345678'));
  });

  it('refuses an empty choice with a message, and keeps what was typed', async () => {
    const s = await clerk();
    await s.get(redactUrl);
    const res = await s.post(redactUrl, { intent: 'apply', pattern: 'id', find: '保留的文字' });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /请至少选择一处要删除的内容/);
    assert.match(res.body, /保留的文字/);
  });

  it('the reviewer sees original and redacted side by side and approves; the applicant downloads only the redacted file', async () => {
    const r = t.agent();
    await r.login('demo-reviewer');
    const compare = await r.get(redactUrl);
    assert.equal(compare.statusCode, 200);
    assert.match(textOf(compare.body), /原件与删除处理后对照/);
    for (const version of ['original', 'redacted']) {
      const img = await r.get(`${redactUrl}/${version}/1`);
      assert.equal(img.statusCode, 200);
      assert.equal(img.headers['content-type'], 'image/png');
      assert.equal(img.rawPayload.subarray(1, 4).toString(), 'PNG');
    }
    const letterPage = await r.get(letterUrl);
    const seenKey = /name="seenKey" value="([^"]*)"/.exec(letterPage.body)?.[1] ?? '';
    const approved = await r.post(`${letterUrl}/approve`, { seenKey, confirm: '1' });
    assert.equal(approved.statusCode, 303, textOf(approved.body).slice(0, 400));

    // Approved: redaction is fixed.
    const s = await clerk();
    await s.get(redactUrl);
    assert.equal((await s.post(`${redactUrl}/undo`, {})).statusCode, 409);

    await s.get(letterUrl);
    const sent = await s.post(`${letterUrl}/send`, { sentOn: TODAY, seal: 'electronic', delivery: 'online' });
    assert.equal(sent.statusCode, 303, textOf(sent.body).slice(0, 400));

    const att = await attachmentOf(letterUrl);
    const app = await db()
      .selectFrom('applications')
      .select(['lookup_code', 'id'])
      .where('applicant_name', '=', '删除处理申请人')
      .executeTakeFirstOrThrow();
    const l = t.agent();
    await l.get('/applications/lookup');
    const checked = await l.post('/applications/lookup', { code: app.lookup_code, last4: '4321' });
    assert.equal(checked.statusCode, 303);
    const lookupPage = await l.get('/applications/lookup');
    const link = /href="(\/applications\/lookup\/files\/\d+)"/.exec(lookupPage.body)![1]!;
    const download = await l.get(link);
    assert.equal(download.statusCode, 200);
    assert.equal(sha(download.rawPayload), att.sha256);
    assert.notEqual(sha(download.rawPayload), sha(original), 'never the original');
    const text = execFileSync('pdftotext', ['-', '-'], { input: download.rawPayload, encoding: 'utf8' });
    assert.doesNotMatch(text, /13812345678|Zhang San/);
  });

  it('undo restores the original and the blank; a damaged PDF is refused with a message', async () => {
    const s = await clerk();
    const url = await partialCase(s, { name: '另一份.pdf', content: samplePdf() });
    const att = await attachmentOf(url);
    const rUrl = `${url}/attachments/${att.id}/redact`;
    const page = await s.get(rUrl);
    const keys = [...page.body.matchAll(/name="accept" value="([^"]+)"/g)].map((m) => m[1]!);
    const res = await s.post(rUrl, {
      intent: 'apply',
      pattern: 'id\nphone\nemail\nbank\nlandline\nuscc\naddress',
      find: '',
      accept: keys.join('\n'),
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
    // Redone from the original with fewer boxes: the first copy is deleted, the original stays the source.
    const firstCopy = (await attachmentOf(url)).stored_name;
    await s.get(rUrl);
    const again = await s.post(rUrl, { intent: 'apply', pattern: 'phone', find: '', accept: keys[1] ?? '' });
    assert.equal(again.statusCode, 303, textOf(again.body).slice(0, 400));
    assert.equal(existsSync(join(uploadDir(), 'letters', firstCopy)), false);
    const redone = await db()
      .selectFrom('letter_attachment_redactions')
      .select(['boxes_json', 'sha256'])
      .where('attachment_id', '=', att.id)
      .executeTakeFirstOrThrow();
    assert.equal(redone.sha256, att.sha256);
    assert.equal((JSON.parse(redone.boxes_json) as unknown[]).length, 1);
    // The reviewer opens the letter; the clerk then undoes the redaction: the stale approval is refused.
    const r = t.agent();
    await r.login('demo-reviewer');
    const seenKey = /name="seenKey" value="([^"]*)"/.exec((await r.get(url)).body)?.[1] ?? '';
    await s.get(rUrl);
    assert.equal((await s.post(`${rUrl}/undo`, {})).statusCode, 303);
    await r.get(url);
    const stale = await r.post(`${url}/approve`, { seenKey, confirm: '1' });
    assert.notEqual(stale.statusCode, 303, 'approving what the reviewer did not see is refused');
    const back = await attachmentOf(url);
    assert.equal(back.sha256, att.sha256);
    const letter = await s.get(url);
    assert.match(decode(letter.body), /__________（请写明不予公开的具体理由及依据）/);

    const broken = Buffer.from('%PDF-1.7\nthis is not a PDF body');
    writeFileSync(join(dir, 'broken.pdf'), broken);
    const url2 = await partialCase(s, { name: '损坏.pdf', content: broken });
    const att2 = await attachmentOf(url2);
    const refused = await s.get(`${url2}/attachments/${att2.id}/redact`);
    assert.equal(refused.statusCode, 409);
    assert.match(textOf(refused.body), /已损坏或不完整/);
  });

  it('sent by e-mail, the mail carries the redacted copy, never the original', async () => {
    const s = await clerk();
    const original = samplePdf();
    const url = await partialCase(s, { name: '邮寄材料.pdf', content: original });
    const att = await attachmentOf(url);
    const rUrl = `${url}/attachments/${att.id}/redact`;
    const page = await s.get(rUrl);
    const keys = [...page.body.matchAll(/name="accept" value="([^"]+)"/g)].map((m) => m[1]!);
    const res = await s.post(rUrl, { intent: 'apply', pattern: 'phone', find: '', accept: keys.join('\n') });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
    const r = t.agent();
    await r.login('demo-reviewer');
    const seenKey = /name="seenKey" value="([^"]*)"/.exec((await r.get(url)).body)?.[1] ?? '';
    assert.equal((await r.post(`${url}/approve`, { seenKey, confirm: '1' })).statusCode, 303);
    await s.get(url);
    const sent = await s.post(`${url}/send`, { sentOn: TODAY, seal: 'electronic', delivery: 'email' });
    assert.equal(sent.statusCode, 303, textOf(sent.body).slice(0, 400));
    const redacted = await attachmentOf(url);
    const letterId = Number(/letters\/(\d+)$/.exec(url)![1]);
    const letter = await db()
      .selectFrom('application_letters')
      .select('application_id')
      .where('id', '=', letterId)
      .executeTakeFirstOrThrow();
    const mail = (await listOutbox(db(), { applicationId: letter.application_id })).at(-1)!;
    assert.equal(mail.attachments.length, 1);
    const carried = readFileSync(join(uploadDir(), mail.attachments[0]!.path));
    assert.equal(sha(carried), redacted.sha256);
    assert.notEqual(sha(carried), sha(original));
    assert.doesNotMatch(
      execFileSync('pdftotext', ['-', '-'], { input: carried, encoding: 'utf8' }),
      /13812345678/,
    );
  });

  it('a photo or scan attached as an image is redacted in its pixels and sent as PDF', async () => {
    const s = await clerk();
    const png = await renderPage(samplePdf(), 0, 72);
    const url = await partialCase(s, { name: '扫描件.png', content: png });
    const att = await attachmentOf(url);
    assert.equal(att.mime, 'image/png');
    const rUrl = `${url}/attachments/${att.id}/redact`;
    const page = await s.get(rUrl);
    assert.equal(page.statusCode, 200, textOf(page.body).slice(0, 400));
    assert.match(textOf(page.body), /第1页（扫描件：请框选）/);
    // The box the browser would draw: the second line of the sample, in fractions of the page.
    const res = await s.post(rUrl, { intent: 'apply', pattern: '', find: '', box: '0,0.05,0.09,0.7,0.125' });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
    const after = await attachmentOf(url);
    assert.equal(after.mime, 'application/pdf');
    assert.equal(after.file_name, '扫描件.pdf');
    const bytes = readFileSync(join(uploadDir(), 'letters', after.stored_name));
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const row = await db()
      .selectFrom('letter_attachment_redactions')
      .select(['mime', 'boxes_json'])
      .where('attachment_id', '=', att.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.mime, 'image/png', 'the original image is kept');
    assert.equal((JSON.parse(row.boxes_json) as { kind: string }[])[0]?.kind, 'box');
  });
});
