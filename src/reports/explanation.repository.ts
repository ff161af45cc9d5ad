import { selectedAgencyIds } from '../agencies/agency.repository.ts';
import type { AgencySelection } from '../agencies/agency.rules.ts';
import type { Executor } from '../db/database.ts';
import type { Explanation } from './explanation.rules.ts';

/** The `report_explanations` table: "已说明" marks on findings of an agency's report for a year. */

function base(db: Executor) {
  return db
    .selectFrom('report_explanations as e')
    .leftJoin('users as u', 'u.id', 'e.created_by')
    .select([
      'e.id',
      'e.agency_id',
      'e.year',
      'e.finding_id',
      'e.note',
      'e.created_by',
      'e.created_at',
      'u.display_name',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toExplanation(r: Row): Explanation {
  return {
    id: Number(r.id),
    agencyId: Number(r.agency_id),
    year: Number(r.year),
    findingId: r.finding_id,
    note: r.note,
    createdBy: r.created_by === null ? null : Number(r.created_by),
    createdByName: r.display_name ?? null,
    createdAt: r.created_at,
  };
}

/** Marks of one agency's report for a year, by finding id. */
export async function listExplanations(db: Executor, agencyId: number, year: number): Promise<Explanation[]> {
  const rows = await base(db)
    .where('e.agency_id', '=', agencyId)
    .where('e.year', '=', year)
    .orderBy('e.finding_id')
    .execute();
  return rows.map(toExplanation);
}

export async function findExplanation(
  db: Executor,
  agencyId: number,
  year: number,
  findingId: string,
): Promise<Explanation | null> {
  const r = await base(db)
    .where('e.agency_id', '=', agencyId)
    .where('e.year', '=', year)
    .where('e.finding_id', '=', findingId)
    .executeTakeFirst();
  return r ? toExplanation(r) : null;
}

/** Explained finding ids per agency of a selection for a year (roll-up). */
export async function explainedIdsForYear(
  db: Executor,
  agencies: AgencySelection,
  year: number,
): Promise<Map<number, Set<string>>> {
  if ('ids' in agencies && agencies.ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('report_explanations')
    .select(['agency_id', 'finding_id'])
    .where('year', '=', year)
    .where('agency_id', 'in', selectedAgencyIds(db, agencies))
    .execute();
  const out = new Map<number, Set<string>>();
  for (const r of rows) {
    const id = Number(r.agency_id);
    let set = out.get(id);
    if (!set) {
      set = new Set();
      out.set(id, set);
    }
    set.add(r.finding_id);
  }
  return out;
}

export async function insertExplanation(
  db: Executor,
  input: { agencyId: number; year: number; findingId: string; note: string },
  now: string,
  userId: number | null,
): Promise<number> {
  const r = await db
    .insertInto('report_explanations')
    .values({
      agency_id: input.agencyId,
      year: input.year,
      finding_id: input.findingId,
      note: input.note,
      created_by: userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Replaces the note of an existing mark (who and when become the editor and now). */
export async function updateExplanation(
  db: Executor,
  id: number,
  note: string,
  now: string,
  userId: number | null,
): Promise<void> {
  await db
    .updateTable('report_explanations')
    .set({ note, created_by: userId, created_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteExplanation(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('report_explanations').where('id', '=', id).execute();
}
