import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

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

describe('gongkai report and gongkai check on the generated files', () => {
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
