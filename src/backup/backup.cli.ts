/**
 * `gongkai backup DIR` and `gongkai restore DIR` (docs/decisions/011-backup-and-durability.md).
 *
 * `restore` starts on its own rather than as the other commands do: the common start-up migrates the
 * database to the latest version and stores a generated cookie secret in it, while a restore migrates an
 * empty database only as far as the backup's version, and must find it without data.
 */
import { loadConfig } from '../config.ts';
import { DatabaseOpenError, openDatabase } from '../db/connect.ts';
import { EXIT_FAILURE, EXIT_OK, parseCommandArgs, runWithArgs, UsageError } from '../shared/cli-args.ts';
import type { Deps } from '../shared/deps.ts';
import type { Io } from '../shared/io.ts';
import { runBackup, runRestore } from './backup.service.ts';

export const BACKUP_USAGE = 'backup 目录';
export const RESTORE_USAGE = 'restore 目录';

export const BACKUP_HELP = `用法：gongkai ${BACKUP_USAGE}

在系统运行时备份数据库和上传文件目录（UPLOAD_DIR）到一个新的或空的目录：
  manifest.json        清单：格式版本、Gongkai 版本、备份时间、数据库类型、迁移版本、各表行数、每个文件的 SHA-256 与大小
  tables/表名.jsonl    每个数据表一行一条记录（同一快照中读出；二进制列为 base64），可恢复到 SQLite 或 PostgreSQL
  database.sqlite      SQLite 数据库的在线备份副本（仅 SQLite）
  uploads/             上传文件
先写入“目录.partial”，全部完成后才改名为目录。退出状态：0 成功，1 未成功，2 用法有误。`;

export const RESTORE_HELP = `用法：gongkai ${RESTORE_USAGE}

把 gongkai backup 的备份恢复到 DATABASE_URL 所指的空数据库（SQLite 或 PostgreSQL，与备份来源可以不同）和空的上传文件目录（UPLOAD_DIR）。
先校验清单和每个文件的校验和；数据库中已有数据、上传文件目录中已有文件、备份来自更新版本时拒绝恢复。
全部数据在一个事务中写入。退出状态：0 成功，1 未成功，2 用法有误。`;

/** The one positional argument, the backup folder. */
export function parseDirArg(argv: readonly string[]): { dir: string } {
  const { positionals } = parseCommandArgs(argv, { allowPositionals: true, options: {} });
  if (positionals.length !== 1 || !positionals[0])
    throw new UsageError('请给出一个备份目录，例如：gongkai backup /var/backups/gongkai/2026-11-25');
  return { dir: positionals[0] };
}

export async function backupCommand(args: { dir: string }, io: Io, deps: Deps): Promise<number> {
  const r = await runBackup(deps, args.dir, io);
  if (!r.ok) {
    io.stderr(r.problem);
    return EXIT_FAILURE;
  }
  const rows = r.manifest.tables.reduce((n, t) => n + t.rows, 0);
  const uploads = r.manifest.files.filter((f) => f.path.startsWith('uploads/')).length;
  io.stdout(
    `备份完成：${r.dir}（${r.manifest.tables.length} 个数据表共 ${rows} 行，上传文件 ${uploads} 个，数据库版本 ${r.manifest.migration}）。`,
  );
  if (r.vanished > 0) io.stdout(`另有 ${r.vanished} 个上传文件在复制前已被删除，未包含在备份中。`);
  return EXIT_OK;
}

/** `gongkai restore DIR`: configuration, database opened (not migrated here), restore, closed. */
export async function restoreCommand(
  argv: readonly string[],
  io: Io,
  env: Record<string, string | undefined>,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(RESTORE_HELP);
    return EXIT_OK;
  }
  return runWithArgs(
    io,
    RESTORE_HELP,
    () => parseDirArg(argv),
    async (args) => {
      const loaded = loadConfig(env);
      if (!loaded.ok) {
        io.stderr('配置有误：');
        for (const p of loaded.problems) io.stderr(`  - ${p}`);
        return EXIT_FAILURE;
      }
      let handle: Awaited<ReturnType<typeof openDatabase>>;
      try {
        handle = await openDatabase(loaded.config.database);
      } catch (err) {
        if (err instanceof DatabaseOpenError) {
          io.stderr(err.message);
          return EXIT_FAILURE;
        }
        throw err;
      }
      try {
        const r = await runRestore(
          { db: handle.db, dialect: handle.dialect, uploadDir: loaded.config.uploadDir },
          args.dir,
          io,
        );
        if (!r.ok) {
          io.stderr(r.problem);
          return EXIT_FAILURE;
        }
        io.stdout(
          `恢复完成：${handle.description}（${r.manifest.tables.length} 个数据表共 ${r.rows} 行，上传文件 ${r.files} 个；备份于 ${r.manifest.createdAt}，来自 ${r.manifest.sourceDialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}）。`,
        );
        return EXIT_OK;
      } finally {
        await handle.close();
      }
    },
  );
}
