/**
 * The engine on real files (needs `mutool`, Debian mupdf-tools): removed text gone from the text layer
 * and from the decompressed streams, everything else kept, metadata and hidden content stripped, bad
 * input refused, scans redacted in their pixels.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  type Box,
  imagePdf,
  MAX_PDF_BYTES,
  RedactionError,
  readPdf,
  redactPdf,
  renderPage,
} from './engine.ts';
import { samplePdf } from './fixtures.testing.ts';
import { suggest } from './redaction.rules.ts';

const run = promisify(execFile);
const work = await mkdtemp(join(tmpdir(), 'gongkai-engine-test-'));
after(() => rm(work, { recursive: true, force: true }));

async function tool(cmd: string, args: string[], input: Buffer): Promise<string> {
  const p = join(work, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(p, input);
  const { stdout } = await run(cmd, [...args.map((a) => (a === 'IN' ? p : a))], { maxBuffer: 64 << 20 });
  return stdout;
}
const pdftotext = (b: Buffer) => tool('pdftotext', ['IN', '-'], b);
/** Every stream decompressed (MuPDF's `clean -d`), as text. */
async function rawStreams(b: Buffer): Promise<string> {
  const out = join(work, `${Math.random().toString(36).slice(2)}-raw.pdf`);
  await tool('mutool', ['clean', '-d', 'IN', out], b);
  return (await readFile(out)).toString('latin1');
}

function boxesFor(pages: Parameters<typeof suggest>[0], options: Parameters<typeof suggest>[1]): Box[] {
  return suggest(pages, options).flatMap((s) =>
    s.rects.map((rect) => ({ page: s.page, rect, ground: s.ground, text: s.value })),
  );
}

describe('redaction engine (mutool)', () => {
  it('removes the text for real, keeps the rest, page count and size, strips metadata and extras', async () => {
    const original = samplePdf({ pages: 2 });
    const copy = Buffer.from(original);
    const text = await readPdf(original);
    assert.equal(text.pages.length, 2);
    const boxes = boxesFor(text.pages, { patterns: ['id', 'phone', 'email', 'bank'], exact: ['Zhang San'] });
    assert.equal(boxes.length, 2 * 5);
    const { bytes: out, rasterPages } = await redactPdf(original, boxes, {
      fileName: 'reply.pdf',
      known: text,
    });
    assert.deepEqual(rasterPages, [], 'text pages stay text');
    assert.deepEqual(original, copy, 'the original is not changed');

    const t = await pdftotext(out);
    for (const gone of [
      '11010519491231002X',
      '13812345678',
      'zhangsan@example.com',
      '6222021234567890128',
      'Zhang San',
    ])
      assert.ok(!t.includes(gone), `${gone} not in the text`);
    assert.match(t, /Applicant:/);
    assert.match(t, /The information requested is disclosed\./);
    assert.match(t, /区分处理说明/);
    assert.match(t, /第十五条/);

    const raw = await rawStreams(out);
    for (const gone of [
      '13812345678',
      '11010519491231002X',
      'Zhang San',
      'zhangsan',
      'Secret Author',
      'app.alert',
      'attached',
    ])
      assert.ok(!raw.includes(gone), `${gone} not in the raw file`);
    assert.ok(raw.includes('The information requested is disclosed.'), 'kept text stays text');
    assert.ok(!/\/Annots|\/EmbeddedFiles|\/JavaScript|\/Metadata|\/Outlines|\/Info/.test(raw));

    const info = await tool('pdfinfo', ['IN'], out);
    assert.match(info, /Pages:\s+3/, 'two pages and the legend');
    assert.match(info, /Page size:\s+595 x 842 pts/);
    assert.doesNotMatch(info, /Title:|Author:/);
    assert.match(info, /Metadata Stream: no/);
  });

  it('refuses encrypted, damaged, hidden-layer and non-PDF files, and writes nothing', async () => {
    const problem = async (b: Buffer) => {
      try {
        await redactPdf(b, [{ page: 0, rect: [0, 0, 10, 10], ground: 'privacy' }], { fileName: 'x.pdf' });
        return 'none';
      } catch (err) {
        assert.ok(err instanceof RedactionError);
        assert.match(err.message, /[\u4e00-\u9fff]/);
        return err.problem;
      }
    };
    const encrypted = join(work, 'enc.pdf');
    await tool(
      'mutool',
      ['clean', '-E', 'aes-128', '-U', 'user', '-O', 'owner', 'IN', encrypted],
      samplePdf(),
    );
    assert.equal(await problem(await readFile(encrypted)), 'encrypted');
    assert.equal(await problem(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF')), 'damaged');
    assert.equal(await problem(Buffer.from('hello')), 'not-pdf');
    assert.equal(await problem(samplePdf({ hiddenLayer: true })), 'hidden-layers');
    const huge = Buffer.alloc(MAX_PDF_BYTES + 1, 0x20);
    huge.write('%PDF-1.7\n');
    assert.equal(await problem(huge), 'too-large');
  });

  it('a scan is redacted in its pixels and its OCR text layer dropped', async () => {
    const png = await renderPage(samplePdf(), 0, 72);
    const scan = await imagePdf(png, 595, 842, 'OCR Zhang San 13812345678');
    const text = await readPdf(scan);
    assert.equal(text.pages[0]?.scan, true);
    assert.equal(text.pages[0]?.ocr, true);
    assert.match(await pdftotext(scan), /OCR Zhang San 13812345678/);
    const { bytes: out } = await redactPdf(scan, [{ page: 0, rect: [60, 90, 400, 120], ground: 'privacy' }], {
      fileName: 'scan.pdf',
      legend: false,
    });
    // The image itself changed (the pixels under the box cleared), not only covered.
    const extract = async (b: Buffer, name: string) => {
      const prefix = join(work, name);
      await tool('pdfimages', ['-png', 'IN', prefix], b);
      return readFile(`${prefix}-000.png`);
    };
    assert.notDeepEqual(await extract(out, 'after'), await extract(scan, 'before'));
    // The OCR layer is gone entirely (it would otherwise keep the text under the box).
    assert.doesNotMatch(await pdftotext(out), /OCR|Zhang|13812345678/);
  });
});
