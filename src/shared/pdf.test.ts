import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { closePdfBrowser, printFontFaces, printHtmlToPdf, svgsToPng } from './pdf.ts';

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

  it('draws SVG pictures as PNG at twice their size on the same warm browser, each its own', async () => {
    const svg = (w: number, h: number, fill: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="${fill}"/><text x="4" y="20">图</text></svg>`;
    const shots = await svgsToPng([svg(200, 100, '#0072B2'), svg(120, 90, '#E69F00')]);
    assert.deepEqual(
      shots.map((s) => [s.width, s.height]),
      [
        [400, 200],
        [240, 180],
      ],
    );
    for (const s of shots) {
      assert.equal(s.png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
      assert.deepEqual([s.png.readUInt32BE(16), s.png.readUInt32BE(20)], [s.width, s.height]);
    }
    assert.notDeepEqual(shots[0]?.png, shots[1]?.png);
    assert.deepEqual(await svgsToPng([]), []);
    await assert.rejects(svgsToPng(['<svg xmlns="http://www.w3.org/2000/svg"></svg>']), /width and height/);
    // The page goes back to the printer and still prints.
    assert.equal((await printHtmlToPdf(doc('之后'))).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(ownChromium().length, 1, 'one browser for the process');
  });
});
