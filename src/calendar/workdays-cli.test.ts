import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCalendar } from './calendar.ts';
import { SEED_HOLIDAY_YEARS } from './holidays-data.ts';
import { EXIT_OK, EXIT_USAGE, runWorkdaysCommand } from './workdays-cli.ts';

const cal = buildCalendar(SEED_HOLIDAY_YEARS);

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runWorkdaysCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) }, cal);
  return { code, out, err };
}

describe('gongkai workdays add', () => {
  it('prints the date on one line', () => {
    assert.deepEqual(run('add', '2025-09-26', '15'), { code: EXIT_OK, out: '2025-10-23\n', err: '' });
    assert.deepEqual(run('add', '2024-02-05', '7'), { code: EXIT_OK, out: '2024-02-20\n', err: '' });
    assert.deepEqual(run('add', '2024-02-05', '0'), { code: EXIT_OK, out: '2024-02-05\n', err: '' });
  });
  it('tolerates a leading "workdays"', () => {
    assert.equal(run('workdays', 'add', '2026-02-13', '20').out, '2026-03-19\n');
  });
  it('notes a provisional result on stderr', () => {
    const r = run('add', '2026-12-18', '20');
    assert.equal(r.code, EXIT_OK);
    assert.equal(r.out, '2027-01-18\n'); // 2027-01-01 (元旦) is not counted
    assert.equal(
      r.err,
      '注意：结果为暂定。2027年节假日安排尚未录入，已按法定节假日计算，调休以国务院办公厅通知为准。\n',
    );
  });
  it('gongkai workdays add 2026-12-20 20: skips 元旦 2027 and says 暂定 and why', () => {
    assert.deepEqual(run('add', '2026-12-20', '20'), {
      code: EXIT_OK,
      out: '2027-01-18\n',
      err: '注意：结果为暂定。2027年节假日安排尚未录入，已按法定节假日计算，调休以国务院办公厅通知为准。\n',
    });
  });
  it('says when a year is beyond the computed span and only Monday–Friday was used', () => {
    const r = run('add', '2150-12-30', '2');
    assert.equal(r.out, '2151-01-01\n');
    assert.equal(
      r.err,
      '注意：结果为暂定。2150年、2151年节假日安排尚未录入，且不在法定节假日推算范围（2008年至2100年）内，按周一至周五为工作日计算，以国务院办公厅通知为准。\n',
    );
  });
  it('rejects bad dates and counts with exit code 2', () => {
    const bad = run('add', '2025-02-29', '20');
    assert.equal(bad.code, EXIT_USAGE);
    assert.equal(bad.out, '');
    assert.match(bad.err, /^日期“2025-02-29”无效，请使用YYYY-MM-DD格式的真实日期，例如 2025-09-26。\n用法：/);
    for (const n of ['-1', '1.5', 'abc', '10001', '']) {
      const r = run('add', '2025-09-26', n);
      assert.equal(r.code, EXIT_USAGE, n);
      assert.match(r.err, new RegExp(`^工作日数“${n}”无效，应为0至10000之间的整数。`));
    }
    assert.match(run('add', '2025-09-26').err, /^workdays add 需要两个参数：日期和工作日数。/);
  });
});

describe('gongkai workdays is / between / usage', () => {
  it('prints 工作日 or 休息日 and the reason', () => {
    assert.deepEqual(run('is', '2025-09-28'), {
      code: EXIT_OK,
      out: '工作日\n2025年9月28日（星期日）是工作日（调休上班日），依据《国务院办公厅关于2025年部分节假日安排的通知》。\n',
      err: '',
    });
    const off = run('is', '2026-02-23');
    assert.equal(off.out.split('\n')[0], '休息日');
    assert.match(off.out, /春节放假/);
  });
  it('counts working days between two dates', () => {
    assert.deepEqual(run('between', '2025-09-26', '2025-10-23'), { code: EXIT_OK, out: '15\n', err: '' });
    assert.match(
      run('between', '2026-12-01', '2027-01-31').err,
      /2027年节假日安排尚未录入，已按法定节假日计算/,
    );
  });
  it('reports unknown and missing sub-commands', () => {
    assert.equal(run().code, EXIT_USAGE);
    assert.match(run().err, /^缺少子命令。\n用法：/);
    assert.match(run('plus', '1').err, /^未知的子命令“plus”。/);
    assert.equal(run('is').code, EXIT_USAGE);
    assert.equal(run('help').code, EXIT_OK);
    assert.match(run('help').out, /^用法：/);
  });
});
