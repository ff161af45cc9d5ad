import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestIdOf } from './request-id.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it("takes a trusted proxy's id", () => {
    assert.equal(requestIdOf({ 'x-request-id': 'f3a9c2d17b6e4a58' }, true), 'f3a9c2d17b6e4a58');
  });
  it('makes a new one without a trusted proxy, or for an unsafe or missing id', () => {
    assert.match(requestIdOf({ 'x-request-id': 'f3a9c2d17b6e4a58' }, false), UUID);
    assert.match(requestIdOf({ 'x-request-id': 'abc\n{"level":60}' }, true), UUID);
    assert.match(requestIdOf({ 'x-request-id': 'short' }, true), UUID);
    assert.match(requestIdOf({ 'x-request-id': ['a'.repeat(16), 'b'.repeat(16)] }, true), UUID);
    assert.match(requestIdOf({}, true), UUID);
    assert.notEqual(requestIdOf({}, false), requestIdOf({}, false));
  });
});
