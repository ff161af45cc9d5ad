import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { OPEN_DATA_COLUMNS } from '../../src/reports/opendata.rules.ts';
import { openDataRows } from '../../src/reports/opendata.service.ts';
import { findAnnualReport } from '../../src/reports/report.repository.ts';
import { seedPublishedReport } from '../support/published-reports.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

/** Parses RFC 4180 CSV (quoted fields, CRLF) into records. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return out;
}

describe('open data of published reports', () => {
  let t: TestContext;
  let xinyuan: Agency;
  let kuancheng: Agency;
  let tuanshan: Agency;
  let caizheng: Agency;
  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    xinyuan = (await findAgencyByName(db, '宽城区欣园街道办事处'))!;
    kuancheng = (await findAgencyByName(db, '长春市宽城区人民政府'))!;
    tuanshan = (await findAgencyByName(db, '宽城区团山街道办事处'))!;
    caizheng = (await findAgencyByName(db, '宽城区财政局'))!;
    const demo = (await findAnnualReport(db, xinyuan.id, 2020))!.published!;
    await seedPublishedReport(db, demo, xinyuan, 2021, { factor: 2 });
    await seedPublishedReport(db, demo, tuanshan, 2021, { factor: 0.5 });
    // A draft: never in the open data.
    await seedPublishedReport(db, demo, caizheng, 2021, { publish: false });
  });
  after(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers, remoteAddress: '10.9.1.1' });

  it('serves every published agency-year as CSV: BOM, stable column keys, the published figures', async () => {
    const res = await get('/opendata/reports.csv');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.ok(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 BOM');
    const records = parseCsv(res.body.slice(1));
    const [header, ...rows] = records;
    assert.deepEqual(
      header,
      OPEN_DATA_COLUMNS.map((c) => c.key),
    );
    assert.equal(rows.length, 3, 'xinyuan 2020 and 2021, tuanshan 2021; the draft left out');
    const col = (name: string) => header!.indexOf(name);
    const byKey = new Map(rows.map((r) => [`${r[col('agency_name')]}/${r[col('year')]}`, r]));
    const x2020 = byKey.get('宽城区欣园街道办事处/2020')!;
    assert.equal(x2020[col('applications.totalProcessed.total')], '61', 'the demo report’s 三（七）总计');
    assert.equal(x2020[col('format')], '2019');
    assert.equal(x2020[col('parent_name')], kuancheng.name);
    assert.equal(x2020[col('parent_id')], String(kuancheng.id));
    assert.equal(x2020[col('agency_code')], xinyuan.creditCode ?? xinyuan.orgCode ?? '');
    assert.equal(x2020[col('report_url')], `${t.config.publicBaseUrl}/agencies/${xinyuan.id}/reports/2020`);
    assert.equal(x2020[col('published_on')], '2021-01-20');
    const x2021 = byKey.get('宽城区欣园街道办事处/2021')!;
    assert.equal(x2021[col('applications.totalProcessed.total')], '122');
    assert.ok(!byKey.has('宽城区财政局/2021'));
    for (const r of rows) assert.equal(r.length, header!.length);
  });

  it('serves the same rows as JSON with documented columns', async () => {
    const res = await get('/opendata/reports.json');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = JSON.parse(res.body) as { columns: { key: string }[]; rows: Record<string, unknown>[] };
    assert.deepEqual(
      body.columns.map((c) => c.key),
      OPEN_DATA_COLUMNS.map((c) => c.key),
    );
    assert.equal(body.rows.length, 3);
    const t2021 = body.rows.find((r) => r.agency_id === tuanshan.id)!;
    assert.equal(t2021.year, 2021);
    assert.equal(t2021['applications.totalProcessed.total'], 31);
    assert.equal(t2021['proactive.regulations.made'], null, 'a 2021-format cell on a 2019-format report');
    assert.deepEqual(
      Object.keys(t2021),
      OPEN_DATA_COLUMNS.map((c) => c.key),
    );
  });

  it('answers 304 while nothing changed and a new tag after a publication', async () => {
    const first = await get('/opendata/reports.csv');
    const tag = String(first.headers.etag);
    assert.match(tag, /^"od-[A-Za-z0-9_-]+"$/);
    const again = await get('/opendata/reports.csv', { 'if-none-match': tag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const json = await get('/opendata/reports.json');
    assert.notEqual(json.headers.etag, tag, 'CSV and JSON differ');
    const demo = (await findAnnualReport(t.database.db, xinyuan.id, 2020))!.published!;
    await seedPublishedReport(t.database.db, demo, xinyuan, 2022, { factor: 3 });
    const changed = await get('/opendata/reports.csv', { 'if-none-match': tag });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, tag);
    assert.equal(parseCsv(changed.body.slice(1)).length, 1 + 4);
  });

  it('gives one agency, or a subtree, by code or id', async () => {
    const one = await get(`/opendata/reports.json?agency=${xinyuan.id}`);
    const oneRows = (JSON.parse(one.body) as { rows: { agency_id: number }[] }).rows;
    assert.ok(oneRows.length >= 2);
    assert.ok(oneRows.every((r) => r.agency_id === xinyuan.id));
    const code = kuancheng.creditCode ?? kuancheng.orgCode;
    assert.ok(code, 'demo agency has a code');
    const tree = await get(`/opendata/reports.json?agency=${code}&subtree=1&year=2021`);
    assert.equal(tree.statusCode, 200);
    const treeRows = (JSON.parse(tree.body) as { rows: { agency_id: number; year: number }[] }).rows;
    assert.deepEqual(treeRows.map((r) => r.agency_id).sort(), [xinyuan.id, tuanshan.id].sort());
    const outside = await get(`/opendata/reports.json?agency=${tuanshan.id}&subtree=1`);
    const outsideRows = (JSON.parse(outside.body) as { rows: { agency_id: number }[] }).rows;
    assert.ok(outsideRows.every((r) => r.agency_id === tuanshan.id));
  });

  it('explains bad parameters in Chinese', async () => {
    const missing = await get('/opendata/reports.csv?agency=999999');
    assert.equal(missing.statusCode, 404);
    assert.match(textOf(missing.body), /没有找到该机构/);
    const year = await get('/opendata/reports.csv?year=20x4');
    assert.equal(year.statusCode, 400);
    assert.match(textOf(year.body), /年度应为四位数字/);
    const subtree = await get('/opendata/reports.csv?subtree=1');
    assert.equal(subtree.statusCode, 400);
  });

  it('documents every column on /opendata', async () => {
    const res = await get('/opendata');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    for (const c of OPEN_DATA_COLUMNS) assert.ok(text.includes(c.key), c.key);
    assert.match(text, /只含已发布的数字/);
  });

  it('reads page after page: the same rows in the same order with a page of one', async () => {
    const all = await get('/opendata/reports.json');
    const expected = (JSON.parse(all.body) as { rows: Record<string, unknown>[] }).rows.map((r) => [
      r.agency_id,
      r.year,
    ]);
    const paged: unknown[][] = [];
    for await (const rows of openDataRows(t.database.db, {}, t.config.publicBaseUrl, 1)) {
      assert.equal(rows.length, 1);
      paged.push([rows[0]![0], rows[0]![7]]);
    }
    assert.deepEqual(paged, expected);
    assert.ok(expected.length >= 3);
  });
});
