import type { Selectable } from 'kysely';
import type { Scope } from '../accounts/roles.ts';
import type { AgencyTable, Executor } from '../db/database.ts';
import type {
  Agency,
  AgencyInput,
  AgencyKind,
  AgencyLevel,
  AgencySelection,
  ReadingPlace,
} from './agency.rules.ts';

function toAgency(r: Selectable<AgencyTable>): Agency {
  return {
    id: r.id,
    parentId: r.parent_id,
    path: r.path,
    depth: r.depth,
    name: r.name,
    shortName: r.short_name,
    level: r.level as AgencyLevel,
    kind: r.kind as AgencyKind,
    creditCode: r.credit_code,
    orgCode: r.org_code,
    office: {
      name: r.office_name,
      address: r.office_address,
      hours: r.office_hours,
      phone: r.office_phone,
      fax: r.office_fax,
      email: r.office_email,
      postcode: r.office_postcode,
    },
    website: r.website,
    sortOrder: r.sort_order,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function columnsOf(input: AgencyInput) {
  return {
    name: input.name,
    short_name: input.shortName,
    level: input.level,
    kind: input.kind,
    credit_code: input.creditCode,
    org_code: input.orgCode,
    office_name: input.officeName,
    office_address: input.officeAddress,
    office_hours: input.officeHours,
    office_phone: input.officePhone,
    office_fax: input.officeFax,
    office_email: input.officeEmail,
    office_postcode: input.officePostcode,
    website: input.website,
    sort_order: input.sortOrder,
  };
}

export async function findAgency(db: Executor, id: number): Promise<Agency | null> {
  const r = await db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAgency(r) : null;
}

export async function findAgencyByName(db: Executor, name: string): Promise<Agency | null> {
  const r = await db
    .selectFrom('agencies')
    .selectAll()
    .where((eb) => eb.or([eb('name', '=', name), eb('short_name', '=', name)]))
    .orderBy('id')
    .executeTakeFirst();
  return r ? toAgency(r) : null;
}

export async function findAgenciesByIds(db: Executor, ids: readonly number[]): Promise<Agency[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('agencies').selectAll().where('id', 'in', ids).execute();
  return rows.map(toAgency);
}

/** Every agency in the scope, in tree order (path, then sort order). */
export async function listAgencies(db: Executor, scope: Scope, search?: string): Promise<Agency[]> {
  if (scope.kind === 'none') return [];
  let q = db.selectFrom('agencies').selectAll();
  if (scope.kind === 'subtree') q = q.where('path', 'like', `${scope.path}%`);
  if (scope.kind === 'agency') q = q.where('id', '=', scope.agencyId);
  const term = search?.trim();
  if (term) {
    const like = `%${term.replace(/[%_\\]/g, '')}%`;
    q = q.where((eb) => eb.or([eb('name', 'like', like), eb('short_name', 'like', like)]));
  }
  const rows = await q.orderBy('depth').orderBy('sort_order').orderBy('id').execute();
  return rows.map(toAgency);
}

export async function countAgencies(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('agencies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Inserts an agency under `parent` and fixes its materialised path. */
export async function insertAgency(
  db: Executor,
  input: AgencyInput,
  parent: Agency | null,
  now: string,
): Promise<Agency> {
  const inserted = await db
    .insertInto('agencies')
    .values({
      ...columnsOf(input),
      parent_id: parent?.id ?? null,
      path: '/',
      depth: parent ? parent.depth + 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${inserted.id}/`;
  await db.updateTable('agencies').set({ path }).where('id', '=', inserted.id).execute();
  const agency = await findAgency(db, inserted.id);
  if (!agency) throw new Error('agency vanished after insert');
  return agency;
}

/** Updates an agency; when the parent changes, rewrites the paths of its whole subtree. */
export async function updateAgency(
  db: Executor,
  agency: Agency,
  input: AgencyInput,
  newParent: Agency | null,
  now: string,
): Promise<Agency> {
  const newPath = `${newParent?.path ?? '/'}${agency.id}/`;
  const depthDelta = (newParent ? newParent.depth + 1 : 0) - agency.depth;
  await db
    .updateTable('agencies')
    .set({ ...columnsOf(input), parent_id: newParent?.id ?? null, updated_at: now })
    .where('id', '=', agency.id)
    .execute();
  if (newPath !== agency.path) {
    const subtree = await db
      .selectFrom('agencies')
      .select(['id', 'path', 'depth'])
      .where('path', 'like', `${agency.path}%`)
      .execute();
    for (const row of subtree) {
      await db
        .updateTable('agencies')
        .set({ path: newPath + row.path.slice(agency.path.length), depth: row.depth + depthDelta })
        .where('id', '=', row.id)
        .execute();
    }
  }
  const updated = await findAgency(db, agency.id);
  if (!updated) throw new Error('agency vanished after update');
  return updated;
}

export async function isNameTaken(db: Executor, name: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('agencies').select('id').where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function isCreditCodeTaken(db: Executor, code: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('agencies').select('id').where('credit_code', '=', code);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function listReadingPlaces(db: Executor, agencyId: number): Promise<ReadingPlace[]> {
  const rows = await db
    .selectFrom('reading_places')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    name: r.name,
    address: r.address,
    hours: r.hours,
  }));
}

export async function insertReadingPlace(
  db: Executor,
  agencyId: number,
  p: { name: string; address: string; hours: string | null },
  now: string,
): Promise<ReadingPlace> {
  const r = await db
    .insertInto('reading_places')
    .values({
      agency_id: agencyId,
      name: p.name,
      address: p.address,
      hours: p.hours,
      sort_order: 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id, agencyId, ...p };
}

export async function deleteReadingPlace(
  db: Executor,
  agencyId: number,
  placeId: number,
): Promise<ReadingPlace | null> {
  const existing = await db
    .selectFrom('reading_places')
    .selectAll()
    .where('id', '=', placeId)
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();
  if (!existing) return null;
  await db.deleteFrom('reading_places').where('id', '=', placeId).execute();
  return { id: existing.id, agencyId, name: existing.name, address: existing.address, hours: existing.hours };
}

/**
 * The ids of the selected agencies as a subquery, for `.where('agency_id', 'in', selectedAgencyIds(db, s))`
 * (an empty id list has no rows: callers answer it without a query).
 */
export function selectedAgencyIds(db: Executor, selection: AgencySelection) {
  const agencies = db.selectFrom('agencies').select('id');
  return 'ids' in selection
    ? agencies.where('id', 'in', selection.ids)
    : agencies.where('path', 'like', `${selection.subtreePath}%`);
}

/** The latest change to any agency and how many there are (part of the open data's ETag). */
export async function agenciesFingerprint(db: Executor): Promise<{ count: number; latest: string | null }> {
  const r = await db
    .selectFrom('agencies')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('updated_at').as('latest')])
    .executeTakeFirst();
  return { count: Number(r?.n ?? 0), latest: r?.latest ?? null };
}

/** An agency by its id (digits), 统一社会信用代码 or 组织机构代码. */
export async function findAgencyByIdOrCode(db: Executor, key: string): Promise<Agency | null> {
  const k = key.trim().toUpperCase();
  if (/^\d{1,9}$/.test(k)) return findAgency(db, Number(k));
  if (!/^[0-9A-Z-]{8,18}$/.test(k)) return null;
  const r = await db
    .selectFrom('agencies')
    .selectAll()
    .where((eb) => eb.or([eb('credit_code', '=', k), eb('org_code', '=', k)]))
    .orderBy('id')
    .executeTakeFirst();
  return r ? toAgency(r) : null;
}
