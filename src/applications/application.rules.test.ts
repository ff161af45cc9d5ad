import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseForm } from '../shared/http/forms.ts';
import {
  organizationCodeCheckChar,
  residentIdCheckChar,
  unifiedSocialCreditCodeCheckChar,
} from '../shared/identifiers.ts';
import { applicantSchema, REGISTER_FIELDS, registerSchema } from './application.forms.ts';
import {
  APPLICANT_FIELDS,
  formatLookupCode,
  lastFour,
  maskIdNumber,
  maskPhone,
  newLookupCode,
  normalizeLookupCode,
  outcomeOptions,
  parseDateInput,
  requestSimilarity,
} from './application.rules.ts';
import { parseEventForm } from './event-forms.ts';
import { draftLetter, type LetterContext, letterKindForOutcome, remediesParagraph } from './letters.ts';

/** The application form and the clerk's receipt, parsed as the routes parse them. */
const validateApplicant = (v: Record<string, string>, today: string) =>
  parseForm(applicantSchema(today), v, APPLICANT_FIELDS);
const validateReceipt = (v: Record<string, string>, today: string) =>
  parseForm(registerSchema(today), v, REGISTER_FIELDS);

const ID = `22010319850315201${residentIdCheckChar('22010319850315201')}`;
const ORG = `MA012345${organizationCodeCheckChar('MA012345')}`;
const USCC = `91220103${ORG}${unifiedSocialCreditCodeCheckChar(`91220103${ORG}`)}`;
const person = {
  applicantType: 'naturalPerson',
  applicantName: '张三',
  idDocType: 'resident_id',
  idDocNumber: ID,
  phone: '13912345678',
  request: '2026年道路维修工程验收报告',
  formWanted: 'paper',
  delivery: 'pickup',
};

describe('application form', () => {
  it('accepts a natural person with a valid 居民身份证号码 and normalises it', () => {
    const r = validateApplicant({ ...person, idDocNumber: ` ${ID.toLowerCase()} ` }, '2026-11-25');
    assert.ok(r.ok);
    assert.equal(r.data.idDocNumber, ID);
    assert.equal(r.data.creditCode, null);
  });

  it('checks the GB 11643 check digit and the 统一社会信用代码 checksum', () => {
    const bad = validateApplicant(
      { ...person, idDocNumber: `${ID.slice(0, 17)}${ID[17] === '1' ? '2' : '1'}` },
      '2026-11-25',
    );
    assert.ok(!bad.ok);
    assert.match(bad.errors.idDocNumber ?? '', /居民身份证号码/);
    const org = validateApplicant(
      {
        ...person,
        applicantType: 'commercial',
        applicantName: '某公司',
        creditCode: USCC,
        contactPerson: '王',
      },
      '2026-11-25',
    );
    assert.ok(org.ok);
    assert.equal(org.data.idDocNumber, null);
    const orgBad = validateApplicant(
      {
        ...person,
        applicantType: 'research',
        applicantName: '某所',
        creditCode: `${USCC.slice(0, 17)}0`,
        contactPerson: '王',
      },
      '2026-11-25',
    );
    assert.ok(!orgBad.ok);
    assert.ok(orgBad.errors.creditCode);
  });

  it('lists every problem in form order, including conditional ones', () => {
    const r = validateApplicant({ delivery: 'post', formWanted: 'email' }, '2026-11-25');
    assert.ok(!r.ok);
    assert.deepEqual(Object.keys(r.errors), [
      'applicantType',
      'applicantName',
      'phone',
      'email',
      'address',
      'request',
    ]);
    assert.match(r.errors.email ?? '', /电子邮件/);
    assert.match(r.errors.address ?? '', /邮寄/);
  });

  it('requires the signing date for registered post and refuses future or inverted dates', () => {
    const r = validateReceipt({ channel: 'post_signed', submittedOn: '2026-11-20' }, '2026-11-25');
    assert.ok(!r.ok);
    assert.equal(r.errors.signedOn, '请填写签收日期');
    const inv = validateReceipt(
      { channel: 'fax', submittedOn: '2026-11-20', confirmedOn: '2026-11-19' },
      '2026-11-25',
    );
    assert.ok(!inv.ok);
    assert.match(inv.errors.confirmedOn ?? '', /不能早于提交日期/);
    const fut = validateReceipt({ channel: 'in_person', submittedOn: '2026-11-26' }, '2026-11-25');
    assert.ok(!fut.ok);
    assert.equal(parseDateInput('2026年2月3日'), '2026-02-03');
    assert.equal(parseDateInput('2026/2/30'), null);
  });
});

