/** Probes which of the system parts (`system-parts.rules.ts`) this machine has: quick, no browser started. */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM_PATH } from '../shared/pdf.ts';
import { fontPresence, type SystemPresence } from './system-parts.rules.ts';

const run = promisify(execFile);

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether a program is found on PATH (as `command -v` would). */
export function onPath(program: string, pathEnv = process.env.PATH ?? ''): boolean {
  return pathEnv
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => isExecutable(join(dir, program)));
}

/** The font families fontconfig knows (`fc-list : family`), or '' when fontconfig is not there. */
export async function fontFamilies(): Promise<string> {
  try {
    const r = await run('fc-list', [':', 'family'], { timeout: 20_000, maxBuffer: 16 * 1024 * 1024 });
    return r.stdout;
  } catch {
    return '';
  }
}

export async function probeSystemParts(): Promise<SystemPresence> {
  const fonts = fontPresence(await fontFamilies());
  return {
    chromium: isExecutable(CHROMIUM_PATH),
    cjkFonts: fonts.cjkFonts,
    fandol: fonts.fandol,
    pdftotext: onPath('pdftotext'),
  };
}
