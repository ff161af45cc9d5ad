import type { CalendarProvider } from '../calendar/calendar.repository.ts';
import type { Config } from '../config.ts';
import type { Db, Dialect } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { Lifecycle } from './lifecycle.ts';

/**
 * Everything the application needs from outside, built by the composition root (`server.ts`, the CLI)
 * and handed to every capability's routes and services. Tests build the same app with their own.
 */
export interface Deps {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly clock: Clock;
  /** The working-day calendar as stored in the database (cached per process, refreshed on change). */
  readonly calendar: CalendarProvider;
  /** Deliver the outbox every minute when SMTP_URL is set (default: yes, except when NODE_ENV=test). */
  readonly backgroundMail?: boolean | undefined;
  /** The server's shutdown state, for `/readyz` (set by `serve`; absent in tests and the CLI). */
  readonly lifecycle?: Lifecycle | undefined;
}
