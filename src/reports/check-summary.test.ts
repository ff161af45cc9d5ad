import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { SUMMARY_HEADERS, summaryBytes, summaryCsv, summaryRow, summaryXlsx } from './check-summary.ts';
import { applyExplanations, checkText, exitStatus, formatSummary, parseCheckArgs } from './checker.ts';
import { fixtureText } from './fixtures.testing.ts';
import { distinctProblems, problemCount } from './rules/findings.ts';

describe('check summary table', () => {
  it('one row per file: counts, rules and the most likely wrong cell with its value', () => {
    const r00 = checkText(fixtureText('00'), { fileName: '00.txt' });
    const row = summaryRow(r00);
    assert.equal(row.agency, '宽城区欣园街道办事处');
    assert.equal(row.year, 2020);
    assert.equal(row.format, '2019年格式');
    assert.equal(row.readable, '是');
    // 00.txt prints its 三（七）总计 row as 0 while 61 applications were answered: one error, although
    // the correction changes two cells (自然人 and 总计).
    assert.equal(row.errors, 1);
    assert.equal(row.warnings, 10, 'one blank-cell warning and nine on the outline');
    assert.equal(row.explained, 0);
    assert.equal(row.rules, 'R3、READ_EXTRA、STRUCTURE');
    assert.match(row.likelyWrong, /三（七）总计·自然人：表中0，应为61/);
    const empty = summaryRow(checkText('', { fileName: 'empty.txt' }));
    assert.match(empty.readable, /^否：/);
    assert.equal(empty.errors, 0);
  });

  it('counts each distinct error once, as many as the checker lists', () => {
    const r00 = checkText(fixtureText('00'), { fileName: '00.txt' });
    const errorFindings = r00.findings.filter((f) => f.severity === 'error');
    assert.equal(errorFindings.length, 2, 'two cells of one correction');
    assert.ok(errorFindings[0]!.sameError, 'the two cells share one error');
    assert.equal(errorFindings[0]!.sameError, errorFindings[1]!.sameError);
    assert.equal(distinctProblems(errorFindings).length, 1);
    assert.equal(problemCount(r00.findings, 'error'), 1);
    const text = formatSummary([r00]);
    assert.match(text, /错误1项，提醒10项。/);
    assert.equal(text.match(/ {2}错误\d+：/g)?.length, 1, 'one error listed');
  });

  it('counts findings marked 已说明; an explained error still counts as an error', () => {
    const r = checkText(fixtureText('00'), { fileName: '00.txt' });
    const first = r.findings[0]!;
    const marked = applyExplanations(r, new Map([[first.id, '台账核实无误']]));
    assert.deepEqual(marked.explained, { [first.id]: '台账核实无误' });
    assert.equal(summaryRow(marked).explained, 1);
    assert.equal(summaryRow(marked).errors, 1);
    assert.equal(exitStatus([marked]), 1);
    assert.equal(applyExplanations(r, new Map([['R1-00000000', 'x']])), r, 'unknown ids are ignored');
  });

  it('CSV: UTF-8 with BOM, CRLF, quoted where needed', () => {
    const rows = [summaryRow(checkText(fixtureText('00'), { fileName: 'a,"b".txt' }))];
    const csv = summaryCsv(rows);
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    assert.equal(lines[0], SUMMARY_HEADERS.join(','));
    assert.ok(lines[1]!.startsWith('"a,""b"".txt",宽城区欣园街道办事处,2020,2019年格式,是,1,10,0,'));
    assert.equal(lines[2], '');
  });

  it('XLSX: the same rows, numbers as numbers', async () => {
    const rows = [summaryRow(checkText(fixtureText('07'), { fileName: '07.txt' }))];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await summaryXlsx(rows)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('检查结果')!;
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), [...SUMMARY_HEADERS]);
    assert.equal(ws.getCell(2, 1).value, '07.txt');
    assert.equal(ws.getCell(2, 3).value, 2021);
    // 07.txt: two applications counted under 自然人 instead of 社会公益组织 in 三（七）总计, one error.
    assert.equal(ws.getCell(2, 6).value, 1);
    assert.equal(await summaryBytes(rows, 'x.ods'), null);
  });

  it('exit status: errors first, then unreadable files, else 0', () => {
    const bad = checkText(fixtureText('00'));
    const clean = checkText(fixtureText('02'));
    const unreadable = checkText('这不是年度报告。');
    assert.equal(exitStatus([clean]), 0);
    assert.equal(exitStatus([clean, unreadable]), 2);
    assert.equal(exitStatus([bad, unreadable]), 1);
    assert.equal(exitStatus([unreadable]), 2);
  });

  it('parses the options of gongkai check', () => {
    assert.deepEqual(parseCheckArgs(['a', '--summary', 's.xlsx', '--explained=e.json', 'b', '--json']), {
      json: true,
      summary: 's.xlsx',
      explained: 'e.json',
      paths: ['a', 'b'],
    });
    assert.throws(() => parseCheckArgs(['a', '--summary', 's.txt']), /\.csv 或 \.xlsx/);
    assert.throws(() => parseCheckArgs(['a', '--summary']), /选项“--summary”缺少值/);
    assert.throws(() => parseCheckArgs(['a', '--bogus']), /无法识别的选项“--bogus”/);
    assert.throws(() => parseCheckArgs(['--json']), /请给出要检查的文件/);
  });
});
