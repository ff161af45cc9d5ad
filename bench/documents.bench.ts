/**
 * Fast documents (docs/decisions/009-published-report-files.md), each against a baseline measured in
 * the same run (the machine is shared: absolute times move with its load, ratios much less):
 * 1. a warm reply-letter PDF (browser and page already started) vs Chromium printing an empty page
 *    on the same warm page — the floor of any print; target ≤ 500 ms;
 * 2. 20 concurrent downloads of a published report's stored PDF from the real app (demo data on
 *    SQLite) vs a bare node:http server sending the same bytes to 20 concurrent clients; target each
 *    ≤ 200 ms;
 * 3. `gongkai report` for the demo agency's published 2020 report (files stored), and for its 2023
 *    draft (rendered: counting, HTML, DOCX, XLSX, JSON and the PDF), vs `gongkai help` — the same
 *    process start without the work; target ≤ 5 s.
 * Timings are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAgencyByName } from '../src/agencies/agency.repository.ts';
import { letterHtml } from '../src/applications/letter-html.tsx';
import { closePdfBrowser, printHtmlToPdf, warmPdfPrinter } from '../src/shared/pdf.ts';
import { startTestApp } from '../test/support/test-app.ts';

const ROOT = new URL('../', import.meta.url).pathname;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function line(what: string, value: number, baseline: string, base: number, target: string) {
  console.log(
    `  ${what.padEnd(44)} ${`${value.toFixed(0)} ms`.padStart(9)}   ${baseline.padEnd(34)} ${`${base.toFixed(0)} ms`.padStart(8)}   ratio ${(value / base).toFixed(2).padStart(6)}   ${target}`,
  );
}

const LETTER_BODY = [
  '张三：',
  `你于2026年11月2日通过信函方式提出的政府信息公开申请收悉。${'经审查，你申请公开的“2025年度宽城区欣园街道办事处城市低保资金发放明细”属于本机关公开的政府信息。'.repeat(3)}`,
  '根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现将该信息提供给你，详见附件。',
  '如对本答复不服，可以在收到本答复之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。',
  '宽城区欣园街道办事处\n2026年11月20日',
].join('\n\n');

async function warmLetter(): Promise<void> {
  const html = await letterHtml('政府信息公开申请答复书', LETTER_BODY, ['低保资金发放明细.xlsx']);
  const blank =
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>空白</title></head><body></body></html>';
  await warmPdfPrinter();
  await printHtmlToPdf(html);
  await printHtmlToPdf(blank);
  const letters: number[] = [];
  const blanks: number[] = [];
  // Interleaved, so that both see the same machine load.
  for (let i = 0; i < 7; i++) {
    let t0 = performance.now();
    await printHtmlToPdf(html);
    letters.push(performance.now() - t0);
    t0 = performance.now();
    await printHtmlToPdf(blank);
    blanks.push(performance.now() - t0);
  }
  line(
    'warm letter PDF (median of 7)',
    median(letters),
    'empty page PDF, same warm page',
    median(blanks),
    'target ≤ 500 ms',
  );
}

/** Latency of each of `n` concurrent GETs of `url` (fresh connections), checking status and size. */
async function concurrent(url: string, n: number, size: number): Promise<number[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<number>((resolve, reject) => {
          const t0 = performance.now();
          http
            .get(url, { agent: false }, (res) => {
              let got = 0;
              res.on('data', (c: Buffer) => {
                got += c.length;
              });
              res.on('end', () => {
                if (res.statusCode !== 200 || got !== size)
                  reject(new Error(`${url}: ${res.statusCode}, ${got} bytes`));
                else resolve(performance.now() - t0);
              });
            })
            .on('error', reject);
        }),
    ),
  );
}

async function storedReportDownloads(): Promise<void> {
  const t = await startTestApp({ config: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const agency = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/agencies/${agency.id}/reports/2020/files/pdf`;
    // The demo report was published before files were stored: the first request renders and stores it.
    let t0 = performance.now();
    const first = await fetch(url);
    const bytes = Buffer.from(await first.arrayBuffer());
    const firstMs = performance.now() - t0;
    if (first.status !== 200) throw new Error(`${url}: ${first.status}`);
    const bare = http.createServer((_req, r) => {
      r.writeHead(200, { 'content-type': 'application/pdf', 'content-length': bytes.length });
      r.end(bytes);
    });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
    await concurrent(url, 20, bytes.length);
    await concurrent(bareUrl, 20, bytes.length);
    const apps: number[] = [];
    const bares: number[] = [];
    for (let round = 0; round < 3; round++) {
      apps.push(Math.max(...(await concurrent(url, 20, bytes.length))));
      bares.push(Math.max(...(await concurrent(bareUrl, 20, bytes.length))));
    }
    await new Promise<void>((r) => bare.close(() => r()));
    t0 = performance.now();
    console.log(
      `  (report PDF ${bytes.length} bytes; first request rendered and stored it in ${firstMs.toFixed(0)} ms)`,
    );
    line(
      'stored report PDF ×20 concurrent (slowest)',
      median(apps),
      'node:http same bytes ×20 (slowest)',
      median(bares),
      'target each ≤ 200 ms',
    );
  } finally {
    await t.close();
    await closePdfBrowser();
  }
}

function wall(args: string[], env: Record<string, string>): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/gongkai.js'), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !(args[0] === 'report' && r.status === 1))
    throw new Error(`gongkai ${args.join(' ')}: ${r.status} ${r.stderr}`);
  return ms;
}

async function reportCommand(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gk-documents-bench-'));
  try {
    const env = {
      DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
      UPLOAD_DIR: join(dir, 'uploads'),
      NODE_ENV: 'development',
      GONGKAI_DEMO_PASSWORD: 'Demo-Pass-2026',
    };
    wall(['demo'], env);
    const report = (year: string, out: string) => [
      'report',
      '--agency',
      '宽城区欣园街道办事处',
      '--year',
      year,
      '--out',
      join(dir, out),
    ];
    const help = median([wall(['help'], env), wall(['help'], env), wall(['help'], env)]);
    const first = wall(report('2020', 'a'), env);
    const stored = median([wall(report('2020', 'b'), env), wall(report('2020', 'c'), env)]);
    const draft = wall(report('2023', 'd'), env);
    line(
      'gongkai report, published 2020, stored',
      stored,
      'gongkai help (process start)',
      help,
      'target ≤ 5 s',
    );
    line(
      'gongkai report, published 2020, first run',
      first,
      'gongkai help (process start)',
      help,
      '(renders and stores)',
    );
    line(
      'gongkai report, draft 2023 (all rendered)',
      draft,
      'gongkai help (process start)',
      help,
      'target ≤ 5 s',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  console.log('documents');
  const only = process.env.DOCUMENTS_BENCH;
  if (!only || only.includes('letter')) {
    await warmLetter();
    await closePdfBrowser();
  }
  if (!only || only.includes('report')) await storedReportDownloads();
  if (!only || only.includes('cli')) await reportCommand();
}
