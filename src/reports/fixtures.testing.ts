import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Test helper: the shared real reports (`NN.txt` + `NN.json`), from `GONGKAI_SHARED_REPORTS` when set,
 * else `../shared/reports` beside the repository (where the workspace keeps them). Tests skip with a
 * message when the folder is missing (e.g. a clone elsewhere).
 */
export const FIXTURES_DIR = process.env.GONGKAI_SHARED_REPORTS
  ? `${process.env.GONGKAI_SHARED_REPORTS.replace(/\/+$/, '')}/`
  : fileURLToPath(new URL('../../../shared/reports/', import.meta.url));
export const FIXTURE_IDS = ['00', '01', '02', '06', '07', '12', '19'] as const;
export const FIXTURES_PRESENT = existsSync(FIXTURES_DIR);
export const SKIP_REASON = FIXTURES_PRESENT ? false : `shared reports not found at ${FIXTURES_DIR}: skipped`;

export interface FixtureJson {
  readonly file: string;
  readonly year: number;
  readonly agency: string;
  readonly format: '2019' | '2021';
  readonly applications: { readonly rows: Readonly<Record<string, (number | null)[]>> };
  readonly reconsideration_litigation: (number | null)[];
  readonly proactive: Readonly<Record<string, unknown>>;
  readonly inconsistencies: readonly {
    readonly type: string;
    readonly row?: string;
    readonly column?: string;
    readonly group?: string;
    readonly detail: string;
  }[];
}

export function fixtureText(id: string): string {
  return readFileSync(`${FIXTURES_DIR}${id}.txt`, 'utf8');
}

export function fixtureJson(id: string): FixtureJson {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}${id}.json`, 'utf8')) as FixtureJson;
}
