import type { Executor } from '../db/database.ts';
import { paged } from '../shared/paged.ts';

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

/** Appends one entry. Call it in the same transaction as the change it records. */
export async function appendAudit(db: Executor, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      user_id: e.actor.userId,
      user_login: e.actor.login,
      agency_id: e.agencyId,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId === null ? null : String(e.entityId),
      summary: e.summary,
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
      ip: e.actor.ip,
    })
    .execute();
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
