/**
 * Receiving and keeping uploaded files (catalogue attachments and imports, identity documents, letter
 * attachments, litigation documents). Multipart is registered only in the scopes that take files: each
 * file streams to a temporary file while its SHA-256, size and first bytes are taken; nothing is kept
 * unless the route moves it into place (`keepFile`), and whatever is left is deleted when the response
 * is sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { enforceDeclaredAccess } from '../../accounts/auth.ts';
import { cleanFileName, extensionOf } from '../file-names.ts';

export interface ReceivedFile {
  readonly field: string;
  tempPath: string | null;
  readonly fileName: string;
  size: number;
  sha256: string;
  head: Buffer;
  truncated: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    uploadedFiles?: ReceivedFile[];
  }
}

export interface UploadLimits {
  readonly fileSize: number;
  readonly maxFiles: number;
  /** Largest text field (default 20,000 bytes; the report checker takes a pasted report). */
  readonly fieldSize?: number;
  /** Most text fields (default 60). */
  readonly fields?: number;
  /**
   * Refuse a request its route's declared `access` does not allow before its body is read (the auth
   * hook checks the same permission only after the body was received). Default: no.
   */
  readonly accessBeforeBody?: boolean;
}

/**
 * Registers multipart in `scope`: up to `maxFiles` files of at most `fileSize` bytes (a larger file is cut
 * and marked `truncated`, so the route can say so in Chinese), fields as strings in `request.body`.
 * A part without a file name (an empty file input) is skipped.
 */
export async function registerFileUploads(
  scope: FastifyInstance,
  tmpDir: string,
  limits: UploadLimits,
): Promise<void> {
  if (limits.accessBeforeBody) refuseBeforeBody(scope);
  scope.addHook('onResponse', async (request) => {
    for (const f of request.uploadedFiles ?? []) if (f.tempPath) await unlink(f.tempPath).catch(() => {});
  });
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: {
      fileSize: limits.fileSize,
      files: limits.maxFiles,
      fields: limits.fields ?? 60,
      fieldSize: limits.fieldSize ?? 20_000,
      parts: 80,
    },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      (part as unknown as { value: string }).value = part.filename ?? '';
      if (!part.filename) {
        for await (const _chunk of part.file) {
          // an empty file input: drain it
        }
        return;
      }
      mkdirSync(tmpDir, { recursive: true });
      const tempPath = join(tmpDir, randomBytes(16).toString('hex'));
      const hash = createHash('sha256');
      const received: ReceivedFile = {
        field: part.fieldname,
        tempPath,
        fileName: part.filename,
        size: 0,
        sha256: '',
        head: Buffer.alloc(0),
        truncated: false,
      };
      this.uploadedFiles = [...(this.uploadedFiles ?? []), received];
      let head = Buffer.alloc(0);
      let size = 0;
      part.file.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
      });
      await pipeline(part.file, createWriteStream(tempPath));
      received.size = size;
      received.sha256 = hash.digest('hex');
      received.head = head;
      received.truncated = part.file.truncated;
    },
  });
}

/** The declared access of each route of `scope`, enforced when the request arrives (before its body). */
function refuseBeforeBody(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request) => enforceDeclaredAccess(request));
}

/** Reads a received file that is still in its temporary place (a file checked, not kept). */
export async function readReceived(file: ReceivedFile): Promise<Buffer> {
  if (!file.tempPath) throw new Error('file already moved');
  return readFile(file.tempPath);
}

/** Deletes the temporary files of a request that were not kept (a refused upload), before the response. */
export async function discardReceived(request: FastifyRequest): Promise<void> {
  for (const f of request.uploadedFiles ?? []) {
    if (f.tempPath) await unlink(f.tempPath).catch(() => {});
    f.tempPath = null;
  }
}

/** Moves a received file into `dir` under a random name; returns what a row needs. */
export async function keepFile(
  file: ReceivedFile,
  dir: string,
  mime: string,
): Promise<{ fileName: string; storedName: string; mime: string; size: number; sha256: string }> {
  if (!file.tempPath) throw new Error('file already moved');
  mkdirSync(dir, { recursive: true });
  const ext = extensionOf(file.fileName);
  const storedName = `${randomBytes(16).toString('hex')}${ext ? `.${ext}` : ''}`;
  await rename(file.tempPath, join(dir, storedName));
  file.tempPath = null;
  return { fileName: cleanFileName(file.fileName), storedName, mime, size: file.size, sha256: file.sha256 };
}

/** Deletes stored files (after the rows were removed); missing files are ignored. */
export async function removeFiles(dir: string, storedNames: readonly string[]): Promise<void> {
  await Promise.all(storedNames.map((n) => unlink(join(dir, n)).catch(() => {})));
}

/**
 * Whether `err` is a multipart body that could not be parsed (cut off, no boundary, a broken part header):
 * the multipart parser throws plain errors without a status, which would otherwise look like a fault of
 * ours (500). The error handler answers them with 400 and a message the user can act on.
 */
export function isMalformedUpload(err: { statusCode?: number; message?: string; stack?: string }): boolean {
  if (err.statusCode !== undefined) return false;
  return (
    /[\\/]@fastify[\\/]busboy[\\/]/.test(err.stack ?? '') ||
    /multipart|boundary|part header|terminated early|end of form/i.test(err.message ?? '')
  );
}
