/**
 * 删除处理 of a catalogue attachment before publishing (issue 14): the clerk redacts an unpublished item's
 * attachment, the original stays on file, the reviewer sees both side by side on the item's page and
 * publishes, and the public download gives only the redacted bytes. Another agency's staff get 404; undo
 * restores; once published, the attachment can no longer be redacted (409).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/accounts/user.service.ts';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.repository.ts';
import { renderPage } from '../../src/redaction/engine.ts';
import { samplePdf } from '../../src/redaction/fixtures.testing.ts';
import { draftWithAttachment } from '../support/catalogue-attachment.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const textOfPdf = (b: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: b, encoding: 'utf8' });
const REMOVED = /Zhang San|13812345678|11010519491231002X|zhangsan@example\.com/;

describe('catalogue attachments redacted before publishing', () => {
  let t: TestContext;
  let clerk: Agent;
  let reviewer: Agent;
  let itemId: number;
  let attachmentId: number;
  let redactUrl: string;
  const original = samplePdf({ pages: 2 });
  const db = () => t.database.db;
  const dir = () => join(t.config.uploadDir, 'catalogue');
  const attachment = () =>
    db()
      .selectFrom('catalogue_attachments')
      .selectAll()
      .where('id', '=', attachmentId)
      .executeTakeFirstOrThrow();
  const redactionRow = () =>
    db()
      .selectFrom('catalogue_attachment_redactions')
      .selectAll()
      .where('attachment_id', '=', attachmentId)
      .executeTakeFirst();

  before(async () => {
    t = await startTestApp();
    clerk = t.agent();
    await clerk.login('demo-clerk');
    reviewer = t.agent();
    await reviewer.login('demo-reviewer');
  });
  after(async () => t.close());

  /** Everything found with the default patterns and `find`, accepted but the bank cards. */
  async function redact(s: Agent, find = 'Zhang San') {
    const found = await s.post(redactUrl, { intent: 'find', pattern: 'id\nphone\nemail\nbank', find });
    assert.equal(found.statusCode, 200);
    const rows = found.body.split('<tr>').filter((r) => r.includes('name="accept"'));
    const accepted = rows
      .filter((r) => !r.includes('银行卡号'))
      .map((r) => /name="accept" value="([^"]+)"/.exec(r)![1]!);
    return s.post(redactUrl, {
      intent: 'apply',
      pattern: 'id\nphone\nemail\nbank',
      find,
      accept: accepted.join('\n'),
      [`ground-${accepted[0]}`]: 'internal',
    });
  }

  it('the clerk uploads an attachment to a draft and redacts it; the original is kept, the row points at the copy', async () => {
    ({ itemId, attachmentId } = await draftWithAttachment(t, clerk, {
      name: '检查通报.pdf',
      content: original,
    }));
    const row = await attachment();
    redactUrl = `/admin/catalogue/attachments/${attachmentId}/redact`;
    const itemPage = await clerk.get(`/admin/catalogue/items/${itemId}`);
    assert.ok(itemPage.body.includes(`href="${redactUrl}"`), 'the item page links to the redaction page');

    const first = await clerk.get(redactUrl);
    assert.equal(first.statusCode, 200);
    assert.match(
      textOf(first.body),
      /找到的内容（8 处）/,
      'ID, phone, e-mail, bank card on each of two pages',
    );
    assert.match(first.body, /redact\/original\/1"/);

    const empty = await clerk.post(redactUrl, { intent: 'apply', pattern: 'id', find: '保留的文字' });
    assert.equal(empty.statusCode, 400);
    assert.match(textOf(empty.body), /请至少选择一处要删除的内容/);
    assert.match(empty.body, /保留的文字/);

    const applied = await redact(clerk);
    assert.equal(applied.statusCode, 303, textOf(applied.body).slice(0, 600));

    const after = await attachment();
    assert.notEqual(after.sha256, row.sha256, 'the attachment is now the redacted copy');
    assert.equal(after.mime, 'application/pdf');
    const redacted = readFileSync(join(dir(), after.stored_name));
    const text = textOfPdf(redacted);
    assert.doesNotMatch(text, REMOVED);
    assert.match(text, /6222021234567890128/, 'rejected suggestions are kept');
    assert.match(text, /The information requested is disclosed\./);
    assert.match(text, /区分处理说明/);
    const kept = await redactionRow();
    assert.ok(kept);
    assert.equal(kept.sha256, row.sha256);
    assert.equal(Number(kept.page_count), 2);
    assert.deepEqual(readFileSync(join(dir(), kept.stored_name)), original, 'the original is kept unchanged');

    const audit = await db()
      .selectFrom('audit_log')
      .select(['summary', 'after_json', 'before_json'])
      .where('entity_type', '=', 'catalogue_attachment')
      .where('action', '=', 'update')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.match(audit.summary, /“检查通报\.pdf”作删除处理（发布前）：/);
    assert.match(audit.summary, /第十五条 个人隐私 7 处/);
    assert.match(audit.summary, /第十六条 内部事务 1 处/);
    assert.doesNotMatch(`${audit.after_json}${audit.before_json}${audit.summary}`, REMOVED);
  });

  it('before publishing nobody outside the agency gets the file or the pages (404)', async () => {
    const anonymous = await t.agent().get(`/files/${attachmentId}`);
    assert.equal(anonymous.statusCode, 404);
    const tuanshan = await findAgencyByName(db(), '宽城区团山街道办事处');
    assert.ok(tuanshan);
    await createUser(
      db(),
      SYSTEM_ACTOR,
      {
        login: 'tuanshan-redact-clerk',
        displayName: '团山办事员',
        role: 'clerk',
        agencyId: tuanshan.id,
        email: null,
        password: 'Tuanshan-Redact-2026',
      },
      t.clock.now().toISOString(),
    );
    const other = t.agent();
    await other.login('tuanshan-redact-clerk', 'Tuanshan-Redact-2026');
    assert.equal((await other.get(redactUrl)).statusCode, 404);
    assert.equal((await other.get(`${redactUrl}/original/1`)).statusCode, 404);
    assert.equal((await other.get(`/files/${attachmentId}`)).statusCode, 404);
    await other.get('/admin/catalogue');
    assert.equal((await other.post(`${redactUrl}/undo`, {})).statusCode, 404);
    const find = await other.post(redactUrl, { intent: 'find', pattern: 'id' });
    assert.equal(find.statusCode, 404);
    assert.equal(
      (await other.post(redactUrl, { intent: 'apply', pattern: 'id', accept: 'x' })).statusCode,
      404,
    );
    assert.ok(await redactionRow(), 'nothing changed');
  });

  it('undo restores the original; redacting again starts from it', async () => {
    const before = await attachment();
    await clerk.get(redactUrl);
    const undone = await clerk.post(`${redactUrl}/undo`, {});
    assert.equal(undone.statusCode, 303);
    const restored = await attachment();
    assert.equal(restored.sha256, sha(original));
    assert.deepEqual(readFileSync(join(dir(), restored.stored_name)), original);
    assert.equal(await redactionRow(), undefined);
    assert.equal(existsSync(join(dir(), before.stored_name)), false, 'the redacted copy is deleted');
    const audit = await db()
      .selectFrom('audit_log')
      .select('summary')
      .where('entity_type', '=', 'catalogue_attachment')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.match(audit.summary, /撤销.*删除处理，恢复原件/);

    await clerk.get(redactUrl);
    const again = await redact(clerk);
    assert.equal(again.statusCode, 303, textOf(again.body).slice(0, 600));
    assert.notEqual((await attachment()).sha256, sha(original));
  });

  it('the reviewer sees original and redacted side by side on the item page, publishes; the public gets only the redacted bytes', async () => {
    await clerk.get(`/admin/catalogue/items/${itemId}`);
    assert.equal((await clerk.post(`/admin/catalogue/items/${itemId}/submit`, {})).statusCode, 303);

    const review = await reviewer.get(`/admin/catalogue/items/${itemId}`);
    assert.equal(review.statusCode, 200);
    assert.match(textOf(review.body), /原件与删除处理后对照/);
    assert.match(textOf(review.body), /已作删除处理 \d+ 处/);
    for (const version of ['original', 'redacted']) {
      assert.ok(review.body.includes(`${redactUrl}/${version}/2"`), `page 2 of the ${version}`);
      const img = await reviewer.get(`${redactUrl}/${version}/1`);
      assert.equal(img.statusCode, 200);
      assert.equal(img.headers['content-type'], 'image/png');
      assert.equal(img.rawPayload.subarray(1, 4).toString(), 'PNG');
    }
    assert.equal((await reviewer.get(`${redactUrl}/original/3`)).statusCode, 404);
    assert.equal((await reviewer.get(`${redactUrl}/redacted/0`)).statusCode, 404);

    const published = await reviewer.post(`/admin/catalogue/items/${itemId}/publish`, {
      secrecyNote: '已删除个人信息，同意公开',
    });
    assert.equal(published.statusCode, 303, textOf(published.body).slice(0, 600));

    const row = await attachment();
    const download = await t.agent().get(`/files/${attachmentId}`);
    assert.equal(download.statusCode, 200);
    assert.equal(sha(download.rawPayload), row.sha256);
    assert.notEqual(sha(download.rawPayload), sha(original));
    assert.doesNotMatch(textOfPdf(download.rawPayload), REMOVED);
    const ranged = await t.app.inject({
      method: 'GET',
      url: `/files/${attachmentId}`,
      headers: { range: 'bytes=0-99' },
    });
    assert.deepEqual(ranged.rawPayload, download.rawPayload.subarray(0, 100));
  });

  it('once published, the attachment can no longer be redacted or restored (409), and the page says so', async () => {
    const page = await clerk.get(redactUrl);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /信息已发布，附件不能再作删除处理/);
    assert.doesNotMatch(page.body, /删除并保存/);
    const before = await attachment();
    const refused = await clerk.post(redactUrl, { intent: 'apply', pattern: 'id', accept: 'x' });
    assert.equal(refused.statusCode, 409);
    assert.match(textOf(refused.body), /信息已发布，附件不能再作删除处理/);
    assert.equal((await clerk.post(`${redactUrl}/undo`, {})).statusCode, 409);
    assert.equal((await attachment()).sha256, before.sha256);
  });

  it('an image attachment is redacted by a drawn box into a PDF, and undo gives the image back', async () => {
    const png = await renderPage(samplePdf(), 0, 72);
    const { attachmentId: id } = await draftWithAttachment(
      t,
      clerk,
      { name: '现场照片.png', content: png },
      '检查现场照片',
    );
    const url = `/admin/catalogue/attachments/${id}/redact`;
    const page = await clerk.get(url);
    assert.equal(page.statusCode, 200, textOf(page.body).slice(0, 400));
    const applied = await clerk.post(url, { intent: 'apply', pattern: '', box: '0,0.05,0.05,0.6,0.2' });
    assert.equal(applied.statusCode, 303, textOf(applied.body).slice(0, 600));
    const row = () =>
      db().selectFrom('catalogue_attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const redacted = await row();
    assert.equal(redacted.mime, 'application/pdf');
    assert.equal(redacted.kind, 'document', 'shown as a document, not as an <img>');
    assert.equal(redacted.file_name, '现场照片.pdf');
    await clerk.get(url);
    assert.equal((await clerk.post(`${url}/undo`, {})).statusCode, 303);
    const restored = await row();
    assert.equal(restored.mime, 'image/png');
    assert.equal(restored.kind, 'image');
    assert.equal(restored.sha256, sha(png));

    // Removing a redacted attachment removes its original and the copy too.
    await clerk.get(url);
    assert.equal((await clerk.post(url, { intent: 'apply', box: '0,0.05,0.05,0.6,0.2' })).statusCode, 303);
    const copy = await row();
    const kept = await db()
      .selectFrom('catalogue_attachment_redactions')
      .selectAll()
      .where('attachment_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal((await clerk.post(`/admin/catalogue/attachments/${id}/delete`, {})).statusCode, 303);
    for (const name of [copy.stored_name, kept.stored_name, `${kept.stored_name}.pdf`])
      assert.equal(existsSync(join(dir(), name)), false, name);
    const left = await db()
      .selectFrom('catalogue_attachment_redactions')
      .select('id')
      .where('attachment_id', '=', id)
      .execute();
    assert.equal(left.length, 0);
  });
});
