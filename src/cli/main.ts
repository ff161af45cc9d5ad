import { parseArgs } from 'node:util';
import { checkNewPassword, hashPassword } from '../accounts/password.ts';
import { isRole, ROLE_LABELS, ROLES } from '../accounts/roles.ts';
import { findUserByLogin, insertUser } from '../accounts/user.repository.ts';
import { findAgencyByName } from '../agencies/agency.repository.ts';
import { appendAudit, SYSTEM_ACTOR } from '../audit/audit.repository.ts';
import { loadConfig } from '../config.ts';
import { loadDemoIfEmpty } from '../demo/demo.ts';
import { serve } from '../server.ts';
import { systemClock } from '../shared/clock.ts';
import { type Io, processIo } from '../shared/io.ts';
import { extraCommands } from './commands.ts';
import { withConfiguredDatabase } from './database.ts';

export const HELP = `gongkai — 政府信息公开工作系统

用法：gongkai <命令> [选项]

命令：
  serve
      启动网站（公众门户和办理后台），启动时自动迁移数据库；数据库为空时加载演示数据（生产模式除外）
  migrate
      将数据库迁移到最新版本
  demo
      向空数据库加载演示数据
  user create --login 用户名 --name 姓名 --role 角色 [--agency 机构名称]
      创建账号；密码从环境变量 GONGKAI_NEW_PASSWORD 读取
${extraCommands.map((c) => `  ${c.usage}\n      ${c.summary}`).join('\n')}
  help
      显示本帮助

角色：${ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join('、')}

环境变量：
  DATABASE_URL   数据库地址，默认 sqlite:data/gongkai.db；也可为 sqlite:路径 或 postgres://用户:密码@主机:端口/库名
  PORT           端口，默认 3000
  SESSION_SECRET 会话密钥（生产模式必填，至少 32 个字符）
  GONGKAI_DEMO_PASSWORD  演示账号的密码（不设置则首次启动时随机生成并显示一次）
  NODE_ENV       development（默认）、production 或 test
  SMTP_URL       发信服务器 smtp://用户名:密码@主机:端口 或 smtps://…（不设置则邮件保留在发件箱中）
  MAIL_FROM      发件人，例如 政府信息公开 <gongkai@example.gov.cn>（设置 SMTP_URL 时必填）
`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(HELP);
      return 0;
    case 'serve':
      return serve(process.env, io);
    case 'migrate':
      return withConfiguredDatabase(io, async (h) => {
        io.stdout(`数据库 ${h.description} 已是最新版本。`);
        return 0;
      });
    case 'demo':
      return withConfiguredDatabase(io, async (h) => {
        const loaded = loadConfig(process.env);
        if (loaded.ok && loaded.config.env === 'production') {
          io.stderr('生产模式不能加载演示数据。');
          return 1;
        }
        const r = await loadDemoIfEmpty(
          h.db,
          systemClock.now().toISOString(),
          process.env.GONGKAI_DEMO_PASSWORD ?? null,
        );
        if (!r.loaded) {
          io.stderr('数据库中已有机构，未加载演示数据。');
          return 1;
        }
        io.stdout('已加载演示数据。');
        if (r.generatedPassword) io.stdout(`演示账号的密码：${r.generatedPassword}`);
        return 0;
      });
    case 'user':
      return userCommand(rest, io);
    default: {
      const extra = extraCommands.find((c) => c.name === command);
      if (extra) return extra.run(rest, io);
      io.stderr(`未知命令“${command}”。运行 gongkai help 查看可用命令。`);
      return 2;
    }
  }
}

async function userCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') {
    io.stderr('用法：gongkai user create --login 用户名 --name 姓名 --role 角色 [--agency 机构名称]');
    return 2;
  }
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        login: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        agency: { type: 'string' },
      },
    }).values as Record<string, string | undefined>;
  } catch (err) {
    io.stderr(`参数有误：${(err as Error).message}`);
    return 2;
  }
  const problems: string[] = [];
  if (!values.login || !/^[a-z0-9][a-z0-9._-]{2,31}$/.test(values.login))
    problems.push('--login：3–32 位小写字母、数字、点、下划线或连字符');
  if (!values.name) problems.push('--name：请填写姓名');
  if (!isRole(values.role)) problems.push(`--role：应为 ${ROLES.join('、')} 之一`);
  if (values.role && values.role !== 'admin' && !values.agency)
    problems.push('--agency：除系统管理员外必须指定所属机构');
  const password = process.env.GONGKAI_NEW_PASSWORD ?? '';
  const pwProblem = checkNewPassword(password, values.login);
  if (pwProblem)
    problems.push(`GONGKAI_NEW_PASSWORD：${password ? pwProblem : '请通过该环境变量提供初始密码'}`);
  if (problems.length > 0) {
    for (const p of problems) io.stderr(`  - ${p}`);
    return 2;
  }
  return withConfiguredDatabase(io, async (h) => {
    const agency = values.agency ? await findAgencyByName(h.db, values.agency) : null;
    if (values.agency && !agency) {
      io.stderr(`没有名为“${values.agency}”的机构。`);
      return 2;
    }
    if (await findUserByLogin(h.db, values.login!)) {
      io.stderr(`用户名“${values.login}”已存在。`);
      return 2;
    }
    const now = systemClock.now().toISOString();
    const hash = await hashPassword(password);
    await h.db.transaction().execute(async (trx) => {
      const id = await insertUser(
        trx,
        {
          login: values.login!,
          displayName: values.name!,
          role: values.role as never,
          agencyId: agency?.id ?? null,
          passwordHash: hash,
        },
        now,
      );
      await appendAudit(trx, {
        actor: SYSTEM_ACTOR,
        at: now,
        action: 'create',
        entityType: 'user',
        entityId: id,
        agencyId: agency?.id ?? null,
        summary: `命令行创建账号“${values.login}”`,
      });
    });
    io.stdout(`已创建账号 ${values.login}。`);
    return 0;
  });
}
