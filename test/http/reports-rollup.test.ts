import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { type Agent, startTestApp, type TestContext } from '../support/test-app.ts';

/**
 * The roll-up's 第二十条（一） figures are its agencies' own: for each agency in the subtree the same
 * catalogue count its own report uses, so the parent's table = the sum of the agencies' own reports.
 */
describe('roll-up: Article 20 (一) figures from each agency’s catalogue', () => {
  let t: TestContext;
  let sup: Agent;
  let kuancheng: Agency;
  let tuanshan: Agency;
  const YEAR = 2025;
  const KEYS = ['normativeDocs.made', 'normativeDocs.repealed', 'normativeDocs.valid'];

  before(async () => {
    t = await startTestApp();
    kuancheng = (await findAgencyByName(t.database.db, '长春市宽城区人民政府'))!;
    tuanshan = (await findAgencyByName(t.database.db, '宽城区团山街道办事处'))!;
    sup = t.agent();
    await sup.login('demo-supervisor');
  });
  after(async () => t.close());

  /** 行政规范性文件: 本年制发 / 本年废止 / 现行有效 as printed in the roll-up's 汇总表格. */
  async function rollupRow(): Promise<number[]> {
    const res = await sup.get(`/admin/reports/${kuancheng.id}/${YEAR}/rollup`);
    assert.equal(res.statusCode, 200);
    const m =
      /<th scope="row">行政规范性文件<\/th><td colspan="1">(\d*)<\/td><td colspan="1">(\d*)<\/td><td colspan="1">(\d*)<\/td>/.exec(
        res.body,
      );
    assert.ok(m, 'the roll-up prints the 第二十条（一） table');
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  }

  /** The same figures summed over the own reports of every agency of the subtree. */
  async function sumOfOwnReports(): Promise<number[]> {
    const subtree = await t.database.db
      .selectFrom('agencies')
      .select('id')
      .where('path', 'like', `${kuancheng.path}%`)
      .execute();
    const sum = [0, 0, 0];
    for (const a of subtree) {
      const res = await sup.get(`/admin/reports/${a.id}/${YEAR}/files/json`);
      assert.equal(res.statusCode, 200);
      const proactive = JSON.parse(res.body).tables.proactive as Record<string, number | null>;
      KEYS.forEach((k, i) => {
        sum[i] = (sum[i] ?? 0) + (proactive[k] ?? 0);
      });
    }
    return sum;
  }

  it('equals the sum of the agencies’ own reports on the demo data', async () => {
    const row = await rollupRow();
    assert.deepEqual(row, await sumOfOwnReports());
    assert.ok(row[0]! > 0, 'the demo catalogue has a normative document made in 2025');
  });

  it('changes when a sub-agency publishes a normative document in its catalogue', async () => {
    const before = await rollupRow();
    const source = await t.database.db
      .selectFrom('catalogue_items')
      .selectAll()
      .where('doc_type', '=', 'normative')
      .where('status', '=', 'published')
      .where('written_on', '>=', `${YEAR}-01-01`)
      .where('written_on', '<=', `${YEAR}-12-31`)
      .executeTakeFirstOrThrow();
    const { id: _id, ...copy } = source;
    await t.database.db
      .insertInto('catalogue_items')
      .values({
        ...copy,
        agency_id: tuanshan.id,
        index_no: null,
        title: '团山街道关于规范居民议事的若干规定',
        validity: 'valid',
        validity_on: null,
      })
      .execute();
    const own = JSON.parse((await sup.get(`/admin/reports/${tuanshan.id}/${YEAR}/files/json`)).body);
    assert.equal(own.tables.proactive['normativeDocs.made'], 1);
    const afterRow = await rollupRow();
    assert.deepEqual(afterRow, [before[0]! + 1, before[1]!, before[2]! + 1]);
    assert.deepEqual(afterRow, await sumOfOwnReports());
  });
});
