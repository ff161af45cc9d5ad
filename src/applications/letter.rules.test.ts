import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { approvalWarnings, confirmationNeeded, unfilledBlanks } from './letter.rules.ts';
import { draftLetter, type LetterContext } from './letters.ts';

const CONTEXT: LetterContext = {
  agencyName: '欣园街道办事处',
  reviewBody: '长春市宽城区人民政府',
  applicantName: '张三',
  applicantType: 'naturalPerson',
  serial: '2026-0007',
  receivedOn: '2026-11-24',
  request: '2026年道路维修计划',
  today: '2026-12-07',
  outcome: 'granted',
  basis: null,
  replyDue: '2026-12-22',
  correctionDue: '2026-12-28',
  extension: null,
  fee: null,
  thirdParty: null,
  officePhone: '0431-12345678',
  officeAddress: '欣园路1号',
};

const kinds = (w: readonly { kind: string }[]) => w.map((x) => x.kind);

describe('approval warnings', () => {
  it('warns of a mentioned attachment only while none is attached', () => {
    const letter = { title: '政府信息公开告知书', body: '现向您提供该政府信息（见附件）。\n\n特此告知。' };
    const none = approvalWarnings(letter, 0);
    assert.deepEqual(kinds(none), ['attachmentMissing']);
    assert.match(none[0]?.message ?? '', /“……供该政府信息（见附件）。 特此告知……”/);
    assert.deepEqual(approvalWarnings(letter, 1), []);
  });

  it('reads 附件： lines and 附件 anywhere in the body', () => {
    const w = approvalWarnings({ title: '告知书', body: '特此告知。\n\n附件：1. 道路维修计划' }, 0);
    assert.deepEqual(kinds(w), ['attachmentMissing']);
  });

  it('finds the blanks of the templates: underscores, full-width low lines, 【】 and ××', () => {
    // A blank date is one blank.
    assert.equal(unfilledBlanks('告知书', '请于____年__月__日前到本机关获取').count, 1);
    assert.equal(unfilledBlanks('告知书', '由______负责，联系方式：______').count, 2);
    assert.equal(unfilledBlanks('告知书', '该信息由＿＿＿＿负责公开').count, 1);
    assert.equal(unfilledBlanks('告知书', '理由如下：【请写明理由】。').count, 1);
    assert.equal(unfilledBlanks('告知书', '×××同志：').count, 1);
    // A blank inside a placeholder counts once.
    assert.equal(unfilledBlanks('告知书', '【____】').count, 1);
    // The title is read too.
    assert.equal(unfilledBlanks('关于____的告知书', '正文').count, 1);
    // Single characters and the 〔〕 of a document number are not blanks.
    assert.equal(unfilledBlanks('告知书', '欣园依申公开〔2026〕7号，file_name，2×3').count, 0);
  });

  it('quotes at most three blanks and says there are more', () => {
    const w = approvalWarnings({ title: '告知书', body: 'a__bb__cc__dd__e' }, 0);
    assert.deepEqual(kinds(w), ['blanksUnfilled']);
    assert.match(w[0]?.message ?? '', /还有 4 处未补全的空白/);
    assert.match(w[0]?.message ?? '', /等）。$/);
  });

  it('warns of both on the template of a grant as drafted, of neither once filled and attached', () => {
    const draft = draftLetter('granted', CONTEXT);
    assert.deepEqual(kinds(approvalWarnings(draft, 0)), ['attachmentMissing', 'blanksUnfilled']);
    const filled = { ...draft, body: draft.body.replace('，或请您于____年__月__日前到本机关获取', '') };
    assert.deepEqual(kinds(approvalWarnings(filled, 0)), ['attachmentMissing']);
    assert.deepEqual(approvalWarnings(filled, 2), []);
  });

  it('has nothing to say about a complete letter without attachments', () => {
    assert.deepEqual(approvalWarnings(draftLetter('not_exist', CONTEXT), 0), []);
  });

  it('names every warning and the confirmation in the refusal', () => {
    const w = approvalWarnings({ title: '告知书', body: '（见附件）____' }, 0);
    const text = confirmationNeeded(w);
    assert.match(text, /正文提到附件但没有附件、还有未补全的空白/);
    assert.match(text, /仍然批准/);
  });
});
