import { PostgresAdapter, sql } from 'kysely';
import type { Executor, Trx } from '../db/database.ts';
import { paged } from '../shared/paged.ts';
import { type AuditChainContent, auditHash, type ChainedRow, GENESIS_HASH } from './audit-chain.rules.ts';

export interface AuditActor {
  readonly userId: number | null;
  readonly login: string | null;
  readonly ip: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, login: 'system', ip: null };

export interface AuditEntry {
  readonly actor: AuditActor;
  readonly at: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | number | null;
  readonly agencyId: number | null;
  readonly summary: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditRecord {
  readonly id: number;
  readonly at: string;
  readonly userId: number | null;
  readonly userLogin: string | null;
  readonly agencyId: number | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly summary: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly ip: string | null;
}

/** The PostgreSQL advisory lock that serializes appends to the chain (any fixed 64-bit key). */
const AUDIT_CHAIN_LOCK = 7_242_010_013;

/**
 * Appends one entry, chained to the last one (decision 013). Call it in the same transaction as the change it
 * records. On PostgreSQL the append takes a transaction-scoped advisory lock, so transactions of any number of
 * processes append one after another and the chain stays linear; SQLite has one writer at a time anyway.
 */
export async function appendAudit(db: Executor, e: AuditEntry): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => appendAudit(trx, e));
    return;
  }
  const trx = db as Trx;
  if (trx.getExecutor().adapter instanceof PostgresAdapter)
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content: AuditChainContent = {
    at: e.at,
    userId: e.actor.userId,
    userLogin: e.actor.login,
    agencyId: e.agencyId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId === null ? null : String(e.entityId),
    summary: e.summary,
    beforeJson: e.before === undefined ? null : JSON.stringify(e.before),
    afterJson: e.after === undefined ? null : JSON.stringify(e.after),
    ip: e.actor.ip,
  };
  await trx
    .insertInto('audit_log')
    .values({
      at: content.at,
      user_id: content.userId,
      user_login: content.userLogin,
      agency_id: content.agencyId,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      summary: content.summary,
      before_json: content.beforeJson,
      after_json: content.afterJson,
      ip: content.ip,
      prev_hash: prevHash,
      hash: auditHash(prevHash, content),
    })
    .execute();
}

/** Up to `limit` rows of the chain after id `afterId`, in id order (for `gongkai audit verify`). */
export async function chainBatch(db: Executor, afterId: number, limit: number): Promise<ChainedRow[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    userId: r.user_id,
    userLogin: r.user_login,
    agencyId: r.agency_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    summary: r.summary,
    beforeJson: r.before_json,
    afterJson: r.after_json,
    ip: r.ip,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

export interface AuditFilter {
  /** Agencies whose entries may be shown: null = all (administrators). */
  readonly agencyPathPrefix: string | null;
  readonly agencyId?: number | undefined;
  readonly userId?: number | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly entityType?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export async function findAudit(
  db: Executor,
  f: AuditFilter,
): Promise<{ rows: AuditRecord[]; total: number }> {
  let q = db.selectFrom('audit_log').leftJoin('agencies', 'agencies.id', 'audit_log.agency_id');
  if (f.agencyPathPrefix !== null) q = q.where('agencies.path', 'like', `${f.agencyPathPrefix}%`);
  if (f.agencyId !== undefined) q = q.where('audit_log.agency_id', '=', f.agencyId);
  if (f.userId !== undefined) q = q.where('audit_log.user_id', '=', f.userId);
  if (f.from) q = q.where('audit_log.at', '>=', f.from);
  if (f.to) q = q.where('audit_log.at', '<', f.to);
  if (f.entityType) q = q.where('audit_log.entity_type', '=', f.entityType);
  return paged(
    q,
    f,
    (q) => q.selectAll('audit_log').orderBy('audit_log.at', 'desc').orderBy('audit_log.id', 'desc'),
    (r) => ({
      id: r.id,
      at: r.at,
      userId: r.user_id,
      userLogin: r.user_login,
      agencyId: r.agency_id,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      summary: r.summary,
      before: r.before_json === null ? null : JSON.parse(r.before_json),
      after: r.after_json === null ? null : JSON.parse(r.after_json),
      ip: r.ip,
    }),
  );
}
