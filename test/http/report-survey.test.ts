import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/main.ts';
import { surveyTargets } from '../../src/reports/survey/crawl.ts';
import { createFetcher } from '../../src/reports/survey/fetcher.ts';
import { buildLeague } from '../../src/reports/survey/league.rules.ts';
import { parseTargetList } from '../../src/reports/survey/targets.rules.ts';
import { type ReportSite, startReportSite } from '../support/report-site.ts';

/** Surveys a local site that publishes real reports in their shapes (never the internet). */
describe('survey of published reports (gongkai check --urls)', () => {
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
