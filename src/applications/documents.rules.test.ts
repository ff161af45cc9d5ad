import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  attachmentLines,
  attachmentsFitMail,
  cleanFileName,
  formatFileSize,
  IDENTITY_MAX_BYTES,
  identityCountProblem,
  identityFileType,
  isApplicantLetter,
  letterAttachmentType,
  MAIL_ATTACHMENTS_MAX_BYTES,
} from './documents.rules.ts';
import { letterSentMail } from './notifications.ts';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF = Buffer.from('%PDF-1.7\n');
const EXE = Buffer.from('MZ\x90\x00\x03', 'latin1');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

describe('identity documents', () => {
  it('accepts JPEG, PNG and PDF by their first bytes, whatever the name says', () => {
    assert.equal((identityFileType('身份证.jpg', JPEG, 1000, false) as { mime: string }).mime, 'image/jpeg');
    assert.equal((identityFileType('正面.png', PNG, 1000, false) as { mime: string }).mime, 'image/png');
    assert.equal(
      (identityFileType('扫描件.pdf', PDF, 1000, false) as { mime: string }).mime,
      'application/pdf',
    );
    // A JPEG saved as .png is still a JPEG.
    assert.equal((identityFileType('照片.png', JPEG, 1000, false) as { mime: string }).mime, 'image/jpeg');
  });

  it('refuses renamed executables, other types, empty and oversized files in Chinese', () => {
    assert.match(
      identityFileType('身份证.jpg', EXE, 1000, false) as string,
      /“身份证\.jpg”不是 JPEG、PNG 图片或 PDF 文件/,
    );
    assert.match(
      identityFileType('身份证.docx', ZIP, 1000, false) as string,
      /不是 JPEG、PNG 图片或 PDF 文件/,
    );
    assert.match(identityFileType('空.jpg', Buffer.alloc(0), 0, false) as string, /是空文件/);
    assert.match(identityFileType('大.jpg', JPEG, IDENTITY_MAX_BYTES + 1, false) as string, /超过 10 MB/);
    assert.match(identityFileType('大.jpg', JPEG, IDENTITY_MAX_BYTES, true) as string, /超过 10 MB/);
    assert.equal(typeof identityFileType('刚好.jpg', JPEG, IDENTITY_MAX_BYTES, false), 'object');
  });

  it('allows at most 3 files', () => {
    assert.equal(identityCountProblem(0, 3), null);
    assert.equal(identityCountProblem(2, 1), null);
    assert.match(identityCountProblem(2, 2) ?? '', /最多上传 3 个（已上传 2 个）/);
    assert.match(identityCountProblem(0, 4) ?? '', /最多上传 3 个，/);
  });

  it('cleans file names and formats sizes', () => {
    assert.equal(cleanFileName('../../etc/passwd'), '.._.._etc_passwd');
    assert.equal(cleanFileName('a\u0000b.jpg'), 'a_b.jpg');
    assert.equal(cleanFileName('   '), '未命名文件');
    assert.equal(formatFileSize(235 * 1024), '235 KB');
    assert.equal(formatFileSize(100), '1 KB');
    assert.equal(formatFileSize(1.5 * 1024 * 1024), '1.5 MB');
  });
});

describe('letter attachments', () => {
  it('takes documents and images, not audio or video', () => {
    assert.equal(typeof letterAttachmentType('目录.pdf', PDF, 100, false, 50e6), 'object');
    assert.equal(typeof letterAttachmentType('表.xlsx', ZIP, 100, false, 50e6), 'object');
    assert.match(letterAttachmentType('清单.pdf', EXE, 100, false, 50e6) as string, /与扩展名 \.pdf 不符/);
    assert.match(
      letterAttachmentType('会议.mp3', Buffer.from('ID3'), 100, false, 50e6) as string,
      /只能是 PDF、Word/,
    );
    assert.match(letterAttachmentType('大.pdf', PDF, 100, true, 50 * 1024 * 1024) as string, /超过 50 MB/);
  });

  it('writes the 附件说明 of GB/T 9704: one unnumbered, several numbered and aligned', () => {
    assert.deepEqual(attachmentLines([]), []);
    assert.deepEqual(attachmentLines(['招标文件.pdf']), ['附件：招标文件']);
    assert.deepEqual(attachmentLines(['招标文件.pdf', '中标公告.docx']), [
      '附件：1. 招标文件',
      '　　　2. 中标公告',
    ]);
  });

  it('mails attachments up to 20 MB in total; beyond that the mail points to the lookup', () => {
    assert.equal(attachmentsFitMail([MAIL_ATTACHMENTS_MAX_BYTES]), true);
    assert.equal(
      attachmentsFitMail([MAIL_ATTACHMENTS_MAX_BYTES / 2, MAIL_ATTACHMENTS_MAX_BYTES / 2 + 1]),
      false,
    );
    const a = { agencyName: '宽城区欣园街道办事处', serial: '2026-0001', lookupCode: 'AB12CD34EF56' };
    const letter = {
      title: '政府信息公开告知书',
      body: '张三：\n\n经审查……',
      sentOn: '2026-11-25',
      docNumber: '欣园街道依申公开〔2026〕1号',
      attachments: [
        { fileName: '图纸.pdf', size: 15 * 1024 * 1024 },
        { fileName: '清单.xlsx', size: 6 * 1024 * 1024 },
      ],
    };
    const over = letterSentMail(a, letter, false, { publicBaseUrl: 'https://gk.example.gov.cn/' });
    assert.match(over.subject, /政府信息公开告知书/);
    assert.match(over.text, /欣园街道依申公开〔2026〕1号/);
    assert.match(over.text, /1\. 图纸\.pdf（15\.0 MB）/);
    assert.match(
      over.text,
      /附件合计 21\.0 MB，超过邮件附件大小限制（20 MB），未随本邮件发送，请在查询办理进度页面下载/,
    );
    assert.match(over.text, /https:\/\/gk\.example\.gov\.cn\/applications\/lookup/);
    assert.match(over.text, /AB12-CD34-EF56/);
    const fits = letterSentMail(a, { ...letter, attachments: [] }, true, { publicBaseUrl: 'x' });
    assert.doesNotMatch(fits.text, /附件/);
  });

  it('never sends a third party’s letter to the applicant', () => {
    assert.equal(isApplicantLetter('granted'), true);
    assert.equal(isApplicantLetter('third_party'), false);
    assert.equal(isApplicantLetter('third_party_decision'), false);
  });
});
