import { createApiToken } from '../applications/application.api.ts';
import { runRemindCommand } from '../applications/reminder.cli.ts';
import { runAssessCli } from '../assessment/assess.cli.ts';
import { CalendarProvider } from '../calendar/calendar.repository.ts';
import { runWorkdaysCommand } from '../calendar/workdays-cli.ts';
import { runMailCommand } from '../mail/mail.cli.ts';
import { runCheckCommand } from '../reports/checker.ts';
import { runReportCommand } from '../reports/report.cli.ts';
import { systemClock } from '../shared/clock.ts';
import type { Io } from '../shared/io.ts';
import { withConfiguredDatabase } from './database.ts';

/** Commands contributed by capabilities (report checker, working days, …). */
export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(argv: string[], io: Io): Promise<number>;
}

export const extraCommands: CliCommand[] = [
  {
    name: 'assess',
    usage: 'assess --agency 机构 [--from 日期 --to 日期] [--profile 方案] [--default-weights] [--json]',
    summary:
      '政务公开体检：按评估指标给机构打分，列出否决项、未达标记录和优先整改事项；0 无否决项未达标，1 有，2 参数有误',
    run: (argv, io) => runAssessCli(argv, io),
  },
  {
    name: 'check',
    usage: 'check 文件或文件夹... [--json] [--summary 汇总表.csv|.xlsx] [--explained 说明.json]',
    summary:
      '检查已发布的年度报告（.txt、.html、.docx、.pdf，文件夹逐级展开）：读出表格并运行全部勾稽规则，可另写每个文件一行的汇总表；1 有报告存在错误，否则 2 有文件无法读取，否则 0',
    run: (argv, io) =>
      runCheckCommand(argv, {
        stdout: { write: (t: string) => io.stdout(t.replace(/\n$/, '')) },
        stderr: { write: (t: string) => io.stderr(t.replace(/\n$/, '')) },
      }),
  },
  {
    name: 'mail',
    usage: 'mail send',
    summary:
      '立即发送发件箱中待发送的邮件（服务器运行时每分钟自动发送）；未设置 SMTP_URL 时邮件保留在发件箱中',
    run: (argv, io) =>
      withConfiguredDatabase(io, (env) => runMailCommand(argv, io, { ...env, clock: systemClock })),
  },
  {
    name: 'remind',
    usage: 'remind [--date 日期]',
    summary:
      '向各机构填写了电子邮箱的经办人、审核人发送当日提醒：已逾期和 3 个工作日内到期的申请；同一天不重复发送',
    run: (argv, io) =>
      withConfiguredDatabase(io, (env) =>
        runRemindCommand(argv, io, { ...env, clock: systemClock, calendar: new CalendarProvider() }),
      ),
  },
  {
    name: 'report',
    usage: 'report --agency 机构 --year 年度 --out 目录',
    summary: '由记录统计并生成年度报告的全部文件（html、docx、pdf、xlsx、json）',
    run: (argv, io) => runReportCommand(argv, io),
  },
  {
    name: 'workdays',
    usage: 'workdays add 日期 N',
    summary: '按数据库中的节假日与调休安排，计算日期之后第 N 个工作日（自次日起算）；另有 is、between',
    run: (argv, io) =>
      withConfiguredDatabase(io, async ({ db }) =>
        runWorkdaysCommand(argv, io, await new CalendarProvider().get(db)),
      ),
  },
  {
    name: 'token',
    usage: 'token create --user 登录名 [--label 说明]',
    summary: '为账号创建 JSON API（/api/v1）令牌并打印一次；数据库只保存其哈希',
    async run(argv, io) {
      const user = argv[argv.indexOf('--user') + 1];
      const labelAt = argv.indexOf('--label');
      if (argv[0] !== 'create' || !argv.includes('--user') || !user || user.startsWith('--')) {
        io.stderr('用法：gongkai token create --user 登录名 [--label 说明]');
        return 2;
      }
      return withConfiguredDatabase(io, async ({ db }) => {
        const r = await createApiToken(
          db,
          user,
          labelAt >= 0 ? (argv[labelAt + 1] ?? null) : null,
          new Date().toISOString(),
        );
        if (!r.ok) {
          io.stderr(r.message);
          return 1;
        }
        io.stdout(r.token);
        return 0;
      });
    },
  },
];
