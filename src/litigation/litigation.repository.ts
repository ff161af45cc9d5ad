import type { Selectable } from 'kysely';
import { selectedAgencyIds } from '../agencies/agency.repository.ts';
import type { AgencySelection } from '../agencies/agency.rules.ts';
import type { Executor, LitigationCaseTable } from '../db/database.ts';
import type { LitigationCase, LitigationInput } from './litigation.rules.ts';

function toCase(r: Selectable<LitigationCaseTable>): LitigationCase {
  return {
    id: r.id,
    agencyId: r.agency_id,
    kind: r.kind as LitigationCase['kind'],
    applicationId: r.application_id,
    caseNumber: r.case_number,
    counterparty: r.counterparty,
    filedOn: r.filed_on,
    decidedOn: r.decided_on,
    result: r.result as LitigationCase['result'],
    documents: r.documents,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The cases of one agency (the query both the list and the lookup start from). */
function casesOf(db: Executor, agencyId: number) {
  return db.selectFrom('litigation_cases').selectAll().where('agency_id', '=', agencyId);
}

export async function listCases(db: Executor, agencyId: number): Promise<LitigationCase[]> {
  return (await casesOf(db, agencyId).orderBy('filed_on', 'desc').orderBy('id', 'desc').execute()).map(
    toCase,
  );
}

export async function findCase(db: Executor, agencyId: number, id: number): Promise<LitigationCase | null> {
  const r = await casesOf(db, agencyId).where('id', '=', id).executeTakeFirst();
  return r ? toCase(r) : null;
}

/** Cases of some agencies (one, or a subtree given by its materialised path) that may count in a year. */
export async function casesForYear(
  db: Executor,
  agencies: AgencySelection,
  year: number,
): Promise<(LitigationCase & { agencyId: number })[]> {
  if ('ids' in agencies && agencies.ids.length === 0) return [];
  const q = db
    .selectFrom('litigation_cases')
    .selectAll()
    .where('agency_id', 'in', selectedAgencyIds(db, agencies))
    .where('filed_on', '<=', `${year}-12-31`)
    .where((eb) =>
      eb.or([
        eb('decided_on', 'is', null),
        eb('decided_on', '>=', `${year}-01-01`),
        eb('filed_on', '>=', `${year}-01-01`),
        eb('result', '=', 'pending'),
      ]),
    );
  return (await q.execute()).map(toCase);
}

export async function insertCase(
  db: Executor,
  agencyId: number,
  input: LitigationInput,
  now: string,
  userId: number | null,
): Promise<LitigationCase> {
  const r = await db
    .insertInto('litigation_cases')
    .values({
      agency_id: agencyId,
      ...columnsOf(input),
      created_at: now,
      updated_at: now,
      created_by: userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCase(r);
}

export async function updateCase(
  db: Executor,
  existing: LitigationCase,
  input: LitigationInput,
  now: string,
): Promise<LitigationCase> {
  const r = await db
    .updateTable('litigation_cases')
    .set({ ...columnsOf(input), updated_at: now })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCase(r);
}

export async function deleteCase(db: Executor, existing: LitigationCase): Promise<void> {
  await db.deleteFrom('litigation_cases').where('id', '=', existing.id).execute();
}

function columnsOf(input: LitigationInput) {
  return {
    kind: input.kind,
    application_id: input.applicationId,
    case_number: input.caseNumber,
    counterparty: input.counterparty,
    filed_on: input.filedOn,
    decided_on: input.decidedOn,
    result: input.result,
    documents: input.documents,
  };
}
