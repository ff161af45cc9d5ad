import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentDisposition, detectFileType, sizeProblem } from './attachments.rules.ts';

describe('attachment types by magic bytes', () => {
  const pdf = Buffer.from('%PDF-1.7\n');
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  it('accepts files whose content matches the extension', () => {
    assert.equal((detectFileType('通知.PDF', pdf) as { mime: string }).mime, 'application/pdf');
    assert.equal((detectFileType('表.xlsx', zip) as { kind: string }).kind, 'document');
    assert.equal((detectFileType('图.png', png) as { kind: string }).kind, 'image');
    assert.equal(
      (detectFileType('访谈.mp4', Buffer.from('\0\0\0\x18ftypmp42')) as { kind: string }).kind,
      'video',
    );
  });
  it('refuses disguised and unknown files', () => {
    assert.match(detectFileType('通知.pdf', Buffer.from('<html>')) as string, /不符/);
    assert.match(detectFileType('图.png', pdf) as string, /不符/);
    assert.match(detectFileType('a.exe', Buffer.from('MZ')) as string, /只能上传/);
    assert.match(detectFileType('noext', pdf) as string, /只能上传/);
  });
  it('limits sizes per kind', () => {
    const t = detectFileType('图.png', png) as Parameters<typeof sizeProblem>[0];
    assert.equal(sizeProblem(t, 10 * 1024 * 1024), null);
    assert.match(sizeProblem(t, 10 * 1024 * 1024 + 1) ?? '', /10 MB/);
    assert.match(sizeProblem(t, 0) ?? '', /空/);
  });
});

describe('download names', () => {
  it('names files in UTF-8', () => {
    assert.equal(
      contentDisposition('attachment', '通知 "a".pdf'),
      `attachment; filename="__ _a_.pdf"; filename*=UTF-8''%E9%80%9A%E7%9F%A5%20%22a%22.pdf`,
    );
  });
});
