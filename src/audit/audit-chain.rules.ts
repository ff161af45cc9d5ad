/**
 * The hash chain of the audit log (decision 013): each row stores the hash of the row before it
 * (`prev_hash`) and its own `hash` = SHA-256 of `prev_hash` followed by the canonical JSON of its content.
 * Changing, deleting or inserting a row anywhere breaks the link at that row or the next. Pure.
 */
import { createHash } from 'node:crypto';

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a row's hash covers: every column but the generated id and the chain columns themselves. */
export interface AuditChainContent {
  readonly at: string;
  readonly userId: number | null;
  readonly userLogin: string | null;
  readonly agencyId: number | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly summary: string;
  readonly beforeJson: string | null;
  readonly afterJson: string | null;
  readonly ip: string | null;
}

/** JSON with object keys sorted at every level, no whitespace: the same bytes for the same value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of a row whose predecessor's hash is `prevHash`. */
export function auditHash(prevHash: string, content: AuditChainContent): string {
  // Exactly these fields (a row read back carries more), integers as numbers on both databases.
  const normalised: AuditChainContent = {
    at: content.at,
    userId: content.userId === null ? null : Number(content.userId),
    userLogin: content.userLogin,
    agencyId: content.agencyId === null ? null : Number(content.agencyId),
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    summary: content.summary,
    beforeJson: content.beforeJson,
    afterJson: content.afterJson,
    ip: content.ip,
  };
  return createHash('sha256').update(prevHash).update(canonicalJson(normalised)).digest('hex');
}

export interface ChainedRow extends AuditChainContent {
  readonly id: number;
  readonly prevHash: string | null;
  readonly hash: string | null;
}

/** Where a walk of the chain found the first broken link. */
export interface ChainBreak {
  readonly id: number;
  readonly reason: 'prev_hash' | 'hash';
}

/**
 * Checks rows in id order against the hash the previous row ended with (`prevHash`, GENESIS_HASH at the
 * start); returns the first break or the hash the last row ends with (to go on with the next batch).
 */
export function checkChain(
  rows: readonly ChainedRow[],
  prevHash: string,
): { ok: true; lastHash: string } | { ok: false; broken: ChainBreak } {
  let prev = prevHash;
  for (const r of rows) {
    if (r.prevHash !== prev) return { ok: false, broken: { id: r.id, reason: 'prev_hash' } };
    if (r.hash !== auditHash(prev, r)) return { ok: false, broken: { id: r.id, reason: 'hash' } };
    prev = r.hash;
  }
  return { ok: true, lastHash: prev };
}
