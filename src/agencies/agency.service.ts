import type { AuthedUser } from '../accounts/auth.ts';
import { scopeIncludes } from '../accounts/roles.ts';
import { type AuditActor, appendAudit } from '../audit/audit.repository.ts';
import type { Db, Executor } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { AppError, forbidden, notFound } from '../shared/http/errors.ts';
import {
  deleteReadingPlace,
  findAgency,
  insertAgency,
  insertReadingPlace,
  isCreditCodeTaken,
  isNameTaken,
  updateAgency,
} from './agency.repository.ts';
import { type Agency, type AgencyInput, wouldCreateCycle } from './agency.rules.ts';

export function actorOf(viewer: AuthedUser, ip: string | null): AuditActor {
  return { userId: viewer.id, login: viewer.login, ip };
}

/** Loads an agency the viewer may see, or throws 404 (out of scope looks the same as missing). */
export async function agencyInScope(db: Db, viewer: AuthedUser, id: number): Promise<Agency> {
  const agency = Number.isInteger(id) && id > 0 ? await findAgency(db, id) : null;
  if (!agency || !scopeIncludes(viewer.scope, agency.path)) throw notFound('机构');
  return agency;
}

async function checkParent(
  db: Executor,
  viewer: AuthedUser,
  parentId: number | null,
): Promise<Agency | null> {
  if (parentId === null) {
    if (viewer.scope.kind !== 'all')
      throw new FormError({ parentId: '只有系统管理员可以创建顶级机构，请选择上级机构' });
    return null;
  }
  const parent = await findAgency(db, parentId);
  if (!parent || !scopeIncludes(viewer.scope, parent.path))
    throw new FormError({ parentId: '请选择您有权管理的上级机构' });
  return parent;
}

async function checkUnique(db: Executor, input: AgencyInput, exceptId?: number) {
  const errors: Record<string, string> = {};
  if (await isNameTaken(db, input.name, exceptId)) errors.name = `已存在名为“${input.name}”的机构`;
  if (input.creditCode && (await isCreditCodeTaken(db, input.creditCode, exceptId))) {
    errors.creditCode = '该统一社会信用代码已被其他机构使用';
  }
  if (Object.keys(errors).length > 0) throw new FormError(errors);
}

function snapshot(a: Agency) {
  const { createdAt: _c, updatedAt: _u, ...rest } = a;
  return rest;
}

export async function createAgency(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  input: AgencyInput,
  now: string,
): Promise<Agency> {
  if (viewer.scope.kind === 'agency' || viewer.scope.kind === 'none')
    throw forbidden('您的账号不能创建机构。');
  return db.transaction().execute(async (trx) => {
    const parent = await checkParent(trx, viewer, input.parentId);
    await checkUnique(trx, input);
    const agency = await insertAgency(trx, input, parent, now);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'create',
      entityType: 'agency',
      entityId: agency.id,
      agencyId: agency.id,
      summary: `创建机构“${agency.name}”`,
      after: snapshot(agency),
    });
    return agency;
  });
}

export async function editAgency(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  input: AgencyInput,
  now: string,
): Promise<Agency> {
  return db.transaction().execute(async (trx) => {
    let parent: Agency | null = null;
    const parentChanged = input.parentId !== agency.parentId;
    if (parentChanged) {
      if (viewer.scope.kind === 'agency') throw new FormError({ parentId: '您的账号不能调整上级机构' });
      if (viewer.scope.kind === 'subtree' && agency.id === viewer.scope.agencyId) {
        throw new FormError({ parentId: '不能调整您所在机构的上级机构' });
      }
      parent = await checkParent(trx, viewer, input.parentId);
      if (parent && (parent.id === agency.id || wouldCreateCycle(agency.path, parent.path))) {
        throw new FormError({ parentId: '上级机构不能是本机构或其下属机构' });
      }
    } else if (agency.parentId !== null) {
      parent = await findAgency(trx, agency.parentId);
    }
    await checkUnique(trx, input, agency.id);
    const updated = await updateAgency(trx, agency, input, parent, now);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'update',
      entityType: 'agency',
      entityId: agency.id,
      agencyId: agency.id,
      summary: `修改机构“${updated.name}”的信息`,
      before: snapshot(agency),
      after: snapshot(updated),
    });
    return updated;
  });
}

export async function addReadingPlace(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  p: { name: string; address: string; hours: string | null },
  now: string,
) {
  return db.transaction().execute(async (trx) => {
    const place = await insertReadingPlace(trx, agency.id, p, now);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'create',
      entityType: 'reading_place',
      entityId: place.id,
      agencyId: agency.id,
      summary: `为“${agency.name}”添加查阅场所“${place.name}”`,
      after: place,
    });
    return place;
  });
}

export async function removeReadingPlace(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  placeId: number,
  now: string,
) {
  await db.transaction().execute(async (trx) => {
    const removed = await deleteReadingPlace(trx, agency.id, placeId);
    if (!removed) throw new AppError('not_found', '没有找到该查阅场所。');
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'delete',
      entityType: 'reading_place',
      entityId: placeId,
      agencyId: agency.id,
      summary: `删除“${agency.name}”的查阅场所“${removed.name}”`,
      before: removed,
    });
  });
}
