import type { Executor } from '../db/database.ts';

/** The `report_files` table: the stored files of published reports, bytes in the row (migration 0016). */

export interface ReportFileMeta {
  readonly id: number;
  readonly reportId: number;
  readonly format: string;
  /** Digest of the published document the file was rendered from. */
  readonly sourceSha256: string;
  readonly fileName: string;
  readonly mime: string;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
}

export interface NewReportFile {
  readonly reportId: number;
  readonly format: string;
  readonly sourceSha256: string;
  readonly fileName: string;
  readonly mime: string;
  readonly sha256: string;
  readonly content: Uint8Array;
}

const META = [
  'id',
  'report_id',
  'format',
  'source_sha256',
  'file_name',
  'mime',
  'size',
  'sha256',
  'created_at',
] as const;

/** A file's description without its bytes (enough for a 304), or null. */
export async function findReportFile(
  db: Executor,
  reportId: number,
  format: string,
): Promise<ReportFileMeta | null> {
  const r = await db
    .selectFrom('report_files')
    .select(META)
    .where('report_id', '=', reportId)
    .where('format', '=', format)
    .executeTakeFirst();
  return r
    ? {
        id: Number(r.id),
        reportId: Number(r.report_id),
        format: r.format,
        sourceSha256: r.source_sha256,
        fileName: r.file_name,
        mime: r.mime,
        size: Number(r.size),
        sha256: r.sha256,
        createdAt: r.created_at,
      }
    : null;
}

/** The bytes of a stored file, or null when the row is gone (replaced meanwhile). */
export async function readReportFileContent(
  db: Executor,
  id: number,
  sha256: string,
): Promise<Uint8Array | null> {
  const r = await db
    .selectFrom('report_files')
    .select('content')
    .where('id', '=', id)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return r?.content ?? null;
}

/**
 * Stores a file, replacing the report's file of that format when it was rendered from another
 * document. Of servers racing to store the same document's file, the first one wins (its tag stays).
 */
export async function saveReportFile(db: Executor, f: NewReportFile, now: string): Promise<void> {
  const row = {
    source_sha256: f.sourceSha256,
    file_name: f.fileName,
    mime: f.mime,
    size: f.content.byteLength,
    sha256: f.sha256,
    content: f.content,
    created_at: now,
  };
  await db
    .insertInto('report_files')
    .values({ report_id: f.reportId, format: f.format, ...row })
    .onConflict((oc) =>
      oc
        .columns(['report_id', 'format'])
        .doUpdateSet(row)
        .where('report_files.source_sha256', '!=', f.sourceSha256),
    )
    .execute();
}

/** Removes every stored file of a report (before it is published again). */
export async function deleteReportFiles(db: Executor, reportId: number): Promise<void> {
  await db.deleteFrom('report_files').where('report_id', '=', reportId).execute();
}
