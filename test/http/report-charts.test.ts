import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { defaultNarrative } from '../../src/reports/report.model.ts';
import { reportPaths } from '../../src/reports/report.paths.ts';
import { findAnnualReport } from '../../src/reports/report.repository.ts';
import { CHROMIUM_PATH } from '../../src/shared/pdf.ts';

const renderNarrativeDefaults = (year: number) => {
  const n = defaultNarrative(year);
  return { overview: n.overview, problems: n.problems, other: n.other };
};

import { seedPublishedReport } from '../support/published-reports.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

/** The public charts of published reports (issue 15): an agency's 年报 column and the comparison of one level. */
describe('public report charts', () => {
  let t: TestContext;
  let xinyuan: Agency;
  let tuanshan: Agency;
  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    xinyuan = (await findAgencyByName(db, '宽城区欣园街道办事处'))!;
    tuanshan = (await findAgencyByName(db, '宽城区团山街道办事处'))!;
    const demo = (await findAnnualReport(db, xinyuan.id, 2020))!.published!;
    await seedPublishedReport(db, demo, xinyuan, 2021, { factor: 2 });
    await seedPublishedReport(db, demo, tuanshan, 2021, { factor: 0.5 });
    // Unpublished: must not show anywhere.
    await seedPublishedReport(db, demo, tuanshan, 2022, { factor: 9, publish: false });
  });
  after(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url, remoteAddress: '10.9.2.1' });

  it('charts every published year on the 年报 column, with 同比 and the numbers as tables', async () => {
    const res = await get(`/agencies/${xinyuan.id}/columns/reports`);
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.equal((html.match(/<svg [^>]*role="img"/g) ?? []).length, 3);
    for (const title of ['新收和办结的政府信息公开申请', '申请的办理结果', '行政复议和行政诉讼'])
      assert.ok(html.includes(`>${title}</title>`), title);
    assert.ok(!html.includes('style="'), 'CSP: no inline style');
    const text = textOf(html);
    assert.match(text, /2020年 .*2021年/);
    // 2021 is twice 2020 in the seeded report: 同比增长100%.
    assert.match(text, /2021年 122 122 同比增长100%/);
    assert.match(text, /下载本机构历年数据（CSV）/);
  });

  it('shows no charts when nothing is published', async () => {
    const res = await get(
      `/agencies/${(await findAgencyByName(t.database.db, '宽城区财政局'))!.id}/columns/reports`,
    );
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes('role="img"'));
    assert.match(textOf(res.body), /暂无已发布的年度报告/);
  });

  it('adds 附图 to the report when the author ticks it, from published years only, after the statutory tables', async () => {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    const form = await clerk.get(`/admin/reports/${xinyuan.id}/2022/narrative`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="charts"/);
    const n = renderNarrativeDefaults(2022);
    const saved = await clerk.post(`/admin/reports/${xinyuan.id}/2022/narrative`, { ...n, charts: '1' });
    assert.equal(saved.statusCode, 303, textOf(saved.body).slice(0, 300));
    const again = await clerk.get(`/admin/reports/${xinyuan.id}/2022/narrative`);
    assert.match(again.body, /name="charts"[^>]*checked|checked[^>]*name="charts"/);
    const page = await clerk.get(`/admin/reports/${xinyuan.id}/2022`);
    assert.equal(page.statusCode, 200);
    const html = page.body;
    assert.match(html, /附：主要数据图表/);
    assert.ok(html.indexOf('附：主要数据图表') > html.indexOf('（七）总计'), 'after the statutory tables');
    const text = textOf(html.slice(html.indexOf('附：主要数据图表')));
    assert.match(text, /2020年 61 61/);
    assert.match(text, /2021年 122 122/);
    assert.match(text, /2022年/);
  });

  it('puts the 附图 charts in the Word file as PNG pictures with their captions; none without 附图', {
    skip: existsSync(CHROMIUM_PATH) ? false : 'no Chromium',
  }, async () => {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    await clerk.post(`/admin/reports/${xinyuan.id}/2022/narrative`, {
      ...renderNarrativeDefaults(2022),
      charts: '1',
    });
    const pictures = async (year: number) => {
      const res = await clerk.get(reportPaths.download({ agencyId: xinyuan.id, year, output: 'docx' }));
      assert.equal(res.statusCode, 200);
      const zip = await JSZip.loadAsync(res.rawPayload);
      const xml = await zip.file('word/document.xml')!.async('string');
      const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
      const pngs = await Promise.all(media.map((n) => zip.file(n)!.async('nodebuffer')));
      return { xml, media, pngs };
    };
    const withCharts = await pictures(2022);
    assert.equal(withCharts.media.length, 3);
    for (const png of withCharts.pngs) {
      assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1280, 600]);
    }
    for (const caption of [
      '图1　新收和办结的政府信息公开申请',
      '图2　申请的办理结果',
      '图3　行政复议和行政诉讼',
    ])
      assert.ok(withCharts.xml.includes(caption), caption);
    assert.ok(
      withCharts.xml.indexOf('图1　') > withCharts.xml.indexOf('（七）总计'),
      'after the statutory tables',
    );
    const without = await pictures(2020);
    assert.deepEqual(without.media, []);
    assert.ok(!without.xml.includes('附：主要数据'));
  });

  it('compares the agencies of one level on their published figures only', async () => {
    const res = await get('/reports/compare?level=township&year=2021');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /宽城区欣园街道办事处/);
    assert.match(text, /宽城区团山街道办事处/);
    assert.match(res.body, /<title id="compare-title">/);
    // The draft 2022 report is not offered.
    assert.ok(
      !/2022年/.test(text.slice(text.indexOf('报告年度'), text.indexOf('比较', text.indexOf('报告年度')))),
    );
    const later = await get('/reports/compare?level=township&year=2022');
    assert.ok(!textOf(later.body).includes('90'), 'unknown year falls back to the latest published');
    const none = await get('/reports/compare?level=province');
    assert.match(textOf(none.body), /该层级暂无已发布的年度报告/);
  });
});
