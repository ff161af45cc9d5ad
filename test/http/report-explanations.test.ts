import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

/** "已说明" marks: made by a parent's supervisor, kept across re-checks, exported, audited, removable. */
describe('已说明 marks on report findings', () => {
  let t: TestContext;
  let xinyuan: Agency;
  let kuancheng: Agency;
  let clerk: Agent;
  let sup: Agent;
  const YEAR = 2023;
  let findingId = '';
  const report = () => `/admin/reports/${xinyuan.id}/${YEAR}`;

  before(async () => {
    t = await startTestApp();
    xinyuan = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    kuancheng = (await findAgencyByName(t.database.db, '长春市宽城区人民政府'))!;
    clerk = t.agent();
    await clerk.login('demo-clerk');
    sup = t.agent();
    await sup.login('demo-supervisor');
    // The clerk's narrative contradicts the table: one TEXT error.
    await clerk.get(`${report()}/narrative`);
    const saved = await clerk.post(`${report()}/narrative`, {
      overview: '本年度共收到政府信息公开申请17件。',
      problems: '无。',
      other: '本年度未收取信息处理费。',
    });
    assert.equal(saved.statusCode, 303);
  });
  after(async () => t.close());

  it('offers the mark to the parent’s supervisor only', async () => {
    const page = await sup.get(report());
    assert.equal(page.statusCode, 200);
    const m = /href="\/admin\/reports\/\d+\/2023\/findings\/(TEXT-[0-9a-f]{8})"/.exec(page.body);
    assert.ok(m, 'a 标记为已说明 link per finding');
    findingId = m[1]!;
    assert.match(textOf(page.body), /标记为已说明/);
    const clerkPage = await clerk.get(report());
    assert.doesNotMatch(textOf(clerkPage.body), /标记为已说明/);
    assert.equal((await clerk.get(`${report()}/findings/${findingId}`)).statusCode, 403);
    assert.equal(
      (await clerk.post(`${report()}/findings/${findingId}`, { note: '自己说明自己' })).statusCode,
      403,
    );
    // Not on the supervisor's own agency's report.
    assert.equal(
      (await sup.get(`/admin/reports/${kuancheng.id}/${YEAR}/findings/${findingId}`)).statusCode,
      403,
    );
    assert.equal((await sup.get(`${report()}/findings/R1-00000000`)).statusCode, 404);
  });

  it('requires a reason of at most 500 characters and keeps what was typed', async () => {
    const url = `${report()}/findings/${findingId}`;
    const form = await sup.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /说明不改变检查结果/);
    const empty = await sup.post(url, { note: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>错误：/);
    assert.match(textOf(empty.body), /请填写说明理由/);
    const long = await sup.post(url, { note: `很长${'的'.repeat(500)}` });
    assert.equal(long.statusCode, 400);
    assert.match(textOf(long.body), /说明理由不能超过 500 个字/);
    assert.match(long.body, /很长的的的/);
    assert.equal(
      (await t.database.db.selectFrom('report_explanations').selectAll().execute()).length,
      0,
      'nothing written',
    );
  });

  it('marks the finding; the error still blocks submission, and the page says so', async () => {
    const url = `${report()}/findings/${findingId}`;
    await sup.get(url);
    const ok = await sup.post(url, { note: '“17件”为街道全年受理的咨询件数，已与经办人核实。' });
    assert.equal(ok.statusCode, 303);
    assert.match(String(ok.headers.location), new RegExp(`done=explained#finding-${findingId}$`));
    const page = textOf((await sup.get(String(ok.headers.location))).body);
    assert.match(page, /已标记为已说明/);
    assert.match(page, /其中已说明 1 项/);
    assert.match(page, /说明：“17件”为街道全年受理的咨询件数/);
    assert.match(page, /已说明的错误仍是错误/);
    await clerk.get(report());
    const blocked = await clerk.post(`${report()}/actions/submit`, {});
    assert.equal(blocked.statusCode, 409);
    assert.match(textOf(blocked.body), /报告有错误，不能继续/);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'summary', 'user_login'])
      .where('entity_type', '=', 'report_explanation')
      .execute();
    assert.deepEqual(
      audit.map((a) => `${a.action}:${a.user_login}`),
      ['create:demo-supervisor'],
    );
    assert.match(audit[0]!.summary, /标记为已说明/);
  });

  it('the roll-up lists the agency under 错误均已说明, apart from agencies with errors', async () => {
    const text = textOf((await sup.get(`/admin/reports/${kuancheng.id}/${YEAR}/rollup`)).body);
    assert.match(text, /宽城区欣园街道办事处\s?：\s?尚未发布报告；错误均已说明（1项）/);
    assert.doesNotMatch(text, /错误均已说明的机构/);
    // Once published (an earlier version, seeded directly), it is listed apart from the problems.
    const doc = (await sup.get(`${report()}/files/json`)).body;
    await t.database.db
      .updateTable('annual_reports')
      .set({ published_json: doc, published_at: '2024-01-20T02:00:00.000Z' })
      .where('agency_id', '=', xinyuan.id)
      .where('year', '=', YEAR)
      .execute();
    const published = textOf((await sup.get(`/admin/reports/${kuancheng.id}/${YEAR}/rollup`)).body);
    assert.match(published, /错误均已说明的机构.*宽城区欣园街道办事处\s?：\s?错误均已说明（1项）/);
    assert.doesNotMatch(published, /宽城区欣园街道办事处\s?：\s?尚未发布报告/);
    await t.database.db
      .updateTable('annual_reports')
      .set({ published_json: null, published_at: null })
      .where('agency_id', '=', xinyuan.id)
      .where('year', '=', YEAR)
      .execute();
    assert.doesNotMatch(text, /宽城区欣园街道办事处\s?：[^。]*有错误\d+项/);
  });

  it('exports the marks as JSON for gongkai check --explained', async () => {
    const res = await sup.get(`${report()}/explanations`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /application\/json/);
    assert.match(String(res.headers['content-disposition']), /attachment/);
    assert.deepEqual(JSON.parse(res.body), {
      [findingId]: '“17件”为街道全年受理的咨询件数，已与经办人核实。',
    });
  });

  it('keeps the mark on the same finding when the figures change, and shows it 已失效 when the finding is gone', async () => {
    await clerk.get(`${report()}/narrative`);
    await clerk.post(`${report()}/narrative`, {
      overview: '本年度共收到政府信息公开申请18件。',
      problems: '无。',
      other: '本年度未收取信息处理费。',
    });
    const still = await sup.get(report());
    assert.match(still.body, new RegExp(`id="finding-${findingId}"`));
    assert.match(textOf(still.body), /其中已说明 1 项/);
    await clerk.post(`${report()}/narrative`, {
      overview: '本年度共收到政府信息公开申请{新收申请总数}件。',
      problems: '无。',
      other: '本年度未收取信息处理费。',
    });
    const gone = textOf((await sup.get(report())).body);
    assert.match(gone, /已失效的说明/);
    assert.match(gone, new RegExp(`已失效 问题 ${findingId}：“17件”为街道全年受理的咨询件数`));
    assert.equal(
      (await t.database.db.selectFrom('report_explanations').selectAll().execute()).length,
      1,
      'kept, not deleted',
    );
    // A stale mark cannot be re-made, only removed.
    await sup.get(`${report()}/findings/${findingId}`);
    assert.equal((await sup.post(`${report()}/findings/${findingId}`, { note: '再说明' })).statusCode, 409);
  });

  it('removes a mark, with its audit entry', async () => {
    await sup.get(report());
    const res = await sup.post(`${report()}/findings/${findingId}/remove`, {});
    assert.equal(res.statusCode, 303);
    assert.equal((await t.database.db.selectFrom('report_explanations').selectAll().execute()).length, 0);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'before_json'])
      .where('entity_type', '=', 'report_explanation')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['create', 'delete'],
    );
    assert.match(String(audit[1]!.before_json), /17件/);
    assert.equal((await sup.post(`${report()}/findings/${findingId}/remove`, {})).statusCode, 404);
  });
});
