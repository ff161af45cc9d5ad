import type { Selectable, Updateable } from 'kysely';
import type { Executor, UserTable } from '../db/database.ts';
import { isRole, type Role, type Scope } from './roles.ts';

export interface User {
  readonly id: number;
  readonly login: string;
  readonly displayName: string;
  readonly role: Role;
  readonly agencyId: number | null;
  readonly active: boolean;
  readonly failedAttempts: number;
  readonly lockedUntil: string | null;
  readonly lastLoginAt: string | null;
  readonly createdAt: string;
  /** For the daily reminder e-mail; optional. */
  readonly email: string | null;
}

export interface UserWithAgency extends User {
  readonly agencyName: string | null;
  readonly agencyPath: string | null;
}

function toUser(r: Selectable<UserTable>): User {
  if (!isRole(r.role)) throw new Error(`unknown role ${r.role} for user ${r.id}`);
  return {
    id: r.id,
    login: r.login,
    displayName: r.display_name,
    role: r.role,
    agencyId: r.agency_id,
    active: Boolean(r.active),
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    email: r.email ?? null,
  };
}

export async function findUserByLogin(
  db: Executor,
  login: string,
): Promise<(User & { passwordHash: string }) | null> {
  const r = await db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
  return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
}

export async function findUserById(db: Executor, id: number): Promise<UserWithAgency | null> {
  const r = await db
    .selectFrom('users')
    .leftJoin('agencies', 'agencies.id', 'users.agency_id')
    .selectAll('users')
    .select(['agencies.name as agency_name', 'agencies.path as agency_path'])
    .where('users.id', '=', id)
    .executeTakeFirst();
  return r ? { ...toUser(r), agencyName: r.agency_name, agencyPath: r.agency_path } : null;
}

export async function listUsers(db: Executor, scope: Scope): Promise<UserWithAgency[]> {
  if (scope.kind === 'none') return [];
  let q = db
    .selectFrom('users')
    .leftJoin('agencies', 'agencies.id', 'users.agency_id')
    .selectAll('users')
    .select(['agencies.name as agency_name', 'agencies.path as agency_path']);
  if (scope.kind === 'subtree') q = q.where('agencies.path', 'like', `${scope.path}%`);
  if (scope.kind === 'agency') q = q.where('users.agency_id', '=', scope.agencyId);
  const rows = await q.orderBy('agencies.path').orderBy('users.login').execute();
  return rows.map((r) => ({ ...toUser(r), agencyName: r.agency_name, agencyPath: r.agency_path }));
}

export interface NewUser {
  login: string;
  displayName: string;
  role: Role;
  agencyId: number | null;
  passwordHash: string;
  email?: string | null;
}

export async function insertUser(db: Executor, u: NewUser, now: string): Promise<number> {
  const r = await db
    .insertInto('users')
    .values({
      login: u.login,
      display_name: u.displayName,
      role: u.role,
      agency_id: u.agencyId,
      password_hash: u.passwordHash,
      email: u.email ?? null,
      active: 1,
      failed_attempts: 0,
      created_at: now,
      updated_at: now,
      password_changed_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Sets columns of one account. */
async function setUserColumns(db: Executor, id: number, columns: Updateable<UserTable>): Promise<void> {
  await db.updateTable('users').set(columns).where('id', '=', id).execute();
}

export async function updateUser(
  db: Executor,
  id: number,
  u: { displayName: string; role: Role; agencyId: number | null; active: boolean; email?: string | null },
  now: string,
): Promise<void> {
  await setUserColumns(db, id, {
    ...(u.email === undefined ? {} : { email: u.email }),
    display_name: u.displayName,
    role: u.role,
    agency_id: u.agencyId,
    active: u.active ? 1 : 0,
    updated_at: now,
  });
}

export async function setPassword(
  db: Executor,
  id: number,
  passwordHash: string,
  now: string,
): Promise<void> {
  await setUserColumns(db, id, {
    password_hash: passwordHash,
    password_changed_at: now,
    updated_at: now,
    failed_attempts: 0,
    locked_until: null,
  });
}

export async function recordFailedLogin(db: Executor, id: number, lockUntil: string | null): Promise<number> {
  const r = await db
    .updateTable('users')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', id)
    .returning('failed_attempts')
    .executeTakeFirstOrThrow();
  if (lockUntil !== null) await setUserColumns(db, id, { locked_until: lockUntil });
  return r.failed_attempts;
}

export async function lockUser(db: Executor, id: number, until: string): Promise<void> {
  await setUserColumns(db, id, { locked_until: until });
}

export async function recordSuccessfulLogin(db: Executor, id: number, now: string): Promise<void> {
  await setUserColumns(db, id, { failed_attempts: 0, locked_until: null, last_login_at: now });
}

export async function unlockUser(db: Executor, id: number, now: string): Promise<void> {
  await setUserColumns(db, id, { failed_attempts: 0, locked_until: null, updated_at: now });
}

export async function countUsers(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export interface MailRecipient {
  readonly id: number;
  readonly displayName: string;
  readonly role: Role;
  readonly agencyId: number;
  readonly email: string;
}

/** Active accounts with an e-mail address and one of `roles`, of the given agencies (for reminders). */
export async function listMailRecipients(
  db: Executor,
  agencyIds: readonly number[],
  roles: readonly Role[],
): Promise<MailRecipient[]> {
  if (agencyIds.length === 0 || roles.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'agency_id', 'email'])
    .where('agency_id', 'in', [...agencyIds])
    .where('role', 'in', [...roles])
    .where('active', '=', 1)
    .where('email', 'is not', null)
    .orderBy('agency_id')
    .orderBy('id')
    .execute();
  return rows.flatMap((r) =>
    r.email && r.agency_id !== null && isRole(r.role)
      ? [{ id: r.id, displayName: r.display_name, role: r.role, agencyId: r.agency_id, email: r.email }]
      : [],
  );
}
