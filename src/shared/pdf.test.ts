import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { closePdfBrowser, printFontFaces, printHtmlToPdf } from './pdf.ts';

const doc = (text: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title></head><body><p style="font-family:'Noto Serif CJK SC'">${text}</p></body></html>`;

/** The Chromium processes this test process started (its direct children). */
function ownChromium(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((pid) => pid > 0)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium');
      } catch {
        return false;
      }
    });
}

describe('printing HTML to PDF on warm pages', () => {
  after(() => closePdfBrowser());

  it('prints several documents at once on the shared browser, each its own', async () => {
    const pdfs = await Promise.all(['甲', '乙', '丙'].map((t) => printHtmlToPdf(doc(`文书${t}`))));
    for (const pdf of pdfs) assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(ownChromium().length, 1, 'one browser for the process');
  });

  it('starts a new browser when Chromium dies, and the next print succeeds', async () => {
    await printHtmlToPdf(doc('第一份'));
    const [pid] = ownChromium();
    assert.ok(pid, 'Chromium is running');
    process.kill(pid, 'SIGKILL');
    const pdf = await printHtmlToPdf(doc('第二份'));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const now = ownChromium();
    assert.equal(now.length, 1);
    assert.notEqual(now[0], pid);
  });

  it('gives the Noto names to the installed print fonts only (local(), nothing fetched)', () => {
    const css = printFontFaces();
    assert.doesNotMatch(css, /url\(/);
    for (const rule of css.match(/@font-face\{[^}]*\}/g) ?? [])
      assert.match(rule, /font-family:"Noto (Serif|Sans) CJK SC";font-weight:\d+;src:local\("Gongkai /);
  });
});
