/**
 * Pure rules for the files of an application: the applicant's identity documents uploaded with the public
 * form, and the disclosed documents a reply letter carries. Types are decided by the file's first bytes
 * (the catalogue's magic-byte checks), never by the name alone.
 */

import { detectFileType, FILE_TYPES, type FileType, sizeProblem } from '../catalogue/attachments.rules.ts';
import { cleanFileName } from '../shared/file-names.ts';

/** Identity documents: JPEG, PNG or PDF, at most 10 MB each, at most 3 per application. */
export const IDENTITY_MAX_FILES = 3;
export const IDENTITY_MAX_BYTES = 10 * 1024 * 1024;
const IDENTITY_MIMES = ['image/jpeg', 'image/png', 'application/pdf'];
const IDENTITY_TYPES = FILE_TYPES.filter((t) => IDENTITY_MIMES.includes(t.mime));

/** A pending upload is kept this long for the form to be sent; older ones are purged on the next upload. */
export const PENDING_UPLOAD_TTL_MS = 24 * 3600_000;

/**
 * What one client address may keep in pending (not yet sent) identity uploads within the 24 hours
 * (UPLOAD_QUOTA_MB, default 40: a whole form's three files of 10 MB and some retries). Beyond it the
 * upload is refused, so a script that never submits cannot fill the disk (issue 12, V4; decision 010).
 */
export function uploadQuotaProblem(
  pendingBytes: number,
  addingBytes: number,
  quotaBytes: number,
): string | null {
  return pendingBytes + addingBytes > quotaBytes
    ? `您在 24 小时内上传但尚未提交的文件已达 ${Math.round(quotaBytes / 1024 / 1024)} MB 的上限，暂不能再上传。请先提交申请，或在领取信息时出示证件原件`
    : null;
}

/** Disclosed documents of a letter: the catalogue's document and image types, at most 20 per letter. */
export const LETTER_MAX_ATTACHMENTS = 20;

/** Attachments ride along in the applicant's mail up to this total; beyond it the mail points to the lookup. */
export const MAIL_ATTACHMENTS_MAX_BYTES = 20 * 1024 * 1024;

/** Letters addressed to a third party (not to the applicant): never mailed to or downloadable by the applicant. */
export const THIRD_PARTY_LETTER_KINDS: readonly string[] = ['third_party', 'third_party_decision'];

export function isApplicantLetter(kind: string): boolean {
  return !THIRD_PARTY_LETTER_KINDS.includes(kind);
}

/** "235 KB", "1.5 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The type of an identity document, or the Chinese message saying why it is refused. The content decides:
 * a renamed executable is refused whatever its extension; a JPEG named .png is accepted as a JPEG.
 */
export function identityFileType(
  fileName: string,
  head: Buffer,
  size: number,
  truncated: boolean,
): FileType | string {
  const name = cleanFileName(fileName);
  if (size === 0 && !truncated) return `“${name}”是空文件，请重新选择`;
  const type = IDENTITY_TYPES.find((t) => t.test(head));
  if (!type)
    return `“${name}”不是 JPEG、PNG 图片或 PDF 文件（文件内容与扩展名不符，或是其他类型的文件），已拒绝。请上传身份证明的照片或扫描件`;
  if (truncated || size > IDENTITY_MAX_BYTES)
    return `“${name}”超过 ${IDENTITY_MAX_BYTES / 1024 / 1024} MB，请压缩或缩小后重新上传`;
  return type;
}

/** The message when `adding` files would take the applicant over the limit, or null. */
export function identityCountProblem(kept: number, adding: number): string | null {
  return kept + adding > IDENTITY_MAX_FILES
    ? `身份证明文件最多上传 ${IDENTITY_MAX_FILES} 个${kept > 0 ? `（已上传 ${kept} 个）` : ''}，请先删除不需要的文件`
    : null;
}

/** The type of a letter attachment (documents and images of the catalogue's list), or why it is refused. */
export function letterAttachmentType(
  fileName: string,
  head: Buffer,
  size: number,
  truncated: boolean,
  maxBytes: number,
): FileType | string {
  const type = detectFileType(fileName, head);
  if (typeof type === 'string') return type;
  if (type.kind !== 'document' && type.kind !== 'image')
    return '文书附件只能是 PDF、Word、Excel、PowerPoint 文件或图片（PNG、JPEG、GIF、WebP）';
  if (truncated) return `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB`;
  return sizeProblem(type, size) ?? type;
}

/**
 * The 附件说明 of a letter (GB/T 9704-2012 §7.3.4): "附件：1. 名称" and the further names aligned under
 * the first; one line when there is a single attachment (no number). Names are shown without extension.
 */
export function attachmentLines(fileNames: readonly string[]): string[] {
  const names = fileNames.map((n) => n.replace(/\.[A-Za-z0-9]{1,8}$/, ''));
  if (names.length === 0) return [];
  if (names.length === 1) return [`附件：${names[0]}`];
  return names.map((n, i) => `${i === 0 ? '附件：' : '　　　'}${i + 1}. ${n}`);
}

/** Whether the attachments ride in the mail (total within the cap). */
export function attachmentsFitMail(sizes: readonly number[]): boolean {
  return sizes.reduce((a, b) => a + b, 0) <= MAIL_ATTACHMENTS_MAX_BYTES;
}

export { cleanFileName };
