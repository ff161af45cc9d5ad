import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APPLICANT_FIELDS } from './application.rules.ts';
import {
  APPLY_STEPS,
  CARRY_TTL_MS,
  firstStepWithErrors,
  mergeStep,
  nextStep,
  openAnswers,
  previousStep,
  STEP_FIELDS,
  sealAnswers,
  stepOfField,
} from './apply.steps.ts';

const KEY = 'a-test-key-of-enough-length-0123456789';
const NOW = Date.parse('2026-11-25T02:00:00.000Z');

describe('the application form in steps', () => {
  it('asks for every answer of the form on exactly one step, in the form’s order', () => {
    const asked = APPLY_STEPS.flatMap((s) => STEP_FIELDS[s]).filter((f) => f !== 'idFiles');
    assert.deepEqual(asked, [...APPLICANT_FIELDS]);
    assert.equal(stepOfField('email'), 'applicant');
    assert.equal(stepOfField('delivery'), 'request');
    assert.equal(stepOfField('idFiles'), 'files');
    assert.equal(stepOfField('nothing'), null);
    assert.equal(nextStep('type'), 'applicant');
    assert.equal(nextStep('check'), 'check');
    assert.equal(previousStep('applicant'), 'type');
    assert.equal(previousStep('type'), 'type');
  });

  it('reports the first step before the target that has a message, with only that step’s messages', () => {
    const errors = { idDocNumber: '号码不对', email: '请填写电子邮箱', request: '请填写所需政府信息' };
    assert.equal(firstStepWithErrors(errors, 'applicant'), null);
    assert.deepEqual(firstStepWithErrors(errors, 'request'), {
      step: 'applicant',
      errors: { idDocNumber: '号码不对', email: '请填写电子邮箱' },
    });
    assert.deepEqual(firstStepWithErrors({ request: 'x' }, 'check'), {
      step: 'request',
      errors: { request: 'x' },
    });
    assert.equal(firstStepWithErrors({ request: 'x' }, 'request'), null);
  });

  it('takes only the posted step’s fields over the carried answers', () => {
    const carried = { applicantType: 'naturalPerson', applicantName: '张三', uploadToken: 'ab' };
    const merged = mergeStep(carried, 'applicant', {
      applicantName: ' 李四 ',
      applicantType: 'commercial',
      request: '不属于这一步',
    });
    assert.equal(merged.applicantName, ' 李四 ');
    assert.equal(merged.applicantType, 'naturalPerson');
    assert.equal(merged.request, '');
    assert.equal(merged.phone, '');
    assert.equal(merged.uploadToken, 'ab');
  });

  it('opens what it sealed, for the same agency, within a day', () => {
    const values = {
      applicantType: 'naturalPerson',
      applicantName: '张三',
      request: '“引号”与<尖括号>\n第二行',
    };
    const sealed = sealAnswers(values, 7, NOW, KEY);
    assert.match(sealed, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const opened = openAnswers(sealed, 7, NOW + 1000, KEY);
    assert.ok(opened.ok);
    assert.equal(opened.values.applicantName, '张三');
    assert.equal(opened.values.request, values.request);
    assert.equal(opened.values.phone, '');
    assert.deepEqual(openAnswers(sealed, 7, NOW + CARRY_TTL_MS + 1, KEY), { ok: false, problem: 'expired' });
  });

  it('refuses a changed payload or signature, another agency, another key and garbage', () => {
    const sealed = sealAnswers({ applicantName: '张三' }, 7, NOW, KEY);
    const [body, sig] = sealed.split('.') as [string, string];
    const forged = Buffer.from(
      JSON.stringify({ a: 7, t: NOW, v: { applicantName: '李四' } }),
      'utf8',
    ).toString('base64url');
    const tampered = { ok: false, problem: 'tampered' };
    assert.deepEqual(openAnswers(`${forged}.${sig}`, 7, NOW, KEY), tampered);
    assert.deepEqual(openAnswers(`${body}.${sig.slice(1)}A`, 7, NOW, KEY), tampered);
    assert.deepEqual(openAnswers(sealed, 8, NOW, KEY), tampered);
    assert.deepEqual(openAnswers(sealed, 7, NOW, `${KEY}x`), tampered);
    for (const junk of ['', '.', 'abc', `${sealed}.x`, `${body}.`])
      assert.deepEqual(openAnswers(junk, 7, NOW, KEY), tampered, junk);
  });
});
