import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { remediesParagraph } from '../letters.ts';
import { chineseNumeral } from './statute.ts';

describe('statute', () => {
  it('writes periods in Chinese numerals as the statutes do', () => {
    assert.deepEqual([6, 10, 15, 20, 60, 99].map(chineseNumeral), [
      '六',
      '十',
      '十五',
      '二十',
      '六十',
      '九十九',
    ]);
    assert.throws(() => chineseNumeral(0), RangeError);
    assert.throws(() => chineseNumeral(100), RangeError);
  });

  it('builds the remedy sentences of the letters from the named periods, word for word', () => {
    assert.equal(
      remediesParagraph('某区人民政府', false),
      '如对本答复不服，可以自收到本告知书之日起六十日内向某区人民政府申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。',
    );
    assert.equal(
      remediesParagraph('某区人民政府', true),
      '根据《中华人民共和国行政复议法》第二十三条的规定，对本机关不予公开政府信息的决定不服的，应当先向某区人民政府申请行政复议，申请期限为自收到本告知书之日起六十日内；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼。',
    );
  });
});
