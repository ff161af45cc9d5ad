import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkUpload, safeFileName } from './litigation-documents.rules.ts';

const pdf = Buffer.from('%PDF-1.7\n');
const file = (fileName: string, head: Buffer, size = 1000, truncated = false) => ({
  fileName,
  head,
  size,
  truncated,
});

describe('litigation document uploads', () => {
  it('accepts a PDF judgment and a scanned JPEG', () => {
    const a = checkUpload('judgment', file('判决书.pdf', pdf));
    assert.ok(a.ok);
    assert.equal(a.ok && a.type.mime, 'application/pdf');
    const b = checkUpload('reviewDecision', file('复议决定书.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0])));
    assert.ok(b.ok);
  });

  it('says every problem at once: kind, type, content, size', () => {
    const none = checkUpload('', null);
    assert.deepEqual(none.ok ? {} : none.errors, { kind: '请选择文书类型', file: '请选择要上传的文件' });
    const video = checkUpload('other', file('庭审.mp4', Buffer.from('\0\0\0\x18ftypmp42', 'latin1')));
    assert.match(video.ok ? '' : (video.errors.file ?? ''), /只能上传 PDF、Word、Excel 文档或扫描图片/);
    const exe = checkUpload('other', file('起诉状.exe', Buffer.from('MZ')));
    assert.match(exe.ok ? '' : (exe.errors.file ?? ''), /只能上传/);
    const renamed = checkUpload('judgment', file('判决书.pdf', Buffer.from('PK\x03\x04', 'latin1')));
    assert.match(renamed.ok ? '' : (renamed.errors.file ?? ''), /与扩展名 \.pdf 不符/);
    const empty = checkUpload('judgment', file('判决书.pdf', pdf, 0));
    assert.match(empty.ok ? '' : (empty.errors.file ?? ''), /文件是空的/);
    const big = checkUpload('judgment', file('判决书.pdf', pdf, 60 * 1024 * 1024, true));
    assert.match(big.ok ? '' : (big.errors.file ?? ''), /超过 50 MB/);
    const bigImage = checkUpload(
      'judgment',
      file('扫描.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 11 * 1024 * 1024),
    );
    assert.match(bigImage.ok ? '' : (bigImage.errors.file ?? ''), /不能超过 10 MB/);
  });

  it('cleans file names: no path separators or control characters, at most 120 characters', () => {
    assert.equal(safeFileName('../a\\b\u0001.pdf'), '.._a_b_.pdf');
    const long = safeFileName(`${'判'.repeat(200)}.pdf`);
    assert.equal(long.length, 120);
    assert.ok(long.endsWith('.pdf'));
  });
});
