/** A 部分公开 case of the demo clerk with a draft letter and one attachment (tests of issue 14). */
import assert from 'node:assert/strict';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import { type Agent, type TestContext, textOf } from './test-app.ts';

const TODAY = '2026-11-25';
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

function multipart(csrf: string, file: { name: string; content: Buffer }) {
  const boundary = `----gk${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Registers a case (applicant 删除处理申请人, phone ending 4321), answers 部分公开, drafts the letter, attaches `file`; the letter's URL. */
export async function letterWithAttachment(
  t: TestContext,
  s: Agent,
  file: { name: string; content: Buffer },
): Promise<string> {
  await s.get('/admin/applications/new');
  const body17 = '22010319800101203';
  let res = await s.post('/admin/applications/new', {
    channel: 'in_person',
    submittedOn: TODAY,
    signedOn: '',
    confirmedOn: '',
    applicantType: 'naturalPerson',
    applicantName: '删除处理申请人',
    idDocType: 'resident_id',
    idDocName: '',
    idDocNumber: `${body17}${residentIdCheckChar(body17)}`,
    creditCode: '',
    contactPerson: '',
    phone: '13955554321',
    email: 'redact@example.com',
    address: '长春市宽城区测试路8号',
    postcode: '130051',
    request: '某项目的验收材料',
    purpose: '',
    formWanted: 'email',
    delivery: 'online',
  });
  assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600));
  const id = Number(/\/admin\/applications\/(\d+)/.exec(res.headers.location as string)![1]);
  await s.get(`/admin/applications/${id}/events/answered`);
  res = await s.post(`/admin/applications/${id}/events/answered`, {
    on: TODAY,
    outcome: 'partial',
    basis: '',
    onTheSpot: 'no',
    note: '',
  });
  assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600));
  await s.get(`/admin/applications/${id}`);
  res = await s.post(`/admin/applications/${id}/letters/new`, { kind: 'partial' });
  assert.equal(res.statusCode, 303);
  const url = res.headers.location as string;
  const page = await s.get(url);
  const { payload, contentType } = multipart(csrfOf(page.body), file);
  res = await t.app.inject({
    method: 'POST',
    url: `${url}/attachments`,
    payload,
    headers: { 'content-type': contentType, cookie: s.cookieHeaderValue() },
  });
  assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 400));
  return url;
}
