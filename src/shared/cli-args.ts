/**
 * Command-line arguments, parsed one way: `node:util` `parseArgs` in strict mode, its errors said in
 * Chinese. Every `gongkai` command parses with `parseCommandArgs`; a problem is a `UsageError`, which the
 * command start-up (`src/cli/start.ts`) prints with the command's usage and turns into exit status 2.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Exit statuses shared by every command (listed in `gongkai help`). */
export const EXIT_OK = 0;
/** The command ran and failed, or could not start: configuration problems, a database that cannot open. */
export const EXIT_FAILURE = 1;
/** Bad usage: an unknown command or option, a missing value, an invalid argument. */
export const EXIT_USAGE = 2;

/** A problem with the arguments; the message is Chinese and names the argument. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type CommandArgsConfig = Pick<ParseArgsConfig, 'options' | 'allowPositionals'>;
type Parsed<T extends CommandArgsConfig> = ReturnType<typeof parseArgs<T & { strict: true }>>;

/** The quoted argument in one of Node's parseArgs messages, e.g. `--verbose` in "Unknown option '--verbose'". */
function quoted(message: string): string {
  const m = /'([^']+)'/.exec(message);
  return (m?.[1] ?? '').replace(/ <value>$/, '');
}

function chineseMessage(err: Error & { code?: string }): string {
  const arg = quoted(err.message);
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `无法识别的选项“${arg}”。`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `无法识别的参数“${arg}”。`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(err.message)
        ? `选项“${arg}”不带值。`
        : `选项“${arg}”缺少值（值以“-”开头时请写作 ${arg}=值）。`;
    default:
      return `参数有误：${err.message}`;
  }
}

/**
 * Parses `argv` strictly: an unknown option, a missing value or (unless allowed) a positional argument
 * throws a `UsageError` with a Chinese message.
 *
 * @example parseCommandArgs(['--date', '2026-11-25'], { options: { date: { type: 'string' } } }).values.date
 */
export function parseCommandArgs<const T extends CommandArgsConfig>(
  argv: readonly string[],
  config: T,
): Parsed<T> {
  try {
    return parseArgs({ ...config, args: [...argv], strict: true }) as Parsed<T>;
  } catch (err) {
    if (err instanceof TypeError && typeof (err as { code?: unknown }).code === 'string') {
      throw new UsageError(chineseMessage(err));
    }
    throw err;
  }
}

/** Throws a `UsageError` listing the problems (joined with '；') when there are any. */
export function assertNoProblems(problems: readonly string[]): void {
  if (problems.length > 0) throw new UsageError(`${problems.join('；')}。`);
}

/** Where a command writes (a subset of `Io`, so pure commands need nothing else). */
interface Out {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

/** Prints a usage problem followed by the usage; exit 2. */
export function usageFailure(io: Out, err: UsageError, help: string): number {
  io.stderr(`${err.message}\n${help}${help.endsWith('\n') ? '' : '\n'}`);
  return EXIT_USAGE;
}

/**
 * Parses with `parse`, then runs; a `UsageError` is printed with `help` and gives exit 2.
 *
 * @example runWithArgs(io, REMIND_HELP, () => parseRemindArgs(argv), (args) => remind(args, io, deps))
 */
export function runWithArgs<A, R extends number | Promise<number>>(
  io: Out,
  help: string,
  parse: () => A,
  run: (args: A) => R,
): R | number {
  let args: A;
  try {
    args = parse();
  } catch (err) {
    if (err instanceof UsageError) return usageFailure(io, err, help);
    throw err;
  }
  return run(args);
}
