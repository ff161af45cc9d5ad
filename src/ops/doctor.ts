/**
 * `gongkai doctor`: checks every part the system needs, one line each (`doctor.rules.ts` words them).
 * Unlike the other commands it neither stops at a configuration problem nor migrates the database: it
 * looks, reports, and changes nothing (a probe file in the upload folder is written and removed).
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { CliCommand, Env } from '../cli/start.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { parseCommandArgs, runWithArgs } from '../shared/cli-args.ts';
import type { Io } from '../shared/io.ts';
import { CHROMIUM_PATH, closePdfBrowser, PRINT_FONTS_DIR, printHtmlToPdf } from '../shared/pdf.ts';
import { type DoctorProbes, doctorReport, type Probe } from './doctor.rules.ts';
import { fontFamilies, onPath } from './system-parts.ts';

const SMTP_TIMEOUT_MS = 5_000;
const CHROMIUM_TIMEOUT_MS = 45_000;

function message(err: unknown): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}超过 ${ms / 1000} 秒没有完成`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Prints a tiny page to PDF in Chromium (the browser is closed afterwards). */
async function probeChromium(): Promise<Probe<{ ms: number }>> {
  if (!existsSync(CHROMIUM_PATH)) return { ok: false, message: `没有找到 ${CHROMIUM_PATH}` };
  const started = Date.now();
  try {
    const pdf = await withTimeout(
      printHtmlToPdf('<!doctype html><html lang="zh-CN"><body><p>政府信息公开 检查</p></body></html>'),
      CHROMIUM_TIMEOUT_MS,
      '生成 PDF ',
    );
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
      return { ok: false, message: '生成的文件不是 PDF' };
    return { ok: true, ms: Date.now() - started };
  } catch (err) {
    return { ok: false, message: message(err) };
  } finally {
    await closePdfBrowser().catch(() => {});
  }
}

/**
 * Writes and removes a probe file in the upload folder and reads its free space. A folder not made yet
 * is not made here: its nearest existing parent must be writable (the app makes the folder on first use).
 */
function probeUploadDir(dir: string): Probe<{ dir: string; freeBytes: number | null }> {
  const full = resolve(dir);
  let existing = full;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    if (existing === full) {
      const probe = join(full, `.gongkai-doctor-${randomBytes(6).toString('hex')}`);
      writeFileSync(probe, 'ok');
      unlinkSync(probe);
    } else accessSync(existing, constants.W_OK);
  } catch (err) {
    return { ok: false, message: `${existing}：${message(err)}` };
  }
  let freeBytes: number | null = null;
  try {
    const s = statfsSync(existing);
    freeBytes = s.bavail * s.bsize;
  } catch {
    freeBytes = null;
  }
  return { ok: true, dir: full, freeBytes };
}

/** Connects to the SMTP server and says EHLO (and signs in when the URL has credentials). */
async function probeSmtp(url: string): Promise<Probe<{ host: string }>> {
  let host = url;
  try {
    const u = new URL(url);
    host = `${u.hostname}:${u.port || (u.protocol === 'smtps:' ? '465' : '587')}`;
  } catch {
    /* the configuration check already reported it */
  }
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  try {
    await withTimeout(transport.verify(), SMTP_TIMEOUT_MS * 2, '连接邮件服务器');
    return { ok: true, host };
  } catch (err) {
    return { ok: false, message: `${host}：${message(err)}` };
  } finally {
    transport.close();
  }
}

/** Runs every probe. */
export async function probeAll(env: Env): Promise<DoctorProbes> {
  const loaded = loadConfig(env);
  const config = loaded.ok ? loaded.config : null;
  let database: DoctorProbes['database'] = null;
  let migrations: DoctorProbes['migrations'] = null;
  let secret: DoctorProbes['secret'] = null;
  if (config) {
    secret = config.sessionSecret ? 'env' : 'not yet';
    const file = config.database.kind === 'sqlite' ? config.database.file : null;
    if (file !== null && file !== ':memory:' && !existsSync(resolve(file))) {
      // Not made here: doctor changes nothing. The first start (or `gongkai migrate`) makes it.
      database = {
        ok: false,
        message: `SQLite 数据库文件 ${resolve(file)} 还不存在（首次运行 npm start 或 npx gongkai migrate 时创建）`,
      };
    } else
      try {
        const handle = await openDatabase(config.database);
        database = { ok: true, description: handle.description };
        try {
          const pending = await pendingMigrations(handle.db, handle.dialect);
          migrations = { ok: true, pending };
          if (secret === 'not yet' && !pending.includes('0017_security')) {
            const row = await handle.db
              .selectFrom('app_secrets')
              .select('name')
              .where('name', '=', 'session')
              .executeTakeFirst();
            if (row) secret = 'stored';
          }
        } catch (err) {
          migrations = { ok: false, message: message(err) };
        } finally {
          await handle.close();
        }
      } catch (err) {
        database = { ok: false, message: message(err) };
      }
  }
  const smtpUrl = config?.smtpUrl ?? null;
  const [chromium, families, smtp] = await Promise.all([
    probeChromium(),
    fontFamilies(),
    smtpUrl ? probeSmtp(smtpUrl) : Promise.resolve(null),
  ]);
  return {
    nodeVersion: process.version,
    configProblems: loaded.ok ? [] : loaded.problems,
    env: config?.env ?? null,
    database,
    migrations,
    secret,
    uploadDir: config ? probeUploadDir(config.uploadDir) : null,
    chromium,
    fontFamilies: families,
    printFonts: existsSync(join(PRINT_FONTS_DIR, 'GongkaiSansSC-Regular.otf')),
    pdftotext: onPath('pdftotext', env.PATH ?? process.env.PATH ?? ''),
    smtp,
    publicBaseUrl: env.PUBLIC_BASE_URL ? env.PUBLIC_BASE_URL : null,
  };
}

const DOCTOR_USAGE = 'doctor';

export const doctorCommand: CliCommand = {
  name: 'doctor',
  usage: DOCTOR_USAGE,
  summary:
    '逐项检查运行环境（配置、数据库与迁移、上传文件夹与剩余空间、会话密钥、Chromium、字体、pdftotext、邮件服务器），每项一行；必需项全部通过时退出状态为 0，否则为 1',
  async run(argv: readonly string[], io: Io, env: Env): Promise<number> {
    const help = `用法：gongkai ${DOCTOR_USAGE}\n不修改任何数据（不执行迁移）；✗ 的行给出处理办法。`;
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(help);
      return 0;
    }
    return runWithArgs(
      io,
      help,
      () => parseCommandArgs(argv, {}),
      async () => {
        const report = doctorReport(await probeAll(env));
        for (const line of report.lines) io.stdout(line);
        return report.exitCode;
      },
    );
  },
};
