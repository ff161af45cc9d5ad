import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyTables, freezeTables, type MutableReportTables } from '../format/tables.ts';
import type { ApplicationRowKey } from '../format/types.ts';
import { runRules } from './index.ts';

/** Narrative figures tied to their rows by the words around them (issue 13, item 3). */

/** A 2021 table: 4 new applications from 自然人; 2 not processed (信访), 2 其他处理; none 无法提供. */
function table(): MutableReportTables {
  const t = emptyTables('2021');
  for (const k of Object.keys(t.applications) as ApplicationRowKey[])
    t.applications[k] = [0, 0, 0, 0, 0, 0, 0];
  t.applications.newReceived = [4, 0, 0, 0, 0, 0, 4];
  t.applications['notProcessed.petition'] = [2, 0, 0, 0, 0, 0, 2];
  t.applications['other.misc'] = [2, 0, 0, 0, 0, 0, 2];
  t.applications.totalProcessed = [4, 0, 0, 0, 0, 0, 4];
  t.review = Array(15).fill(0);
  for (const k of Object.keys(t.proactive)) t.proactive[k] = 0;
  return t;
}

const text = (t: MutableReportTables, narrative: string) =>
  runRules({ format: '2021', year: 2023, tables: freezeTables(structuredClone(t)), narrative }).filter(
    (f) => f.rule === 'TEXT',
  );
const brief = (fs: ReturnType<typeof text>) => fs.map((f) => [f.row, f.severity, f.actual, f.expected]);

describe('narrative: each figure tied to its row by the words around it', () => {
  it('shape “因无法提供相关信息答复2件，其他处理2件”: not 三（七）总计; 无法提供 2 vs 0 in the table is found', () => {
    const f = text(table(), '本年共收到申请4件，因无法提供相关信息答复2件，其他处理2件。');
    assert.deepEqual(brief(f), [['unable', 'error', 2, 0]]);
    assert.match(f[0]!.message, /无法提供相关信息答复2件/);
  });

  it('shape “本机关不掌握相关政府信息3件”: tied to its own row of （四）', () => {
    const t = table();
    t.applications['unable.notHeld'] = [1, 0, 0, 0, 0, 0, 1];
    t.applications['other.misc'] = [1, 0, 0, 0, 0, 0, 1];
    const f = text(t, '无法提供1件，其中本机关不掌握相关政府信息3件。');
    assert.deepEqual(brief(f), [['unable.notHeld', 'error', 3, 1]]);
  });

  it('shape “全市共收到申请500件，其中本机关收到20件”: the 全市 figure is not compared, the body’s is', () => {
    assert.deepEqual(brief(text(table(), '全市共收到申请500件，其中本机关收到20件。')), [
      ['newReceived', 'error', 20, 4],
    ]);
    assert.deepEqual(brief(text(table(), '全市共收到申请500件，其中本机关收到4件。')), []);
  });

  it('shape “共收到申请6件（含上年结转2件）”: compared with 一 + 二', () => {
    const t = table();
    t.applications.carriedOver = [2, 0, 0, 0, 0, 0, 2];
    t.applications.totalProcessed = [6, 0, 0, 0, 0, 0, 6];
    t.applications.granted = [2, 0, 0, 0, 0, 0, 2];
    assert.deepEqual(brief(text(t, '共收到申请6件（含上年结转2件）。')), []);
    assert.deepEqual(brief(text(t, '共收到申请4件（含上年结转2件）。')), [
      ['newPlusCarriedOver', 'error', 4, 6],
    ]);
  });

  it('every contradiction is found once, however often the text repeats it', () => {
    const f = text(table(), '无法提供2件。……全年无法提供2件。');
    assert.equal(f.length, 1);
  });

  it('a figure far from its row’s name is an unsure tie: a warning, not an error', () => {
    const f = text(table(), '无法提供的主要是涉及历史档案的共2件。');
    assert.deepEqual(brief(f), [['unable', 'warning', 2, 0]]);
    assert.match(f[0]!.message, /不一定指这一项/);
  });

  it('shape “申请人逾期不补正2件”: tied to （六）1 (2021 format); “不属于本机关…3件” is an unsure tie to 本机关不掌握', () => {
    const t = table();
    t.applications['other.misc'] = [0, 0, 0, 0, 0, 0, 0];
    t.applications['other.overdueCorrection'] = [2, 0, 0, 0, 0, 0, 2];
    assert.deepEqual(brief(text(t, '申请人逾期不补正2件。')), []);
    assert.deepEqual(brief(text(t, '申请人逾期不补正1件。')), [['other.overdueCorrection', 'error', 1, 2]]);
    assert.deepEqual(brief(text(t, '不属于本机关公开职责的3件。')), [['unable.notHeld', 'warning', 3, 0]]);
  });

  it('figures that agree with the table give nothing', () => {
    assert.deepEqual(text(table(), '本年共收到申请4件，不予处理2件，其他处理2件，办结4件。'), []);
  });
});
