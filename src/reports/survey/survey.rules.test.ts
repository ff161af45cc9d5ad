import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult } from '../check-result.ts';
import { checkText } from '../checker.ts';
import { fixtureText } from '../fixtures.testing.ts';
import { buildLeague, leagueCells, type SurveyOutcome } from './league.rules.ts';
import { findReportLinks, guessLevel, parseLevel, parseTargetList } from './targets.rules.ts';

describe('parseTargetList', () => {
  it('reads addresses with optional name and level, skipping comments, blanks and repeats', () => {
    const { targets, problems } = parseTargetList(
      '\ufeff# 清单\nhttps://a.gov.cn/nb/\t甲市乙区人民政府\t县级\n\nhttps://b.gov.cn/x.pdf,丙镇人民政府\nhttps://a.gov.cn/nb/#top\n',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      targets.map((t) => [t.line, t.url, t.name, t.level]),
      [
        [2, 'https://a.gov.cn/nb/', '甲市乙区人民政府', 'county'],
        [4, 'https://b.gov.cn/x.pdf', '丙镇人民政府', 'township'],
      ],
    );
  });

  it('names every bad line and its problem', () => {
    const { problems } = parseTargetList('ftp://a.gov.cn/\nwww.b.gov.cn\nhttps://c.gov.cn/\t丁局\t部级\n');
    assert.deepEqual(
      problems.map((p) => p.line),
      [1, 2, 3],
    );
    assert.match(problems[0]!.message, /第1行“ftp:\/\/a\.gov\.cn\/”不是以 http/);
    assert.match(problems[2]!.message, /层级“部级”无法识别/);
  });

  it('refuses an empty list', () => {
    assert.match(parseTargetList('# nothing\n').problems[0]!.message, /没有网址/);
  });
});

describe('levels', () => {
  it('reads the written levels', () => {
    assert.equal(parseLevel('县（区）级'), 'county');
    assert.equal(parseLevel('乡镇（街道）级'), 'township');
    assert.equal(parseLevel('省级'), 'province');
    assert.equal(parseLevel('部级'), null);
  });

  it('guesses from the last administrative unit named, not from words that only contain one', () => {
    assert.equal(guessLevel('上海市人民政府办公厅'), 'city');
    assert.equal(guessLevel('北京市朝阳区卫生健康委员会'), 'county');
    assert.equal(guessLevel('某市市场监督管理局'), 'city');
    assert.equal(guessLevel('某县某镇人民政府'), 'township');
    assert.equal(guessLevel('广西壮族自治区交通运输厅'), 'province');
    assert.equal(guessLevel('某区某街道办事处'), 'township');
    assert.equal(guessLevel('国家统计局'), null);
  });
});

describe('findReportLinks', () => {
  const column = `
    <ul>
      <li><a href="2025/art_1.html" title="某区人民政府2025年政府信息公开工作年度报告">某区人民政府2025年政府信息…</a></li>
      <li><a href="/nb/2024/art_2.html">某区人民政府2024年政府信息公开工作年度报告</a></li>
      <li><a href="notice.html">关于报送2025年度政府信息公开工作年度报告的通知</a></li>
      <li><a href="javascript:void(0)">2025年度报告</a></li>
      <li><a href="news.html">新闻动态</a></li>
      <li><a href="files/附件.pdf">附件：2025年度报告.pdf</a></li>
    </ul>`;

  it('ranks the wanted year first, the full title ahead of an attachment, a notice last, and drops the rest', () => {
    const links = findReportLinks(column, 'https://q.gov.cn/nb/', 2025);
    assert.deepEqual(
      links.map((l) => [l.url, l.kind, l.year]),
      [
        ['https://q.gov.cn/nb/2025/art_1.html', 'html', 2025],
        ['https://q.gov.cn/nb/files/%E9%99%84%E4%BB%B6.pdf', 'pdf', 2025],
        ['https://q.gov.cn/nb/notice.html', 'html', 2025],
        ['https://q.gov.cn/nb/2024/art_2.html', 'html', 2024],
      ],
    );
  });

  it('without a year, the latest comes first', () => {
    const links = findReportLinks(column, 'https://q.gov.cn/nb/');
    assert.equal(links[0]!.year, 2025);
    assert.ok(links.findIndex((l) => l.year === 2024) > links.findIndex((l) => l.year === 2025));
  });
});

describe('buildLeague', () => {
  const outcome = (
    url: string,
    result: CheckResult | null,
    extra: Partial<SurveyOutcome> = {},
  ): SurveyOutcome => ({
    url,
    listedName: null,
    listedLevel: null,
    reportUrl: result ? url : null,
    fetchError: result ? null : '网页不存在（404）',
    result,
    ...extra,
  });
  const bad = checkText(fixtureText('00'), { fileName: '00.txt' });
  const good = checkText(fixtureText('06'), { fileName: '06.txt' });
  const unreadable = checkText('这不是年度报告。', { fileName: 'x.txt' });

  it('puts reports with errors first, then clean ones, then unreadable and unfetched', () => {
    const league = buildLeague([
      outcome('https://d.gov.cn/', null, { listedName: '丁镇人民政府' }),
      outcome('https://c.gov.cn/', unreadable),
      outcome('https://b.gov.cn/', good),
      outcome('https://a.gov.cn/', bad),
    ]);
    assert.deepEqual(
      league.rows.map((r) => [r.rank, r.status, r.url]),
      [
        [1, 'errors', 'https://a.gov.cn/'],
        [2, 'warnings', 'https://b.gov.cn/'],
        [3, 'unreadable', 'https://c.gov.cn/'],
        [4, 'unfetched', 'https://d.gov.cn/'],
      ],
    );
    assert.equal(league.rows[3]!.agency, '丁镇人民政府');
    assert.equal(league.rows[3]!.level, 'township');
    assert.deepEqual(league.totals, {
      surveyed: 4,
      read: 2,
      clean: league.totals.clean,
      withErrors: 1,
      unreadable: 1,
      unfetched: 1,
    });
    const r3 = league.byRule.find((r) => r.key === 'R3');
    assert.ok(r3 && r3.reports === 1, 'the 三（七）总计 error of 00.txt is counted under R3');
    assert.ok(league.byYear.length >= 1);
    assert.equal(leagueCells(league.rows[0]!)[4], '有错误');
  });

  it('bodies with the same counts share a place', () => {
    const league = buildLeague([outcome('https://a.gov.cn/', bad), outcome('https://b.gov.cn/', bad)]);
    assert.deepEqual(
      league.rows.map((r) => r.rank),
      [1, 1],
    );
  });
});
