/** `gongkai redact`: exit statuses, --json, nothing half-written, the original unchanged, DOCX converted. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import { samplePdf } from '../../src/redaction/fixtures.testing.ts';
import { DATABASE_INDEPENDENT } from '../support/test-db.ts';

const BIN = new URL('../../bin/gongkai.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gk-redact-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'redact', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'Asia/Shanghai' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const text = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });

describe('gongkai redact', { skip: DATABASE_INDEPENDENT }, () => {
  const input = join(dir, 'reply.pdf');
  const original = samplePdf({ pages: 2 });
  writeFileSync(input, original);

  it('removes what was asked, lists it with --json, exit 0, the original unchanged', () => {
    const out = join(dir, 'out.pdf');
    const r = run([
      input,
      '--find',
      'Zhang San',
      '--pattern',
      'id,phone',
      '--reason',
      '个人隐私',
      '--out',
      out,
      '--json',
    ]);
    assert.equal(r.code, 0, r.err);
    const listed = JSON.parse(r.out) as {
      pages: number;
      removed: { page: number; kind: string; ground: string }[];
    };
    assert.equal(listed.pages, 2);
    assert.deepEqual(
      listed.removed.map((x) => `${x.page}:${x.kind}`),
      ['1:text', '1:id', '1:phone', '2:text', '2:id', '2:phone'],
    );
    assert.ok(listed.removed.every((x) => x.ground === '第十五条 个人隐私'));
    const t = text(out);
    assert.doesNotMatch(t, /Zhang San|13812345678|11010519491231002X/);
    assert.match(t, /zhangsan@example\.com/, 'not asked for: kept');
    assert.match(t, /区分处理说明/);
    assert.deepEqual(readFileSync(input), original);
  });

  it('exit 1 and no file when nothing matched', () => {
    const out = join(dir, 'none.pdf');
    const r = run([input, '--find', '不存在的文字', '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.err, /没有找到要删除的内容/);
    assert.equal(existsSync(out), false);
  });

  it('exit 2 on bad usage and bad input, nothing written', () => {
    assert.equal(run([input, '--out', join(dir, 'a.pdf')]).code, 2, 'nothing to find');
    assert.equal(run([input, '--find', 'x']).code, 2, 'no --out');
    assert.equal(run([input, '--pattern', 'passport', '--out', join(dir, 'a.pdf')]).code, 2);
    assert.equal(run([input, '--find', 'x', '--reason', '不知道', '--out', join(dir, 'a.pdf')]).code, 2);
    assert.equal(run([input, '--find', 'x', '--out', input]).code, 2, 'would overwrite the original');
    writeFileSync(join(dir, 'broken.pdf'), '%PDF-1.7\ngarbage');
    const broken = run([join(dir, 'broken.pdf'), '--find', 'x', '--out', join(dir, 'a.pdf')]);
    assert.equal(broken.code, 2);
    assert.match(broken.err, /已损坏/);
    assert.equal(run([join(dir, 'missing.pdf'), '--find', 'x', '--out', join(dir, 'a.pdf')]).code, 2);
    assert.equal(existsSync(join(dir, 'a.pdf')), false);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
  });

  it('converts a DOCX with LibreOffice first', async () => {
    const docx = join(dir, 'letter.docx');
    const doc = new Document({
      sections: [{ children: [new Paragraph('申请人手机13812345678。'), new Paragraph('本信息予以公开。')] }],
    });
    writeFileSync(docx, await Packer.toBuffer(doc));
    const out = join(dir, 'letter.pdf');
    const r = run([docx, '--pattern', 'phone', '--out', out, '--json']);
    assert.equal(r.code, 0, r.err);
    const listed = JSON.parse(r.out) as { removed: { text: string }[]; imagePages: number[] };
    assert.deepEqual(
      listed.removed.map((x) => x.text),
      ['13812345678'],
    );
    // LibreOffice's fonts make MuPDF take whole runs with a glyph: the page is redone as its image.
    assert.deepEqual(listed.imagePages, [1]);
    const t = text(out);
    assert.doesNotMatch(t, /13812345678/);
    assert.match(t, /区分处理说明/);
  });
});
