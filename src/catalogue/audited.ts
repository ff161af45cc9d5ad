import { type AuditEntry, appendAudit } from '../audit/audit.repository.ts';
import type { Db, Trx } from '../db/database.ts';

/** Runs a write and its audit entry in one transaction (the entry may use what the write returned). */
export function audited<T>(
  db: Db,
  write: (trx: Trx) => Promise<T>,
  entry: (result: T) => AuditEntry,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await write(trx);
    await appendAudit(trx, entry(result));
    return result;
  });
}
