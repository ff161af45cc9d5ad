import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  attachmentNotes,
  DOC_NUMBER_PENDING,
  letterLayout,
  renderOptionsOf,
  runsOf,
  sealPending,
} from './letter-layout.ts';
import { addressOf, addressOfThirdParty, draftLetter, LETTER_KINDS, type LetterContext } from './letters.ts';

const person: LetterContext = {
  agencyName: '长春市宽城区欣园街道办事处',
  reviewBody: '长春市宽城区人民政府',
  applicantName: '张三',
  applicantType: 'naturalPerson',
  serial: '2026-0005',
  receivedOn: '2026-11-02',
  request: '某文件',
  today: '2026-12-07',
  outcome: 'granted',
  basis: null,
  replyDue: null,
  correctionDue: null,
  extension: null,
  fee: null,
  thirdParty: null,
  officePhone: '0431-85551234',
  officeAddress: null,
};
const company: LetterContext = {
  ...person,
  applicantName: '长春市某某科技有限公司',
  applicantType: 'commercial',
};

describe('letters address the applicant by type', () => {
  it('says 您 to a person and 你单位 to an organisation, in every template, never 您（单位）', () => {
    for (const kind of LETTER_KINDS) {
      for (const c of [person, company, { ...company, thirdParty: '某某物业服务有限公司' }]) {
        const { body } = draftLetter(kind, c);
        assert.doesNotMatch(body, /您（单位）/, `${kind} for ${c.applicantName}`);
        if (kind.startsWith('third_party')) continue;
        if (c.applicantType === 'naturalPerson') assert.doesNotMatch(body, /你单位/, kind);
        else assert.doesNotMatch(body, /您/, `${kind} says 您 to an organisation`);
      }
    }
    assert.match(draftLetter('granted', company).body, /收到你单位提出的政府信息公开申请/);
    assert.match(draftLetter('granted', person).body, /收到您提出的政府信息公开申请/);
    assert.equal(addressOf('research'), '你单位');
  });

  it('addresses a third party by what its name says, 你方 when unknown', () => {
    assert.equal(addressOfThirdParty('某某物业服务有限公司'), '你单位');
    assert.equal(addressOfThirdParty('宽城区住房和城乡建设局'), '你单位');
    assert.equal(
      addressOfThirdParty('王会'),
      '您',
      'a two-character name ending like an organisation is a person',
    );
    assert.equal(addressOfThirdParty('李四'), '您');
    assert.equal(addressOfThirdParty(null), '你方');
    assert.match(draftLetter('third_party', { ...person, thirdParty: '李四' }).body, /损害您的合法权益/);
  });
});

describe('the letter layout (GB/T 9704)', () => {
  it('puts the applicant’s or the organisation’s name as 主送, with its colon', () => {
    const p = letterLayout('告知书', draftLetter('granted', person).body);
    assert.equal(p.addressee, '张三：');
    const c = letterLayout(
      '告知书',
      draftLetter('denied', { ...company, outcome: 'denied.thirdParty' }).body,
    );
    assert.equal(c.addressee, '长春市某某科技有限公司：');
    assert.ok(
      c.paragraphs.every((runs) => !runs.some((r) => r.text.includes('长春市某某科技有限公司：'))),
      'the 主送 is not repeated in the text',
    );
  });

  it('carries the 文号, a placeholder for a draft, none when not given', () => {
    const body = draftLetter('granted', person).body;
    assert.equal(
      letterLayout('告知书', body, [], { docNumber: '欣园街道依申公开〔2026〕5号' }).docNumber,
      '欣园街道依申公开〔2026〕5号',
    );
    assert.equal(letterLayout('告知书', body, [], { docNumber: null }).docNumber, DOC_NUMBER_PENDING);
    assert.equal(letterLayout('告知书', body).docNumber, null);
    const sent = { status: 'sent', seal: 'electronic', docNumber: '欣园街道依申公开〔2026〕5号' } as const;
    assert.deepEqual(renderOptionsOf(sent), { docNumber: '欣园街道依申公开〔2026〕5号', sealPending: false });
  });

  it('lists the real attachments in 附件说明, numbered only when several', () => {
    assert.deepEqual(attachmentNotes(['中标结果公告.pdf']), [{ number: null, name: '中标结果公告' }]);
    const l = letterLayout('告知书', draftLetter('granted', person).body, ['甲.pdf', '乙（公开部分）.docx']);
    assert.deepEqual(l.attachments, [
      { number: '1.', name: '甲' },
      { number: '2.', name: '乙（公开部分）' },
    ]);
    assert.deepEqual(letterLayout('告知书', '张三：\n\n正文。').attachments, []);
  });

  it('takes the agency’s name and the Chinese date as 落款 and 成文日期', () => {
    const l = letterLayout('告知书', draftLetter('granted', person).body);
    assert.deepEqual(l.signature, { agencies: ['长春市宽城区欣园街道办事处'], date: '2026年12月7日' });
    assert.equal(l.paragraphs.at(-1)?.[0]?.text, '特此告知。');
    const none = letterLayout('告知书', '张三：\n\n正文。\n\n特此告知。');
    assert.equal(none.signature, null, 'a text without a date line has no signature');
    assert.equal(none.paragraphs.length, 2);
  });

  it('sets first-level headings in 黑体 and second-level ones in 楷体 up to their full stop', () => {
    assert.deepEqual(runsOf('一、涉及商业秘密的部分'), [{ text: '一、涉及商业秘密的部分', style: 'h1' }]);
    assert.deepEqual(runsOf('（二）投标报价。第三方不同意公开。'), [
      { text: '（二）投标报价。', style: 'h2' },
      { text: '第三方不同意公开。', style: 'body' },
    ]);
    assert.deepEqual(runsOf('根据第（一）项'), [{ text: '根据第（一）项', style: 'body' }]);
  });

  it('marks the seal’s place until the letter is sealed', () => {
    assert.equal(sealPending({ status: 'draft', seal: null }), true);
    assert.equal(sealPending({ status: 'approved', seal: null }), true);
    assert.equal(sealPending({ status: 'sent', seal: 'paper' }), false);
    assert.equal(sealPending({ status: 'sent', seal: 'electronic' }), false);
    assert.equal(sealPending({ status: 'sent', seal: 'none' }), true);
    assert.equal(sealPending({ status: 'sent', seal: null }), false, 'unknown for letters sent before 0012');
  });
});