describe('personal data and 查询码', () => {
  it('masks ID and phone numbers', () => {
    assert.equal(maskIdNumber('22010319850315201X'), '220***********201X');
    assert.equal(maskPhone('139-1234-5678'), '139****5678');
    assert.equal(maskPhone(null), '');
    assert.equal(lastFour('22010319850315201x'), '201X');
  });

  it('makes unguessable codes that survive typing variants', () => {
    const codes = new Set(Array.from({ length: 1000 }, newLookupCode));
    assert.equal(codes.size, 1000);
    const c = [...codes][0] as string;
    assert.equal(normalizeLookupCode(formatLookupCode(c).toLowerCase()), c);
    assert.equal(normalizeLookupCode('OOOO-IIII-LLLL'), '000011111111');
    assert.equal(normalizeLookupCode('short'), null);
  });

  it('measures request similarity for repeat detection', () => {
    assert.ok(
      requestSimilarity('2025年欣园街道财政预算执行情况报告', '欣园街道2025年财政预算执行情况的报告') >= 0.6,
    );
    assert.ok(requestSimilarity('2025年欣园街道财政预算执行情况报告', '辖区养老服务设施建设规划') < 0.3);
  });
});

describe('outcomes, letters and event forms', () => {
  it('offers the rows of the year’s report format', () => {
    const y2020 = outcomeOptions(2020);
    const y2021 = outcomeOptions(2021);
    assert.equal(y2020.length, 19);
    assert.equal(y2020.at(-1)?.label, '（六）其他处理');
    assert.equal(y2021.at(-1)?.label, '（六）其他处理 3.其他');
    assert.equal(
      y2021.find((o) => o.value === 'denied.thirdParty')?.label,
      '（三）不予公开 4.保护第三方合法权益',
    );
  });

  const ctx: LetterContext = {
    agencyName: '宽城区欣园街道办事处',
    reviewBody: '长春市宽城区人民政府',
    applicantName: '张三',
    applicantType: 'naturalPerson',
    serial: '2026-0001',
    receivedOn: '2026-11-02',
    request: '某文件',
    today: '2026-11-25',
    outcome: 'denied.thirdParty',
    basis: null,
    replyDue: '2026-11-30',
    correctionDue: null,
    extension: null,
    fee: null,
    thirdParty: null,
    officePhone: '0431-1',
    officeAddress: null,
  };

  it('puts reasons and remedies in refusals, and 复议前置 for 不予公开 only', () => {
    const denied = draftLetter(letterKindForOutcome('denied.thirdParty'), ctx);
    assert.equal(denied.title, '政府信息不予公开告知书');
    assert.match(denied.body, /保护第三方合法权益/);
    assert.match(denied.body, /应当先向长春市宽城区人民政府申请行政复议/);
    const none = draftLetter(letterKindForOutcome('unable.notHeld'), { ...ctx, outcome: 'unable.notHeld' });
    assert.equal(none.title, '政府信息不存在告知书');
    assert.match(none.body, /六十日内向长春市宽城区人民政府申请行政复议，或者自收到本告知书之日起六个月内/);
    assert.doesNotMatch(none.body, /应当先/);
    assert.match(remediesParagraph('X', true), /第二十三条/);
  });

  it('parses event forms into timeline events with field-keyed errors', () => {
    const ok = parseEventForm(
      'extensionApproved',
      { on: '2026-11-25', workingDays: '10', approvedBy: '主任', note: '量大' },
      2026,
      [],
    );
    assert.ok(ok.ok);
    assert.deepEqual(ok.data.event, {
      type: 'extensionApproved',
      on: '2026-11-25',
      workingDays: 10,
      approvedBy: '主任',
    });
    const bad = parseEventForm(
      'extensionApproved',
      { on: '2026-13-01', workingDays: '30', approvedBy: '', note: '' },
      2026,
      [],
    );
    assert.ok(!bad.ok);
    assert.deepEqual(Object.keys(bad.errors), ['on', 'workingDays', 'approvedBy', 'note']);
    const ans = parseEventForm(
      'answered',
      { on: '2026-11-25', outcome: 'granted', onTheSpot: 'yes' },
      2026,
      [],
    );
    assert.ok(ans.ok);
    assert.match(ans.data.note ?? '', /^法律依据：《中华人民共和国政府信息公开条例》第三十六条第（二）项/);
  });
});
