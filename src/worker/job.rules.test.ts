import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueRun, isTimeOfDay, jobBackoffMs, retryAt } from './job.rules.ts';

const TZ = 'Asia/Shanghai';

describe('worker schedule', () => {
  it('a daily job is due from its local time on, once per local day', () => {
    // 2026-11-25 07:59 in Beijing = 23:59 UTC the day before.
    assert.equal(
      dueRun('remind', { kind: 'daily', at: '08:00' }, new Date('2026-11-24T23:59:00Z'), TZ),
      null,
    );
    assert.deepEqual(dueRun('remind', { kind: 'daily', at: '08:00' }, new Date('2026-11-25T00:00:00Z'), TZ), {
      runKey: 'remind:2026-11-25',
      runAt: '2026-11-25T00:00:00.000Z',
    });
    // Late in the local day (after 16:00 UTC it is already the next day in Beijing).
    assert.equal(
      dueRun('remind', { kind: 'daily', at: '08:00' }, new Date('2026-11-25T15:59:00Z'), TZ)?.runKey,
      'remind:2026-11-25',
    );
    assert.equal(
      dueRun('remind', { kind: 'daily', at: '08:00' }, new Date('2026-11-25T16:00:00Z'), TZ),
      null,
    );
    assert.equal(
      dueRun('backup', { kind: 'daily', at: '00:00' }, new Date('2026-11-25T16:00:00Z'), TZ)?.runKey,
      'backup:2026-11-26',
    );
  });

  it('an hourly job has one run per local hour', () => {
    assert.deepEqual(dueRun('purge-uploads', { kind: 'hourly' }, new Date('2026-11-25T02:37:10Z'), TZ), {
      runKey: 'purge-uploads:2026-11-25T10',
      runAt: '2026-11-25T02:00:00.000Z',
    });
    assert.equal(
      dueRun('purge-uploads', { kind: 'hourly' }, new Date('2026-11-25T16:05:00Z'), TZ)?.runKey,
      'purge-uploads:2026-11-26T00',
    );
  });

  it('times of day are checked', () => {
    assert.ok(isTimeOfDay('02:30'));
    assert.ok(!isTimeOfDay('24:00'));
    assert.ok(!isTimeOfDay('2:30'));
    assert.throws(() => dueRun('x', { kind: 'daily', at: '25:00' }, new Date(), TZ));
  });

  it('failed runs back off exponentially up to an hour, then give up', () => {
    assert.deepEqual([1, 2, 3, 4].map(jobBackoffMs), [30_000, 60_000, 120_000, 240_000]);
    assert.equal(jobBackoffMs(30), 3_600_000);
    const now = new Date('2026-11-25T02:00:00Z');
    assert.equal(retryAt(1, 5, now), '2026-11-25T02:00:30.000Z');
    assert.equal(retryAt(5, 5, now), null);
  });
});
