/**
 * `gongkai assess`: opens the database and runs `runAssessCommand` with the database loader. The agency is
 * found by its full name or short name; without `--from/--to` the period is this year up to today. The
 * weights are those stored on the 权重 page (the dashboard's), unless `--default-weights` is given.
 */
import { findAgencyByName } from '../agencies/agency.repository.ts';
import { CalendarProvider } from '../calendar/calendar.repository.ts';
import type { Db } from '../db/database.ts';
import { localDate, todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { findOverrides } from './assessment.repository.ts';
import {
  type AssessArgs,
  type AssessIo,
  assessAndPrint,
  type LoadAssessmentInput,
  type LoadOverrides,
} from './cli.ts';
import { loadAssessmentInput } from './load.ts';

/** The loader of `runAssessCommand` over a database. */
export function databaseLoader(
  db: Db,
  timeZone: string,
  now: () => Date = () => new Date(),
): LoadAssessmentInput {
  const calendars = new CalendarProvider();
  const today = todayIn({ now }, timeZone);
  return async (name, from, to) => {
    const agency = await findAgencyByName(db, name);
    if (!agency) return `没有名为“${name}”的机构（请使用机构全称或简称）。`;
    return loadAssessmentInput(db, agency, {
      today: today(),
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

/** `gongkai assess` on the started database, with the stored weights unless `--default-weights`. */
export function assessFromDatabase(args: AssessArgs, io: AssessIo, deps: Deps): Promise<number> {
  return assessAndPrint(
    args,
    io,
    databaseLoader(deps.db, deps.config.timeZone, () => deps.clock.now()),
    databaseOverrides(deps.db),
  );
}
