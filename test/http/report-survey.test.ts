import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/accounts/user.service.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.repository.ts';
import { main } from '../../src/main.ts';
import { surveyTargets } from '../../src/reports/survey/crawl.ts';
import { createFetcher } from '../../src/reports/survey/fetcher.ts';
import { buildLeague } from '../../src/reports/survey/league.rules.ts';
import { surveysIdle } from '../../src/reports/survey/survey.service.ts';
import { parseTargetList } from '../../src/reports/survey/targets.rules.ts';
import { paths } from '../../src/shared/paths.ts';
import { type ReportSite, startReportSite } from '../support/report-site.ts';
import { DEMO_PASSWORD, startTestApp, TEST_NOW, type TestContext, textOf } from '../support/test-app.ts';
import { DATABASE_INDEPENDENT } from '../support/test-db.ts';

/** Surveys a local site that publishes real reports in their shapes (never the internet). */
describe('survey of published reports (gongkai check --urls)', { skip: DATABASE_INDEPENDENT }, () => {
  let site: ReportSite;
  let dir: string;
  before(async () => {
    site = await startReportSite();
    dir = mkdtempSync(join(tmpdir(), 'gk-survey-'));
  });
  after(async () => {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const list = () =>
    [
      `${site.base}/a/nb/\t宽城区欣园街道办事处\t乡镇级`,
      `${site.base}/b/nb/`,
      `${site.base}/c/report.docx`,
      `${site.base}/d/nb.html`,
      `${site.base}/e/report.html`,
      `${site.base}/f/missing.html\t某县某局`,
      `${site.base}/g/nb/`,
    ].join('\n');

  it('follows column pages to the report in every shape, retries a failing server and ranks the bodies', async () => {
    const { targets, problems } = parseTargetList(list());
    assert.deepEqual(problems, []);
    const fetcher = createFetcher({ hostDelayMs: 0, backoffMs: 1, cacheDir: join(dir, 'cache') });
    const progress: number[] = [];
    const outcomes = await surveyTargets(targets, fetcher, {
      year: null,
      concurrency: 3,
      onProgress: (done) => progress.push(done),
    });
    assert.deepEqual(
      progress,
      targets.map((_, i) => i + 1),
    );
    const by = (path: string) => outcomes.find((o) => o.url === `${site.base}${path}`)!;
    // Column page → the latest year's article (not the 通知), read from its tables.
    const a = by('/a/nb/');
    assert.equal(a.reportUrl, `${site.base}/a/nb/2020/art_1.html`);
    assert.equal(a.result?.agency, '宽城区欣园街道办事处');
    assert.ok(a.result?.findings.some((f) => f.rule === 'R3' && f.severity === 'error'));
    assert.equal(site.hits.get('/a/nb/notice.html'), undefined, 'the notice was not needed');
    // Column page → article → PDF attachment.
    const b = by('/b/nb/');
    assert.equal(b.reportUrl, `${site.base}/b/files/P020240131.pdf`);
    assert.equal(b.result?.readable, true);
    assert.equal(b.result?.year, 2023);
    // DOCX, GBK page, a server failing twice.
    assert.equal(by('/c/report.docx').result?.agency, '平潭综合实验区');
    assert.equal(by('/d/nb.html').result?.agency, '上海市人民政府办公厅');
    assert.equal(by('/e/report.html').result?.readable, true);
    assert.equal(site.hits.get('/e/report.html'), 3);
    assert.ok(fetcher.stats.retries >= 2);
    // A missing page and a column without a report, each with its reason.
    assert.match(by('/f/missing.html').fetchError ?? '', /网页不存在（404）/);
    assert.match(by('/g/nb/').fetchError ?? '', /没有找到年度报告/);

    const league = buildLeague(outcomes);
    assert.deepEqual(league.totals, {
      surveyed: 7,
      read: 5,
      clean: 0,
      withErrors: 4,
      unreadable: 0,
      unfetched: 2,
    });
    assert.equal(league.rows.at(-1)?.status, 'unfetched');
    assert.equal(league.byLevel.find((l) => l.level === 'township')?.surveyed, 1);
  });

  it('answers a second run from the cache, revalidating with ETag once it is old', async () => {
    const cacheDir = join(dir, 'cache2');
    const url = `${site.base}/a/nb/2020/art_1.html`;
    const first = createFetcher({ hostDelayMs: 0, cacheDir });
    await first.get(url);
    const again = createFetcher({ hostDelayMs: 0, cacheDir });
    const cached = await again.get(url);
    assert.equal(cached.fromCache, true);
    assert.equal(again.stats.requests, 0);
    const later = createFetcher({ hostDelayMs: 0, cacheDir, now: () => Date.now() + 2 * 86_400_000 });
    const revalidated = await later.get(url);
    assert.equal(later.stats.requests, 1);
    assert.equal(revalidated.fromCache, true, '304 Not Modified: the cached bytes are used');
    assert.ok(revalidated.bytes.length > 1000);
  });

  it('gongkai check --urls prints the league and writes it as CSV; a bad list is refused line by line', async () => {
    const listFile = join(dir, 'list.txt');
    writeFileSync(listFile, list());
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    const csv = join(dir, 'league.csv');
    const code = await main(
      [
        'check',
        '--urls',
        listFile,
        '--summary',
        csv,
        '--cache',
        join(dir, 'cli-cache'),
        '--concurrency',
        '7',
      ],
      io,
    );
    assert.equal(code, 1, 'some reports have errors');
    const text = out.join('\n');
    assert.match(text, /共检查7个机关：4个报告有错误/);
    assert.match(text, /按规则：\n {2}R/);
    assert.match(text, /1\. .+：错误\d+项/);
    assert.match(err.join('\n'), /\[7\/7\]/);
    const bytes = readFileSync(csv);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(bytes.toString('utf8'), /名次,机关,层级,年度,结果/);

    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, `${site.base}/a/nb/\nwww.example.gov.cn\n`);
    const err2: string[] = [];
    const code2 = await main(['check', '--urls', bad], { stdout: () => {}, stderr: (t) => err2.push(t) });
    assert.equal(code2, 2);
    assert.match(err2.join('\n'), /第2行“www\.example\.gov\.cn”不是以 http/);
    assert.equal(await main(['check', '--urls', bad, 'x.txt'], { stdout: () => {}, stderr: () => {} }), 2);
  });
});

/** The back-office survey: supervisors start it, any view shows its progress, the league and its files. */
describe('survey of published reports in the back office', () => {
  let site: ReportSite;
  let t: TestContext;
  before(async () => {
    site = await startReportSite();
    t = await startTestApp({ config: { SURVEY_HOST_DELAY_MS: '0' } });
  });
  after(async () => {
    await surveysIdle();
    await t.close();
    await site.close();
  });

  it('runs a list and the subtree’s own published reports, and shows the league with charts and files', async () => {
    const sup = t.agent();
    await sup.login('demo-supervisor');
    const form = await sup.get(paths.reports.surveys());
    assert.equal(form.statusCode, 200);
    const res = await sup.post(paths.reports.surveys(), {
      title: '宽城区年报检查',
      urls: `${site.base}/a/nb/\t宽城区欣园街道办事处\t乡镇级\n${site.base}/b/nb/\n${site.base}/f/missing.html`,
      year: '',
      own: '1',
    });
    assert.equal(res.statusCode, 303);
    const page = res.headers.location as string;
    await surveysIdle();
    const shown = await sup.get(page);
    assert.equal(shown.statusCode, 200);
    const text = textOf(shown.body);
    assert.match(text, /已检查 4 \/ 4 个/);
    assert.match(text, /已检查4个：2个报告有错误/);
    assert.match(text, /网页不存在（404）/);
    assert.ok(!shown.body.includes('http-equiv="refresh"'), 'a finished survey does not reload');
    assert.match(shown.body, /<figure class="gk-chart" id="survey-by-rule">/);
    assert.match(shown.body, /<svg[^>]+role="img"/);
    assert.match(shown.body, /按规则：出现问题的报告数和问题数/);
    // The demo's own published 2020 report (欣园街道) is read without fetching: the generator makes no error.
    assert.match(text, /宽城区欣园街道办事处 乡镇（街道）级 2020 /);

    const csv = await sup.get(`${page.replace(/\?.*$/, '')}/files/csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.ok(csv.body.startsWith('\ufeff名次,机关,层级'));
    assert.equal(csv.body.trim().split('\r\n').length, 5);
    const xlsx = await sup.get(`${page.replace(/\?.*$/, '')}/files/xlsx`);
    assert.equal(xlsx.statusCode, 200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb.getWorksheet('排名')?.rowCount, 5);

    // A second survey of the same address within a day reuses the result without fetching.
    const hits = site.hits.get('/a/nb/2020/art_1.html');
    const again = await sup.post(paths.reports.surveys(), {
      title: '',
      urls: `${site.base}/a/nb/`,
      year: '',
    });
    assert.equal(again.statusCode, 303);
    await surveysIdle();
    assert.equal(site.hits.get('/a/nb/2020/art_1.html'), hits);
    assert.match(textOf((await sup.get(again.headers.location as string)).body), /1个报告有错误/);
  });

  it('keeps what was typed and names the bad line', async () => {
    const sup = t.agent();
    await sup.login('demo-supervisor');
    const res = await sup.post(paths.reports.surveys(), {
      title: '试试',
      urls: 'www.example.gov.cn',
      year: '25',
    });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /第1行“www\.example\.gov\.cn”不是以 http/);
    assert.match(textOf(res.body), /年度应为四位数字/);
    assert.match(res.body, /value="试试"/);
    assert.match(res.body, />www\.example\.gov\.cn<\/textarea>/);
  });

  it('is for supervisors and administrators of the scope only', async () => {
    const clerk = t.agent();
    await clerk.login('demo-clerk');
    assert.equal((await clerk.get(paths.reports.surveys())).statusCode, 403);
    assert.ok(!(await clerk.get(paths.reports.list())).body.includes(paths.reports.surveys()));
    const sup = t.agent();
    await sup.login('demo-supervisor');
    assert.ok((await sup.get(paths.reports.list())).body.includes(paths.reports.surveys()));
    const res = await sup.post(paths.reports.surveys(), { urls: `${site.base}/g/nb/` });
    await surveysIdle();
    const page = (res.headers.location as string).replace(/\?.*$/, '');
    // A supervisor of a sibling street office sees nothing of it.
    const tuanshan = await t.database.db
      .selectFrom('agencies')
      .select('id')
      .where('name', '=', '宽城区团山街道办事处')
      .executeTakeFirstOrThrow();
    await createUser(
      t.database.db,
      SYSTEM_ACTOR,
      {
        login: 'tuanshan-supervisor',
        displayName: '团山主管',
        email: null,
        role: 'supervisor',
        agencyId: Number(tuanshan.id),
        password: DEMO_PASSWORD,
      },
      TEST_NOW,
    );
    const other = t.agent();
    await other.login('tuanshan-supervisor');
    assert.equal((await other.get(page)).statusCode, 404);
    assert.equal((await other.get(`${page}/files/csv`)).statusCode, 404);
    assert.ok(!textOf((await other.get(paths.reports.surveys())).body).includes(`${site.base}`));
    const admin = t.agent();
    await admin.login('demo-admin');
    assert.equal((await admin.get(page)).statusCode, 200);
  });
});
