import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import {
  organizationCodeCheckChar,
  residentIdCheckChar,
  unifiedSocialCreditCodeCheckChar,
} from '../../src/shared/identifiers.ts';
import {
  applyOnline,
  csrfOf,
  fieldsOf,
  postStep,
  sendFromCheck,
  sendUrl,
  shownStep,
  stateOf,
  stepUrl,
  walkToCheck,
} from '../support/apply-form.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

const ID = (body17: string) => `${body17}${residentIdCheckChar(body17)}`;
const CREDIT_CODE = (() => {
  const org = `12345678${organizationCodeCheckChar('12345678')}`;
  const first17 = `91220103${org}`;
  return first17 + unifiedSocialCreditCodeCheckChar(first17);
})();

const person = (over: Record<string, string> = {}): Record<string, string> => ({
  applicantType: 'naturalPerson',
  applicantName: '分步申请人',
  idDocType: 'resident_id',
  idDocName: '',
  idDocNumber: ID('22010319900101301'),
  creditCode: '',
  contactPerson: '',
  phone: '13811112222',
  email: 'steps@example.com',
  address: '长春市宽城区分步路1号',
  postcode: '130051',
  request: '欣园街道2026年度社区养老服务中心建设项目的立项批复',
  purpose: '了解社区建设',
  formWanted: 'paper',
  delivery: 'post',
  ...over,
});

const company = (over: Record<string, string> = {}): Record<string, string> => ({
  applicantType: 'commercial',
  applicantName: '长春分步科技有限公司',
  idDocType: '',
  idDocName: '',
  idDocNumber: '',
  creditCode: CREDIT_CODE,
  contactPerson: '王联系',
  phone: '0431-88886666',
  email: 'office@fenbu.example.com',
  address: '',
  postcode: '',
  request: '欣园街道2026年度政府采购项目的中标结果公告',
  purpose: '',
  formWanted: 'email',
  delivery: 'email',
  ...over,
});

/** Flips one character of the signed answers' payload (still valid base64url). */
const tamper = (state: string) => {
  const i = Math.floor(state.indexOf('.') / 2);
  return `${state.slice(0, i)}${state[i] === 'A' ? 'B' : 'A'}${state.slice(i + 1)}`;
};

