/**
 * Files of the applications capability: keeping received uploads (the files move into place, then the
 * rows are written; a failed write removes the files again), the identity documents of the public form
 * (pending under the form's token until the application is sent), and downloads of stored files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/database.ts';
import type { Deps } from '../shared/deps.ts';
import { forbidden, notFound } from '../shared/http/errors.ts';
import { keepFile, type ReceivedFile, removeFiles } from '../shared/http/uploads.ts';
import type { Acting } from './acting.ts';
import type { Application, NewStoredFile, StoredFile } from './application.model.ts';
import { isHandlingStaff } from './application.service.ts';
import {
  deletePendingUploads,
  findIdentityUpload,
  insertPendingUploads,
  listPendingUploads,
  pendingBytesOfClient,
  purgePendingUploads,
} from './documents.repository.ts';
import {
  identityCountProblem,
  identityFileType,
  PENDING_UPLOAD_TTL_MS,
  uploadQuotaProblem,
} from './documents.rules.ts';
import { fileDirs } from './uploads.ts';

/**
 * Moves checked uploads into `dir` and runs `write` with what the rows need; when `write` fails the moved
 * files are removed again (nothing is kept without its row).
 */
export async function keepUploads<T>(
  dir: string,
  files: readonly { file: ReceivedFile; mime: string }[],
  write: (kept: readonly NewStoredFile[]) => Promise<T>,
): Promise<T> {
  const kept: NewStoredFile[] = [];
  for (const f of files) kept.push(await keepFile(f.file, dir, f.mime));
  try {
    return await write(kept);
  } catch (err) {
    await removeFiles(
      dir,
      kept.map((k) => k.storedName),
    );
    throw err;
  }
}

export interface StoredDownload {
  readonly type: string;
  readonly fileName: string;
  readonly body: Buffer;
  readonly inline?: boolean;
}

/** A stored file's bytes for download, or 404 (`what` names it) when the row or the file is missing. */
export async function storedDownload(
  dir: string,
  f: StoredFile | null,
  what: string,
  options: { inline?: boolean } = {},
): Promise<StoredDownload> {
  const body = f ? await readFile(join(dir, f.storedName)).catch(() => null) : null;
  if (!f || !body) throw notFound(what);
  return { type: f.mime, fileName: f.fileName, body, ...options };
}

/**
 * An identity document uploaded with the online form: only the handling agency's staff, each view audited.
 */
export async function identityDocumentDownload(
  deps: Deps,
  by: Acting,
  a: Application,
  uploadId: number,
): Promise<StoredDownload> {
  if (!isHandlingStaff(by.viewer, a)) throw forbidden('只有办理机关的工作人员可以查看申请人的身份证明文件。');
  const u = await findIdentityUpload(deps.db, a.id, uploadId);
  const file = await storedDownload(fileDirs(deps.config.uploadDir).identity, u, '文件', { inline: true });
  if (u)
    await appendAudit(deps.db, {
      actor: by.actor,
      at: by.now,
      action: 'view_personal',
      entityType: 'application_upload',
      entityId: u.id,
      agencyId: a.agencyId,
      summary: `查看申请 ${a.serial} 申请人上传的身份证明文件（${u.mime === 'application/pdf' ? 'PDF' : '图片'}，${u.size} 字节）`,
      after: { applicationId: a.id, sha256: u.sha256 },
    });
  return file;
}

// ---------------------------------------------------------------------------------------------------------
/**
 * The scheduled purge (`gongkai purge-uploads`, run hourly by cron or a systemd timer): pending identity
 * uploads older than 24 hours and their files, whether or not another upload arrives. Returns how many.
 */
export async function purgeExpiredUploads(deps: Deps, now: string): Promise<number> {
  const gone = await deps.db.transaction().execute((trx) => purgePendingUploads(trx, cutoff(now)));
  await removeFiles(fileDirs(deps.config.uploadDir).identity, gone);
  return gone.length;
}

// Identity documents of the public form: stored at once as pending uploads under a random token that the
// form carries in a hidden field, so the check page and a redisplayed form keep them; linked to the
// application when it is sent; pending uploads older than 24 h are purged whenever one is written.

const UPLOAD_TOKEN = /^[0-9a-f]{32}$/;

/** The form's upload token when it carries a well-formed one. */
export function uploadTokenOf(values: Readonly<Record<string, string>>): string | null {
  return UPLOAD_TOKEN.test(values.uploadToken ?? '') ? (values.uploadToken as string) : null;
}

const cutoff = (now: string) => new Date(Date.parse(now) - PENDING_UPLOAD_TTL_MS).toISOString();

export interface PendingUpload {
  readonly id: number;
  readonly fileName: string;
  readonly size: number;
}

/** The pending identity documents of a form. */
export async function pendingUploads(db: Db, token: string | null, now: string): Promise<PendingUpload[]> {
  if (!token) return [];
  return (await listPendingUploads(db, token, cutoff(now))).map((u) => ({
    id: u.id,
    fileName: u.fileName,
    size: u.size,
  }));
}

/**
 * Applies the form's changes to its identity documents (files removed: the ids in `removeUpload`; files
 * added: the `idFiles` uploads). A refused file changes nothing and comes back as the message for the
 * `idFiles` field. Returns the form's token (a new one when files were added to a form without one).
 */
export async function updatePendingUploads(
  deps: Deps,
  values: Readonly<Record<string, string>>,
  received: readonly ReceivedFile[],
  now: string,
  clientAddress: string | null = null,
): Promise<{ token: string | null; error: string | null }> {
  const { db } = deps;
  let token = uploadTokenOf(values);
  const files = received.filter((f) => f.field === 'idFiles');
  const removeIds = (values.removeUpload ?? '')
    .split('\n')
    .filter((x) => /^\d{1,9}$/.test(x))
    .map(Number);
  if (files.length === 0 && (removeIds.length === 0 || !token)) return { token, error: null };
  const typed: { file: ReceivedFile; mime: string }[] = [];
  for (const file of files) {
    const t = identityFileType(file.fileName, file.head, file.size, file.truncated);
    if (typeof t === 'string') return { token, error: t };
    typed.push({ file, mime: t.mime });
  }
  const kept = await pendingUploads(db, token, now);
  const remaining = kept.filter((k) => !removeIds.includes(k.id)).length;
  const tooMany = typed.length > 0 ? identityCountProblem(remaining, typed.length) : null;
  if (tooMany) return { token, error: tooMany };
  const clientKey = clientAddress
    ? createHash('sha256').update(`upload:${clientAddress}`).digest('hex')
    : null;
  if (clientKey && typed.length > 0) {
    const used = await pendingBytesOfClient(db, clientKey, cutoff(now));
    const adding = typed.reduce((s, t) => s + t.file.size, 0);
    const over = uploadQuotaProblem(used, adding, deps.config.anonymousUploadQuotaBytes);
    if (over) return { token, error: over };
  }
  const form = token ?? randomBytes(16).toString('hex');
  const dir = fileDirs(deps.config.uploadDir).identity;
  const gone = await keepUploads(dir, typed, (stored) =>
    db.transaction().execute(async (trx) => {
      const removed = await deletePendingUploads(trx, form, removeIds);
      await insertPendingUploads(trx, form, stored, now, clientKey);
      return [...removed, ...(await purgePendingUploads(trx, cutoff(now)))];
    }),
  );
  await removeFiles(dir, gone);
  token = form;
  return { token, error: null };
}
