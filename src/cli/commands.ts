/**
 * The commands of the `gongkai` CLI other than `serve` (which lives with the entry, `src/main.ts`). Each is
 * defined with `defineCommand`: its arguments parsed with `parseCommandArgs`, then the configuration and
 * database started the one way (`start.ts`), then the capability's function run with the `Deps`.
 */

import {
  API_TOKEN_DAYS,
  API_TOKEN_MAX_DAYS,
  apiTokensOf,
  createApiToken,
  revokeApiTokenById,
} from '../accounts/api-token.service.ts';
import { createUserFromCli, parseUserCreateArgs, USER_CREATE_USAGE } from '../accounts/user.cli.ts';
import { purgeExpiredUploads } from '../applications/documents.service.ts';
import { parseRemindArgs, REMIND_USAGE, remind } from '../applications/reminder.cli.ts';
import { ASSESS_USAGE, parseAssessArgs } from '../assessment/cli.ts';
import { AUDIT_USAGE, runAuditVerify } from '../audit/audit-verify.ts';
import {
  BACKUP_HELP,
  BACKUP_USAGE,
  backupCommand,
  parseDirArg,
  RESTORE_USAGE,
  restoreCommand,
} from '../backup/backup.cli.ts';
import { runWorkdaysCommand, WORKDAYS_USAGE } from '../calendar/workdays-cli.ts';
import { deliverOutboxNow, MAIL_USAGE, parseMailArgs } from '../mail/mail.cli.ts';
import { doctorCommand } from '../ops/doctor.ts';
import { runCheckCommand } from '../reports/checker.ts';
import { parseReportArgs, REPORT_USAGE, runReportCommand } from '../reports/report.cli.ts';
import { DIGEST_USAGE, digest, parseDigestArgs } from '../review/digest.cli.ts';
import { EXIT_FAILURE, EXIT_OK, parseCommandArgs, UsageError } from '../shared/cli-args.ts';
import { runWorker, WORKER_USAGE } from '../worker/worker.cli.ts';
import { type CliCommand, defineCommand } from './start.ts';

/** For commands that take no arguments: anything given is a usage error. */
function noArguments(argv: readonly string[]): null {
  parseCommandArgs(argv, {});
  return null;
}

const TOKEN_USAGE =
  'token create --user 登录名 [--label 说明] [--days 天数] | token list [--user 登录名] | token revoke 编号';

