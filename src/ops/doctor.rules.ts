/**
 * `gongkai doctor`, the pure part: what was probed (`doctor.ts`) → one line per check, ✓ or ✗ with what to
 * do, and the exit status (0 when every essential check passes, else 1). Essential: what the site cannot
 * run without (configuration, database, migrations, upload folder, secret). The others (PDF, fonts, PDF
 * reading, mail) each take away a feature only.
 */
import { FANDOL_FAMILIES, fontPresence, INSTALL_COMMAND } from './system-parts.rules.ts';

/** A probe that worked, or why not. */
export type Probe<T = Record<string, never>> = ({ ok: true } & T) | { ok: false; message: string };

export interface DoctorProbes {
  readonly nodeVersion: string;
  /** Configuration problems (all of them), or none. */
  readonly configProblems: readonly string[];
  readonly env: 'development' | 'production' | 'test' | null;
  /** Null when the configuration is broken (nothing further was tried). */
  readonly database: Probe<{ description: string }> | null;
  readonly migrations: Probe<{ pending: readonly string[] }> | null;
  /** Where the secret comes from: the environment, the database (generated on first start), or not yet made. */
  readonly secret: 'env' | 'stored' | 'not yet' | null;
  readonly uploadDir: Probe<{ dir: string; freeBytes: number | null }> | null;
  readonly chromium: Probe<{ ms: number }>;
  /** `fc-list : family` output ('' when fontconfig is missing). */
  readonly fontFamilies: string;
  readonly printFonts: boolean;
  readonly pdftotext: boolean;
  /** Null when SMTP_URL is not set. */
  readonly smtp: Probe<{ host: string }> | null;
  /** PUBLIC_BASE_URL as configured, or null. */
  readonly publicBaseUrl: string | null;
}

export interface DoctorLine {
  readonly ok: boolean;
  readonly essential: boolean;
  readonly text: string;
}

/** Below this the upload folder fails the check: uploads and backups would soon fail. */
export const MIN_FREE_BYTES = 1024 ** 3;

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

function pendingNames(names: readonly string[]): string {
  return names.length <= 3 ? names.join('、') : `${names[0]} … ${names[names.length - 1]}`;
}

