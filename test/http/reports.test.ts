import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import { checkBytes } from '../../src/reports/checker.ts';
import { FIXTURES_DIR, fixtureText } from '../../src/reports/fixtures.testing.ts';
import { multipart } from '../support/apply-form.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

/** The annual report end to end: counted from records, edited, checked, published, rolled up. */
describe('annual reports', () => {
  let t: TestContext;
  let xinyuan: Agency;
  let kuancheng: Agency;
  before(async () => {
    t = await startTestApp();
    xinyuan = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    kuancheng = (await findAgencyByName(t.database.db, '长春市宽城区人民政府'))!;
  });
  after(async () => t.close());

  it('counts the demo 2020 report from the records: 三（七）总计 = 61, and publishes it', async () => {
    const pub = t.agent();
    const column = await pub.get(`/agencies/${xinyuan.id}/columns/reports`);
    assert.equal(column.statusCode, 200);
    assert.match(textOf(column.body), /宽城区欣园街道办事处2020年政府信息公开工作年度报告/);
    const page = await pub.get(`/agencies/${xinyuan.id}/reports/2020`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /（七）总计<\/th><td>61<\/td>/);
    const json = await pub.get(`/agencies/${xinyuan.id}/reports/2020/files/json`);
    assert.equal(json.statusCode, 200);
    const data = JSON.parse(json.body);
    assert.deepEqual(data.tables.applications.totalProcessed, [61, 0, 0, 0, 0, 0, 61]);
    const docx = await pub.get(`/agencies/${xinyuan.id}/reports/2020/files/docx`);
    assert.equal(docx.statusCode, 200);
    const read = await checkBytes(docx.rawPayload, '.docx');
    assert.deepEqual(read.tables?.applications.totalProcessed, [61, 0, 0, 0, 0, 0, 61]);
    assert.equal(read.findings.filter((f) => f.severity === 'error').length, 0);
    const xlsx = await pub.get(`/agencies/${xinyuan.id}/reports/2020/files/xlsx`);
    assert.equal(xlsx.statusCode, 200);
    assert.equal((await pub.get(`/agencies/${xinyuan.id}/reports/2019`)).statusCode, 404);
  });

  it('validates the Article 20 figures in Chinese and keeps the answers', async () => {
    const s = t.agent();
    await s.login('demo-clerk');
    const url = `/admin/reports/${xinyuan.id}/2023/article20`;
    const form = await s.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /本年收费金额（单位：万元）/);
    const bad = await s.post(url, {
      'licensing-decisions': '-3',
      'penalty-decisions': '',
      'coercion-decisions': '0',
      'fees-amountWanYuan': 'abc',
      'regulations-made': '0',
      'regulations-repealed': '0',
      'regulations-valid': '0',
      'normativeDocs-made': '1',
      'normativeDocs-repealed': '0',
      'normativeDocs-valid': '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    const text = textOf(bad.body);
    assert.match(text, /存在以下问题/);
    assert.match(text, /行政许可·本年处理决定数量”应为 0 或正整数/);
    assert.match(text, /应为不小于 0 的数字（单位：万元）/);
    assert.match(text, /没有请填 0/);
    assert.match(bad.body, /value="abc"/);
    const good = await s.post(url, {
      'licensing-decisions': '12',
      'penalty-decisions': '2',
      'coercion-decisions': '0',
      'fees-amountWanYuan': '0.092',
      'regulations-made': '0',
      'regulations-repealed': '0',
      'regulations-valid': '0',
      'normativeDocs-made': '1',
      'normativeDocs-repealed': '0',
      'normativeDocs-valid': '3',
    });
    assert.equal(good.statusCode, 303);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'annual_report')
      .where('agency_id', '=', xinyuan.id)
      .execute();
    assert.ok(audit.some((a) => a.summary.includes('第二十条数据')));
  });

  it('records a litigation case with its audit entry, and counts it in table 四', async () => {
    const s = t.agent();
    await s.login('demo-clerk');
    await s.get(`/admin/litigation/${xinyuan.id}/new`);
    const bad = await s.post(`/admin/litigation/${xinyuan.id}/new`, {
      kind: 'review',
      filedOn: '2023-05-01',
      result: 'upheld',
      decidedOn: '',
      applicationSerial: '2099-9999',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /已审结的案件请填写决定或判决日期/);
    const bad2 = await s.post(`/admin/litigation/${xinyuan.id}/new`, {
      kind: 'review',
      filedOn: '2023-05-01',
      result: 'upheld',
      decidedOn: '2023-06-01',
      applicationSerial: '2099-9999',
    });
    assert.equal(bad2.statusCode, 400);
    assert.match(textOf(bad2.body), /没有编号为“2099-9999”的申请/);
    const ok = await s.post(`/admin/litigation/${xinyuan.id}/new`, {
      kind: 'review',
      filedOn: '2023-05-01',
      result: 'upheld',
      decidedOn: '2023-06-01',
      applicationSerial: '2020-0001',
      caseNumber: '宽政复字〔2023〕7号',
    });
    assert.equal(ok.statusCode, 303);
    const ok2 = await s.post(`/admin/litigation/${xinyuan.id}/new`, {
      kind: 'litigationAfterReview',
      filedOn: '2023-11-01',
      result: 'pending',
      decidedOn: '',
    });
    assert.equal(ok2.statusCode, 303);
    const list = await s.get(`/admin/litigation/${xinyuan.id}`);
    assert.match(textOf(list.body), /宽政复字〔2023〕7号/);
    assert.match(textOf(list.body), /2020-0001/);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('summary')
      .where('entity_type', '=', 'litigation_case')
      .execute();
    assert.equal(audit.length, 2);
    const json = JSON.parse((await s.get(`/admin/reports/${xinyuan.id}/2023/files/json`)).body);
    assert.deepEqual(json.tables.review, [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('keeps text and table in agreement, and refuses to submit a report whose narrative contradicts it', async () => {
    const s = t.agent();
    await s.login('demo-clerk');
    const url = `/admin/reports/${xinyuan.id}/2023/narrative`;
    await s.get(url);
    const unknown = await s.post(url, { overview: '共收到申请{申请数}件。', problems: '无', other: '无' });
    assert.equal(unknown.statusCode, 400);
    assert.match(textOf(unknown.body), /不认识的占位符：\{申请数\}/);
    const empty = await s.post(url, { overview: '', problems: '无', other: '无' });
    assert.equal(empty.statusCode, 400);
    assert.match(textOf(empty.body), /请填写这一部分的内容/);
    const wrong = await s.post(url, {
      overview: '本年度共收到政府信息公开申请17件。',
      problems: '无。',
      other: '无。',
    });
    assert.equal(wrong.statusCode, 303);
    const blocked = await s.post(`/admin/reports/${xinyuan.id}/2023/actions/submit`, {});
    assert.equal(blocked.statusCode, 409);
    assert.match(textOf(blocked.body), /报告有错误，不能继续/);
    assert.match(textOf(blocked.body), /共收到政府信息公开申请17件/);
    const fixed = await s.post(url, {
      overview:
        '本年度共收到政府信息公开申请{新收申请总数}件，办结{办结总数}件。\n行政复议{行政复议总数}件。',
      problems: '无。',
      other: '本年度未收取信息处理费。',
    });
    assert.equal(fixed.statusCode, 303);
    const show = await s.get(`/admin/reports/${xinyuan.id}/2023`);
    assert.match(textOf(show.body), /本年度共收到政府信息公开申请0件，办结0件。/);
    assert.match(textOf(show.body), /行政复议1件/);
  });

  it('runs the workflow draft → submitted → approved → published, each step audited, and reopens', async () => {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    await clerk.get(`/admin/reports/${xinyuan.id}/2023`);
    const submit = await clerk.post(`/admin/reports/${xinyuan.id}/2023/actions/submit`, {});
    assert.equal(submit.statusCode, 303, textOf(submit.body).slice(0, 400));
    const approveByClerk = await clerk.post(`/admin/reports/${xinyuan.id}/2023/actions/approve`, {});
    assert.equal(approveByClerk.statusCode, 403);
    const locked = await clerk.post(`/admin/reports/${xinyuan.id}/2023/narrative`, {
      overview: 'x',
      problems: 'y',
      other: 'z',
    });
    assert.equal(locked.statusCode, 409);

    const reviewer = t.agent();
    await reviewer.login('demo-reviewer');
    await reviewer.get(`/admin/reports/${xinyuan.id}/2023`);
    assert.equal(
      (await reviewer.post(`/admin/reports/${xinyuan.id}/2023/actions/publish`, {})).statusCode,
      409,
    );
    assert.equal(
      (await reviewer.post(`/admin/reports/${xinyuan.id}/2023/actions/approve`, {})).statusCode,
      303,
    );
    assert.equal(
      (await reviewer.post(`/admin/reports/${xinyuan.id}/2023/actions/publish`, {})).statusCode,
      303,
    );
    const column = await t.agent().get(`/agencies/${xinyuan.id}/columns/reports`);
    assert.match(textOf(column.body), /2023年政府信息公开工作年度报告/);
    assert.match(textOf(column.body), /2020年政府信息公开工作年度报告/);
    const steps = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'user_login'])
      .where('entity_type', '=', 'annual_report')
      .where('action', 'like', 'report.%')
      .where('agency_id', '=', xinyuan.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(steps.map((x) => `${x.action}:${x.user_login}`).slice(-3), [
      'report.submit:demo-clerk',
      'report.approve:demo-reviewer',
      'report.publish:demo-reviewer',
    ]);
    assert.equal(
      (await reviewer.post(`/admin/reports/${xinyuan.id}/2023/actions/reopen`, {})).statusCode,
      303,
    );
    const row = await t.database.db
      .selectFrom('annual_reports')
      .select(['status', 'published_json'])
      .where('agency_id', '=', xinyuan.id)
      .where('year', '=', 2023)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'draft');
    assert.ok(row.published_json, 'the published version stays public until re-published');
  });

  it('refuses to publish when the approved report has errors (re-checked at publication)', async () => {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    await clerk.get(`/admin/reports/${xinyuan.id}/2023`);
    assert.equal((await clerk.post(`/admin/reports/${xinyuan.id}/2023/actions/submit`, {})).statusCode, 303);
    const reviewer = t.agent();
    await reviewer.login('demo-reviewer');
    await reviewer.get(`/admin/reports/${xinyuan.id}/2023`);
    assert.equal(
      (await reviewer.post(`/admin/reports/${xinyuan.id}/2023/actions/approve`, {})).statusCode,
      303,
    );
    // The records change after approval: an Article 20 figure becomes impossible.
    await t.database.db
      .updateTable('annual_reports')
      .set({ article20_json: JSON.stringify({ 'licensing.decisions': -5 }) })
      .where('agency_id', '=', xinyuan.id)
      .where('year', '=', 2023)
      .execute();
    const res = await reviewer.post(`/admin/reports/${xinyuan.id}/2023/actions/publish`, {});
    assert.equal(res.statusCode, 409);
    assert.match(textOf(res.body), /报告有错误，不能继续/);
  });

  it('lets an agency override the format of a year and set its due and signature dates', async () => {
    const s = t.agent();
    await s.login('demo-clerk');
    const url = `/admin/reports/${xinyuan.id}/2024/settings`;
    await s.get(url);
    const bad = await s.post(url, { formatOverride: '2030', dueOn: '2025-02-30', signedOn: '2024-06-01' });
    assert.equal(bad.statusCode, 400);
    const text = textOf(bad.body);
    assert.match(text, /请选择报告格式/);
    assert.match(text, /报送截止日应为有效日期/);
    assert.match(text, /成文日期应在报告年度结束之后/);
    assert.match(bad.body, /value="2025-02-30"/);
    const ok = await s.post(url, { formatOverride: '2019', dueOn: '2025-02-20', signedOn: '2025-01-18' });
    assert.equal(ok.statusCode, 303);
    const show = textOf((await s.get(`/admin/reports/${xinyuan.id}/2024`)).body);
    assert.match(show, /国办公开办函〔2019〕60号/);
    assert.match(show, /2025-02-20/);
    assert.match(show, /提醒/);
    const json = JSON.parse((await s.get(`/admin/reports/${xinyuan.id}/2024/files/json`)).body);
    assert.equal(json.format, '2019');
    assert.equal(json.signedOn, '2025-01-18');
  });

  it('rolls up a parent: itself plus every agency below it, with the missing reports listed', async () => {
    const sup = t.agent();
    await sup.login('demo-supervisor');
    const res = await sup.get(`/admin/reports/${kuancheng.id}/2020/rollup`);
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /本年新收申请 61 件，办结 61 件/);
    assert.match(text, /宽城区团山街道办事处\s?：尚未发布报告/);
    assert.doesNotMatch(text, /宽城区欣园街道办事处\s?：尚未发布报告/);
    const outside = await sup.get(`/admin/reports/1/2020/rollup`);
    assert.equal(outside.statusCode, 404);
    assert.equal((await sup.get('/admin/reports?year=2020')).statusCode, 200);
  });

  it('checks a pasted report on the public checker page, and says what is missing on bad input', async () => {
    const pub = t.agent();
    await pub.get('/tools/report-checker');
    const empty = await pub.post('/tools/report-checker', { text: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(textOf(empty.body), /请粘贴报告文字，或选择要上传的文件/);
    const seed = fixtureText('00');
    const res = await pub.post('/tools/report-checker', { text: seed });
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /检查结果/);
    assert.match(text, /发现 \d+ 项错误/);
    assert.match(text, /（七）总计/);
    const junk = await pub.post('/tools/report-checker', { text: '这不是年度报告。' });
    assert.equal(junk.statusCode, 200);
    assert.match(textOf(junk.body), /无法读取/);
  });

  it('accepts an uploaded .docx on the checker page (multipart)', async () => {
    const pub = t.agent();
    const page = await pub.get('/tools/report-checker');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const docx = (await pub.get(`/agencies/${xinyuan.id}/reports/2020/files/docx`)).rawPayload;
    const boundary = '----gongkai-test';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.docx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      docx,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const cookie = ['gk_csrf'].map((n) => `${n}=${pub.cookie(n)}`).join('; ');
    const res = await t.app.inject({
      method: 'POST',
      url: '/tools/report-checker',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
    });
    assert.equal(res.statusCode, 200, textOf(res.body).slice(0, 300));
    assert.match(textOf(res.body), /未发现错误/);
    assert.match(textOf(res.body), /宽城区欣园街道办事处/);
  });

  it('reads an uploaded PDF whose organisation columns are blank by position (issue 13)', async () => {
    const pub = t.agent();
    const page = await pub.get('/tools/report-checker');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const form = multipart({ _csrf: csrf, text: '' }, [
      {
        field: 'file',
        name: 'blank-columns.pdf',
        content: readFileSync(`${FIXTURES_DIR}pdf/blank-columns.pdf`),
      },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/tools/report-checker',
      payload: form.payload,
      headers: { 'content-type': form.contentType, cookie: `gk_csrf=${pub.cookie('gk_csrf')}` },
    });
    assert.equal(res.statusCode, 200, textOf(res.body).slice(0, 300));
    const text = textOf(res.body);
    assert.match(text, /未发现错误/);
    assert.match(text, /某某市某某区司法局/);
    assert.match(text, /按0计算/);
  });
});
