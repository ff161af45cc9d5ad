import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { agencyFormSchema, reviewBodyFor } from '../agencies/agency.rules.ts';
import { addCalendarDays, isIsoDate } from '../calendar/dates.ts';
import { formatDate, formatDateTime, localDate, startOfLocalDay, todayIn } from './clock.ts';
import { parseForm } from './http/forms.ts';
import { definePath, paths } from './paths.ts';

describe('typed paths', () => {
  it('builds URLs from patterns, encoding parameters and dropping empty query values', () => {
    assert.equal(paths.portal.agency({ agencyId: 12 }), '/agencies/12');
    assert.equal(
      paths.admin.login(undefined, { next: '/admin/x', out: '' }),
      '/admin/login?next=%2Fadmin%2Fx',
    );
    const p = definePath('/a/:x/b/:y');
    assert.equal(p({ x: '中 文', y: 2 }), '/a/%E4%B8%AD%20%E6%96%87/b/2');
    assert.equal(p.pattern, '/a/:x/b/:y');
  });
});

describe('forms', () => {
  const schema = z.object({ a: z.string().min(1, '请填写 A'), b: z.string().regex(/^\d+$/, 'B 应为数字') });
  it('returns the first message per field in form order, and keeps what was typed', () => {
    const r = parseForm(schema, { b: 'x', a: '', extra: 'kept' }, ['a', 'b']);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(Object.entries(r.errors), [
      ['a', '请填写 A'],
      ['b', 'B 应为数字'],
    ]);
    assert.equal(r.values.b, 'x');
  });
  it('treats missing fields as empty strings and ignores non-string values', () => {
    const r = parseForm(schema, { a: 'ok', b: { evil: true } }, ['a', 'b']);
    assert.equal(r.ok, false);
  });
});

describe('dates', () => {
  it('uses the configured time zone for calendar dates', () => {
    assert.equal(localDate(new Date('2026-11-24T17:30:00Z'), 'Asia/Shanghai'), '2026-11-25');
    assert.equal(startOfLocalDay('2026-11-25', 'Asia/Shanghai').toISOString(), '2026-11-24T16:00:00.000Z');
    assert.equal(addCalendarDays('2026-12-31', 1), '2027-01-01');
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2026-02-29'));
    assert.equal(formatDate('2026-01-05'), '2026年1月5日');
    assert.equal(formatDate('2026-01-05T08:00:00.000Z'), '2026年1月5日');
    assert.equal(formatDate(null), '—');
    assert.equal(formatDateTime('2026-11-24T17:05:00Z', 'Asia/Shanghai'), '2026年11月25日 01:05');
    assert.equal(formatDateTime(null, 'Asia/Shanghai'), '—');
    assert.equal(startOfLocalDay('2026-07-01', 'Europe/London').toISOString(), '2026-06-30T23:00:00.000Z');
    assert.equal(todayIn({ now: () => new Date('2026-11-24T16:00:00Z') }, 'Asia/Shanghai')(), '2026-11-25');
  });
});

describe('agency rules', () => {
  it('names the review body per 行政复议法 Art. 24', () => {
    const gov = (name: string) => ({ name, kind: 'government' as const });
    assert.equal(
      reviewBodyFor({ name: '欣园街道', kind: 'dispatched' }, [
        gov('吉林省'),
        gov('长春市'),
        gov('宽城区人民政府'),
      ]),
      '宽城区人民政府',
    );
    assert.equal(
      reviewBodyFor({ name: '宽城区人民政府', kind: 'government' }, [gov('吉林省'), gov('长春市人民政府')]),
      '长春市人民政府',
    );
    assert.equal(reviewBodyFor({ name: '吉林省人民政府', kind: 'government' }, []), '吉林省人民政府');
  });

  it('normalises codes and requires one of the two', () => {
    const base = {
      name: '某机构',
      shortName: '',
      parentId: '',
      level: 'county',
      kind: 'department',
      officeName: '',
      officeAddress: '',
      officeHours: '',
      officePhone: '',
      officeFax: '',
      officeEmail: '',
      officePostcode: '',
      website: '',
      sortOrder: '',
    };
    const none = agencyFormSchema.safeParse({ ...base, creditCode: '', orgCode: '' });
    assert.equal(none.success, false);
    const ok = agencyFormSchema.safeParse({ ...base, creditCode: '', orgCode: '００００１４３４－９' });
    assert.ok(ok.success);
    if (ok.success) assert.equal(ok.data.orgCode, '000014349');
  });
});
