/**
 * What a backup is (docs/decisions/011-backup-and-durability.md), as pure rules: the manifest's shape and
 * its checks, the order tables are written and restored in, a row's encoding in JSON Lines, the check of
 * a backup's migration against the code's, and what "a database without data" means. No I/O here: the
 * service hashes files and reads the database, and hands the results to these functions.
 */
import { z } from 'zod';

/** The manifest's `format`: a backup of Gongkai, whatever its version. */
export const BACKUP_FORMAT = 'gongkai-backup';
/** The layout of the backup folder this code writes and reads; a later layout is refused. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
/** The SQLite online backup's copy of the database (a SQLite source only). */
export const SQLITE_COPY_FILE = 'database.sqlite';
/** The subfolder of the backup where UPLOAD_DIR's files are copied. */
export const UPLOADS_FOLDER = 'uploads';
/** Subfolders of UPLOAD_DIR that hold only a request's passing files, never kept data. */
export const TRANSIENT_UPLOAD_FOLDERS: readonly string[] = ['tmp'];

/** The file of a table's rows in the backup. */
export const tableFile = (table: string): string => `tables/${table}.jsonl`;
/** The backup's path of a file kept under UPLOAD_DIR (`relative` with `/` separators). */
export const uploadFile = (relative: string): string => `${UPLOADS_FOLDER}/${relative}`;

export interface BackupTable {
  readonly name: string;
  readonly rows: number;
  /** The columns, in the source's order; each line of the table's file is an object with these keys. */
  readonly columns: readonly string[];
  /** Columns of bytes (`blob`/`bytea`), written as base64 strings. */
  readonly binaryColumns: readonly string[];
  readonly file: string;
}

export interface BackupFile {
  /** Relative to the backup folder, `/`-separated. */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface Manifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly formatVersion: number;
  readonly gongkaiVersion: string;
  readonly createdAt: string;
  readonly sourceDialect: 'sqlite' | 'postgres';
  /** The last migration applied to the source database. */
  readonly migration: string;
  /** In restore order: a table comes after every table it references. */
  readonly tables: readonly BackupTable[];
  /** Every file of the backup but the manifest: table files, the SQLite copy, the uploads. */
  readonly files: readonly BackupFile[];
}

/**
 * Whether `path` stays inside the folder it is relative to: no absolute path, no `..`, no empty or `.`
 * segment, no backslash or NUL. Paths in a manifest are checked with it before any file is opened.
 */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || /[\\\0]/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

const SAFE_PATH = z.string().refine(isSafeRelativePath, { message: '路径不安全' });
const IDENTIFIER = z.string().regex(/^[a-z_][a-z0-9_]*$/, { message: '名称不合规' });

const MANIFEST_SCHEMA = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  gongkaiVersion: z.string(),
  createdAt: z.string(),
  sourceDialect: z.enum(['sqlite', 'postgres']),
  migration: z.string().min(1),
  tables: z.array(
    z.object({
      name: IDENTIFIER,
      rows: z.number().int().nonnegative(),
      columns: z.array(IDENTIFIER).min(1),
      binaryColumns: z.array(IDENTIFIER),
      file: SAFE_PATH,
    }),
  ),
  files: z.array(
    z.object({
      path: SAFE_PATH,
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});

export type ManifestResult =
  | { readonly ok: true; readonly manifest: Manifest }
  | { readonly ok: false; readonly problem: string };

/** Reads and checks the text of `manifest.json`; the problem is said in Chinese. */
export function parseManifest(text: string): ManifestResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'manifest.json 不是有效的 JSON，备份已损坏。' };
  }
  if (typeof json === 'object' && json !== null && (json as { format?: unknown }).format !== BACKUP_FORMAT)
    return { ok: false, problem: 'manifest.json 不是 Gongkai 的备份清单。' };
  const parsed = MANIFEST_SCHEMA.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `manifest.json 的内容有误（${issue?.path.join('.') ?? ''}：${issue?.message ?? ''}），备份已损坏。`,
    };
  }
  const manifest = parsed.data as Manifest;
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION)
    return {
      ok: false,
      problem: `备份格式版本 ${manifest.formatVersion} 高于本程序能读取的版本 ${BACKUP_FORMAT_VERSION}，请用更新版本的 Gongkai 恢复。`,
    };
  const paths = new Set<string>();
  for (const f of manifest.files) {
    if (paths.has(f.path)) return { ok: false, problem: `manifest.json 重复列出文件 ${f.path}。` };
    paths.add(f.path);
  }
  const names = new Set<string>();
  for (const t of manifest.tables) {
    if (names.has(t.name)) return { ok: false, problem: `manifest.json 重复列出数据表 ${t.name}。` };
    names.add(t.name);
    if (!paths.has(t.file))
      return { ok: false, problem: `manifest.json 未列出数据表 ${t.name} 的文件 ${t.file} 的校验和。` };
    const unknown = t.binaryColumns.find((c) => !t.columns.includes(c));
    if (unknown) return { ok: false, problem: `manifest.json 中数据表 ${t.name} 没有列 ${unknown}。` };
  }
  return { ok: true, manifest };
}

