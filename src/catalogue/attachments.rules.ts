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

export const FILE_TYPES: readonly FileType[] = [
  { ext: ['pdf'], mime: 'application/pdf', kind: 'document', label: 'PDF', test: (h) => ascii(h, '%PDF-') },
  {
    ext: ['docx'],
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    kind: 'document',
    label: 'Word',
    test: (h) => starts(h, ZIP),
  },
  {
    ext: ['xlsx'],
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    kind: 'document',
    label: 'Excel',
    test: (h) => starts(h, ZIP),
  },
  {
    ext: ['pptx'],
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    kind: 'document',
    label: 'PowerPoint',
    test: (h) => starts(h, ZIP),
  },
  { ext: ['doc'], mime: 'application/msword', kind: 'document', label: 'Word', test: (h) => starts(h, OLE) },
  {
    ext: ['xls'],
    mime: 'application/vnd.ms-excel',
    kind: 'document',
    label: 'Excel',
    test: (h) => starts(h, OLE),
  },
  {
    ext: ['ppt'],
    mime: 'application/vnd.ms-powerpoint',
    kind: 'document',
    label: 'PowerPoint',
    test: (h) => starts(h, OLE),
  },
  {
    ext: ['png'],
    mime: 'image/png',
    kind: 'image',
    label: 'PNG 图片',
    test: (h) => starts(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  {
    ext: ['jpg', 'jpeg'],
    mime: 'image/jpeg',
    kind: 'image',
    label: 'JPEG 图片',
    test: (h) => starts(h, [0xff, 0xd8, 0xff]),
  },
  {
    ext: ['gif'],
    mime: 'image/gif',
    kind: 'image',
    label: 'GIF 图片',
    test: (h) => ascii(h, 'GIF87a') || ascii(h, 'GIF89a'),
  },
  {
    ext: ['webp'],
    mime: 'image/webp',
    kind: 'image',
    label: 'WebP 图片',
    test: (h) => ascii(h, 'RIFF') && ascii(h, 'WEBP', 8),
  },
  {
    ext: ['mp3'],
    mime: 'audio/mpeg',
    kind: 'audio',
    label: 'MP3 音频',
    test: (h) => ascii(h, 'ID3') || (h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0),
  },
  { ext: ['m4a'], mime: 'audio/mp4', kind: 'audio', label: 'M4A 音频', test: (h) => ascii(h, 'ftyp', 4) },
  {
    ext: ['wav'],
    mime: 'audio/wav',
    kind: 'audio',
    label: 'WAV 音频',
    test: (h) => ascii(h, 'RIFF') && ascii(h, 'WAVE', 8),
  },
  { ext: ['mp4'], mime: 'video/mp4', kind: 'video', label: 'MP4 视频', test: (h) => ascii(h, 'ftyp', 4) },
  {
    ext: ['webm'],
    mime: 'video/webm',
    kind: 'video',
    label: 'WebM 视频',
    test: (h) => starts(h, [0x1a, 0x45, 0xdf, 0xa3]),
  },
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

/** A single `bytes=` range against a file size; null = whole file; 'invalid' = 416. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

/** RFC 6266 Content-Disposition with a UTF-8 file name. */
export { contentDisposition } from '../shared/http/download.ts';

export { extensionOf };
