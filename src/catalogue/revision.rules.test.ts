import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyRevision,
  changedFields,
  changeSummary,
  HISTORY_FIELDS,
  REVISABLE_FIELDS,
  revisableOf,
} from './revision.rules.ts';

const item = {
  id: 7,
  status: 'published',
  indexNo: '412735620/2026-00003',
  title: '低保审核确认实施办法',
  description: null,
  basis: 'art20:11',
  topicId: 12,
  genre: '办法',
  publisher: '欣园街道办事处',
  docNumber: '欣园办发〔2026〕3号',
  keywords: null,
  writtenOn: '2026-03-02',
  validity: 'valid',
  validityOn: null,
  disclosureMethod: '主动公开',
  bodyHtml: '<p>第一条</p>',
  interpretsId: null,
  interpreter: null,
  interpretationForm: null,
};

describe('revisions of published items', () => {
  it('may change every field of the item form but the type, the formation date and the deadline', () => {
    assert.deepEqual(
      [...REVISABLE_FIELDS],
      [
        'title',
        'description',
        'basis',
        'topicId',
        'genre',
        'publisher',
        'docNumber',
        'keywords',
        'writtenOn',
        'validity',
        'validityOn',
        'disclosureMethod',
        'bodyHtml',
        'interpretsId',
        'interpreter',
        'interpretationForm',
      ],
    );
  });

  it('takes only the revisable fields, missing ones as null', () => {
    const v = revisableOf({ title: '名称', topicId: 3, extra: 'x' });
    assert.deepEqual(Object.keys(v), [...REVISABLE_FIELDS]);
    assert.equal(v.title, '名称');
    assert.equal(v.topicId, 3);
    assert.equal(v.bodyHtml, null);
  });

  it('lists changed fields in form order, undefined equal to null', () => {
    const base = revisableOf(item);
    const proposed = {
      ...base,
      bodyHtml: '<p>第一条（修订）</p>',
      title: '低保审核确认办法',
      description: null,
    };
    assert.deepEqual(changedFields(base, proposed, REVISABLE_FIELDS), ['title', 'bodyHtml']);
    assert.deepEqual(changedFields({ revisedOn: undefined }, { revisedOn: null }, HISTORY_FIELDS), []);
    assert.equal(changeSummary(['revisedOn', 'title', 'bodyHtml']), '更新日期、名称、正文');
  });

  it('applies only what the revision changed, keeping a change made meanwhile to another field', () => {
    const base = revisableOf(item);
    const proposed = { ...base, bodyHtml: '<p>新正文</p>' };
    // while the revision waited, the reviewer marked the document repealed
    const current = { ...base, validity: 'repealed', validityOn: '2026-11-01' };
    const merged = applyRevision(current, base, proposed);
    assert.equal(merged.bodyHtml, '<p>新正文</p>');
    assert.equal(merged.validity, 'repealed');
    assert.equal(merged.validityOn, '2026-11-01');
    assert.deepEqual(applyRevision(current, base, base), current);
  });
});