/** The manifest as written: indented, one file. */
export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Whether a file found in the backup is the one the manifest lists: null when it is, else the problem
 * naming the file (`actual` null: the file is missing).
 */
export function fileProblem(
  expected: BackupFile,
  actual: { readonly size: number; readonly sha256: string } | null,
): string | null {
  if (actual === null) return `备份缺少文件 ${expected.path}。`;
  if (actual.size !== expected.size)
    return `备份文件 ${expected.path} 的大小（${actual.size} 字节）与清单（${expected.size} 字节）不符，文件已损坏或被修改。`;
  if (actual.sha256 !== expected.sha256)
    return `备份文件 ${expected.path} 的校验和与清单不符，文件已损坏或被修改。`;
  return null;
}

const migrationNumber = (name: string): number => Number(/^(\d+)/.exec(name)?.[1] ?? Number.NaN);

/**
 * Whether this code can restore a backup made at migration `backup`, knowing migrations `known` (in
 * order): null when it can (the backup's migration is one of them), else the problem.
 */
export function migrationProblem(backup: string, known: readonly string[]): string | null {
  if (known.includes(backup)) return null;
  const latest = known.at(-1) ?? '';
  if (migrationNumber(backup) > migrationNumber(latest) || backup > latest)
    return `备份来自更新版本的 Gongkai（数据库版本 ${backup}，本程序最高 ${latest}），请先升级本程序再恢复。`;
  return `备份的数据库版本 ${backup} 不是本程序的迁移之一，无法恢复。`;
}

export interface TableLinks {
  readonly name: string;
  /** The tables its foreign keys reference (itself included or not; self-references are ignored). */
  readonly references: readonly string[];
}

/**
 * The tables in an order where each comes after every table it references, otherwise in the order
 * given (the order the migrations created them). References to tables not in the list are ignored; a
 * cycle (none in the schema) keeps the given order for the tables on it.
 */
export function orderTables(tables: readonly TableLinks[]): string[] {
  const names = new Set(tables.map((t) => t.name));
  const placed = new Set<string>();
  const order: string[] = [];
  let pending = [...tables];
  while (pending.length > 0) {
    const ready = pending.find((t) =>
      t.references.every((r) => r === t.name || !names.has(r) || placed.has(r)),
    );
    const next = ready ?? (pending[0] as TableLinks);
    order.push(next.name);
    placed.add(next.name);
    pending = pending.filter((t) => t !== next);
  }
  return order;
}

/** A row's value as JSON: bytes as base64, everything else (numbers, text, null) as it is stored. */
export function encodeRow(
  row: Readonly<Record<string, unknown>>,
  columns: readonly string[],
  binaryColumns: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = row[c];
    if (v === undefined || v === null) out[c] = null;
    else if (binaryColumns.includes(c) && v instanceof Uint8Array) out[c] = Buffer.from(v).toString('base64');
    else if (typeof v === 'bigint') out[c] = Number(v);
    else out[c] = v;
  }
  return out;
}

/** A row read back from JSON Lines, ready to insert: base64 back to bytes. */
export function decodeRow(
  json: Readonly<Record<string, unknown>>,
  columns: readonly string[],
  binaryColumns: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = json[c] ?? null;
    out[c] = binaryColumns.includes(c) && typeof v === 'string' ? Buffer.from(v, 'base64') : v;
  }
  return out;
}

/**
 * Tables whose rows the system makes for itself on any start, not data: the cookie-signing secret
 * generated when none is configured (decision 010), which `gongkai migrate` or a first start leaves in a
 * database otherwise empty. A restore replaces them with the backup's.
 */
export const GENERATED_TABLES: readonly string[] = ['app_secrets'];

/**
 * The first table that holds data, or null: a table has data when it holds more rows than a freshly
 * migrated database holds there (the migrations seed the holiday calendar and the topic taxonomy), the
 * generated tables aside.
 */
export function tableWithData(
  counts: ReadonlyMap<string, number>,
  fresh: ReadonlyMap<string, number>,
): { readonly table: string; readonly rows: number } | null {
  for (const [table, rows] of counts) {
    if (GENERATED_TABLES.includes(table)) continue;
    const seeded = fresh.get(table) ?? 0;
    if (rows > 0 && rows !== seeded) return { table, rows };
  }
  return null;
}

/** Rows per insert statement: under both databases' limits on bound values (SQLite 32,766; PostgreSQL 65,535). */
export function insertBatchSize(columnCount: number): number {
  return Math.max(1, Math.min(500, Math.floor(8000 / Math.max(1, columnCount))));
}
