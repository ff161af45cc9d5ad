/**
 * Redaction (issue 14, decision 017): a 20-page Chinese PDF (printed by Chromium, personal data on every
 * page) redacted end to end — read the characters, find every pattern, apply 8 boxes a page, strip,
 * append the legend, read the result back to check it — against a baseline measured in the same run:
 * MuPDF rewriting the same file with nothing removed (`mutool clean -gggg`, the floor of any rewrite).
 * Target ≤ 2 s. Timings are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPdf, redactPdf } from '../src/redaction/engine.ts';
import { PATTERN_IDS } from '../src/redaction/finders.rules.ts';
import { suggest } from '../src/redaction/redaction.rules.ts';
import { closePdfBrowser, printHtmlToPdf } from '../src/shared/pdf.ts';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

async function twentyPages(): Promise<Buffer> {
  let body = '';
  for (let i = 1; i <= 20; i++)
    body += `<section style="page-break-after:always"><h1>关于张三申请公开的答复（第${i}页）</h1>
<p>申请人：张三，身份证号 11010519491231002X，手机 13812345678，电话 0431-85551234。</p>
<p>住址：吉林省长春市宽城区欣园路88号3单元。邮箱 zhangsan@example.com。</p>
<p>银行卡号 6222021234567890128，统一社会信用代码 91330100799655058B。</p>
${'<p>本机关经审查，该信息属于可以公开的政府信息，现予公开。依据《中华人民共和国政府信息公开条例》第十三条，以公开为常态、不公开为例外。</p>'.repeat(12)}</section>`;
  const pdf = await printHtmlToPdf(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>答复</title></head><body>${body}</body></html>`,
  );
  await closePdfBrowser();
  return pdf;
}

async function redactOnce(pdf: Buffer): Promise<{ boxes: number; bytes: number }> {
  const text = await readPdf(pdf);
  const found = suggest(text.pages, { patterns: [...PATTERN_IDS], exact: ['张三'] });
  const boxes = found.flatMap((s) =>
    s.rects.map((rect) => ({ page: s.page, rect, ground: s.ground, text: s.value })),
  );
  const out = await redactPdf(pdf, boxes, { fileName: '答复.pdf', known: text });
  return { boxes: boxes.length, bytes: out.bytes.length };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-redact-'));
  try {
    const pdf = await twentyPages();
    const input = join(dir, 'in.pdf');
    writeFileSync(input, pdf);
    const first = await redactOnce(pdf);
    const redactions: number[] = [];
    const rewrites: number[] = [];
    for (let i = 0; i < 5; i++) {
      let t0 = performance.now();
      await redactOnce(pdf);
      redactions.push(performance.now() - t0);
      t0 = performance.now();
      execFileSync('mutool', ['clean', '-gggg', input, join(dir, 'clean.pdf')]);
      rewrites.push(performance.now() - t0);
    }
    const load = loadavg()[0] ?? 0;
    const r = median(redactions);
    const b = median(rewrites);
    console.log(
      `  20-page PDF, ${first.boxes} boxes, redacted end to end ${`${r.toFixed(0)} ms`.padStart(9)}   mutool clean (rewrite only) ${`${b.toFixed(0)} ms`.padStart(8)}   ratio ${(r / b).toFixed(2)}   target ≤ 2000 ms (load average ${load.toFixed(1)})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
