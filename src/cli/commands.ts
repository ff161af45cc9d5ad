import type { Io } from '../server.ts';

/** Commands contributed by capabilities (report checker, working days, …). */
export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(argv: string[], io: Io): Promise<number>;
}

export const extraCommands: CliCommand[] = [];
