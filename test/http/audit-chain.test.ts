import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { appendAudit, SYSTEM_ACTOR } from '../../src/audit/audit.repository.ts';
import { verifyAuditChain } from '../../src/audit/audit-verify.ts';
import { loadDemoIfEmpty } from '../../src/demo/demo.ts';
import { DEMO_PASSWORD, TEST_NOW } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const BIN = new URL('../../bin/gongkai.js', import.meta.url).pathname;

function databaseUrl(d: TestDatabase): string {
  return d.target.kind === 'sqlite' ? `sqlite:${d.target.file}` : d.target.url;
}

function verifyCommand(d: TestDatabase) {
  const r = spawnSync(process.execPath, [BIN, 'audit', 'verify'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl(d) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the tamper-evident audit log', () => {
  let d: TestDatabase;
  before(async () => {
    d = await createTestDatabase();
    await loadDemoIfEmpty(d.db, TEST_NOW, DEMO_PASSWORD);
  });
  after(async () => d.destroy());

  it('appends from many transactions at once stay one linear chain', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        d.db.transaction().execute(async (trx) => {
          await appendAudit(trx, {
            actor: SYSTEM_ACTOR,
            at: TEST_NOW,
            action: 'test',
            entityType: 'test',
            entityId: i,
            agencyId: null,
            summary: `并发写入 ${i}`,
            after: { i, 名称: '测试' },
          });
        }),
      ),
    );
    const r = await verifyAuditChain(d.db);
    assert.ok(r.ok);
    assert.ok(r.count >= 40);
    const cli = verifyCommand(d);
    assert.equal(cli.code, 0, cli.err);
    assert.match(cli.out, new RegExp(`审计日志完整：共 ${r.count} 条记录`));
  });

  it('a row changed with SQL is found by gongkai audit verify (exit 1)', async () => {
    const rows = await d.db.selectFrom('audit_log').select('id').orderBy('id').execute();
    const victim = Number(rows[Math.floor(rows.length / 2)]?.id);
    if (d.dialect === 'sqlite') {
      await sql`DROP TRIGGER audit_log_no_update`.execute(d.db);
    } else {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(d.db);
    }
    await sql`UPDATE audit_log SET summary = ${'改过的摘要'} WHERE id = ${victim}`.execute(d.db);
    const r = await verifyAuditChain(d.db);
    assert.deepEqual(r.ok ? null : r.broken, { id: victim, reason: 'hash' });
    const cli = verifyCommand(d);
    assert.equal(cli.code, 1);
    assert.match(cli.err, new RegExp(`第 ${victim} 号记录的内容与其哈希不符`));
  });
});
