import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { FIXTURES_DIR } from '../../src/reports/fixtures.testing.ts';
import { DATABASE_INDEPENDENT } from '../support/test-db.ts';

const BIN = new URL('../../bin/gongkai.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gk-report-cli-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
      GONGKAI_DEMO_PASSWORD: 'Demo-Pass-2026',
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('gongkai report and gongkai check on the generated files', { skip: DATABASE_INDEPENDENT }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every output of the demo 2020 report; 三（七）总计 = 61; the checker reads them back clean', () => {
    assert.equal(run(['demo']).code, 0);
    const out = join(dir, 'out');
    const r = run(['report', '--agency', '宽城区欣园街道办事处', '--year', '2020', '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /三（七）总计：61件/);
    const files = readdirSync(out).sort();
    assert.deepEqual(
      files.map((f) => f.replace(/^.*\./, '')),
      ['docx', 'html', 'json', 'pdf', 'xlsx'],
    );
    const json = JSON.parse(readFileSync(join(out, files.find((f) => f.endsWith('.json'))!), 'utf8'));
    assert.deepEqual(json.tables.applications.totalProcessed, [61, 0, 0, 0, 0, 0, 61]);
    const check = run([
      'check',
      '--json',
      ...files.filter((f) => /\.(html|docx|pdf)$/.test(f)).map((f) => join(out, f)),
    ]);
    assert.equal(check.code, 0, check.out);
    const results = JSON.parse(check.out);
    assert.equal(results.length, 3);
    for (const x of results) {
      assert.deepEqual(x.tables.applications.totalProcessed, [61, 0, 0, 0, 0, 0, 61], x.file);
      assert.equal(x.agency, '宽城区欣园街道办事处');
    }
  });

  it('writes only the formats asked for; the published report from its stored files', () => {
    const out = join(dir, 'some');
    const r = run([
      'report',
      '--agency',
      '宽城区欣园街道办事处',
      '--year',
      '2020',
      '--out',
      out,
      '--format',
      'json,docx',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      readdirSync(out)
        .map((f) => f.replace(/^.*\./, ''))
        .sort(),
      ['docx', 'json'],
    );
    // The first run stored the published report's files: the same bytes are written again.
    const first = readdirSync(join(dir, 'out')).find((f) => f.endsWith('.docx'))!;
    assert.ok(readFileSync(join(out, first)).equals(readFileSync(join(dir, 'out', first))));
    const bad = run([
      'report',
      '--agency',
      '宽城区欣园街道办事处',
      '--year',
      '2020',
      '--out',
      out,
      '--format',
      'pdf,exe',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--format 只能是 html、docx、pdf、xlsx、json/);
  });

  it('explains bad arguments and unknown agencies', () => {
    const r = run(['report', '--year', '20x0']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--agency/);
    assert.match(r.err, /四位数的年度/);
    const u = run(['report', '--agency', '不存在的机关', '--year', '2020', '--out', join(dir, 'x')]);
    assert.equal(u.code, 2);
    assert.match(u.err, /没有名为“不存在的机关”的机构/);
  });
});

describe('gongkai check on a folder, with a summary table and 已说明 marks', {
  skip: DATABASE_INDEPENDENT,
}, () => {
  const root = mkdtempSync(join(tmpdir(), 'gk-check-folder-'));
  const folder = join(root, 'reports');
  after(() => rmSync(root, { recursive: true, force: true }));

  const check = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, 'check', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  /** Two real reports, a copy of one with a changed figure (in a subfolder), an empty and a binary file. */
  const setUp = () => {
    mkdirSync(join(folder, 'sub'), { recursive: true });
    copyFileSync(join(FIXTURES_DIR, '00.txt'), join(folder, '00.txt'));
    copyFileSync(join(FIXTURES_DIR, '02.txt'), join(folder, '02.txt'));
    const changed = readFileSync(join(FIXTURES_DIR, '02.txt'), 'utf8').replace(
      '（一）予以公开7000007',
      '（一）予以公开8000008',
    );
    writeFileSync(join(folder, 'sub', '02-改.txt'), changed);
    writeFileSync(join(folder, 'empty.txt'), '');
    writeFileSync(
      join(folder, 'binary.pdf'),
      Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37 + 11) % 256)),
    );
    writeFileSync(join(folder, 'notes.md'), '不检查的文件');
  };
  setUp();
  const EXPECTED_FILES = [
    'reports/00.txt',
    'reports/02.txt',
    'reports/binary.pdf',
    'reports/empty.txt',
    'reports/sub/02-改.txt',
  ];

  it('checks every report file of the folder in path order; bad files do not stop the run; CSV summary', () => {
    const r = check(['reports', '--summary', 'summary.csv']);
    assert.equal(r.code, 1, 'a readable report has errors (takes precedence over unreadable files)');
    assert.match(r.out, /【reports\/00\.txt】宽城区欣园街道办事处 2020年度/);
    assert.match(r.out, /【reports\/empty\.txt】\s+无法读取/);
    assert.match(r.out, /共检查5份报告：2份有错误，2份无法读取。/);
    assert.match(r.out, /文件夹“reports”：共5份，2份有错误，2份无法读取；错误3项，提醒\d+项，已说明0项。/);
    assert.match(r.out, /已写入汇总表：summary\.csv/);
    const bytes = readFileSync(join(root, 'summary.csv'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    assert.equal(lines[0], '文件,机关,年度,格式,是否可读,错误数,警告数,已说明数,规则,最可能出错的单元格');
    const rows = lines.slice(1).map((l) => l.split(','));
    assert.deepEqual(
      rows.map((x) => x[0]),
      EXPECTED_FILES,
    );
    assert.deepEqual(rows[0]!.slice(0, 8), [
      'reports/00.txt',
      '宽城区欣园街道办事处',
      '2020',
      '2019年格式',
      '是',
      '1',
      '10',
      '0',
    ]);
    assert.equal(rows[0]![8], 'R3、READ_EXTRA、STRUCTURE');
    assert.match(lines[1]!, /三（七）总计·自然人：表中0，应为61；三（七）总计·总计：表中0，应为61$/);
    assert.deepEqual(rows[1]!.slice(0, 6), [
      'reports/02.txt',
      '平潭综合实验区',
      '2019',
      '2019年格式',
      '是',
      '0',
    ]);
    assert.match(rows[2]![4]!, /^否：/);
    assert.match(rows[3]![4]!, /^否：/);
    assert.deepEqual(rows[4]!.slice(4, 6), ['是', '2']);
    assert.match(rows[4]![8]!, /^R3/);
  });

  it('writes the XLSX summary with --json, and marks findings 已说明 from an exported file', async () => {
    writeFileSync(join(root, 'explained.json'), JSON.stringify({ 'R3-c3f7dac5': '自然人栏已与台账核对' }));
    const r = check(['reports', '--json', '--summary=summary.xlsx', '--explained', 'explained.json']);
    assert.equal(r.code, 1, 'an explained error is still an error');
    const json = JSON.parse(r.out) as { file: string; findings: { id: string; explained?: string }[] }[];
    assert.deepEqual(
      json.map((x) => x.file),
      EXPECTED_FILES,
    );
    const marked = json[0]!.findings.find((f) => f.id === 'R3-c3f7dac5');
    assert.equal(marked?.explained, '自然人栏已与台账核对');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(root, 'summary.xlsx')) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('检查结果')!;
    assert.equal(ws.rowCount, 6);
    assert.equal(ws.getCell(1, 10).value, '最可能出错的单元格');
    assert.equal(ws.getCell(2, 1).value, 'reports/00.txt');
    assert.equal(ws.getCell(2, 6).value, 1, '错误数 is a number (one error changing two cells)');
    assert.equal(ws.getCell(2, 8).value, 1, '已说明数');
    assert.equal(ws.getCell(6, 8).value, 1, 'the same rule and cell in the changed copy');
    assert.match(String(ws.getCell(4, 5).value), /^否：/);
    const readable = check(['reports', '--explained', 'explained.json']);
    assert.match(readable.out, /错误1（已说明）：三（七）总计/);
    assert.match(readable.out, /说明：自然人栏已与台账核对/);
  });

  it('exit 2 when files are unreadable but no report has errors; clear messages for bad options', () => {
    const clean = join(root, 'clean');
    mkdirSync(clean);
    copyFileSync(join(FIXTURES_DIR, '02.txt'), join(clean, '02.txt'));
    writeFileSync(join(clean, 'empty.txt'), '');
    assert.equal(check(['clean']).code, 2);
    rmSync(join(clean, 'empty.txt'));
    assert.equal(check(['clean']).code, 0);
    const badSummary = check(['clean', '--summary', 'x.ods']);
    assert.equal(badSummary.code, 2);
    assert.match(badSummary.err, /\.csv 或 \.xlsx/);
    writeFileSync(join(root, 'bad.json'), '{"not-an-id": "x"}');
    const badExplained = check(['clean', '--explained', 'bad.json']);
    assert.equal(badExplained.code, 2);
    assert.match(badExplained.err, /不是问题编号/);
    mkdirSync(join(root, 'nothing'));
    const nothing = check(['nothing']);
    assert.equal(nothing.code, 2);
    assert.match(nothing.err, /没有 \.txt、\.html、\.docx 或 \.pdf 文件/);
    const missing = check(['no-such-folder']);
    assert.equal(missing.code, 2);
    assert.match(missing.out, /找不到文件或文件夹“[^”]*no-such-folder”/);
    // A summary that cannot be written is an error of the run, said in Chinese.
    const unwritable = check(['clean', '--summary', join(root, 'no-such-dir', 'x.csv')]);
    assert.equal(unwritable.code, 2);
    assert.match(unwritable.err, /无法写入汇总表/);
  });
});
