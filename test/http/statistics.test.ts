import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { hashPassword } from '../../src/accounts/password.ts';
import { insertUser } from '../../src/accounts/user.repository.ts';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { DEMO_PASSWORD, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

/** 统计图表 for supervisors (issue 15): their subtree only, charts with tables and links, the workbook. */
describe('supervisor statistics', () => {
  let t: TestContext;
  let xinyuan: Agency;
  let tuanshan: Agency;
  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    xinyuan = (await findAgencyByName(db, '宽城区欣园街道办事处'))!;
    tuanshan = (await findAgencyByName(db, '宽城区团山街道办事处'))!;
    await insertUser(
      db,
      {
        login: 'tuanshan-supervisor',
        displayName: '团山街道主管',
        role: 'supervisor',
        agencyId: tuanshan.id,
        passwordHash: await hashPassword(DEMO_PASSWORD),
      },
      t.clock.now().toISOString(),
    );
  });
  after(async () => t.close());

  it('charts the subtree’s applications of a period, each chart with its numbers and links to the records', async () => {
    const sup = t.agent();
    await sup.login('demo-supervisor');
    const res = await sup.get('/admin/statistics?from=2020-01-01&to=2020-12-31');
    assert.equal(res.statusCode, 200, textOf(res.body).slice(0, 300));
    const html = res.body;
    assert.ok((html.match(/role="img"/g) ?? []).length >= 4, 'charts drawn');
    assert.match(html, /<title id="monthly-title">每月新收和办结的申请<\/title>/);
    const text = textOf(html);
    assert.match(text, /长春市宽城区人民政府及下属机构/);
    assert.match(text, /宽城区欣园街道办事处/);
    assert.match(text, /新收申请 \d+ 件/);
    // 2020: the demo's published report counts 61 processed applications of 欣园街道.
    assert.match(text, /办结 61 件/);
    assert.ok(!html.includes('style="'), 'no inline style (CSP)');
    // One click to the records: the outcome row links to the filtered queue, which lists them.
    const link = /href="(\/admin\/applications\?status=closed&amp;outcome=granted[^"]*)"/.exec(html);
    assert.ok(link, 'outcome link');
    const list = await sup.get(link[1]!.replace(/&amp;/g, '&'));
    assert.equal(list.statusCode, 200);
    assert.match(textOf(list.body), /已按统计图表的条件筛选：.*办理结果：granted/);
    assert.match(textOf(list.body), /共 [1-9]\d* 件/);
  });

  it('sorts the agency table by a column, worst first', async () => {
    const sup = t.agent();
    await sup.login('demo-supervisor');
    const res = await sup.get('/admin/statistics?from=2020-01-01&to=2020-12-31&sort=finished');
    assert.equal(res.statusCode, 200);
    const table = res.body.slice(res.body.indexOf('id="agencies"'));
    const first = /<tbody><tr><th scope="row"><a [^>]*>([^<]+)<\/a>/.exec(table);
    assert.equal(first?.[1], xinyuan.name);
  });

  it('shows another subtree’s supervisor nothing of this agency', async () => {
    const other = t.agent();
    await other.login('tuanshan-supervisor');
    const res = await other.get('/admin/statistics?from=2020-01-01&to=2020-12-31');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /宽城区团山街道办事处/);
    assert.ok(!text.includes('欣园'), 'no sibling agency');
    assert.match(text, /新收申请 0 件/);
    const xlsx = await other.get('/admin/statistics/figures.xlsx?from=2020-01-01&to=2020-12-31');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const names = wb.getWorksheet('按机构')!.getColumn(1).values.slice(2);
    assert.deepEqual(names, [tuanshan.name]);
  });

  it('exports the same figures as a workbook', async () => {
    const sup = t.agent();
    await sup.login('demo-supervisor');
    const res = await sup.get('/admin/statistics/figures.xlsx?from=2020-01-01&to=2020-12-31');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['概况', '月度', '办理结果', '按机构', '复议诉讼', '主动公开'],
    );
    const summary = wb.getWorksheet('概况')!;
    const row = (label: string) => summary.getColumn(1).values.findIndex((v) => v === label);
    assert.equal(summary.getRow(row('办结')).getCell(2).value, 61);
    const months = wb.getWorksheet('月度')!;
    assert.equal(months.rowCount, 1 + 12);
    const byAgency = wb.getWorksheet('按机构')!;
    assert.ok(byAgency.getColumn(1).values.includes(xinyuan.name));
  });

  it('keeps a bad period in the form with a Chinese message', async () => {
    const sup = t.agent();
    await sup.login('demo-supervisor');
    const res = await sup.get('/admin/statistics?from=2020-13-01&to=2020-12-31');
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /请按“年-月-日”填写/);
    assert.match(res.body, /value="2020-13-01"/);
    const reversed = await sup.get('/admin/statistics?from=2021-01-01&to=2020-12-31');
    assert.match(textOf(reversed.body), /起始日期不能晚于截止日期/);
  });

  it('is not public', async () => {
    const res = await t.agent().get('/admin/statistics');
    assert.equal(res.statusCode, 303);
  });
});
