/** Account workflows of the back office and the command line: create, change, unlock (each audited). */
import { findAgency } from '../agencies/agency.repository.ts';
import { type AuditActor, appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { revokeApiTokensOfUser } from './api-token.repository.ts';
import { clearThrottleOfLogin } from './login-throttle.repository.ts';
import { hashPassword } from './password.ts';
import { ROLE_LABELS, type Role } from './roles.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import {
  findUserByLogin,
  insertUser,
  setPassword,
  type UserWithAgency,
  unlockUser,
  updateUser,
} from './user.repository.ts';

export interface NewAccount {
  readonly login: string;
  readonly displayName: string;
  readonly role: Role;
  readonly agencyId: number | null;
  readonly email: string | null;
  readonly password: string;
}

export interface AccountChange {
  readonly displayName: string;
  readonly email: string | null;
  readonly role: Role;
  readonly agencyId: number | null;
  readonly active: boolean;
  /** A new password, or '' to keep the current one. */
  readonly password: string;
}

/** Where an account is created: the summary of the audit entry says so. */
export type AccountOrigin = 'back office' | 'command line';

/** The agency of an account, which must exist; a `FormError` on `agencyId` otherwise. */
async function accountAgency(db: Db, agencyId: number | null): Promise<number | null> {
  if (agencyId === null) return null;
  const agency = await findAgency(db, agencyId);
  if (!agency) throw new FormError({ agencyId: '请选择所属机构' });
  return agency.id;
}

/** Creates an account; a `FormError` when the agency is unknown or the login taken. Returns its id. */
export async function createUser(
  db: Db,
  actor: AuditActor,
  account: NewAccount,
  now: string,
  origin: AccountOrigin = 'back office',
): Promise<number> {
  const agencyId = await accountAgency(db, account.agencyId);
  if (await findUserByLogin(db, account.login))
    throw new FormError({ login: `用户名“${account.login}”已被使用` });
  const passwordHash = await hashPassword(account.password);
  const { login, displayName, email, role } = account;
  const shown = { login, displayName, email, role, agencyId };
  return db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, { ...shown, passwordHash }, now);
    await appendAudit(trx, {
      actor,
      at: now,
      action: 'create',
      entityType: 'user',
      entityId: id,
      agencyId,
      summary:
        origin === 'command line'
          ? `命令行创建账号“${account.login}”`
          : `创建账号“${account.login}”（${ROLE_LABELS[account.role]}）`,
      after: shown,
    });
    return id;
  });
}

/**
 * Changes an account; a new password or deactivation signs it out everywhere. Nobody may take away
 * their own 系统管理员 role or deactivate themselves (`FormError`).
 */
export async function changeUser(
  db: Db,
  actor: AuditActor,
  user: UserWithAgency,
  change: AccountChange,
  now: string,
): Promise<void> {
  const agencyId = await accountAgency(db, change.agencyId);
  if (user.id === actor.userId && (change.role !== 'admin' || !change.active))
    throw new FormError({ role: '不能取消自己的系统管理员角色或停用自己的账号' });
  const hash = change.password ? await hashPassword(change.password) : null;
  const { displayName, email, role, active } = change;
  const after = { displayName, email, role, agencyId, active };
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, after, now);
    if (hash) await setPassword(trx, user.id, hash, now);
    if (hash || !change.active) {
      await deleteSessionsOfUser(trx, user.id);
      // A token is the account's password for programs: it ends with a new password or deactivation.
      await revokeApiTokensOfUser(trx, user.id, now);
    }
    await appendAudit(trx, {
      actor,
      at: now,
      action: 'update',
      entityType: 'user',
      entityId: user.id,
      agencyId: agencyId ?? user.agencyId,
      summary: `修改账号“${user.login}”${hash ? '，并重设了密码' : ''}`,
      before: {
        displayName: user.displayName,
        email: user.email,
        role: user.role,
        agencyId: user.agencyId,
        active: user.active,
      },
      after: { ...after, passwordReset: Boolean(hash) },
    });
  });
}

/** Lifts the lock set after too many wrong passwords. */
export async function unlockAccount(
  db: Db,
  actor: AuditActor,
  user: UserWithAgency,
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await unlockUser(trx, user.id, now);
    await clearThrottleOfLogin(trx, user.login);
    await appendAudit(trx, {
      actor,
      at: now,
      action: 'unlock',
      entityType: 'user',
      entityId: user.id,
      agencyId: user.agencyId,
      summary: `解锁账号“${user.login}”`,
    });
  });
}
