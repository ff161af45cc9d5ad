import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText, runCheckCommand, toJson } from './checker.ts';
import { FIXTURE_IDS, FIXTURES_DIR, type FixtureJson, fixtureJson, fixtureText } from './fixtures.testing.ts';
import { applicationRowPath, FORMATS } from './format/formats.ts';
import { applicationsFormat } from './format/tables.ts';
import type { ApplicationRowKey } from './format/types.ts';
import { readReport } from './reader/index.ts';
import type { Finding } from './rules/findings.ts';

/** The seven real reports (test/fixtures/reports): every cell as read by hand, and every failing check listed. */

const COLUMN_KEY: Record<string, string> = Object.fromEntries(
  FORMATS['2021'].tables.applications.columns.map((c) => [c.label, c.key]),
);

/** Expected proactive cells: a value, or `ambiguous` (null or the plausible reading are both fine). */
function expectedProactive(
  json: FixtureJson,
  format: '2019' | '2021',
): Map<string, { value: unknown; ambiguous: boolean; plausible: unknown }> {
  const out = new Map<string, { value: unknown; ambiguous: boolean; plausible: unknown }>();
  for (const block of FORMATS[format].tables.proactive.blocks) {
    const jb = json.proactive[block.caption] as Record<string, unknown> | undefined;
    if (!jb) continue;
    for (const row of block.rows) {
      let entry: unknown;
      for (const label of [row.label, ...row.variants]) {
        if (label in jb) entry = jb[label];
        for (const v of Object.values(jb)) {
          if (v && typeof v === 'object' && !Array.isArray(v) && label in (v as object))
            entry = (v as Record<string, unknown>)[label];
        }
      }
      if (entry === undefined) continue;
      row.cells.forEach((cell, i) => {
        if (Array.isArray(entry)) out.set(cell.key, { value: entry[i], ambiguous: false, plausible: null });
        else if (entry && typeof entry === 'object') {
          const e = entry as { ambiguous?: boolean; plausible_reading?: unknown[] };
          out.set(cell.key, { value: null, ambiguous: true, plausible: e.plausible_reading?.[i] ?? null });
        } else out.set(cell.key, { value: entry, ambiguous: false, plausible: null });
      });
    }
  }
  return out;
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'string' && typeof actual === 'number') return Number(expected) === actual;
  if (typeof actual === 'string' && typeof expected === 'number') return actual === String(expected);
  return actual === expected;
}

describe('reader on the real reports', () => {
  for (const id of FIXTURE_IDS) {
    it(`${id}: reads every cell exactly as the hand-read JSON`, () => {
      const json = fixtureJson(id);
      const r = readReport(fixtureText(id));
      assert.ok(r.ok, `${id} not readable: ${r.ok ? '' : r.reason}`);
      assert.equal(r.year, json.year);
      assert.equal(r.format, json.format);
      const plain = (s: string) => s.replace(/（[^）]*）/g, '');
      assert.ok(r.agency, 'agency read');
      assert.ok(
        plain(json.agency).includes(r.agency) ||
          r.agency.includes(plain(json.agency)) ||
          json.agency.includes(r.agency.slice(-2)),
        `agency ${r.agency} vs ${json.agency}`,
      );
      const format = applicationsFormat(r.tables);
      const leafKeys = format.tables.applications.leafKeys;
      const jsonRows = Object.keys(json.applications.rows);
      assert.deepEqual(
        leafKeys.map((k) => applicationRowPath(format, k)),
        jsonRows,
        'row labels of the format equal the printed labels',
      );
      for (const key of leafKeys) {
        assert.deepEqual(
          r.tables.applications[key],
          json.applications.rows[applicationRowPath(format, key)],
          `${id} ${key}`,
        );
      }
      assert.deepEqual(r.tables.review, json.reconsideration_litigation, `${id} review`);
      for (const [key, exp] of expectedProactive(json, r.format)) {
        const actual = r.tables.proactive[key];
        if (exp.ambiguous) {
          assert.ok(
            actual === null || sameValue(actual, exp.plausible),
            `${id} ${key}: ${actual} (ambiguous in JSON)`,
          );
          if (actual === null)
            assert.ok(r.findings.some((f) => f.rule === 'READ_AMBIGUOUS' && f.table === 'proactive'));
        } else
          assert.ok(sameValue(actual, exp.value), `${id} ${key}: ${String(actual)} ≠ ${String(exp.value)}`);
      }
    });
  }
});

