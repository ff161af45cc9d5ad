/**
 * The `gongkai` command (bin/gongkai.js): dispatches to `serve` or one of the commands of
 * `src/cli/commands.ts`, which all start the same way (`src/cli/start.ts`).
 */
import { ROLE_LABELS, ROLES } from './accounts/roles.ts';
import { commands } from './cli/commands.ts';
import type { Env } from './cli/start.ts';
import { EXIT_OK, EXIT_USAGE, parseCommandArgs, runWithArgs } from './shared/cli-args.ts';
import { type Io, processIo } from './shared/io.ts';

const SERVE_USAGE = 'serve';

export const HELP = `gongkai — 政府信息公开工作系统

用法：gongkai <命令> [选项]

命令：
  ${SERVE_USAGE}
      启动网站（公众门户和办理后台），启动时自动迁移数据库；数据库为空时加载演示数据（生产模式除外）
${commands.map((c) => `  ${c.usage}\n      ${c.summary}`).join('\n')}
  help
      显示本帮助；gongkai <命令> --help 显示该命令的用法

退出状态（各命令相同；个别命令另有说明）：
  0  成功
  1  未成功：配置有误（逐条列出）、数据库无法打开或迁移，或命令本身未能完成
  2  用法有误：未知的命令或选项、选项缺少值、参数无效（显示原因和用法）

角色：${ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join('、')}

环境变量：
  DATABASE_URL   数据库地址，默认 sqlite:data/gongkai.db；也可为 sqlite:路径 或 postgres://用户:密码@主机:端口/库名
  PORT           端口，默认 3000
  SESSION_SECRET 会话密钥（生产模式必填，至少 32 个字符；开发模式不设置时首次启动自动生成并保存在数据库中）
  UPLOAD_QUOTA_MB 每个地址 24 小时内可保留的未提交上传文件总量（MB），默认 40
  GONGKAI_DEMO_PASSWORD  演示账号的密码（不设置则首次启动时随机生成并显示一次）
  NODE_ENV       development（默认）、production 或 test
  SMTP_URL       发信服务器 smtp://用户名:密码@主机:端口 或 smtps://…（不设置则邮件保留在发件箱中）
  MAIL_FROM      发件人，例如 政府信息公开 <gongkai@example.gov.cn>（设置 SMTP_URL 时必填）
`;

/** Runs `gongkai <argv>`; the exit status, or -1 while the server keeps running. */
export async function main(
  argv: readonly string[],
  io: Io = processIo,
  env: Env = process.env,
): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(HELP);
      return EXIT_OK;
    case 'serve':
      return runWithArgs(
        io,
        `用法：gongkai ${SERVE_USAGE}`,
        () => parseCommandArgs(rest, {}),
        // Loaded only to serve: the web application is most of the code, and no other command needs it.
        async () => (await import('./server.ts')).serve(env, io),
      );
    default: {
      const found = commands.find((c) => c.name === command);
      if (found) return found.run(rest, io, env);
      io.stderr(`未知命令“${command}”。运行 gongkai help 查看可用命令。`);
      return EXIT_USAGE;
    }
  }
}
