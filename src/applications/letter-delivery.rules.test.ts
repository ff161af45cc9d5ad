import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applicationOfProof,
  deliverySummary,
  LOOKUP_PROOF_MINUTES,
  lookupProofValue,
  parseDelivery,
  parseDeliveryRecord,
} from './letter-delivery.rules.ts';

const ctx = { today: '2026-11-25', sentOn: '2026-11-24', hasEmail: true };

describe('the delivery of a sent letter', () => {
  it('takes online and e-mail without further fields, refusing e-mail when the applicant gave no address', () => {
    assert.deepEqual(parseDelivery({ delivery: 'online', carrier: 'x', trackingNumber: 'y' }, ctx), {
      ok: true,
      data: { method: 'online', carrier: null, trackingNumber: null, collectedOn: null },
    });
    assert.equal(parseDelivery({ delivery: 'email' }, ctx).ok, true);
    const r = parseDelivery({ delivery: 'email' }, { ...ctx, hasEmail: false });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? (r.errors.delivery ?? '') : '', /没有留下电子邮箱/);
    const none = parseDelivery({ delivery: '' }, ctx);
    assert.match(!none.ok ? (none.errors.delivery ?? '') : '', /请选择送达方式/);
    assert.equal(parseDelivery({ delivery: 'pigeon' }, ctx).ok, false);
  });

  it('requires the carrier and a well-formed tracking number for post, normalised', () => {
    assert.deepEqual(
      parseDelivery({ delivery: 'post', carrier: ' 中国邮政 EMS ', trackingNumber: 'e1 2345 6789 cn' }, ctx),
      {
        ok: true,
        data: { method: 'post', carrier: '中国邮政 EMS', trackingNumber: 'E123456789CN', collectedOn: null },
      },
    );
    const r = parseDelivery({ delivery: 'post', carrier: '', trackingNumber: '12#45' }, ctx);
    assert.deepEqual(!r.ok && Object.keys(r.errors), ['carrier', 'trackingNumber']);
    assert.match(!r.ok ? (r.errors.trackingNumber ?? '') : '', /6 至 40 位/);
  });

  it('takes pick-up with or without the day collected, which lies between sending and today', () => {
    assert.equal(parseDelivery({ delivery: 'pickup', collectedOn: '' }, ctx).ok, true);
    const r = parseDelivery({ delivery: 'pickup', collectedOn: '2026年11月25日' }, ctx);
    assert.equal(r.ok && r.data.collectedOn, '2026-11-25');
    for (const bad of ['2026-11-23', '2026-11-26', '2026-02-30', '明天'])
      assert.equal(parseDelivery({ delivery: 'pickup', collectedOn: bad }, ctx).ok, false, bad);
  });

  it('records later: the tracking number of a posted letter, the day a held one was collected', () => {
    assert.equal(
      parseDeliveryRecord({ carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { method: 'post' }, ctx)
        .ok,
      true,
    );
    const missing = parseDeliveryRecord({ collectedOn: '' }, { method: 'pickup' }, ctx);
    assert.match(!missing.ok ? (missing.errors.collectedOn ?? '') : '', /请填写申请人领取文书的日期/);
    const ok = parseDeliveryRecord({ collectedOn: '2026-11-25' }, { method: 'pickup' }, ctx);
    assert.equal(ok.ok && ok.data.collectedOn, '2026-11-25');
    assert.equal(parseDeliveryRecord({}, { method: 'online' }, ctx).ok, false);
  });

  it('summarises the delivery in one Chinese line', () => {
    const base = { carrier: null, trackingNumber: null, collectedOn: null };
    assert.equal(deliverySummary({ ...base, method: 'online' }), '在线查看');
    assert.equal(
      deliverySummary({ ...base, method: 'post', carrier: '中国邮政 EMS', trackingNumber: 'E1' }),
      '邮寄：中国邮政 EMS，快递单号 E1',
    );
    assert.equal(deliverySummary({ ...base, method: 'pickup' }), '自行领取：待领取');
    assert.equal(
      deliverySummary({ ...base, method: 'pickup', collectedOn: '2026-12-01' }),
      '自行领取：已于2026年12月1日领取',
    );
  });
});

describe('the lookup proof', () => {
  const now = Date.UTC(2026, 10, 25, 2);
  it('opens its application for the minutes it lasts, not before nor after', () => {
    assert.equal(applicationOfProof(lookupProofValue(42, now), now), 42);
    assert.equal(applicationOfProof(lookupProofValue(42, now), now + LOOKUP_PROOF_MINUTES * 60_000), 42);
    assert.equal(
      applicationOfProof(lookupProofValue(42, now), now + LOOKUP_PROOF_MINUTES * 60_000 + 1),
      null,
    );
    assert.equal(applicationOfProof(lookupProofValue(42, now + 3_600_000), now), null);
  });
  it('refuses what is not a proof', () => {
    for (const v of [null, '', '42', 'forged', '42.x', '-1.5', '1.2.3'])
      assert.equal(applicationOfProof(v, now), null);
  });
});