/** Does a finding (or a check grouped under it) cover one listed inconsistency? */
function covers(
  f: Finding,
  inc: FixtureJson['inconsistencies'][number],
  rowKeyOf: (p: string) => string | undefined,
): boolean {
  const checks = [f, ...(f.checks ?? [])];
  switch (inc.type) {
    case 'row_total':
    case 'row_total_blank':
      return checks.some((c) => c.rule === 'R2' && c.row === rowKeyOf(inc.row ?? ''));
    case 'result_subrows_vs_total':
      return checks.some((c) => c.rule === 'R3' && c.column === COLUMN_KEY[inc.column ?? '']);
    case 'balance':
      return checks.some((c) => c.rule === 'R1' && c.column === COLUMN_KEY[inc.column ?? '']);
    case 'review_total': {
      const group = inc.group?.includes('复议后起诉')
        ? 'litigationAfterReview'
        : inc.group?.includes('直接起诉')
          ? 'litigationDirect'
          : 'review';
      return checks.some((c) => c.rule === 'R4' && c.column === `${group}.total`);
    }
    case 'text_vs_table': {
      if (f.rule !== 'TEXT') return false;
      if (/均获维持/.test(inc.detail) && !/\d+件/.test(inc.detail.split(';')[0] ?? ''))
        return f.row === 'reviewOutcome';
      const stated = /Narrative:[^0-9]*?(\d+)\s*件/.exec(inc.detail);
      if (/均获维持/.test(inc.detail)) return f.row === 'reviewOutcome';
      return stated ? f.actual === Number(stated[1]) : true;
    }
    default:
      return false;
  }
}

describe('checker on the real reports', () => {
  for (const id of FIXTURE_IDS) {
    it(`${id}: finds every listed failing check${['02', '06'].includes(id) ? ' and no error' : ''}`, () => {
      const json = fixtureJson(id);
      const result = checkText(fixtureText(id), { fileName: `${id}.txt` });
      assert.ok(result.readable);
      const format = result.tables ? applicationsFormat(result.tables) : FORMATS['2021'];
      const rowKeyOf = (path: string) =>
        format.tables.applications.leafKeys.find(
          (k: ApplicationRowKey) => applicationRowPath(format, k) === path,
        );
      const errors = result.findings.filter((f) => f.severity === 'error');
      for (const inc of json.inconsistencies) {
        assert.ok(
          errors.some((f) => covers(f, inc, rowKeyOf)) ||
            result.findings.some((f) => covers(f, inc, rowKeyOf)),
          `${id}: not found: ${inc.type} ${inc.row ?? inc.column ?? inc.group ?? ''} — ${inc.detail}`,
        );
      }
      if (json.inconsistencies.length === 0) assert.deepEqual(errors, [], `${id}: false alarms`);
    });
  }

  it('00: names the （七）总计 row as the wrong cells, value 61', () => {
    const r = checkText(fixtureText('00'));
    const culprits = r.findings.filter((f) => f.checks && f.row === 'totalProcessed');
    assert.deepEqual(culprits.map((f) => [f.column, f.actual, f.expected]).sort(), [
      ['naturalPerson', 0, 61],
      ['total', 0, 61],
    ]);
    assert.equal(
      r.findings.filter((f) => f.severity === 'error').length,
      2,
      'one culprit, not four failures',
    );
  });

  it('07: 2 社会公益组织 applications moved to 自然人 in the 总计 row', () => {
    const r = checkText(fixtureText('07'));
    const culprits = r.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(culprits.map((f) => [f.row, f.column, f.actual, f.expected]).sort(), [
      ['totalProcessed', 'naturalPerson', 18, 16],
      ['totalProcessed', 'publicInterest', 0, 2],
    ]);
  });

  it('12: the 总计 cells of 复议 and 复议后起诉 are the wrong ones; the 2019 （六） row is flagged', () => {
    const r = checkText(fixtureText('12'));
    const errors = r.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => [f.column, f.actual, f.expected]).sort(), [
      ['litigationAfterReview.total', 0, 5],
      ['review.total', 0, 11],
    ]);
    assert.ok(r.findings.some((f) => f.rule === 'LAYOUT' && f.row === 'other'));
  });

  it('19: the blank 四 总计 cell should be 1 and explains the balance failure', () => {
    const r = checkText(fixtureText('19'));
    const errors = r.findings.filter((f) => f.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.row, 'carryForward');
    assert.equal(errors[0]?.expected, 1);
    assert.equal(errors[0]?.source?.line, 181);
  });

  it('finding ids are stable across re-checks', () => {
    const a = checkText(fixtureText('07')).findings.map((f) => f.id);
    const b = checkText(fixtureText('07')).findings.map((f) => f.id);
    assert.deepEqual(a, b);
  });

  it('06: glued rows decided by column sums are noted as assumed, not proven', () => {
    const r = checkText(fixtureText('06'));
    assert.ok(r.notes.length > 0);
    const decided = [...(r.reading?.provenance.entries() ?? [])].filter(
      ([, s]) => s.decidedBy === 'columnSums',
    );
    assert.ok(decided.length >= 7, 'at least one row split by column sums');
    assert.ok(decided.every(([id]) => id.startsWith('applications:')));
  });
});

