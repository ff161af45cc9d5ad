import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Test helper: the real published annual reports kept in the repository as fixtures
 * (`test/fixtures/reports/NN.txt` + `NN.json`, described in that folder's README.md).
 */
export const FIXTURES_DIR = fileURLToPath(new URL('../../test/fixtures/reports/', import.meta.url));
export const FIXTURE_IDS = ['00', '01', '02', '06', '07', '12', '19'] as const;

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
