/**
 * Which files an item may carry. The type is decided by the file's first bytes (its "magic"),
 * which must agree with the extension; each kind has its own size limit.
 */
import { extensionOf } from '../shared/file-names.ts';
export type AttachmentKind = 'document' | 'image' | 'audio' | 'video';

export interface FileType {
  readonly ext: readonly string[];
  readonly mime: string;
  readonly kind: AttachmentKind;
  readonly label: string;
  readonly test: (head: Buffer) => boolean;
}

const starts = (head: Buffer, bytes: readonly number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (head: Buffer, s: string, at = 0) => head.subarray(at, at + s.length).toString('latin1') === s;
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const type = (
  kind: AttachmentKind,
  label: string,
  mime: string,
  ext: readonly string[],
  test: (head: Buffer) => boolean,
): FileType => ({ ext, mime, kind, label, test });
const OOXML = 'application/vnd.openxmlformats-officedocument.';
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** An MP3 without an ID3 tag starts with an MPEG audio frame sync (11 bits set). */
const mpegFrame = (h: Buffer) => h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0;

/** One row per accepted type: kind, label, MIME type, extensions, and the test of its first bytes. */
export const FILE_TYPES: readonly FileType[] = [
  type('document', 'PDF', 'application/pdf', ['pdf'], (h) => ascii(h, '%PDF-')),
  type('document', 'Word', `${OOXML}wordprocessingml.document`, ['docx'], (h) => starts(h, ZIP)),
  type('document', 'Excel', `${OOXML}spreadsheetml.sheet`, ['xlsx'], (h) => starts(h, ZIP)),
  type('document', 'PowerPoint', `${OOXML}presentationml.presentation`, ['pptx'], (h) => starts(h, ZIP)),
  type('document', 'Word', 'application/msword', ['doc'], (h) => starts(h, OLE)),
  type('document', 'Excel', 'application/vnd.ms-excel', ['xls'], (h) => starts(h, OLE)),
  type('document', 'PowerPoint', 'application/vnd.ms-powerpoint', ['ppt'], (h) => starts(h, OLE)),
  type('image', 'PNG 图片', 'image/png', ['png'], (h) => starts(h, PNG)),
  type('image', 'JPEG 图片', 'image/jpeg', ['jpg', 'jpeg'], (h) => starts(h, [0xff, 0xd8, 0xff])),
  type('image', 'GIF 图片', 'image/gif', ['gif'], (h) => ascii(h, 'GIF87a') || ascii(h, 'GIF89a')),
  type('image', 'WebP 图片', 'image/webp', ['webp'], (h) => ascii(h, 'RIFF') && ascii(h, 'WEBP', 8)),
  type('audio', 'MP3 音频', 'audio/mpeg', ['mp3'], (h) => ascii(h, 'ID3') || mpegFrame(h)),
  type('audio', 'M4A 音频', 'audio/mp4', ['m4a'], (h) => ascii(h, 'ftyp', 4)),
  type('audio', 'WAV 音频', 'audio/wav', ['wav'], (h) => ascii(h, 'RIFF') && ascii(h, 'WAVE', 8)),
  type('video', 'MP4 视频', 'video/mp4', ['mp4'], (h) => ascii(h, 'ftyp', 4)),
  type('video', 'WebM 视频', 'video/webm', ['webm'], (h) => starts(h, [0x1a, 0x45, 0xdf, 0xa3])),
];

export const MAX_BYTES: Readonly<Record<AttachmentKind, number>> = {
  document: 50 * 1024 * 1024,
  image: 10 * 1024 * 1024,
  audio: 100 * 1024 * 1024,
  video: 500 * 1024 * 1024,
};
export const MAX_UPLOAD_BYTES = MAX_BYTES.video;

/** The file's type, or a message saying why it is refused (unknown extension, or content that does not match it). */
export function detectFileType(fileName: string, head: Buffer): FileType | string {
  const ext = extensionOf(fileName);
  const candidates = FILE_TYPES.filter((t) => t.ext.includes(ext));
  if (candidates.length === 0)
    return '只能上传 PDF、Word、Excel、PowerPoint、图片（PNG、JPEG、GIF、WebP）、音频（MP3、M4A、WAV）或视频（MP4、WebM）文件';
  const match = candidates.find((t) => t.test(head));
  if (!match) return `文件内容与扩展名 .${ext} 不符，可能是改了扩展名的其他文件，已拒绝`;
  return match;
}

export function sizeProblem(type: FileType, size: number): string | null {
  if (size === 0) return '文件是空的';
  const max = MAX_BYTES[type.kind];
  return size > max ? `${type.label}文件不能超过 ${Math.round(max / 1024 / 1024)} MB` : null;
}

/** RFC 6266 Content-Disposition with a UTF-8 file name. */
export { contentDisposition } from '../shared/http/download.ts';

export { extensionOf };
