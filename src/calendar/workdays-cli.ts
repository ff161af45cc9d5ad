/**
 * `gongkai workdays …`: working-day arithmetic from the command line. Pure: output goes through `io`, the
 * calendar is passed in; the lead wires it into the `gongkai` CLI.
 *
 *   gongkai workdays add DATE N         prints the date N working days after DATE (from the next day)
 *   gongkai workdays is DATE            prints 工作日 or 休息日, then why
 *   gongkai workdays between FROM TO    prints the number of working days in (FROM, TO]
 *
 * Exit codes: 0 success, 2 bad usage or input (message in Chinese on stderr).
 */
import { EXIT_OK, parseCommandArgs, UsageError, usageFailure } from '../shared/cli-args.ts';
import type { Io } from '../shared/io.ts';
import type { Calendar } from './calendar.ts';
import { isIsoDate } from './dates.ts';
import {
  addWorkingDays,
  describeDay,
  provisionalReason,
  uncoveredYears,
  workingDaysBetween,
} from './workdays.ts';

export { EXIT_OK, EXIT_USAGE } from '../shared/cli-args.ts';
/** Upper bound for N; statutory periods are at most a few dozen working days. */
export const MAX_CLI_WORKING_DAYS = 10000;

export const WORKDAYS_USAGE = [
  '用法：',
  '  gongkai workdays add 日期 N        计算日期之后第N个工作日（自次日起算）',
  '  gongkai workdays is 日期           判断是否为工作日，并说明理由',
  '  gongkai workdays between 起 止     计算（起，止]之间的工作日数',
  '日期格式为YYYY-MM-DD，例如 2025-09-26。',
].join('\n');

function provisionalNote(years: readonly number[]): string {
  return `注意：结果为暂定。${provisionalReason(years)}`;
}

function badDate(s: string): string {
  return `日期“${s}”无效，请使用YYYY-MM-DD格式的真实日期，例如 2025-09-26。`;
}

/**
 * Runs `gongkai workdays` with the arguments after `workdays` (a leading `workdays` is tolerated).
 *
 * @example runWorkdaysCommand(['add', '2025-09-26', '15'], io, cal) // prints 2025-10-23, returns 0
 */
export function runWorkdaysCommand(argv: readonly string[], io: Io, cal: Calendar): number {
  const fail = (message: string): number => usageFailure(io, new UsageError(message), WORKDAYS_USAGE);
  const raw = argv[0] === 'workdays' ? argv.slice(1) : argv;
  // A negative number is a (bad) count for the message below, not an option.
  const n = raw.findIndex((a) => /^-\d/.test(a));
  let args: readonly string[];
  try {
    args = parseCommandArgs(n < 0 ? raw : [...raw.slice(0, n), '--', ...raw.slice(n)], {
      allowPositionals: true,
    }).positionals;
  } catch (err) {
    if (err instanceof UsageError) return fail(err.message);
    throw err;
  }
  const [command, ...rest] = args;
  switch (command) {
    case 'add': {
      if (rest.length !== 2) return fail('workdays add 需要两个参数：日期和工作日数。');
      const [date = '', count = ''] = rest;
      if (!isIsoDate(date)) return fail(badDate(date));
      if (!/^\d+$/.test(count) || Number(count) > MAX_CLI_WORKING_DAYS) {
        return fail(`工作日数“${count}”无效，应为0至${MAX_CLI_WORKING_DAYS}之间的整数。`);
      }
      const r = addWorkingDays(cal, date, Number(count));
      io.stdout(`${r.date}\n`);
      if (r.provisional) io.stderr(`${provisionalNote(r.provisionalYears)}\n`);
      return EXIT_OK;
    }
    case 'is': {
      if (rest.length !== 1) return fail('workdays is 需要一个参数：日期。');
      const [date = ''] = rest;
      if (!isIsoDate(date)) return fail(badDate(date));
      const d = describeDay(cal, date);
      io.stdout(`${d.working ? '工作日' : '休息日'}\n${d.reason}\n`);
      return EXIT_OK;
    }
    case 'between': {
      if (rest.length !== 2) return fail('workdays between 需要两个参数：起始日期和截止日期。');
      const [from = '', to = ''] = rest;
      if (!isIsoDate(from)) return fail(badDate(from));
      if (!isIsoDate(to)) return fail(badDate(to));
      io.stdout(`${workingDaysBetween(cal, from, to)}\n`);
      const years = uncoveredYears(cal, from, to);
      if (years.length > 0) io.stderr(`${provisionalNote(years)}\n`);
      return EXIT_OK;
    }
    case 'help':
      io.stdout(`${WORKDAYS_USAGE}\n`);
      return EXIT_OK;
    case undefined:
      return fail('缺少子命令。');
    default:
      return fail(`未知的子命令“${command}”。`);
  }
}
