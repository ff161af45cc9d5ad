import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from './download.ts';

/**
 * Sending a stored file whose digest is known before its bytes are read: a strong `ETag`,
 * `If-None-Match` → 304 without reading the bytes, a single `Range` → 206 (`If-Range` honoured),
 * `Accept-Ranges: bytes`, and `Content-Disposition` with the UTF-8 file name (RFC 6266 / 5987).
 */
export interface StoredBytes {
  readonly type: string;
  readonly fileName: string;
  readonly size: number;
  /** Hex digest of the bytes (SHA-256): the strong entity tag. */
  readonly sha256: string;
  readonly cacheControl: string;
  readonly inline?: boolean;
  /** The bytes, read only when a body is sent. */
  readonly load: () => Promise<Uint8Array>;
}

/** `"<sha256>"`: a strong entity tag (same bytes ⇔ same tag). */
export function strongEtag(sha256: string): string {
  return `"${sha256}"`;
}

/** Whether an `If-None-Match` value matches the tag (weak comparison, RFC 9110 §13.1.2). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** A single `bytes=` range against a size; null = the whole file; 'invalid' = 416. */
export function byteRange(
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

export async function sendStoredBytes(request: FastifyRequest, reply: FastifyReply, file: StoredBytes) {
  const etag = strongEtag(file.sha256);
  reply
    .header('etag', etag)
    .header('cache-control', file.cacheControl)
    .header('accept-ranges', 'bytes')
    .header('content-disposition', contentDisposition(file.inline ? 'inline' : 'attachment', file.fileName));
  if (noneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.type(file.type);
  const ifRange = request.headers['if-range'];
  // A range applies only while the client's copy is this one (If-Range with our strong tag).
  const range =
    ifRange === undefined || ifRange === etag ? byteRange(request.headers.range, file.size) : null;
  if (range === 'invalid') return reply.code(416).header('content-range', `bytes */${file.size}`).send();
  const raw = await file.load();
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!range) return reply.header('content-length', bytes.length).send(bytes);
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
    .send(bytes.subarray(range.start, range.end + 1));
}
