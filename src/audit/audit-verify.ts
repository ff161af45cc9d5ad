/** `gongkai audit verify`: walks the audit log's hash chain and reports the first broken link. */
import type { Executor } from '../db/database.ts';
import { EXIT_FAILURE, EXIT_OK } from '../shared/cli-args.ts';
import type { Io } from '../shared/io.ts';
import { chainBatch } from './audit.repository.ts';
import { type ChainBreak, checkChain, GENESIS_HASH } from './audit-chain.rules.ts';

export const AUDIT_USAGE = 'audit verify';

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; broken: ChainBreak };

/** Checks the whole chain, 2,000 rows at a time; `count` is how many rows checked out before any break. */
export async function verifyAuditChain(db: Executor): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let after = 0;
  let count = 0;
  for (;;) {
    const rows = await chainBatch(db, after, 2000);
    if (rows.length === 0) return { ok: true, count };
    const r = checkChain(rows, prev);
    if (!r.ok)
      return { ok: false, count: count + rows.findIndex((x) => x.id === r.broken.id), broken: r.broken };
    prev = r.lastHash;
    count += rows.length;
    after = rows[rows.length - 1]?.id ?? after;
  }
}

/** Prints 完整 with the count (exit 0) or the first broken row (exit 1). */
export async function runAuditVerify(db: Executor, io: Io): Promise<number> {
  const r = await verifyAuditChain(db);
  if (r.ok) {
    io.stdout(`审计日志完整：共 ${r.count} 条记录，哈希链逐条核对无误。`);
    return EXIT_OK;
  }
  io.stderr(
    r.broken.reason === 'hash'
      ? `审计日志被篡改：第 ${r.broken.id} 号记录的内容与其哈希不符（此前 ${r.count} 条核对无误）。`
      : `审计日志被篡改：第 ${r.broken.id} 号记录与前一条记录不相衔接，其间的记录被删除、插入或改动（此前 ${r.count} 条核对无误）。`,
  );
  return EXIT_FAILURE;
}
