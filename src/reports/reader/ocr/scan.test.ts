import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkFile, formatSummary, toJson } from '../../checker.ts';

/**
 * A scanned report read by OCR (issue 13, decision 016), end to end: `test/fixtures/reports/scan-12-p3-4.pdf`
 * is pages 3–4 of the real report `../shared/reports/pdf/12.pdf` rasterised at 150 dpi and put back
 * into an image-only PDF, with a red seal over table 3 and a smudge over the 0 of the “10” in
 * 三（四）1.本机关不掌握相关政府信息·自然人. Tesseract and its Simplified Chinese model come from
 * Debian (scripts/ensure-system-deps.sh).
 */

const FIXTURE = fileURLToPath(new URL('../../../../test/fixtures/reports/scan-12-p3-4.pdf', import.meta.url));

function hasTesseract(): boolean {
  try {
    return /chi_sim/.test(execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: 'pipe' }));
  } catch {
    return false;
  }
}

describe('a scanned PDF read by OCR', { skip: hasTesseract() ? false : 'no tesseract with chi_sim' }, () => {
  it('reads the tables, names the smudged cell instead of judging it, and keeps the verdict', async () => {
    const r = await checkFile(FIXTURE);
    assert.ok(r.readable, r.reason ?? '');
    assert.ok(r.scan, 'the result says the file was a scan');
    assert.equal(r.scan.pages, 2);
    assert.equal(r.format, '2021');
    const a = r.tables!.applications;
    assert.deepEqual(a.newReceived, [21, 0, 0, 0, 0, 0, 21]);
    assert.deepEqual(a.partial, [4, 0, 0, 0, 0, 0, 4]);
    assert.deepEqual(a['denied.stateSecret'], [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(a['unable.needCreation'], [3, 0, 0, 0, 0, 0, 3]);
    assert.deepEqual(a.totalProcessed, [21, 0, 0, 0, 0, 0, 21]);
    assert.deepEqual(r.tables!.review, [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]);
    // (Table 2 starts on page 2, not in the fixture: its tail on page 3 is not read as table 2.)

    // The smudged 10: unknown and named (no sum can settle it: its row total is the only other figure).
    const smudged = '（四）无法提供1.本机关不掌握相关政府信息·自然人';
    assert.deepEqual(r.scan.unsure, [smudged]);
    assert.equal(a['unable.notHeld']?.[0], null);
    assert.ok(r.findings.some((f) => f.rule === 'READ_AMBIGUOUS' && f.message.includes(smudged)));

    // The verdict of the text version: only the two 复议/诉讼 totals printed as 0 are errors.
    assert.deepEqual(
      r.findings
        .filter((f) => f.severity === 'error')
        .map((f) => `${f.rule}:${f.column}`)
        .sort(),
      ['R4:litigationAfterReview.total', 'R4:review.total'],
    );

    // What `gongkai check` prints, and its JSON.
    const text = formatSummary([r]);
    assert.match(text, /本文件是扫描件（PDF 中没有文字），由本机文字识别（OCR）读出：2页，150 dpi/);
    assert.match(text, new RegExp(`识别不确定、暂不核对的单元格1个：${smudged.replace(/[（）.]/g, '\\$&')}`));
    const json = JSON.parse(toJson([r])) as { scan?: { unsure: string[] } }[];
    assert.deepEqual(json[0]?.scan?.unsure, [smudged]);
  });
});
