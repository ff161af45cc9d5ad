import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { closePdfBrowser } from '../../src/shared/pdf.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A published report's files: stored at publication, served with tags and ranges, replaced on re-publication. */
describe('published report files', () => {
  let t: TestContext;
  let xinyuan: Agency;
  before(async () => {
    t = await startTestApp();
    xinyuan = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
  });
  after(async () => {
    await t.close();
    await closePdfBrowser();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers, remoteAddress: '10.9.0.1' });
  const rows = async (year: number) =>
    t.database.db
      .selectFrom('report_files')
      .innerJoin('annual_reports', 'annual_reports.id', 'report_files.report_id')
      .select(['report_files.id', 'format', 'sha256', 'size', 'content', 'report_files.created_at'])
      .where('annual_reports.agency_id', '=', xinyuan.id)
      .where('annual_reports.year', '=', year)
      .orderBy('format')
      .execute();

  async function publish2023(): Promise<void> {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    await clerk.get(`/admin/reports/${xinyuan.id}/2023`);
    const submit = await clerk.post(`/admin/reports/${xinyuan.id}/2023/actions/submit`, {});
    assert.equal(submit.statusCode, 303, textOf(submit.body).slice(0, 300));
    const reviewer = t.agent();
    await reviewer.login('demo-reviewer');
    await reviewer.get(`/admin/reports/${xinyuan.id}/2023`);
    for (const action of ['approve', 'publish'])
      assert.equal(
        (await reviewer.post(`/admin/reports/${xinyuan.id}/2023/actions/${action}`, {})).statusCode,
        303,
      );
  }

  it('stores every file when a report is published and serves the stored bytes with a strong tag', async () => {
    assert.equal((await rows(2023)).length, 0);
    await publish2023();
    const stored = await rows(2023);
    assert.deepEqual(
      stored.map((r) => r.format),
      ['docx', 'html', 'json', 'pdf', 'xlsx'],
    );
    for (const r of stored) {
      assert.equal(sha(r.content), r.sha256, r.format);
      assert.equal(Number(r.size), r.content.byteLength);
    }
    const pdf = stored.find((r) => r.format === 'pdf')!;
    assert.equal(Buffer.from(pdf.content).subarray(0, 5).toString('latin1'), '%PDF-');
    const res = await get(`/agencies/${xinyuan.id}/reports/2023/files/pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers.etag, `"${pdf.sha256}"`);
    assert.equal(res.headers['accept-ranges'], 'bytes');
    assert.equal(Number(res.headers['content-length']), pdf.content.byteLength);
    assert.ok(res.rawPayload.equals(Buffer.from(pdf.content)), 'the stored bytes, not a new rendering');
    const name = '宽城区欣园街道办事处2023年政府信息公开工作年度报告.pdf';
    assert.match(
      String(res.headers['content-disposition']),
      new RegExp(
        `^attachment; filename="[^"]+"; filename\\*=UTF-8''${encodeURIComponent(name).replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}$`,
      ),
    );
    assert.match(String(res.headers['cache-control']), /no-cache/);
  });

  it('answers If-None-Match with 304 and no body while the file is the same', async () => {
    const url = `/agencies/${xinyuan.id}/reports/2023/files/docx`;
    const first = await get(url);
    const etag = String(first.headers.etag);
    const same = await get(url, { 'if-none-match': etag });
    assert.equal(same.statusCode, 304);
    assert.equal(same.rawPayload.length, 0);
    assert.equal(same.headers.etag, etag);
    assert.equal((await get(url, { 'if-none-match': `"other", W/${etag}` })).statusCode, 304);
    assert.equal((await get(url, { 'if-none-match': '"other"' })).statusCode, 200);
  });

  it('serves byte ranges (206, Content-Range) and refuses ranges past the end (416)', async () => {
    const url = `/agencies/${xinyuan.id}/reports/2023/files/pdf`;
    const whole = (await get(url)).rawPayload;
    const size = whole.length;
    const head = await get(url, { range: 'bytes=0-99' });
    assert.equal(head.statusCode, 206);
    assert.equal(head.headers['content-range'], `bytes 0-99/${size}`);
    assert.ok(head.rawPayload.equals(whole.subarray(0, 100)));
    const tail = await get(url, { range: 'bytes=-10' });
    assert.equal(tail.statusCode, 206);
    assert.equal(tail.headers['content-range'], `bytes ${size - 10}-${size - 1}/${size}`);
    assert.ok(tail.rawPayload.equals(whole.subarray(size - 10)));
    const open = await get(url, { range: `bytes=${size - 3}-` });
    assert.ok(open.rawPayload.equals(whole.subarray(size - 3)));
    const past = await get(url, { range: `bytes=${size}-` });
    assert.equal(past.statusCode, 416);
    assert.equal(past.headers['content-range'], `bytes */${size}`);
    // A range for another version of the file (If-Range with another tag) gets the whole file.
    const stale = await get(url, { range: 'bytes=0-99', 'if-range': '"old"' });
    assert.equal(stale.statusCode, 200);
    assert.equal(stale.rawPayload.length, size);
  });

  it('renders a file missing from storage once, on its first request, then serves it stored', async () => {
    // The demo 2020 report was published before files were stored.
    assert.equal((await rows(2020)).length, 0);
    const url = `/agencies/${xinyuan.id}/reports/2020/files/json`;
    const [a, b] = await Promise.all([get(url), get(url)]);
    assert.equal(a.statusCode, 200);
    assert.equal(b.headers.etag, a.headers.etag, 'concurrent first requests share one rendering');
    const stored = await rows(2020);
    assert.equal(stored.length, 1);
    const row = stored[0]!;
    assert.deepEqual(JSON.parse(a.body).tables.applications.totalProcessed, [61, 0, 0, 0, 0, 0, 61]);
    // Served from storage from now on: what is stored is what is sent.
    const marker = Buffer.from('{"stored":true}');
    await t.database.db
      .updateTable('report_files')
      .set({ content: marker, sha256: sha(marker), size: marker.length })
      .where('id', '=', row.id)
      .execute();
    const again = await get(url);
    assert.equal(again.body, '{"stored":true}');
    assert.equal(again.headers.etag, `"${sha(marker)}"`);
    assert.equal((await rows(2020)).length, 1);
  });

  it('replaces the stored files when the report is published again', async () => {
    const before = await rows(2023);
    const oldHtml = before.find((r) => r.format === 'html')!;
    const reviewer = t.agent();
    await reviewer.login('demo-reviewer');
    await reviewer.get(`/admin/reports/${xinyuan.id}/2023`);
    assert.equal(
      (await reviewer.post(`/admin/reports/${xinyuan.id}/2023/actions/reopen`, {})).statusCode,
      303,
    );
    // Reopened: the published version (and its files) stay public until it is published again.
    assert.equal((await rows(2023)).length, 5);
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    await clerk.get(`/admin/reports/${xinyuan.id}/2023/narrative`);
    const edit = await clerk.post(`/admin/reports/${xinyuan.id}/2023/narrative`, {
      overview: '本年度共收到政府信息公开申请{新收申请总数}件，办结{办结总数}件。',
      problems: '无。',
      other: '本年度未收取信息处理费。修订后重新发布。',
    });
    assert.equal(edit.statusCode, 303, textOf(edit.body).slice(0, 300));
    await publish2023();
    const after = await rows(2023);
    assert.equal(after.length, 5);
    const newHtml = after.find((r) => r.format === 'html')!;
    assert.notEqual(newHtml.sha256, oldHtml.sha256);
    const res = await get(`/agencies/${xinyuan.id}/reports/2023/files/html`, {
      'if-none-match': `"${oldHtml.sha256}"`,
    });
    assert.equal(res.statusCode, 200, 'the old tag no longer matches');
    assert.equal(res.headers.etag, `"${newHtml.sha256}"`);
    assert.match(textOf(res.body), /修订后重新发布/);
  });

  it('404 for an unknown format or a report that is not published', async () => {
    assert.equal((await get(`/agencies/${xinyuan.id}/reports/2023/files/exe`)).statusCode, 404);
    assert.equal((await get(`/agencies/${xinyuan.id}/reports/2019/files/pdf`)).statusCode, 404);
  });
});
