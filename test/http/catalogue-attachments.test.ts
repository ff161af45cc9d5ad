import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer } | null) {
  const boundary = `----gk${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
    );
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('catalogue attachments', () => {
  let t: TestContext;
  let clerk: Agent;
  let itemId: number;
  const uploadDir = `${process.env.TMPDIR ?? '/tmp'}/gk-uploads-${process.pid}`;
  before(async () => {
    t = await startTestApp({ config: { UPLOAD_DIR: uploadDir } });
    clerk = t.agent();
    await clerk.login('demo-clerk');
    const item = await t.database.db
      .selectFrom('catalogue_items')
      .select('id')
      .where('status', '=', 'review')
      .executeTakeFirstOrThrow();
    itemId = item.id;
  });
  after(async () => {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  async function upload(
    file: { name: string; content: Buffer } | null,
    altText = '',
    agent: Agent | null = clerk,
  ) {
    const page = agent ? await agent.get(`/admin/catalogue/items/${itemId}`) : null;
    const csrf = page ? (/name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '') : '';
    const { payload, contentType } = multipart({ _csrf: csrf, altText }, file);
    const cookie = agent ? ['gk_session', 'gk_csrf'].map((n) => `${n}=${agent.cookie(n)}`).join('; ') : '';
    return t.app.inject({
      method: 'POST',
      url: `/admin/catalogue/items/${itemId}/attachments`,
      payload,
      headers: { 'content-type': contentType, cookie },
    });
  }

  it('stores a PDF and serves it back', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x41)]);
    const res = await upload({ name: '安全生产检查通报.pdf', content: pdf });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 500));
    const row = await t.database.db
      .selectFrom('catalogue_attachments')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    assert.equal(row.mime, 'application/pdf');
    assert.equal(row.size, pdf.length);
    const got = await clerk.get(`/files/${row.id}`);
    assert.equal(got.statusCode, 200);
    assert.equal(got.rawPayload.length, pdf.length);
    assert.match(String(got.headers['content-disposition']), /filename\*=UTF-8''/);
    // not public while the item is unpublished
    assert.equal((await t.agent().get(`/files/${row.id}`)).statusCode, 404);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('summary')
      .where('entity_type', '=', 'catalogue_attachment')
      .execute();
    assert.equal(audit.length, 1);
  });

  it('refuses disguised, unknown and oversize files and images without alt text, with a clear message', async () => {
    const html = await upload({
      name: 'notice.pdf',
      content: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    assert.equal(html.statusCode, 400);
    assert.match(textOf(html.body), /文件内容与扩展名 \.pdf 不符/);
    const exe = await upload({ name: 'setup.exe', content: Buffer.from('MZ\x90\x00') });
    assert.equal(exe.statusCode, 400);
    assert.match(textOf(exe.body), /只能上传 PDF/);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(100),
    ]);
    const noAlt = await upload({ name: 'map.png', content: png });
    assert.equal(noAlt.statusCode, 400);
    assert.match(textOf(noAlt.body), /图片必须填写替代文字/);
    const big = Buffer.concat([png, Buffer.alloc(11 * 1024 * 1024)]);
    const tooBig = await upload({ name: 'big.png', content: big }, '地图');
    assert.equal(tooBig.statusCode, 400);
    assert.match(textOf(tooBig.body), /PNG 图片文件不能超过 10 MB/);
    const okImage = await upload({ name: 'map.png', content: png }, '转移安置路线图');
    assert.equal(okImage.statusCode, 303);
    const anonymous = await upload({ name: 'x.pdf', content: Buffer.from('%PDF-') }, '', null);
    assert.match(String(anonymous.headers.location), /^\/admin\/login/);
    const rows = await t.database.db
      .selectFrom('catalogue_attachments')
      .select('file_name')
      .where('item_id', '=', itemId)
      .execute();
    assert.deepEqual(rows.map((r) => r.file_name).sort(), ['map.png', '安全生产检查通报.pdf']);
    assert.deepEqual(readdirSync(`${uploadDir}/tmp`), [], 'refused uploads leave no temporary files');
  });

  it('answers range requests for media', async () => {
    const mp4 = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypmp42'),
      Buffer.alloc(10_000, 7),
    ]);
    assert.equal((await upload({ name: '访谈.mp4', content: mp4 })).statusCode, 303);
    const row = await t.database.db
      .selectFrom('catalogue_attachments')
      .select('id')
      .where('file_name', '=', '访谈.mp4')
      .executeTakeFirstOrThrow();
    const cookie = ['gk_session', 'gk_csrf'].map((n) => `${n}=${clerk.cookie(n)}`).join('; ');
    const part = await t.app.inject({
      method: 'GET',
      url: `/files/${row.id}`,
      headers: { range: 'bytes=4-11', cookie },
    });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], `bytes 4-11/${mp4.length}`);
    assert.equal(part.rawPayload.toString('latin1'), 'ftypmp42');
    const tail = await t.app.inject({
      method: 'GET',
      url: `/files/${row.id}`,
      headers: { range: 'bytes=-10', cookie },
    });
    assert.equal(tail.statusCode, 206);
    assert.equal(tail.rawPayload.length, 10);
    const bad = await t.app.inject({
      method: 'GET',
      url: `/files/${row.id}`,
      headers: { range: 'bytes=99999-', cookie },
    });
    assert.equal(bad.statusCode, 416);
  });
});
