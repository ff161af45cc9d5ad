/** A draft catalogue item with one attachment uploaded by `agent` (a signed-in clerk), for the redaction tests. */
import assert from 'node:assert/strict';
import { itemForm } from './catalogue-form.ts';
import { type Agent, type TestContext, textOf } from './test-app.ts';

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = `----gk${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Creates a draft item and uploads `file` to it; the item's and the attachment's ids. */
export async function draftWithAttachment(
  t: TestContext,
  agent: Agent,
  file: { name: string; content: Buffer },
  altText = '',
): Promise<{ itemId: number; attachmentId: number }> {
  await agent.get('/admin/catalogue/new');
  const created = await agent.post('/admin/catalogue/new', itemForm());
  assert.equal(created.statusCode, 303, textOf(created.body).slice(0, 600));
  const itemId = Number(/items\/(\d+)/.exec(String(created.headers.location))![1]);
  const page = await agent.get(`/admin/catalogue/items/${itemId}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const { payload, contentType } = multipart({ _csrf: csrf, altText }, file);
  const cookie = ['gk_session', 'gk_csrf'].map((n) => `${n}=${agent.cookie(n)}`).join('; ');
  const up = await t.app.inject({
    method: 'POST',
    url: `/admin/catalogue/items/${itemId}/attachments`,
    payload,
    headers: { 'content-type': contentType, cookie },
  });
  assert.equal(up.statusCode, 303, textOf(up.body).slice(0, 600));
  const row = await t.database.db
    .selectFrom('catalogue_attachments')
    .select('id')
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  return { itemId, attachmentId: row.id };
}
