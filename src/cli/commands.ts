import { CalendarProvider } from '../calendar/calendar.repository.ts';
import { runWorkdaysCommand } from '../calendar/workdays-cli.ts';
import { loadConfig } from '../config.ts';
import { DatabaseOpenError, openDatabase } from '../db/connect.ts';
import { MigrationError, migrateToLatest } from '../db/migrate.ts';
import { runCheckCommand } from '../reports/checker.ts';
import type { Io } from '../server.ts';

/** Commands contributed by capabilities (report checker, working days, …). */
export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(argv: string[], io: Io): Promise<number>;
}

export const extraCommands: CliCommand[] = [
  {
    name: 'check',
    usage: 'check 文件... [--json]',
    summary: '检查已发布的年度报告（.txt/.html）：读出表格并运行全部勾稽规则；0 无错误，1 有错误，2 无法读取',
    run: (argv, io) =>
      runCheckCommand(argv, {
        stdout: { write: (t: string) => io.stdout(t.replace(/\n$/, '')) },
        stderr: { write: (t: string) => io.stderr(t.replace(/\n$/, '')) },
      }),
  },
  {
    name: 'workdays',
    usage: 'workdays add 日期 N',
    summary: '按数据库中的节假日与调休安排，计算日期之后第 N 个工作日（自次日起算）；另有 is、between',
    async run(argv, io) {
      const loaded = loadConfig(process.env);
      if (!loaded.ok) {
        io.stderr('配置有误：');
        for (const p of loaded.problems) io.stderr(`  - ${p}`);
        return 1;
      }
      try {
        const handle = await openDatabase(loaded.config.database);
        try {
          await migrateToLatest(handle.db, handle.dialect);
          const calendar = await new CalendarProvider().get(handle.db);
          return runWorkdaysCommand(argv, io, calendar);
        } finally {
          await handle.close();
        }
      } catch (err) {
        if (err instanceof DatabaseOpenError || err instanceof MigrationError) {
          io.stderr(err.message);
          return 1;
        }
        throw err;
      }
    },
  },
];
