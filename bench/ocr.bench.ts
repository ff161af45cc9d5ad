/**
 * Scanned reports read by OCR (issue 13, decision 016): image-only PDFs made by rasterising real and
 * generated reports — clean, with scanner noise, with a 1.5° skew, with a red seal over table 3, and
 * all three at once — read back by the checker. Per source, resolution and damage it prints:
 *
 * - cells exact: table-3, table-4 and numeric table-2 cells equal to the truth (the text version's
 *   reading for the real PDF, the generator's own tables for generated reports);
 * - unsure: cells OCR left unknown (named, never judged); wrong: cells read as a different number
 *   without doubt (the dangerous kind); sum: cells a row sum decided;
 * - totals: the 总计 cells (table 3 and the three of table 4) exact;
 * - verdict: the error findings (rule and cell) are the same as the text version's (`same`), some are
 *   withheld because a cell they need was unsure (`withheld`: nothing invented), or not (`DIFFERENT`);
 * - read by: which reading was kept (`position`: readPlacedPages; `rows`: ruled rows as TAB text);
 * - seconds per page.
 *
 * `npm run bench -- ocr` runs everything (about 10 minutes on two cores): every resolution and damage on
 * the real PDF, three cases on each generated report; `OCR_BENCH=quick npm run bench -- ocr` only
 * 150 dpi clean and all-damage on the real PDF (`OCR_BENCH_N=5` adds 300 dpi, noise, skew). Scans are
 * read at 150 dpi as in production (300-dpi scans also at 300, for the cost).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CheckResult, checkBytes, checkScan } from '../src/reports/checker.ts';
import { type ApplicationRecord, countReport, type LitigationRecord } from '../src/reports/count/count.ts';
import type { ReportTables } from '../src/reports/format/tables.ts';
import type { FormatId } from '../src/reports/format/types.ts';
import { readScannedPdf } from '../src/reports/reader/ocr/index.ts';
import {
  addNoise,
  imagesToPdf,
  parsePpm,
  type RgbImage,
  rotateRgb,
  stampSeal,
} from '../src/reports/reader/ocr/scans.testing.ts';
import { renderOutput } from '../src/reports/render/index.ts';
import { defaultNarrative, type ReportDocument, renderNarrative } from '../src/reports/report.model.ts';
import { closePdfBrowser } from '../src/shared/pdf.ts';

const SHARED_PDF = new URL('../../../shared/reports/pdf/12.pdf', import.meta.url);

type Damage = 'clean' | 'noise' | 'skew' | 'seal' | 'all';

export function damage(pages: RgbImage[], kind: Damage, dpi: number): RgbImage[] {
  return pages.map((p, i) => {
    let img = p;
    if (kind === 'seal' || kind === 'all')
      img = stampSeal(img, img.width * 0.62, img.height * 0.72, dpi * 0.8);
    if (kind === 'skew' || kind === 'all') img = rotateRgb(img, 1.5);
    if (kind === 'noise' || kind === 'all') img = addNoise(img, 28, 0.003, i + 1);
    return img;
  });
}

function rasterise(pdf: Buffer, dpi: number, dir: string): RgbImage[] {
  rmSync(dir, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('pdftoppm', ['-r', String(dpi), '-', join(dir, 'p')], { input: pdf });
  return readdirSync(dir)
    .sort()
    .map((f) => parsePpm(readFileSync(join(dir, f))));
}

const TYPES = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'];
const OUTCOMES = [
  'granted',
  'partial',
  'denied.thirdParty',
  'unable.notHeld',
  'notProcessed.repeat',
  'withdrawn',
];

/** A generated report with varied figures (as the round-trip test makes them), one figure made wrong. */
export function generated(format: FormatId, year: number, n: number): ReportDocument {
  const records: ApplicationRecord[] = Array.from({ length: n }, (_, i) => ({
    applicantType: TYPES[(i * 7) % 6] ?? 'naturalPerson',
    receivedOn: i % 11 === 0 ? `${year - 1}-12-2${i % 9}` : `${year}-0${(i % 9) + 1}-1${i % 10}`,
    outcome: i % 13 === 0 ? null : (OUTCOMES[i % OUTCOMES.length] ?? 'granted'),
    closedOn: i % 13 === 0 ? null : `${year}-1${i % 3}-2${i % 8}`,
  }));
  const litigation: LitigationRecord[] = [
    { kind: 'review', filedOn: `${year}-02-01`, decidedOn: `${year}-04-01`, result: 'upheld' },
    { kind: 'review', filedOn: `${year}-09-01`, decidedOn: null, result: 'pending' },
    { kind: 'litigationDirect', filedOn: `${year}-03-01`, decidedOn: `${year}-08-01`, result: 'corrected' },
  ];
  const counted = countReport({
    format,
    year,
    applications: { records },
    litigation,
    article20: { 'licensing.decisions': 30, 'penalty.decisions': 4 },
    catalogue: null,
  });
  // One error a checker must find: a figure moved into the wrong column of 三（一）予以公开.
  const granted = [...(counted.applications.granted ?? [])];
  granted[0] = (granted[0] ?? 0) - 1;
  granted[1] = (granted[1] ?? 0) + 1;
  const tables: ReportTables = { ...counted, applications: { ...counted.applications, granted } };
  const ctx = { year, agencyName: '长春市宽城区欣园街道办事处' };
  return {
    version: 1,
    agencyId: 1,
    agencyName: ctx.agencyName,
    year,
    format,
    tables,
    narrative: renderNarrative(defaultNarrative(year), tables, ctx),
    signedOn: `${year + 1}-01-20`,
  };
}

