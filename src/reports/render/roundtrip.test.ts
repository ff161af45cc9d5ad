import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { closePdfBrowser } from '../../shared/pdf.ts';
import { checkBytes } from '../checker.ts';
import {
  type ApplicationRecord,
  type Article20Figures,
  countReport,
  type LitigationRecord,
} from '../count/count.ts';
import type { FormatId } from '../format/types.ts';
import { defaultNarrative, type ReportDocument, renderNarrative } from '../report.model.ts';
import { yearSeries } from '../trends.rules.ts';
import { renderOutput } from './index.ts';
import { CHROMIUM_PATH } from './pdf.ts';

/** Generated reports read back by the checker give the same tables and no error (docs/domain/report-formats.md#reading). */

const TYPES = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'];
const OUTCOMES = [
  'granted',
  'partial',
  'denied.thirdParty',
  'unable.notHeld',
  'notProcessed.repeat',
  'other.overdueFee',
  'withdrawn',
  'denied.processInfo',
];

function sampleDocument(format: FormatId, year: number, n: number): ReportDocument {
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
  const article20: Article20Figures =
    format === '2019'
      ? {
          'licensing.prevYearItems': 12,
          'licensing.delta': -2,
          'licensing.decisions': 30,
          'procurement.projects': 2,
          'procurement.totalAmountText': '251000元',
        }
      : { 'licensing.decisions': 30, 'penalty.decisions': 4, 'fees.amountWanYuan': 0.092 };
  const tables = countReport({
    format,
    year,
    applications: { records },
    litigation,
    article20,
    catalogue: null,
  });
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

const CASES = [
  ['2019', 2020, 61],
  ['2021', 2023, 257],
] as const;

/** The PNG pictures of a .docx (word/media/*.png) with their pixel size read from the PNG header. */
async function docxPictures(
  bytes: Buffer,
): Promise<{ name: string; size: number; width: number; height: number }[]> {
  const zip = await JSZip.loadAsync(bytes);
  const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
  const out = [];
  for (const name of media.sort()) {
    const png = await zip.file(name)!.async('nodebuffer');
    assert.ok(name.endsWith('.png'), `${name}: only PNG pictures`);
    assert.deepEqual(
      [...png.subarray(0, 8)],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      `${name}: PNG signature`,
    );
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    out.push({ name, size: png.length, width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
  }
  return out;
}

describe('round trip: generated outputs read back by the checker', () => {
  after(() => closePdfBrowser());
  for (const [format, year, n] of CASES) {
    for (const output of ['html', 'docx'] as const) {
      it(`${format} format, ${output}`, async () => {
        const doc = sampleDocument(format, year, n);
        const bytes = await renderOutput(doc, output);
        if (output === 'docx') assert.deepEqual(await docxPictures(bytes), [], 'no 附图, no pictures');
        const r = await checkBytes(bytes, `.${output}`, {
          fileName: `r.${output}`,
        });
        assert.ok(r.readable, r.reason ?? '');
        assert.equal(r.format, format);
        assert.equal(r.year, year);
        assert.equal(r.agency, doc.agencyName);
        assert.deepEqual(r.tables, doc.tables);
        assert.deepEqual(
          r.findings.filter((f) => f.severity === 'error').map((f) => f.message),
          [],
        );
        assert.deepEqual(
          r.findings.filter((f) => ['STRUCTURE', 'PROSE', 'HINT'].includes(f.rule)).map((f) => f.message),
          [],
          'the generator follows the six-section outline and says nothing the checker questions',
        );
      });
    }
    it(`${format} format, pdf`, { skip: existsSync(CHROMIUM_PATH) ? false : 'no Chromium' }, async () => {
      const doc = sampleDocument(format, year, n);
      const pdf = await renderOutput(doc, 'pdf');
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      const r = await checkBytes(pdf, '.pdf', { fileName: 'r.pdf' });
      assert.ok(r.readable, r.reason ?? '');
      assert.deepEqual(r.tables?.applications, doc.tables.applications);
      assert.deepEqual(r.tables?.review, doc.tables.review);
      assert.deepEqual(
        r.findings.filter((f) => f.severity === 'error').map((f) => f.message),
        [],
      );
    });
  }

  for (const output of ['html', 'pdf', 'docx'] as const) {
    it(`with 附图 (charts after the signature), ${output}: the statutory tables read back unchanged`, {
      skip: output === 'pdf' && !existsSync(CHROMIUM_PATH) ? 'no Chromium' : false,
    }, async () => {
      const last = sampleDocument('2021', 2022, 180);
      const plain = sampleDocument('2021', 2023, 257);
      const doc: ReportDocument = {
        ...plain,
        trend: yearSeries([last, plain]),
      };
      const bytes = await renderOutput(doc, output);
      if (output === 'html') {
        const html = bytes.toString('utf8');
        assert.match(html, /附：主要数据图表/);
        assert.equal((html.match(/<svg [^>]*role="img"/g) ?? []).length, 3);
        assert.ok(html.indexOf('附：主要数据图表') > html.lastIndexOf('gk-report__signature'));
      }
      if (output === 'docx') {
        const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
        assert.ok(xml.indexOf('附：主要数据') > xml.lastIndexOf('2024年1月20日'), 'after the signature');
        assert.match(xml, /新收申请同比/);
        if (existsSync(CHROMIUM_PATH)) {
          // The three charts of the HTML/PDF as PNG pictures drawn at 2× (640 × 300 → 1280 × 600), each
          // with its caption and its title and description as alternative text, then the table of figures.
          const pictures = await docxPictures(bytes);
          assert.equal(pictures.length, 3);
          for (const p of pictures) {
            assert.deepEqual([p.width, p.height], [1280, 600], p.name);
            assert.ok(p.size > 8_000 && p.size < 400_000, `${p.name}: ${p.size} bytes`);
          }
          const titles = ['新收和办结的政府信息公开申请', '申请的办理结果', '行政复议和行政诉讼'];
          let at = xml.lastIndexOf('2024年1月20日');
          for (const [i, title] of titles.entries()) {
            const picture = xml.indexOf(`descr="${doc.agencyName}`, at);
            const caption = xml.indexOf(`图${i + 1}　${title}`, at);
            assert.ok(picture > at && caption > picture, `图${i + 1}: picture, then its caption`);
            assert.ok(xml.indexOf(`title="${title}"`, at) > at, `图${i + 1}: alternative text`);
            at = caption;
          }
          assert.ok(xml.indexOf('新收申请同比', at) > at, 'the table of figures after the pictures');
          assert.match(xml, /附：主要数据图表/);
        }
      }
      const r = await checkBytes(bytes, `.${output}`, { fileName: `r.${output}` });
      assert.ok(r.readable, r.reason ?? '');
      assert.deepEqual(r.tables?.applications, doc.tables.applications);
      assert.deepEqual(r.tables?.review, doc.tables.review);
      assert.deepEqual(
        r.findings.filter((f) => f.severity === 'error').map((f) => f.message),
        [],
      );
    });
  }

  it('xlsx holds the tables with merged header cells', async () => {
    const doc = sampleDocument('2021', 2023, 40);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderOutput(doc, 'xlsx')) as unknown as ArrayBuffer);
    const t3 = wb.getWorksheet('依申请公开');
    assert.ok(t3);
    assert.equal(t3.getCell(1, 4).value, '申请人情况');
    assert.equal(t3.getCell(4, 10).value, doc.tables.applications.newReceived?.[6]);
    const t4 = wb.getWorksheet('行政复议、行政诉讼');
    assert.equal(t4?.getCell(4, 5).value, 2);
  });

  it('json carries the same tables', async () => {
    const doc = sampleDocument('2019', 2020, 61);
    const j = JSON.parse((await renderOutput(doc, 'json')).toString('utf8'));
    assert.deepEqual(j.tables.applications, doc.tables.applications);
    assert.equal(j.year, 2020);
  });

  it('says clearly when a .docx or .pdf is not one', async () => {
    const a = await checkBytes(Buffer.from('not a zip'), '.docx');
    assert.equal(a.readable, false);
    assert.match(a.reason ?? '', /Word/);
    const b = await checkBytes(Buffer.from('hello'), '.pdf');
    assert.equal(b.readable, false);
    assert.match(b.reason ?? '', /PDF/);
  });
});