describe('the online application form, one thing at a time', () => {
  let t: TestContext;
  let agencyId: number;
  before(async () => {
    t = await startTestApp();
    agencyId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!.id;
  });
  after(async () => t.close());

  const db = () => t.database.db;
  const count = async () =>
    Number(
      (
        await db()
          .selectFrom('applications')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('walks a natural person through five pages that show only a person’s fields, then registers the application', async () => {
    const a = t.agent();
    let res = await a.get(stepUrl(agencyId, 'type'));
    assert.equal(res.statusCode, 200);
    let text = textOf(res.body);
    assert.match(text, /第1步，共5步/);
    assert.match(text, /您以什么身份提出申请？/);
    assert.doesNotMatch(text, /统一社会信用代码|身份证明种类|联系电话/);
    assert.match(res.body, /class="gk-back-link" href="\/agencies\/\d+\/columns\/apply"/);
    // Step 2: a person's identity and contact, no company fields.
    res = await postStep(t, a, agencyId, res.body, 'applicant', 'type', { applicantType: 'naturalPerson' });
    assert.equal(res.statusCode, 200);
    text = textOf(res.body);
    assert.match(text, /第2步，共5步/);
    assert.match(text, /身份证明种类/);
    assert.doesNotMatch(text, /统一社会信用代码|联系人姓名|所需政府信息的名称/);
    assert.match(
      res.body,
      new RegExp(`<form method="post" action="/agencies/${agencyId}/apply"[^>]*class="gk-back-form"`),
    );
    assert.match(res.body, new RegExp(`action="/agencies/${agencyId}/apply/request"`));
    // Step 3: the information wanted.
    res = await postStep(t, a, agencyId, res.body, 'request', 'applicant', fieldsOf('applicant', person()));
    assert.equal(res.statusCode, 200);
    text = textOf(res.body);
    assert.match(text, /第3步，共5步/);
    assert.match(text, /所需信息的形式/);
    assert.match(text, /获取信息的方式/);
    assert.doesNotMatch(text, /身份证明种类|联系电话/);
    // Step 4: the identity documents.
    res = await postStep(t, a, agencyId, res.body, 'files', 'request', fieldsOf('request', person()));
    assert.equal(res.statusCode, 200);
    text = textOf(res.body);
    assert.match(text, /第4步，共5步/);
    assert.match(res.body, /enctype="multipart\/form-data"/);
    assert.match(text, /居民身份证正反面/);
    // Step 5: check your answers, with 修改 for each answer.
    res = await postStep(t, a, agencyId, res.body, 'check', 'files');
    assert.equal(res.statusCode, 200);
    text = textOf(res.body);
    assert.match(text, /第5步，共5步/);
    assert.match(text, /检查您的申请/);
    assert.match(text, /申请人类型 自然人/);
    assert.match(text, /姓名 分步申请人/);
    assert.match(text, /居民身份证号码 220103199001013/);
    assert.match(text, /所需政府信息 欣园街道2026年度社区养老服务中心建设项目的立项批复/);
    assert.match(text, /用途说明 了解社区建设/);
    assert.match(text, /身份证明文件 未上传/);
    assert.doesNotMatch(text, /统一社会信用代码/);
    assert.ok((res.body.match(/>修改<span class="gk-visually-hidden">/g) ?? []).length >= 10);
    // Send: the receipt with the 查询码.
    const before = await count();
    const sent = await sendFromCheck(a, agencyId, res.body);
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `/agencies/${agencyId}/apply/done`);
    const done = textOf((await a.get(sent.headers.location as string)).body);
    assert.match(done, /申请已提交/);
    assert.match(done, /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    assert.equal(await count(), before + 1);
    const row = await db()
      .selectFrom('applications')
      .selectAll()
      .where('applicant_name', '=', '分步申请人')
      .executeTakeFirstOrThrow();
    assert.equal(row.applicant_type, 'naturalPerson');
    assert.equal(row.source, 'online');
    assert.equal(row.credit_code, null);
    assert.match(row.details_json ?? '', /了解社区建设/);
  });

  it('asks an organisation only for its name, code and contact person, and registers it', async () => {
    const a = t.agent();
    let res = await a.get(stepUrl(agencyId, 'type'));
    res = await postStep(t, a, agencyId, res.body, 'applicant', 'type', { applicantType: 'commercial' });
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /单位信息和联系方式/);
    assert.match(text, /统一社会信用代码/);
    assert.match(text, /联系人姓名/);
    assert.doesNotMatch(text, /身份证明种类|身份证明号码/);
    const check = await walkToCheck(t, a, agencyId, company());
    assert.equal(check.statusCode, 200, textOf(check.body).slice(0, 500));
    const ct = textOf(check.body);
    assert.match(ct, /申请人类型 法人或者其他组织（商业企业）/);
    assert.match(ct, /名称 长春分步科技有限公司/);
    assert.match(ct, new RegExp(`统一社会信用代码 ${CREDIT_CODE}`));
    assert.match(ct, /联系人 王联系/);
    assert.doesNotMatch(ct, /居民身份证号码/);
    const sent = await sendFromCheck(a, agencyId, check.body);
    assert.equal(sent.statusCode, 303);
    const row = await db()
      .selectFrom('applications')
      .selectAll()
      .where('applicant_name', '=', '长春分步科技有限公司')
      .executeTakeFirstOrThrow();
    assert.equal(row.applicant_type, 'commercial');
    assert.equal(row.credit_code, CREDIT_CODE);
    assert.equal(row.id_doc_number, null);
  });

  it('keeps every answer through errors, in Chinese with the error summary, and reports a cross-step rule on its field', async () => {
    const a = t.agent();
    let res = await a.get(stepUrl(agencyId, 'type'));
    // Step 1 without a choice.
    res = await postStep(t, a, agencyId, res.body, 'applicant', 'type', {});
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：申请人类型（第1步）/);
    assert.match(res.body, /class="gk-error-summary"/);
    assert.match(res.body, /href="#applicantType"/);
    assert.match(textOf(res.body), /请选择申请人类型/);
    assert.equal(shownStep(res.body), 'type');
    res = await postStep(t, a, agencyId, res.body, 'applicant', 'type', { applicantType: 'naturalPerson' });
    // Step 2 with a wrong ID number and no phone: both messages, the typed values kept.
    res = await postStep(
      t,
      a,
      agencyId,
      res.body,
      'request',
      'applicant',
      fieldsOf('applicant', person({ idDocNumber: '220103199001013019', phone: '' })),
    );
    assert.equal(res.statusCode, 400);
    assert.equal(shownStep(res.body), 'applicant');
    const text = textOf(res.body);
    assert.match(text, /存在以下问题/);
    assert.match(text, /请填写联系电话/);
    assert.match(res.body, /href="#idDocNumber"/);
    assert.match(res.body, /value="220103199001013019"/);
    assert.match(res.body, /value="分步申请人"/);
    assert.match(text, /第2步，共5步/);
    // Corrected, without an e-mail address; then e-mail delivery is chosen on step 3.
    res = await postStep(
      t,
      a,
      agencyId,
      res.body,
      'request',
      'applicant',
      fieldsOf('applicant', person({ email: '' })),
    );
    assert.equal(res.statusCode, 200);
    res = await postStep(
      t,
      a,
      agencyId,
      res.body,
      'files',
      'request',
      fieldsOf(
        'request',
        person({ delivery: 'email', formWanted: 'email', request: '欣园街道2026年度电子邮件申请' }),
      ),
    );
    // The rule belongs to the e-mail field: step 2 again, with the message; step 3's answers carried on.
    assert.equal(res.statusCode, 400);
    assert.equal(shownStep(res.body), 'applicant');
    assert.match(textOf(res.body), /选择以电子邮件获取信息的，请填写电子邮箱/);
    assert.match(res.body, /href="#email"/);
    res = await postStep(
      t,
      a,
      agencyId,
      res.body,
      'request',
      'applicant',
      fieldsOf('applicant', person({ email: 'later@example.com' })),
    );
    assert.equal(res.statusCode, 200);
    assert.equal(shownStep(res.body), 'request');
    assert.match(res.body, /欣园街道2026年度电子邮件申请/);
    assert.match(res.body, /value="email" checked/);
    // A request that is too short, on step 3.
    res = await postStep(
      t,
      a,
      agencyId,
      res.body,
      'files',
      'request',
      fieldsOf('request', person({ request: '文件' })),
    );
    assert.equal(res.statusCode, 400);
    assert.equal(shownStep(res.body), 'request');
    assert.match(textOf(res.body), /所需政府信息的描述过短/);
    assert.match(res.body, />文件<\/textarea>/);
  });

  it('goes back one step with the answers kept, and 修改 on the check page returns to it', async () => {
    const a = t.agent();
    const check = await walkToCheck(t, a, agencyId, person({ applicantName: '返回申请人' }));
    assert.equal(check.statusCode, 200);
    // 返回 from the check page: step 4, its back form leads to step 3, whose back form leads to step 2.
    let res = await postStep(t, a, agencyId, check.body, 'files', null);
    assert.equal(shownStep(res.body), 'files');
    res = await postStep(t, a, agencyId, res.body, 'request', null);
    assert.equal(shownStep(res.body), 'request');
    assert.match(res.body, /社区养老服务中心建设项目的立项批复<\/textarea>/);
    res = await postStep(t, a, agencyId, res.body, 'applicant', null);
    assert.equal(shownStep(res.body), 'applicant');
    assert.match(res.body, /value="返回申请人"/);
    assert.match(res.body, /value="13811112222"/);
    // 修改 the request from the check page: step 3, whose button returns to the check page.
    res = await postStep(t, a, agencyId, check.body, 'request', null, { returnTo: 'check' });
    assert.equal(res.statusCode, 200);
    assert.equal(shownStep(res.body), 'request');
    assert.match(textOf(res.body), /保存并返回检查页/);
    assert.match(res.body, new RegExp(`action="/agencies/${agencyId}/apply/check"`));
    res = await postStep(t, a, agencyId, res.body, 'check', 'request', {
      ...fieldsOf('request', person()),
      request: '改过的所需信息：2026年度社区食堂的运营补贴',
      returnTo: 'check',
    });
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /所需政府信息 改过的所需信息：2026年度社区食堂的运营补贴/);
    assert.match(textOf(res.body), /姓名 返回申请人/);
    // 修改 the type to an organisation: the company fields are asked for before the check page again.
    res = await postStep(t, a, agencyId, res.body, 'type', null, { returnTo: 'check' });
    res = await postStep(t, a, agencyId, res.body, 'check', 'type', {
      applicantType: 'research',
      returnTo: 'check',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(shownStep(res.body), 'applicant');
    assert.match(textOf(res.body), /统一社会信用代码/);
    assert.match(textOf(res.body), /请填写联系人姓名/);
    assert.match(res.body, /name="returnTo" value="check"/);
  });

  it('keeps an identity document uploaded on step 4 and lists it on the check page', async () => {
    const a = t.agent();
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3 * 1024 - 4, 0x41)]);
    const check = await walkToCheck(t, a, agencyId, person({ applicantName: '上传分步' }), [
      { field: 'idFiles', name: '身份证.jpg', content: photo },
    ]);
    assert.equal(check.statusCode, 200, textOf(check.body).slice(0, 500));
    assert.match(textOf(check.body), /身份证明文件 身份证\.jpg（3 KB）/);
    // 修改 files: the kept file is listed with its removal box.
    const files = await postStep(t, a, agencyId, check.body, 'files', null, { returnTo: 'check' });
    assert.match(textOf(files.body), /已上传：身份证\.jpg（3 KB）/);
    assert.match(files.body, /name="removeUpload"/);
    assert.equal((await sendFromCheck(a, agencyId, check.body)).statusCode, 303);
    const app = await db()
      .selectFrom('applications')
      .select('id')
      .where('applicant_name', '=', '上传分步')
      .executeTakeFirstOrThrow();
    const uploads = await db()
      .selectFrom('application_uploads')
      .select('application_id')
      .where('application_id', '=', app.id)
      .execute();
    assert.equal(uploads.length, 1);
  });

  it('refuses carried answers that were changed, belong to another agency or are over a day old, with a clear message', async () => {
    const a = t.agent();
    const check = await walkToCheck(t, a, agencyId, person({ applicantName: '篡改申请人' }));
    assert.equal(check.statusCode, 200);
    const state = stateOf(check.body);
    const before = await count();
    // A changed payload, sent.
    let res = await a.post(sendUrl(agencyId), { state: tamper(state) }, { csrf: csrfOf(check.body) });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /无法继续填写申请/);
    assert.match(textOf(res.body), /未通过校验/);
    assert.match(res.body, new RegExp(`href="/agencies/${agencyId}/apply"`));
    // A payload re-encoded with another name but the old signature.
    const [body, sig] = state.split('.');
    const json = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    json.v.applicantName = '冒名者';
    const forged = `${Buffer.from(JSON.stringify(json)).toString('base64url')}.${sig}`;
    res = await a.post(sendUrl(agencyId), { state: forged }, { csrf: csrfOf(check.body) });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /未通过校验/);
    // On a step too.
    res = await a.post(
      stepUrl(agencyId, 'check'),
      { state: forged, from: 'files' },
      { csrf: csrfOf(check.body) },
    );
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /无法继续填写申请/);
    // Without any answers.
    res = await a.post(sendUrl(agencyId), {}, { csrf: csrfOf(check.body) });
    assert.equal(res.statusCode, 400);
    // Another agency's form.
    const other = (await findAgencyByName(db(), '长春市宽城区人民政府'))!.id;
    res = await a.post(sendUrl(other), { state }, { csrf: csrfOf(check.body) });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /未通过校验/);
    // 25 hours later.
    const start = t.clock.now().toISOString();
    try {
      t.clock.advance(25 * 3600_000);
      res = await a.post(sendUrl(agencyId), { state }, { csrf: csrfOf(check.body) });
      assert.equal(res.statusCode, 400);
      assert.match(textOf(res.body), /已超过 24 小时/);
    } finally {
      t.clock.set(start);
    }
    assert.equal(await count(), before);
    // The untouched answers still send.
    const sent = await sendFromCheck(a, agencyId, check.body);
    assert.equal(sent.statusCode, 303);
    assert.equal(await count(), before + 1);
  });

  it('sends the later steps’ addresses, opened directly, back to the first step', async () => {
    const a = t.agent();
    for (const step of ['applicant', 'request', 'files', 'check'] as const) {
      const res = await a.get(stepUrl(agencyId, step));
      assert.equal(res.statusCode, 303, step);
      assert.equal(res.headers.location, stepUrl(agencyId, 'type'));
    }
  });

  it('gives the same walk on a second agent and 查询码 for each', async () => {
    const codes = new Set<string>();
    for (const name of ['甲申请人', '乙申请人'])
      codes.add(await applyOnline(t, t.agent(), agencyId, person({ applicantName: name })));
    assert.equal(codes.size, 2);
  });
});