export function doctorLines(p: DoctorProbes): DoctorLine[] {
  const lines: DoctorLine[] = [];
  const add = (ok: boolean, essential: boolean, text: string) => lines.push({ ok, essential, text });
  const major = Number(/^v?(\d+)/.exec(p.nodeVersion)?.[1] ?? 0);
  add(
    major >= 20,
    true,
    major >= 20 ? `Node.js ${p.nodeVersion}` : `Node.js ${p.nodeVersion}：需要 20 或更高版本`,
  );

  if (p.configProblems.length > 0) {
    add(
      false,
      true,
      `配置有误（${p.configProblems.length} 处）：${p.configProblems.join('；')}。请修改环境变量（示例见 .env.example）`,
    );
  } else add(true, true, `配置（NODE_ENV=${p.env ?? 'development'}）`);

  if (p.database === null) add(false, true, '数据库：配置有误，未检查');
  else if (p.database.ok) add(true, true, `数据库可以连接：${p.database.description}`);
  else add(false, true, `数据库无法使用：${p.database.message}。请检查 DATABASE_URL 和数据库服务`);

  if (p.migrations !== null) {
    if (!p.migrations.ok) add(false, true, `数据库迁移状态无法读取：${p.migrations.message}`);
    else if (p.migrations.pending.length === 0) add(true, true, '数据库迁移已是最新');
    else
      add(
        false,
        true,
        `数据库有 ${p.migrations.pending.length} 个迁移尚未执行（${pendingNames(p.migrations.pending)}）：请运行 npx gongkai migrate`,
      );
  }

  if (p.secret === 'env') add(true, true, '会话密钥：由 SESSION_SECRET 设置');
  else if (p.secret === 'stored')
    add(true, true, '会话密钥：首次启动时随机生成，保存在数据库中（多台服务器共用）');
  else if (p.secret === 'not yet') add(true, true, '会话密钥：尚未生成，首次启动时随机生成并保存在数据库中');

  if (p.uploadDir !== null) {
    if (!p.uploadDir.ok)
      add(false, true, `上传文件夹不可写：${p.uploadDir.message}。请检查 UPLOAD_DIR 的路径和权限`);
    else if (p.uploadDir.freeBytes !== null && p.uploadDir.freeBytes < MIN_FREE_BYTES)
      add(
        false,
        true,
        `上传文件夹 ${p.uploadDir.dir} 可写，但剩余空间只有 ${size(p.uploadDir.freeBytes)}（至少应有 ${size(MIN_FREE_BYTES)}）：请清理或扩容`,
      );
    else
      add(
        true,
        true,
        `上传文件夹 ${p.uploadDir.dir} 可写${p.uploadDir.freeBytes === null ? '' : `，剩余空间 ${size(p.uploadDir.freeBytes)}`}`,
      );
  }

  if (p.env === 'production' && p.publicBaseUrl === null)
    add(
      false,
      false,
      '未设置 PUBLIC_BASE_URL：邮件和文书中的链接将使用默认地址。请设置为对外的网址，例如 https://gongkai.example.gov.cn',
    );

  if (p.chromium.ok) add(true, false, `Chromium 可以启动并生成 PDF（${p.chromium.ms} 毫秒）`);
  else
    add(
      false,
      false,
      `Chromium 无法生成 PDF（答复文书、年度报告的 PDF 不可用）：${p.chromium.message}。安装：${INSTALL_COMMAND}`,
    );

  const fonts = fontPresence(p.fontFamilies);
  add(
    fonts.cjkFonts,
    false,
    fonts.cjkFonts
      ? '中文字体（Noto CJK）已安装'
      : `没有中文字体（fonts-noto-cjk），PDF 中的中文将显示为方框。安装：${INSTALL_COMMAND}`,
  );
  add(
    fonts.fandol,
    false,
    fonts.fandol
      ? `Fandol 公文字体已安装（${FANDOL_FAMILIES.join('、')}）`
      : `缺少 Fandol 公文字体 ${fonts.missingFandol.join('、')}（texlive-lang-chinese），答复文书不能使用仿宋、楷体。安装：${INSTALL_COMMAND}`,
  );
  add(
    p.printFonts,
    false,
    p.printFonts
      ? '打印字体（GB 2312 子集）已生成，PDF 生成较快'
      : `没有打印字体（GB 2312 子集），PDF 仍可生成但较慢（每份多 1–2 秒）。生成：${INSTALL_COMMAND}`,
  );
  add(
    p.pdftotext,
    false,
    p.pdftotext
      ? 'pdftotext 已安装（年报检查器可读取 PDF）'
      : `没有 pdftotext（poppler-utils），年报检查器不能读取 PDF。安装：${INSTALL_COMMAND}`,
  );

  if (p.smtp === null)
    add(false, false, '未设置 SMTP_URL：邮件保留在发件箱中，不会发出。请设置 SMTP_URL 和 MAIL_FROM');
  else if (p.smtp.ok) add(true, false, `邮件服务器 ${p.smtp.host} 可以连接（EHLO 成功）`);
  else add(false, false, `邮件服务器无法连接：${p.smtp.message}。请检查 SMTP_URL、网络和防火墙`);
  return lines;
}

/** The printed report and the exit status: 0 when every essential check passed, else 1. */
export function doctorReport(p: DoctorProbes): { lines: string[]; exitCode: 0 | 1 } {
  const checks = doctorLines(p);
  const failedEssential = checks.filter((c) => !c.ok && c.essential).length;
  const failedOther = checks.filter((c) => !c.ok && !c.essential).length;
  const lines = checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.text}${!c.ok && c.essential ? '（必需）' : ''}`);
  lines.push(
    failedEssential > 0
      ? `结论：${failedEssential} 项必需检查未通过，系统不能正常运行。`
      : failedOther > 0
        ? `结论：必需检查全部通过；${failedOther} 项可选功能不可用（见上）。`
        : '结论：全部检查通过。',
  );
  return { lines, exitCode: failedEssential > 0 ? 1 : 0 };
}
