/**
 * `gongkai assess`: opens the database and runs `runAssessCommand` with the database loader. The agency is
 * found by its full name or short name; without `--from/--to` the period is this year up to today. The
 * weights are those stored on the 权重 page (the dashboard's), unless `--default-weights` is given.
 */
import { findAgencyByName } from '../agencies/agency.repository.ts';
import { CalendarProvider } from '../calendar/calendar.repository.ts';
import { loadConfig } from '../config.ts';
import { DatabaseOpenError, openDatabase } from '../db/connect.ts';
import type { Db } from '../db/database.ts';
import { MigrationError, migrateToLatest } from '../db/migrate.ts';
import { localDate } from '../shared/clock.ts';
import { findOverrides } from './assessment.repository.ts';
import { type AssessIo, type LoadAssessmentInput, type LoadOverrides, runAssessCommand } from './cli.ts';
import { loadAssessmentInput } from './load.ts';

/** The loader of `runAssessCommand` over a database. */
export function databaseLoader(
  db: Db,
  timeZone: string,
  now: () => Date = () => new Date(),
): LoadAssessmentInput {
  const calendars = new CalendarProvider();
  return async (name, from, to) => {
    const agency = await findAgencyByName(db, name);
    if (!agency) return `没有名为“${name}”的机构（请使用机构全称或简称）。`;
    const today = localDate(now(), timeZone);
    return loadAssessmentInput(db, agency, {
      today,
      calendar: await calendars.get(db),
      ...(from && to ? { period: { from, to } } : {}),
      localDateOf: (iso) => localDate(new Date(iso), timeZone),
    });
  };
}

/** The stored weight overrides of a profile, as the dashboard reads them. */
export function databaseOverrides(db: Db): LoadOverrides {
  return (profile) => findOverrides(db, profile);
}

export async function runAssessCli(
  argv: readonly string[],
  io: AssessIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    io.stderr(`配置有误：\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  try {
    const handle = await openDatabase(loaded.config.database);
    try {
      await migrateToLatest(handle.db, handle.dialect);
      return await runAssessCommand(
        argv,
        io,
        databaseLoader(handle.db, loaded.config.timeZone),
        databaseOverrides(handle.db),
      );
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof DatabaseOpenError || err instanceof MigrationError) {
      io.stderr(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
