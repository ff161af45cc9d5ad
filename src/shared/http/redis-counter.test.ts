import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeCommand, parseRedisUrl, parseReply } from './redis-counter.ts';

describe('the minimal Redis client of the rate limits', () => {
  it('encodes commands as RESP arrays of bulk strings, lengths in bytes', () => {
    assert.equal(encodeCommand(['INCR', '键']), '*2\r\n$4\r\nINCR\r\n$3\r\n键\r\n');
    assert.equal(encodeCommand(['PEXPIRE', 'k', 60000]), '*3\r\n$7\r\nPEXPIRE\r\n$1\r\nk\r\n$5\r\n60000\r\n');
  });

  it('parses every reply type, and says when a reply is incomplete', () => {
    assert.deepEqual(parseReply('+OK\r\n'), { value: 'OK', next: 5 });
    assert.deepEqual(parseReply(':42\r\n'), { value: 42, next: 5 });
    assert.deepEqual(parseReply('$-1\r\n'), { value: null, next: 5 });
    assert.deepEqual(parseReply('$3\r\nabc\r\n'), { value: 'abc', next: 9 });
    assert.deepEqual(parseReply('*2\r\n:3\r\n:59000\r\n'), { value: [3, 59000], next: 16 });
    const err = parseReply('-NOAUTH Authentication required.\r\n');
    assert.ok(err?.value instanceof Error);
    assert.match((err.value as Error).message, /NOAUTH/);
    assert.equal(parseReply('*2\r\n:3\r\n'), null);
    assert.equal(parseReply('$3\r\nab'), null);
    assert.equal(parseReply(':4'), null);
    // Two replies in one chunk: the first, and where the second starts.
    assert.deepEqual(parseReply(':1\r\n:2\r\n'), { value: 1, next: 4 });
    assert.deepEqual(parseReply(':1\r\n:2\r\n', 4), { value: 2, next: 8 });
  });

  it('reads REDIS_URL and explains a bad one', () => {
    assert.deepEqual(parseRedisUrl('redis://127.0.0.1:6379/2'), {
      host: '127.0.0.1',
      port: 6379,
      username: null,
      password: null,
      db: 2,
    });
    assert.deepEqual(parseRedisUrl('redis://:p%40ss@cache.internal'), {
      host: 'cache.internal',
      port: 6379,
      username: null,
      password: 'p@ss',
      db: 0,
    });
    assert.match(String(parseRedisUrl('http://x')), /只支持 redis:/);
    assert.match(String(parseRedisUrl('redis://h/x')), /库号/);
    assert.match(String(parseRedisUrl('not a url')), /应为 redis:/);
  });
});
