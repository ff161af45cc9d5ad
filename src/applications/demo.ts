import type { Agency } from '../agencies/agency.rules.ts';
import type { Trx } from '../db/database.ts';

/**
 * Demo records of this capability, loaded with the rest of the demo into an empty database.
 * `agencies` is keyed as in DEMO_AGENCIES (jilin, changchun, kuancheng, xinyuan, tuanshan, finance, civil).
 */
export async function loadApplicationsDemo(
  _trx: Trx,
  _agencies: ReadonlyMap<string, Agency>,
  _now: string,
): Promise<void> {}
