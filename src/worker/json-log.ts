/**
 * The worker's log: one JSON object a line on stdout, with the fields pino writes for the web process
 * (level as a number, time in ms, pid, hostname, msg), so one log pipeline reads both.
 */
import { hostname } from 'node:os';
import type { WorkerLog } from './worker.ts';

function errorFields(err: unknown): object {
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { message: String(err) };
}

export function jsonLog(write: (line: string) => void = (l) => process.stdout.write(l)): WorkerLog {
  const host = hostname();
  const line = (level: number, obj: object, msg: string) => {
    const fields: Record<string, unknown> = { ...obj };
    if ('err' in fields) fields.err = errorFields(fields.err);
    write(
      `${JSON.stringify({ level, time: Date.now(), pid: process.pid, hostname: host, ...fields, msg })}\n`,
    );
  };
  return {
    info: (obj, msg) => line(30, obj, msg),
    error: (obj, msg) => line(50, obj, msg),
  };
}
