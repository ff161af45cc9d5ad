import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byteRange, noneMatch, strongEtag } from './stored-bytes.ts';

describe('stored bytes: tags and ranges', () => {
  it('matches If-None-Match against the strong tag (weak comparison, lists, *)', () => {
    const tag = strongEtag('abc');
    assert.equal(tag, '"abc"');
    assert.equal(noneMatch(undefined, tag), false);
    assert.equal(noneMatch('"abc"', tag), true);
    assert.equal(noneMatch('W/"abc"', tag), true);
    assert.equal(noneMatch('"x", "abc"', tag), true);
    assert.equal(noneMatch('*', tag), true);
    assert.equal(noneMatch('"abcd"', tag), false);
  });

  it('reads one bytes= range: first-last, open end, suffix; past the end or malformed is invalid', () => {
    assert.equal(byteRange(undefined, 100), null);
    assert.deepEqual(byteRange('bytes=0-9', 100), { start: 0, end: 9 });
    assert.deepEqual(byteRange('bytes=90-', 100), { start: 90, end: 99 });
    assert.deepEqual(byteRange('bytes=-10', 100), { start: 90, end: 99 });
    assert.deepEqual(byteRange('bytes=-500', 100), { start: 0, end: 99 });
    assert.deepEqual(byteRange('bytes=50-500', 100), { start: 50, end: 99 });
    for (const bad of ['bytes=100-', 'bytes=9-3', 'bytes=-0', 'bytes=-', 'items=0-1', 'bytes=0-1,5-6'])
      assert.equal(byteRange(bad, 100), 'invalid', bad);
  });
});
