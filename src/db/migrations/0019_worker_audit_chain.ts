import { type Kysely, sql } from 'kysely';
import { auditHash, GENESIS_HASH } from '../../audit/audit-chain.rules.ts';
import type { Dialect } from '../database.ts';
import { defineMigration, optionalText, requiredText } from '../schema-helpers.ts';

/**
 * The worker and the tamper-evident audit log (decision 013):
 * - `jobs`: the work `gongkai worker` does besides delivering the outbox (daily reminders, the digest,
 *   the upload purge, backups), one row per run with a unique `run_key` (job + day or hour), so a daily job
 *   runs once a day however many workers run; claimed under a lease, retried with back-off;
 * - `audit_log.prev_hash`, `audit_log.hash`: the hash chain; rows already there are chained here, in id
 *   order (the append-only triggers are lifted for that and put back).
 */
export const m0019WorkerAuditChain = defineMigration({
  async up(schema, db) {
    await schema
      .tableWithId('jobs')
      .$call(requiredText('name', 'run_key'))
      .$call(optionalText('payload_json'))
      /** pending | running | done | failed */
      .$call(requiredText('status'))
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .$call(requiredText('run_at'))
      .$call(optionalText('locked_by', 'lease_until', 'last_error', 'result', 'started_at', 'finished_at'))
      .$call(requiredText('created_at'))
      .addUniqueConstraint('jobs_run_key', ['run_key'])
      .execute();
    await schema.index('jobs', 'jobs_due', ['status', 'run_at']);

    await dropAppendOnly(db, schema.dialect);
    await schema.addTextColumn('audit_log', 'prev_hash');
    await schema.addTextColumn('audit_log', 'hash');
    await chainExistingRows(db);
    await schema.appendOnly('audit_log');
  },
  async down(schema, db) {
    await dropAppendOnly(db, schema.dialect);
    await schema.dropColumn('audit_log', 'hash');
    await schema.dropColumn('audit_log', 'prev_hash');
    await schema.appendOnly('audit_log');
    await schema.dropIndexes('jobs_due');
    await schema.dropTables('jobs');
  },
});

async function dropAppendOnly(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`DROP TRIGGER IF EXISTS audit_log_no_update`.execute(db);
    await sql`DROP TRIGGER IF EXISTS audit_log_no_delete`.execute(db);
  } else {
    await sql`DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log`.execute(db);
  }
}

interface OldRow {
  id: number;
  at: string;
  user_id: number | null;
  user_login: string | null;
  agency_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

/** Chains the rows written before this migration, 1,000 at a time in id order. */
async function chainExistingRows(db: Kysely<unknown>): Promise<void> {
  let prev = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const rows = (
      await sql<OldRow>`SELECT id, at, user_id, user_login, agency_id, action, entity_type, entity_id, summary, before_json, after_json, ip FROM audit_log WHERE id > ${after} ORDER BY id LIMIT 1000`.execute(
        db,
      )
    ).rows;
    if (rows.length === 0) return;
    for (const r of rows) {
      const hash = auditHash(prev, {
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
      });
      await sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${r.id}`.execute(db);
      prev = hash;
      after = Number(r.id);
    }
  }
}