interface Figures {
  cells: number;
  exact: number;
  unsure: number;
  wrong: number;
  bySum: number;
  totals: number;
  totalsExact: number;
  verdict: 'same' | 'withheld' | 'DIFFERENT';
}

function flat(t: ReportTables): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const [k, row] of Object.entries(t.applications)) {
    for (const [i, v] of (row ?? []).entries()) out.set(`a:${k}:${i}`, v);
  }
  for (const [i, v] of t.review.entries()) out.set(`r:${i}`, v);
  for (const [k, v] of Object.entries(t.proactive)) if (typeof v === 'number') out.set(`p:${k}`, v);
  return out;
}

function errorKeys(r: CheckResult): string[] {
  return r.findings
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.rule}:${f.table}:${f.row}:${f.column}`)
    .sort();
}

/**
 * `same`: the text version's errors exactly; `withheld`: some of them not raised because a cell they
 * need was unsure (no error invented); `DIFFERENT`: an error the text version does not have, or unreadable.
 */
function verdict(text: CheckResult, scan: CheckResult): 'same' | 'withheld' | 'DIFFERENT' {
  if (!scan.readable) return 'DIFFERENT';
  const want = errorKeys(text);
  const got = errorKeys(scan);
  if (want.join(' ') === got.join(' ')) return 'same';
  return got.every((k) => want.includes(k)) ? 'withheld' : 'DIFFERENT';
}

function compare(truth: ReportTables, textResult: CheckResult, scan: CheckResult): Figures {
  const want = flat(truth);
  const got = scan.tables ? flat(scan.tables) : new Map<string, number | null>();
  const f: Figures = {
    cells: 0,
    exact: 0,
    unsure: 0,
    wrong: 0,
    bySum: scan.scan?.corrected.length ?? 0,
    totals: 0,
    totalsExact: 0,
    verdict: 'DIFFERENT',
  };
  for (const [k, v] of want) {
    f.cells++;
    const isTotal = (k.startsWith('a:') && k.endsWith(':6')) || ['r:4', 'r:9', 'r:14'].includes(k);
    if (isTotal) f.totals++;
    const g = got.get(k);
    if (g === v) {
      f.exact++;
      if (isTotal) f.totalsExact++;
    } else if (g === null || g === undefined) f.unsure++;
    else f.wrong++;
    if (g !== v && process.env.OCR_BENCH_DIFF) console.log(`  ${k}: ${v} → ${g}`);
  }
  f.verdict = verdict(textResult, scan);
  return f;
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

export async function run(): Promise<void> {
  const quick = process.env.OCR_BENCH === 'quick';
  const work = mkdtempSync(join(tmpdir(), 'gongkai-ocr-bench-'));
  try {
    const sources: { name: string; pdf: Buffer; truth: ReportTables | null }[] = [];
    if (existsSync(SHARED_PDF))
      sources.push({ name: '12.pdf（洪泽区 2023）', pdf: readFileSync(SHARED_PDF), truth: null });
    if (!quick) {
      for (const [format, year, n] of [
        ['2021', 2023, 137],
        ['2019', 2020, 250],
      ] as const) {
        const doc = generated(format, year, n);
        sources.push({
          name: `生成的 ${format} 格式报告`,
          pdf: await renderOutput(doc, 'pdf'),
          truth: doc.tables,
        });
      }
      await closePdfBrowser();
    }
    // [scan resolution, damage, resolution it is read at]. Production reads every scan at 150 dpi.
    const full: [number, Damage, number][] = [
      [100, 'clean', 150],
      [150, 'clean', 150],
      [200, 'clean', 150],
      [300, 'clean', 150],
      [300, 'clean', 300],
      [150, 'noise', 150],
      [150, 'skew', 150],
      [150, 'seal', 150],
      [150, 'all', 150],
      [100, 'all', 150],
      [200, 'all', 150],
      [300, 'all', 150],
      [300, 'all', 300],
    ];
    const short: [number, Damage, number][] = [
      [150, 'clean', 150],
      [150, 'all', 150],
      [300, 'clean', 150],
      [150, 'noise', 150],
      [150, 'skew', 150],
    ];
    console.log(
      'source | scan dpi | damage | read at | cells exact | unsure | wrong | by sum | totals exact | verdict | read by | s/page',
    );
    for (const [n, src] of sources.entries()) {
      const plan = quick
        ? short.slice(0, Number(process.env.OCR_BENCH_N ?? 2))
        : n === 0
          ? full
          : short.slice(0, 3);
      const textResult = await checkBytes(src.pdf, '.pdf', { fileName: 'text.pdf' });
      const truth = src.truth ?? textResult.tables!;
      for (const [dpi, kind, readDpi] of plan) {
        const pages = damage(rasterise(src.pdf, dpi, join(work, 'pages')), kind, dpi);
        const scanPdf = imagesToPdf(pages, dpi);
        if (process.env.OCR_BENCH_KEEP)
          writeFileSync(`${process.env.OCR_BENCH_KEEP}-${dpi}-${kind}.pdf`, scanPdf);
        const t0 = process.hrtime.bigint();
        let result: CheckResult;
        try {
          result = checkScan(await readScannedPdf(scanPdf, { dpi: readDpi }), { fileName: 'scan.pdf' });
        } catch (e) {
          console.log(
            [
              src.name,
              dpi,
              kind,
              readDpi,
              `FAILED: ${e instanceof Error ? e.message.slice(0, 200) : e}`,
            ].join(' | '),
          );
          continue;
        }
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const f = compare(truth, textResult, result);
        console.log(
          [
            src.name,
            dpi,
            kind,
            readDpi,
            `${f.exact}/${f.cells} (${pct(f.exact, f.cells)})`,
            f.unsure,
            f.wrong,
            f.bySum,
            `${f.totalsExact}/${f.totals}`,
            f.verdict,
            result.scan?.readBy ?? '-',
            (seconds / pages.length).toFixed(2),
          ].join(' | '),
        );
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
