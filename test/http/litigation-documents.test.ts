import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer } | null) {
  const boundary = '----gk-litigation-test';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Documents of reconsideration and litigation cases: upload, list, download, delete (audited), never public. */
describe('litigation case documents', () => {
  let t: TestContext;
  let clerk: Agent;
  let xinyuan: Agency;
  let caseId: number;
  let docsUrl: string;
  const uploadDir = `${process.env.TMPDIR ?? '/tmp'}/gk-litigation-${process.pid}`;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x42)]);

  before(async () => {
    t = await startTestApp({ config: { UPLOAD_DIR: uploadDir } });
    xinyuan = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    clerk = t.agent();
    await clerk.login('demo-clerk');
    await clerk.get(`/admin/litigation/${xinyuan.id}/new`);
    const created = await clerk.post(`/admin/litigation/${xinyuan.id}/new`, {
      kind: 'litigationDirect',
      filedOn: '2024-03-01',
      result: 'upheld',
      decidedOn: '2024-08-01',
      caseNumber: '（2024）吉0103行初12号',
    });
    assert.equal(created.statusCode, 303);
    caseId = (await t.database.db.selectFrom('litigation_cases').select('id').executeTakeFirstOrThrow()).id;
    docsUrl = `/admin/litigation/${xinyuan.id}/${caseId}/documents`;
  });
  after(async () => {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  async function upload(
    agent: Agent | null,
    fields: Record<string, string>,
    file: { name: string; content: Buffer } | null,
  ) {
    const page = agent ? await agent.get(docsUrl) : null;
    const csrf = page ? (/name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '') : '';
    const { payload, contentType } = multipart({ _csrf: csrf, ...fields }, file);
    const cookie = agent ? ['gk_session', 'gk_csrf'].map((n) => `${n}=${agent.cookie(n)}`).join('; ') : '';
    return t.app.inject({
      method: 'POST',
      url: docsUrl,
      payload,
      headers: { 'content-type': contentType, cookie },
    });
  }

  it('uploads a judgment, lists it and serves it back to staff', async () => {
    const res = await upload(clerk, { kind: 'judgment' }, { name: '一审判决书.pdf', content: pdf });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
    const list = await clerk.get(docsUrl);
    assert.equal(list.statusCode, 200);
    assert.match(textOf(list.body), /判决书 一审判决书\.pdf/);
    assert.match(textOf(list.body), /不对外公开/);
    const row = await t.database.db.selectFrom('litigation_documents').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.kind, 'judgment');
    assert.equal(row.mime, 'application/pdf');
    assert.equal(row.size, pdf.length);
    assert.deepEqual(readdirSync(join(uploadDir, 'litigation')), [row.stored_name]);
    const got = await clerk.get(`${docsUrl}/${row.id}`);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.rawPayload, pdf);
    assert.match(String(got.headers['content-disposition']), /filename\*=UTF-8''/);
    assert.equal(got.headers['cache-control'], 'no-store');
    const cases = textOf((await clerk.get(`/admin/litigation/${xinyuan.id}`)).body);
    assert.match(cases, /文书（1）/);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('summary')
      .where('entity_type', '=', 'litigation_document')
      .execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0]!.summary, /上传判决书“一审判决书\.pdf”/);
  });

  it('refuses bad uploads with a precise message, keeps the chosen kind, and stores nothing', async () => {
    const noKind = await upload(clerk, {}, { name: 'a.pdf', content: pdf });
    assert.equal(noKind.statusCode, 400);
    assert.match(textOf(noKind.body), /请选择文书类型/);
    const renamed = await upload(
      clerk,
      { kind: 'ruling' },
      { name: '裁定书.pdf', content: Buffer.from('MZ\x90\x00 not a pdf') },
    );
    assert.equal(renamed.statusCode, 400);
    assert.match(textOf(renamed.body), /文件内容与扩展名 \.pdf 不符/);
    assert.match(renamed.body, /value="ruling" checked/);
    const video = await upload(
      clerk,
      { kind: 'other' },
      { name: '庭审.mp4', content: Buffer.from('\0\0\0\x18ftypmp42', 'latin1') },
    );
    assert.equal(video.statusCode, 400);
    assert.match(textOf(video.body), /只能上传 PDF、Word、Excel 文档或扫描图片/);
    const none = await upload(clerk, { kind: 'other' }, null);
    assert.equal(none.statusCode, 400);
    assert.match(textOf(none.body), /请选择要上传的文件/);
    assert.equal((await t.database.db.selectFrom('litigation_documents').selectAll().execute()).length, 1);
    assert.equal(readdirSync(join(uploadDir, 'litigation')).length, 1);
  });

  it('is not public, and other agencies’ staff cannot see it', async () => {
    const row = await t.database.db.selectFrom('litigation_documents').selectAll().executeTakeFirstOrThrow();
    const anon = await t.agent().get(`${docsUrl}/${row.id}`);
    assert.equal(anon.statusCode, 303, 'to the login page');
    const anonUpload = await upload(null, { kind: 'other' }, { name: 'a.pdf', content: pdf });
    assert.match(String(anonUpload.headers.location), /^\/admin\/login/);
    const other = await findAgencyByName(t.database.db, '宽城区团山街道办事处');
    const wrongAgency = await clerk.get(`/admin/litigation/${other!.id}/${caseId}/documents/${row.id}`);
    assert.equal(wrongAgency.statusCode, 404);
  });

  it('refuses to delete a case that still has documents; deletes a document with its audit entry', async () => {
    await clerk.get(`/admin/litigation/${xinyuan.id}/${caseId}/edit`);
    const refused = await clerk.post(`/admin/litigation/${xinyuan.id}/${caseId}/delete`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(textOf(refused.body), /请先在“文书”页面删除这些文书/);
    const row = await t.database.db.selectFrom('litigation_documents').selectAll().executeTakeFirstOrThrow();
    await clerk.get(docsUrl);
    const del = await clerk.post(`${docsUrl}/${row.id}/delete`, {});
    assert.equal(del.statusCode, 303);
    assert.equal((await t.database.db.selectFrom('litigation_documents').selectAll().execute()).length, 0);
    assert.deepEqual(readdirSync(join(uploadDir, 'litigation')), []);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('entity_type', '=', 'litigation_document')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['create', 'delete'],
    );
    assert.equal((await clerk.get(`${docsUrl}/${row.id}`)).statusCode, 404);
    assert.equal((await clerk.post(`/admin/litigation/${xinyuan.id}/${caseId}/delete`, {})).statusCode, 303);
  });
});
