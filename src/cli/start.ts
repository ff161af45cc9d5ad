/**
 * How every `gongkai` command starts, one way:
 *
 *   1. parse the arguments (`parse`, with `parseCommandArgs`): a `UsageError` → the message and the
 *      command's usage on stderr, exit 2; `--help`/`-h` prints the usage, exit 0;
 *   2. load the configuration: problems → all of them listed on stderr, exit 1;
 *   3. open and migrate the database: it cannot → the Chinese message on stderr, exit 1;
 *   4. run with the application's `Deps`, and close the database afterwards.
 */

import { storedSecret } from '../accounts/app-secret.repository.ts';
import { CalendarProvider } from '../calendar/calendar.repository.ts';
import { loadConfig } from '../config.ts';
import { DatabaseOpenError, openDatabase } from '../db/connect.ts';
import { MigrationError, migrateToLatest } from '../db/migrate.ts';
import { EXIT_FAILURE, EXIT_OK, runWithArgs } from '../shared/cli-args.ts';
import { systemClock } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import type { Io } from '../shared/io.ts';

export type Env = Record<string, string | undefined>;

/** A command of the `gongkai` CLI, as the dispatcher and the help see it. */
export interface CliCommand {
  readonly name: string;
  /** The arguments after `gongkai`, for the help, e.g. `remind [--date 日期]`. */
  readonly usage: string;
  readonly summary: string;
  run(argv: readonly string[], io: Io, env: Env): Promise<number>;
}

/** The configuration loaded and the database opened and migrated. */
export interface Started {
  readonly deps: Deps;
  /** The database, for messages (no password). */
  readonly description: string;
  /** Migrations applied just now. */
  readonly applied: readonly string[];
  close(): Promise<void>;
}

/** Loads the configuration and opens and migrates the database, or says why not and gives the exit status. */
export async function startUp(io: Io, env: Env): Promise<Started | number> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    io.stderr('配置有误：');
    for (const p of loaded.problems) io.stderr(`  - ${p}`);
    return EXIT_FAILURE;
  }
  let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    handle = await openDatabase(loaded.config.database);
    const applied = await migrateToLatest(handle.db, handle.dialect);
    const h = handle;
    // No SESSION_SECRET configured (outside production): the one made on first start, kept in the
    // database so every app server on it signs alike and a restart keeps everyone signed in.
    const config = loaded.config.sessionSecret
      ? loaded.config
      : {
          ...loaded.config,
          sessionSecret: await storedSecret(h.db, 'session', systemClock.now().toISOString()),
        };
    return {
      deps: {
        config,
        db: h.db,
        dialect: h.dialect,
        clock: systemClock,
        calendar: new CalendarProvider(),
      },
      description: h.description,
      applied,
      close: () => h.close(),
    };
  } catch (err) {
    await handle?.close().catch(() => {});
    if (err instanceof DatabaseOpenError || err instanceof MigrationError) {
      io.stderr(err.message);
      return EXIT_FAILURE;
    }
    throw err;
  }
}

/** Runs `fn` with the started application's dependencies, then closes the database. */
export async function withDatabase(
  io: Io,
  env: Env,
  fn: (deps: Deps, started: Started) => Promise<number>,
): Promise<number> {
  const started = await startUp(io, env);
  if (typeof started === 'number') return started;
  try {
    return await fn(started.deps, started);
  } finally {
    await started.close();
  }
}

/** What a command that works on the database declares. */
export interface CommandDefinition<A> {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** The full usage text for `--help` and usage errors; default `用法：gongkai <usage>`. */
  readonly help?: string;
  /** The arguments, with `parseCommandArgs`; a `UsageError` for bad ones. */
  readonly parse: (argv: readonly string[], env: Env) => A;
  readonly run: (args: A, io: Io, deps: Deps, started: Started) => Promise<number>;
}

/**
 * Defines a command: arguments parsed first (no database opened for a usage error), then the
 * configuration and database started, then `run`; the database is closed afterwards.
 */
export function defineCommand<A>(def: CommandDefinition<A>): CliCommand {
  const help = def.help ?? `用法：gongkai ${def.usage}`;
  return {
    name: def.name,
    usage: def.usage,
    summary: def.summary,
    async run(argv, io, env) {
      if (argv.includes('--help') || argv.includes('-h')) {
        io.stdout(help);
        return EXIT_OK;
      }
      return runWithArgs(
        io,
        help,
        () => def.parse(argv, env),
        (args) => withDatabase(io, env, (deps, started) => def.run(args, io, deps, started)),
      );
    },
  };
}