describe('gongkai check', () => {
  const run = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await runCheckCommand(argv, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
    });
    return { code, out, err };
  };
  it('exit 0 when no errors (02, 06)', async () => {
    const r = await run([`${FIXTURES_DIR}02.txt`, `${FIXTURES_DIR}06.txt`]);
    assert.equal(r.code, 0);
    assert.match(r.out, /共检查2份报告/);
  });
  it('exit 1 when errors; --json gives one object per file with the required keys', async () => {
    const r = await run([
      `${FIXTURES_DIR}00.txt`,
      `${FIXTURES_DIR}07.txt`,
      `${FIXTURES_DIR}06.txt`,
      '--json',
    ]);
    assert.equal(r.code, 1);
    const parsed = JSON.parse(r.out) as Record<string, unknown>[];
    assert.equal(parsed.length, 3);
    for (const o of parsed) {
      assert.deepEqual(Object.keys(o), ['file', 'format', 'year', 'agency', 'tables', 'findings']);
      const t = o.tables as { applications: Record<string, unknown[]>; review: unknown[] };
      assert.equal(t.review.length, 15);
      for (const row of Object.values(t.applications)) assert.equal(row.length, 7);
      for (const f of o.findings as Record<string, unknown>[]) {
        for (const k of ['rule', 'severity', 'table', 'row', 'column', 'expected', 'actual', 'message'])
          assert.ok(k in f, k);
      }
    }
    const f07 = parsed[1]!.findings as { rule: string }[];
    assert.ok(
      f07.some((f) => f.rule === 'COPY'),
      '07 copies the zone-wide 复议/诉讼 row of 06',
    );
  });
  it('exit 2 when a file is not readable; usage on no files', async () => {
    assert.equal((await run([`${FIXTURES_DIR}README.md`])).code, 2);
    assert.equal((await run(['/nonexistent/report.txt'])).code, 2);
    assert.equal((await run(['/tmp/report.pdf'])).code, 2);
    const usage = await run([]);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /用法/);
  });
  it('toJson of an unreadable text', () => {
    const parsed = JSON.parse(toJson([checkText('', { fileName: 'empty.txt' })])) as {
      tables: unknown;
      findings: { rule: string }[];
    }[];
    assert.equal(parsed[0]?.tables, null);
    assert.equal(parsed[0]?.findings[0]?.rule, 'READ_UNREADABLE');
  });
});

describe('HTML input', () => {
  it('01 as an HTML page (cells in <td>, &nbsp; for blanks) reads to the same tables', () => {
    const text = fixtureText('01');
    const html = `<html><body>${text
      .split('\n')
      .map((l) =>
        l.includes('\t')
          ? `<table><tr>${l
              .split('\t')
              .map((c) => `<td>${c === '' ? '&nbsp;' : c.replace(/&/g, '&amp;')}</td>`)
              .join('')}</tr></table>`
          : `<p>${l}</p>`,
      )
      .join('\n')}</body></html>`;
    const fromText = readReport(text);
    const fromHtml = readReport(html);
    assert.ok(fromText.ok && fromHtml.ok);
    assert.deepEqual(fromHtml.tables, fromText.tables);
    assert.equal(fromHtml.year, 2019);
  });
});
