import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  annotateFindings,
  EXPLANATION_NOTE_MAX,
  type Explanation,
  explanationsExport,
  isFindingId,
  mayExplain,
  parseExplanationNote,
  parseExplanationsJson,
  unexplainedErrors,
} from './explanation.rules.ts';
import { type Finding, finding } from './rules/findings.ts';

const f = (rule: Finding['rule'], severity: Finding['severity'], row: string): Finding =>
  finding({
    rule,
    severity,
    table: 'applications',
    row,
    column: 'total',
    expected: 1,
    actual: 0,
    message: 'x',
  });

const mark = (findingId: string, note = '理由'): Explanation => ({
  id: 1,
  agencyId: 5,
  year: 2020,
  findingId,
  note,
  createdBy: 3,
  createdByName: '主管',
  createdAt: '2026-11-25T02:00:00.000Z',
});

describe('已说明 marks', () => {
  it('requires a reason of at most 500 characters, and keeps line breaks', () => {
    assert.deepEqual(parseExplanationNote('  '), { ok: false, error: '请填写说明理由' });
    assert.deepEqual(parseExplanationNote(undefined), { ok: false, error: '请填写说明理由' });
    assert.deepEqual(parseExplanationNote('甲'.repeat(EXPLANATION_NOTE_MAX)), {
      ok: true,
      note: '甲'.repeat(EXPLANATION_NOTE_MAX),
    });
    const long = parseExplanationNote('甲'.repeat(EXPLANATION_NOTE_MAX + 1));
    assert.equal(long.ok, false);
    assert.match(long.ok ? '' : long.error, /不能超过 500 个字/);
    assert.deepEqual(parseExplanationNote('第一行\r\n第二行 '), { ok: true, note: '第一行\n第二行' });
  });

  it('lets an administrator, or a supervisor of a parent agency, mark findings — not the agency itself', () => {
    const sup = {
      role: 'supervisor' as const,
      scope: { kind: 'subtree' as const, agencyId: 3, path: '/1/2/3/' },
    };
    assert.equal(mayExplain(sup, '/1/2/3/7/'), true);
    assert.equal(mayExplain(sup, '/1/2/3/'), false, 'its own report');
    assert.equal(mayExplain(sup, '/1/2/'), false, 'above it');
    assert.equal(mayExplain(sup, '/1/2/30/'), false, 'a sibling whose path shares a prefix string');
    assert.equal(mayExplain({ role: 'admin', scope: { kind: 'all' } }, '/1/'), true);
    const clerk = {
      role: 'clerk' as const,
      scope: { kind: 'agency' as const, agencyId: 7, path: '/1/2/3/7/' },
    };
    assert.equal(mayExplain(clerk, '/1/2/3/7/'), false);
    const reviewer = {
      role: 'reviewer' as const,
      scope: { kind: 'agency' as const, agencyId: 7, path: '/1/2/3/7/' },
    };
    assert.equal(mayExplain(reviewer, '/1/2/3/7/'), false);
  });

  it('keeps a mark on the same finding after re-checking, and lists a mark whose finding is gone as stale', () => {
    const before = [f('R3', 'error', 'totalProcessed'), f('LAYOUT', 'warning', 'other')];
    const marks = [mark(before[0]!.id), mark(before[1]!.id)];
    // The figures change: the R3 finding of the same cell has a new expected value but the same id.
    const after = [finding({ ...before[0]!, expected: 70, actual: 3 }), f('R2', 'error', 'granted')];
    assert.equal(after[0]!.id, before[0]!.id);
    const a = annotateFindings(after, marks);
    assert.deepEqual([...a.explained.keys()], [before[0]!.id]);
    assert.deepEqual(
      a.stale.map((m) => m.findingId),
      [before[1]!.id],
    );
    assert.deepEqual(
      unexplainedErrors(after, a.explained).map((x) => x.rule),
      ['R2'],
    );
  });

  it('exports marks as finding id → note, and reads such a file back (or says what is wrong)', () => {
    const json = explanationsExport([mark('R3-c3f7dac5', '乙'), mark('R1-00000001', '甲')]);
    assert.deepEqual(Object.keys(json), ['R1-00000001', 'R3-c3f7dac5']);
    const back = parseExplanationsJson(`\ufeff${JSON.stringify(json)}`);
    assert.ok(typeof back !== 'string');
    assert.equal(back.get('R3-c3f7dac5'), '乙');
    assert.match(parseExplanationsJson('{') as string, /不是有效的 JSON/);
    assert.match(parseExplanationsJson('[]') as string, /应为一个 JSON 对象/);
    assert.match(parseExplanationsJson('{"abc": "x"}') as string, /不是问题编号/);
    assert.match(parseExplanationsJson('{"R1-00000001": 3}') as string, /应为非空文字/);
    assert.equal(isFindingId('READ_UNREADABLE-0a1b2c3d'), true);
    assert.equal(isFindingId('r1-0a1b2c3d'), false);
  });
});