export const commands: readonly CliCommand[] = [
  doctorCommand,
  defineCommand({
    name: 'migrate',
    usage: 'migrate',
    summary: '将数据库迁移到最新版本',
    parse: noArguments,
    async run(_args, io, _deps, started) {
      io.stdout(`数据库 ${started.description} 已是最新版本。`);
      return EXIT_OK;
    },
  }),
  defineCommand({
    name: 'demo',
    usage: 'demo',
    summary: '向空数据库加载演示数据',
    parse: (argv, env) => ({ none: noArguments(argv), password: env.GONGKAI_DEMO_PASSWORD ?? null }),
    async run(args, io, deps) {
      if (deps.config.env === 'production') {
        io.stderr('生产模式不能加载演示数据。');
        return EXIT_FAILURE;
      }
      const { loadDemoIfEmpty } = await import('../demo/demo.ts');
      const r = await loadDemoIfEmpty(deps.db, deps.clock.now().toISOString(), args.password);
      if (!r.loaded) {
        io.stderr('数据库中已有机构，未加载演示数据。');
        return EXIT_FAILURE;
      }
      io.stdout('已加载演示数据。');
      if (r.generatedPassword) io.stdout(`演示账号的密码：${r.generatedPassword}`);
      return EXIT_OK;
    },
  }),
  defineCommand({
    name: 'user',
    usage: USER_CREATE_USAGE,
    summary: '创建账号；密码从环境变量 GONGKAI_NEW_PASSWORD 读取',
    parse: parseUserCreateArgs,
    run: createUserFromCli,
  }),
  defineCommand({
    name: 'assess',
    usage: 'assess --agency 机构 [--from 日期 --to 日期] [--profile 方案] [--default-weights] [--json]',
    summary:
      '政务公开体检：按评估指标给机构打分，列出否决项、未达标记录和优先整改事项；0 无否决项未达标，1 有，2 参数有误',
    help: ASSESS_USAGE,
    parse: parseAssessArgs,
    // Loaded when run (as the demo below): each is a second of start-up for every other command.
    run: async (args, io, deps) =>
      (await import('../assessment/assess.cli.ts')).assessFromDatabase(args, io, deps),
  }),
  {
    // The report checker reads files only and parses its own arguments (see reports/checker.ts).
    name: 'check',
    usage:
      'check 文件或文件夹... [--json] [--summary 汇总表.csv|.xlsx] [--explained 说明.json] | check --urls 网址清单.txt [--year 年度] [--summary 排名表.csv|.xlsx]',
    summary:
      '检查已发布的年度报告（.txt、.html、.docx、.pdf，文件夹逐级展开；--urls 逐个获取各机关网站上的报告并排名）：读出表格并运行全部勾稽规则，可另写汇总表；1 有报告存在错误，否则 2 有文件无法读取，否则 0',
    run: async (argv, io) => {
      const commandIo = {
        stdout: { write: (t: string) => io.stdout(t.replace(/\n$/, '')) },
        stderr: { write: (t: string) => io.stderr(t.replace(/\n$/, '')) },
      };
      if (argv.some((a) => a === '--urls' || a.startsWith('--urls=')))
        return (await import('../reports/survey/survey.cli.ts')).runSurveyCommand(argv, commandIo);
      return runCheckCommand(argv, commandIo);
    },
  },
  defineCommand({
    name: 'mail',
    usage: MAIL_USAGE,
    summary:
      '立即发送发件箱中待发送的邮件（服务器运行时每分钟自动发送）；未设置 SMTP_URL 时邮件保留在发件箱中',
    parse: parseMailArgs,
    run: (_args, io, deps) => deliverOutboxNow(deps, io),
  }),
  defineCommand({
    name: 'remind',
    usage: REMIND_USAGE,
    summary:
      '向各机构填写了电子邮箱的经办人、审核人发送当日提醒：已逾期和 3 个工作日内到期的申请；同一天不重复发送',
    parse: parseRemindArgs,
    run: remind,
  }),
  defineCommand({
    name: 'digest',
    usage: DIGEST_USAGE,
    summary:
      '向各机构填写了电子邮箱的审核人发送当日审核汇总：等待审核的答复文书和主动公开信息，最早提交的在前；同一天不重复发送',
    parse: parseDigestArgs,
    run: digest,
  }),
  {
    // Redaction reads and writes files only and parses its own arguments (see redaction/redact.cli.ts).
    name: 'redact',
    usage:
      'redact 输入.pdf [--find 文字]... [--pattern id,phone,...] [--reason 理由] --out 输出.pdf [--json]',
    summary:
      '部分公开：删除 PDF（或 DOCX、XLSX）中的指定文字和个人信息（身份证号、电话、统一社会信用代码、银行卡号、邮箱、住址），框内注明理由并附说明页；0 已删除，1 没有找到，2 参数或文件有误',
    run: async (argv, io) => (await import('../redaction/redact.cli.ts')).runRedactCommand(argv, io),
  },
  defineCommand({
    name: 'report',
    usage: 'report --agency 机构 --year 年度 --out 目录 [--format html,docx,pdf,xlsx,json]',
    summary:
      '由记录统计并生成年度报告的文件（默认全部：html、docx、pdf、xlsx、json）；已发布的报告使用发布时保存的文件',
    help: REPORT_USAGE,
    parse: parseReportArgs,
    run: runReportCommand,
  }),
  defineCommand({
    name: 'workdays',
    usage: 'workdays add 日期 N',
    summary: '按数据库中的节假日与调休安排，计算日期之后第 N 个工作日（自次日起算）；另有 is、between',
    help: WORKDAYS_USAGE,
    // The arguments are checked by runWorkdaysCommand (pure, tested without a database).
    parse: (argv) => argv,
    run: async (argv, io, deps) => runWorkdaysCommand(argv, io, await deps.calendar.get(deps.db)),
  }),
  defineCommand({
    name: 'purge-uploads',
    usage: 'purge-uploads',
    summary: '删除超过 24 小时仍未提交的匿名上传文件（后台任务每小时自动运行一次，也可手动运行）',
    parse(argv) {
      parseCommandArgs(argv, { options: {} });
      return {};
    },
    async run(_args, io, deps) {
      const n = await purgeExpiredUploads(deps, deps.clock.now().toISOString());
      io.stdout(`已删除过期未提交的上传文件 ${n} 个。`);
      return EXIT_OK;
    },
  }),
  defineCommand({
    name: 'backup',
    usage: BACKUP_USAGE,
    summary:
      '在系统运行时备份数据库（同一快照）和上传文件到新的或空的目录，附清单和校验和；SQLite 与 PostgreSQL 相同格式',
    help: BACKUP_HELP,
    parse: parseDirArg,
    run: backupCommand,
  }),
  {
    // Starts on its own: the database is migrated only as far as the backup's version (backup.cli.ts).
    name: 'restore',
    usage: RESTORE_USAGE,
    summary:
      '把备份恢复到空数据库和空的上传文件目录（可从 SQLite 恢复到 PostgreSQL）；先校验清单和全部校验和',
    run: restoreCommand,
  },
  defineCommand({
    name: 'worker',
    usage: WORKER_USAGE,
    summary:
      '后台任务进程：发送发件箱邮件、每日到期提醒和审核汇总、每小时清理过期上传、定时备份；可同时运行多个，收到 SIGTERM 后做完手头任务再退出（此时请为网站进程设置 RUN_JOBS_IN_WEB=false）',
    parse: noArguments,
    run: (_args, io, deps) => runWorker(io, deps),
  }),
  defineCommand({
    name: 'audit',
    usage: AUDIT_USAGE,
    summary: '核对审计日志的哈希链：完整时输出记录数（0），发现被篡改时指出第一条断开的记录（1）',
    parse(argv) {
      const { positionals } = parseCommandArgs(argv, { allowPositionals: true });
      if (positionals.length !== 1 || positionals[0] !== 'verify')
        throw new UsageError('audit 命令的子命令为 verify。');
      return 'verify' as const;
    },
    run: (_args, io, deps) => runAuditVerify(deps.db, io),
  }),
  defineCommand({
    name: 'token',
    usage: TOKEN_USAGE,
    summary: 'JSON API（/api/v1）令牌：create 创建并打印一次（数据库只存哈希），list 列出，revoke 吊销',
    parse(argv) {
      const { values, positionals } = parseCommandArgs(argv, {
        allowPositionals: true,
        options: { user: { type: 'string' }, label: { type: 'string' }, days: { type: 'string' } },
      });
      const [sub, id, ...rest] = positionals;
      if (sub === 'create') {
        if (!values.user) throw new UsageError('请用 --user 给出账号的登录名。');
        const days = values.days === undefined ? API_TOKEN_DAYS : Number(values.days);
        if (!Number.isInteger(days) || days < 1 || days > API_TOKEN_MAX_DAYS)
          throw new UsageError(`--days 应为 1 至 ${API_TOKEN_MAX_DAYS} 的整数。`);
        return { sub, user: values.user, label: values.label ?? null, days } as const;
      }
      if (sub === 'list') return { sub, user: values.user ?? null } as const;
      if (sub === 'revoke') {
        const n = Number(id);
        if (!id || !Number.isInteger(n) || n < 1 || rest.length > 0)
          throw new UsageError('请给出要吊销的令牌编号（见 token list），例如：token revoke 3');
        return { sub, id: n } as const;
      }
      throw new UsageError('token 命令的子命令为 create、list、revoke。');
    },
    async run(args, io, deps) {
      const now = deps.clock.now().toISOString();
      if (args.sub === 'create') {
        const r = await createApiToken(deps.db, args.user, args.label, now, args.days);
        if (!r.ok) {
          io.stderr(r.message);
          return EXIT_FAILURE;
        }
        io.stdout(r.token);
        io.stderr(`令牌编号 ${r.id}，有效至 ${r.expiresAt.slice(0, 10)}；此令牌只显示这一次。`);
        return EXIT_OK;
      }
      if (args.sub === 'list') {
        const r = await apiTokensOf(deps.db, args.user);
        if (!r.ok) {
          io.stderr(r.message);
          return EXIT_FAILURE;
        }
        if (r.tokens.length === 0) io.stdout('没有令牌。');
        for (const t of r.tokens) {
          const state = t.revokedAt
            ? `已吊销（${t.revokedAt.slice(0, 10)}）`
            : t.expiresAt && t.expiresAt <= now
              ? `已过期（${t.expiresAt.slice(0, 10)}）`
              : `有效至 ${t.expiresAt ? t.expiresAt.slice(0, 10) : '吊销为止'}`;
          io.stdout(
            `${t.id}\t${t.login}\t${t.label ?? '—'}\t创建 ${t.createdAt.slice(0, 10)}\t最近使用 ${t.lastUsedAt ? t.lastUsedAt.slice(0, 10) : '从未'}\t${state}`,
          );
        }
        return EXIT_OK;
      }
      if (!(await revokeApiTokenById(deps.db, args.id, now))) {
        io.stderr(`没有编号为 ${args.id} 的有效令牌（可能已吊销）。`);
        return EXIT_FAILURE;
      }
      io.stdout(`令牌 ${args.id} 已吊销。`);
      return EXIT_OK;
    },
  }),
];
