import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { databaseLoader } from '../../src/assessment/assess.cli.ts';
import { assessAgency } from '../../src/assessment/assessment.service.ts';
import { runAssessCommand } from '../../src/assessment/cli.ts';
import { CalendarProvider } from '../../src/calendar/calendar.repository.ts';
import { localDate } from '../../src/shared/clock.ts';
import { paths } from '../../src/shared/paths.ts';
import { startTestApp, TEST_NOW, type TestContext, textOf } from '../support/test-app.ts';

/**
 * The demo's faults found by the 政务公开体检, and nothing else: the four planted faults (an overdue case →
 * A03 and A04, a letter without remedies → A08, a 规范性文件 without validity → N02, a stale 法规文件
 * column → P05a) and the real faults of the other demo data (the 2025 report not published → R01, a
 * 规范性文件 without keywords → N04, an item in review past its Art. 26 deadline → P04, an 找错 message
 * unanswered after 3 working days → W04).
 */
const EXPECTED_FAILING = ['A03', 'A04', 'A08', 'N02', 'N04', 'P04', 'P05a', 'R01', 'W04'];

function failingOf(html: string): string[] {
  return [...html.matchAll(/id="fail-([A-Za-z0-9]+)"/g)].map((m) => m[1] as string).sort();
}

describe('政务公开体检 (assessment) over the demo data', () => {
  let t: TestContext;
  let xinyuanId: number;
  let financeId: number;
  before(async () => {
    t = await startTestApp();
    xinyuanId = (await findAgencyByName(t.database.db, '欣园街道'))?.id ?? -1;
    financeId = (await findAgencyByName(t.database.db, '宽城区财政局'))?.id ?? -1;
  });
  after(async () => t.close());

  it('sends a clerk from the overview to the own agency, and finds exactly the demo faults', async () => {
    const s = t.agent();
    await s.login('demo-clerk');
    const overview = await s.get(paths.assessment.overview());
    assert.equal(overview.statusCode, 303);
    assert.equal(overview.headers.location, paths.assessment.agency({ agencyId: xinyuanId }));
    const res = await s.get(paths.assessment.agency({ agencyId: xinyuanId }));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(failingOf(res.body), EXPECTED_FAILING);
    const text = textOf(res.body);
    assert.match(text, /结论 有否决项未达标/);
    assert.match(text, /答复书未告知复议、诉讼等救济途径/);
    assert.match(text, /《欣园街道社区网格化服务管理办法》 ?：未标注有效性/);
    assert.match(text, /“法规文件”栏目 ?：最近一次更新为2025年6月16日/);
    // Vetoes first.
    const order = failingOf(res.body.replace(/[\s\S]*?(?=id="fail-)/, ''));
    assert.ok(res.body.indexOf('id="fail-A03"') < res.body.indexOf('id="fail-A04"'));
    assert.ok(order.length > 0);
    // Unassessable and manual indicators are shown with their reasons, never as passed.
    assert.match(text, /W03 公开留言办理统计：无法评估——系统尚未记录留言办理统计的公开日期/);
    assert.match(text, /N05 备案情况按季度公开：无法评估——目录未标记规范性文件备案目录/);
    assert.match(text, /A01 在线申请渠道畅通：尚无有效的核验记录/);
    // Sources in words, no notes for developers; every code named, with a legend.
    assert.doesNotMatch(text, /口径待核实|镜像|RECOLLECTION|DERIVED|UNCONFIRMED|docs\/domain|\[[A-Z]-/);
    assert.match(text, /评估依据：/);
    assert.match(text, /计分方法：/);
    assert.match(text, /指标说明/);
    assert.match(text, /A02 信函申请渠道公布且可用/);
    // The trend and what to fix first.
    assert.match(text, /月度趋势/);
    assert.match(text, /2026-11/);
    assert.match(text, /优先整改 N02 规范性文件标注有效性：纠正1条记录/);
  });

  it('links each failing record to the page where it is fixed', async () => {
    const s = t.agent();
    await s.login('demo-clerk');
    const res = await s.get(paths.assessment.agency({ agencyId: xinyuanId }));
    const overdue = /<a href="(\/admin\/applications\/\d+)">申请\d{4}-\d{4}<\/a>：答复期限/.exec(res.body);
    assert.ok(overdue, 'a link to the overdue case');
    assert.equal((await s.get(overdue[1] as string)).statusCode, 200);
    const letter =
      /<a href="(\/admin\/applications\/\d+\/letters\/\d+)">欣园街道依申公开〔2026〕\d+号（申请/.exec(
        res.body,
      );
    assert.ok(letter, 'a link to the letter without remedies, named by its 文号');
    assert.equal((await s.get(letter[1] as string)).statusCode, 200);
    const item = /<a href="(\/admin\/catalogue\/items\/\d+)">《欣园街道社区网格化服务管理办法》<\/a>/.exec(
      res.body,
    );
    assert.ok(item, 'a link to the catalogue item');
    assert.equal((await s.get(item[1] as string)).statusCode, 200);
    assert.match(res.body, /href="\/admin\/reports\/\d+\/2025"/);
  });

  it('shows a supervisor the subtree table and keeps other agencies out of reach', async () => {
    const s = t.agent();
    await s.login('demo-supervisor');
    const res = await s.get(paths.assessment.overview());
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(
      text,
      /宽城区欣园街道办事处 [\d.]+% [\d.]+ \/ \d+ A03 每件申请均书面答复、R01 年度报告按时发布、A08 答复书告知救济途径、N02 规范性文件标注有效性 9/,
    );
    assert.match(text, /宽城区财政局/);
    assert.doesNotMatch(text, /吉林省人民政府/);
    assert.equal((await s.get(paths.assessment.agency({ agencyId: financeId }))).statusCode, 200);
    const jilin = (await findAgencyByName(t.database.db, '吉林省人民政府'))?.id ?? -1;
    assert.equal((await s.get(paths.assessment.agency({ agencyId: jilin }))).statusCode, 404);

    const clerk = t.agent();
    await clerk.login('demo-clerk');
    assert.equal((await clerk.get(paths.assessment.agency({ agencyId: financeId }))).statusCode, 404);
  });

  it('assesses a chosen period and profile', async () => {
    const s = t.agent();
    await s.login('demo-reviewer');
    const res = await s.get(
      paths.assessment.agency(
        { agencyId: xinyuanId },
        { from: '2026-01-01', to: '2026-06-30', profile: 'local' },
      ),
    );
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /2026年1月1日至2026年6月30日/);
    assert.match(text, /本地考核（鲤城2020）/);
    // The overdue case falls due in November: not in the first half year.
    assert.ok(!failingOf(res.body).includes('A04'));
  });

  it('exports the assessment as XLSX and as a printable page', async () => {
    const s = t.agent();
    await s.login('demo-clerk');
    const x = await s.get(paths.assessment.xlsx({ agencyId: xinyuanId }));
    assert.equal(x.statusCode, 200);
    assert.match(String(x.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['概况', '指标', '未达标记录', '月度趋势'],
    );
    const failures: string[] = [];
    wb.getWorksheet('未达标记录')?.eachRow((row, i) => {
      if (i > 1) failures.push(String(row.getCell(1).value));
    });
    assert.deepEqual([...new Set(failures)].sort(), EXPECTED_FAILING);
    // Codes come with their names, and the sources in words.
    const sheet = wb.getWorksheet('指标')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.ok(headers.includes('评估依据') && headers.includes('计分方法'));
    assert.ok(!headers.includes('口径待核实'));
    const trend: string[] = [];
    wb.getWorksheet('月度趋势')?.eachRow((row, i) => {
      if (i > 1) trend.push(String(row.getCell(5).value));
    });
    assert.ok(
      trend.some((c) => /A03 每件申请均书面答复/.test(c)),
      trend.join(' | '),
    );

    const p = await s.get(paths.assessment.print({ agencyId: xinyuanId }));
    assert.equal(p.statusCode, 200);
    assert.match(textOf(p.body), /政务公开体检报告：宽城区欣园街道办事处/);
    assert.doesNotMatch(p.body, /<a href="\/admin\/applications/);
  });

  it('exports the assessment of a chosen period as PDF, with the agency and the score in its text', async () => {
    const s = t.agent();
    await s.login('demo-clerk');
    const period = { from: '2026-01-01', to: '2026-06-30' };
    const page = await s.get(
      paths.assessment.agency({ agencyId: xinyuanId }, { ...period, profile: 'cass-like' }),
    );
    const href = paths.assessment.pdf({ agencyId: xinyuanId }, { ...period, profile: 'cass-like' });
    assert.ok(page.body.includes(href.replaceAll('&', '&amp;')), 'the page links to its PDF');
    const res = await s.get(href);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /attachment;.*\.pdf/);
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'gk-assessment-'));
    try {
      writeFileSync(join(dir, 'a.pdf'), res.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-'], {
        encoding: 'utf8',
      }).replace(/\s+/g, '');
      const { assessment } = await assessAgency(
        t.database.db,
        (await findAgencyByName(t.database.db, '欣园街道'))!,
        {
          today: localDate(new Date(TEST_NOW), 'Asia/Shanghai'),
          calendar: await new CalendarProvider().get(t.database.db),
          period,
          profile: 'cass-like',
          localDateOf: (iso) => localDate(new Date(iso), 'Asia/Shanghai'),
          trend: false,
        },
      );
      const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, ''));
      assert.ok(text.includes('政务公开体检报告：宽城区欣园街道办事处'), 'the agency is named');
      assert.ok(text.includes('2026年1月1日至2026年6月30日'), 'the chosen period');
      assert.ok(
        text.includes(
          `总分${n(assessment.total)}/${n(assessment.maxTotal)}（${n(assessment.percent ?? 0)}%）`,
        ),
        `the score ${n(assessment.total)} / ${n(assessment.maxTotal)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs `gongkai assess` on the same data: exit 1 when a veto fails, JSON on request', async () => {
    const loader = databaseLoader(t.database.db, 'Asia/Shanghai', () => new Date(TEST_NOW));
    let out = '';
    let err = '';
    const io = { stdout: (x: string) => (out += x), stderr: (x: string) => (err += x) };
    assert.equal(await runAssessCommand(['--agency', '欣园街道'], io, loader), 1);
    assert.match(out, /政务公开体检：宽城区欣园街道办事处/);
    assert.match(out, /\[否决项\] A08 答复书告知救济途径/);
    out = '';
    assert.equal(
      await runAssessCommand(
        ['--agency', '宽城区欣园街道办事处', '--from', '2026-01-01', '--to', '2026-11-25', '--json'],
        io,
        loader,
      ),
      1,
    );
    const json = JSON.parse(out) as { failing: { id: string }[] };
    assert.deepEqual(json.failing.map((f) => f.id).sort(), EXPECTED_FAILING);
    assert.equal(await runAssessCommand(['--agency', '不存在的机关'], io, loader), 2);
    assert.match(err, /没有名为“不存在的机关”的机构/);
  });
  it('records an attestation of a manual indicator (reviewer), refused to a clerk', async () => {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    await clerk.get(paths.assessment.agency({ agencyId: xinyuanId }));
    const refused = await clerk.post(paths.assessment.attest({ agencyId: xinyuanId }), {
      indicatorId: 'P10',
      on: '2026-11-20',
      passed: 'yes',
    });
    assert.equal(refused.statusCode, 403);

    const s = t.agent();
    await s.login('demo-reviewer');
    await s.get(paths.assessment.agency({ agencyId: xinyuanId }));
    const bad = await s.post(paths.assessment.attest({ agencyId: xinyuanId }), {
      indicatorId: 'A04',
      on: '2026-11-20',
      passed: 'yes',
    });
    assert.equal(bad.statusCode, 400);
    const ok = await s.post(paths.assessment.attest({ agencyId: xinyuanId }), {
      indicatorId: 'P10',
      on: '2026-11-20',
      passed: 'no',
      note: '连续三次拨打无人接听',
    });
    assert.equal(ok.statusCode, 303);
    const res = await s.get(String(ok.headers.location));
    assert.ok(failingOf(res.body).includes('P10'));
    assert.match(textOf(res.body), /欣园街道分管领导（演示）核验未达标：连续三次拨打无人接听/);
  });

  it('lets only an administrator override the weights, validated and stored', async () => {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    assert.equal((await clerk.get(paths.assessment.weights())).statusCode, 403);

    const s = t.agent();
    await s.login('demo-admin');
    const form = await s.get(paths.assessment.weights(undefined, { profile: 'cass-like' }));
    assert.equal(form.statusCode, 200);
    assert.doesNotMatch(textOf(form.body), /口径待核实|\[[A-Z]-/);
    assert.match(textOf(form.body), /默认值依据：/);
    const bad = await s.post(paths.assessment.weights(undefined, { profile: 'cass-like' }), {
      'area.applications': '-3',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /应为0到1000之间的数/);
    const saved = await s.post(paths.assessment.weights(undefined, { profile: 'cass-like' }), {
      'area.applications': '0',
      'row.P05a': '8',
    });
    assert.equal(saved.statusCode, 303);
    const res = await s.get(paths.assessment.agency({ agencyId: xinyuanId }));
    const text = textOf(res.body);
    assert.match(text, /依申请公开 不计分 0/);
    // Restore the defaults for the other tests.
    await s.get(paths.assessment.weights(undefined, { profile: 'cass-like' }));
    assert.equal(
      (await s.post(paths.assessment.weights(undefined, { profile: 'cass-like' }), {})).statusCode,
      303,
    );
  });

  it('fails A06 for a letter recorded as sent without a seal, and only for it', async () => {
    const db = t.database.db;
    const letter = await db
      .selectFrom('application_letters')
      .innerJoin('applications', 'applications.id', 'application_letters.application_id')
      .select(['application_letters.id', 'application_letters.doc_number'])
      .where('applications.agency_id', '=', xinyuanId)
      .where('application_letters.status', '=', 'sent')
      .orderBy('application_letters.id', 'desc')
      .executeTakeFirstOrThrow();
    const s = t.agent();
    await s.login('demo-clerk');
    const before = failingOf((await s.get(paths.assessment.agency({ agencyId: xinyuanId }))).body);
    assert.ok(!before.includes('A06'));
    await db.updateTable('application_letters').set({ seal: 'none' }).where('id', '=', letter.id).execute();
    try {
      const res = await s.get(paths.assessment.agency({ agencyId: xinyuanId }));
      assert.deepEqual(failingOf(res.body), [...before, 'A06'].sort());
      const section = res.body.slice(res.body.indexOf('id="fail-A06"'));
      assert.match(textOf(section), new RegExp(`${letter.doc_number}[^。]*印章`));
    } finally {
      await db
        .updateTable('application_letters')
        .set({ seal: 'electronic' })
        .where('id', '=', letter.id)
        .execute();
    }
  });
});
