/**
 * The worker loop in process on the test database with the test clock: scheduled runs recorded once,
 * a failing run retried after its back-off and then marked failed, and the 后台任务 page (administrators only).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CalendarProvider } from '../../src/calendar/calendar.repository.ts';
import { OUTPUT_FORMATS } from '../../src/reports/render/index.ts';
import type { Deps } from '../../src/shared/deps.ts';
import { recentRuns } from '../../src/worker/job.repository.ts';
import { backupJob, type JobDefinition, scheduledJobs } from '../../src/worker/jobs.ts';
import { startWorker } from '../../src/worker/worker.ts';
import { startTestApp, type TestContext, testConfig, textOf } from '../support/test-app.ts';

const silent = { info: () => {}, error: () => {} };

async function until(what: string, ok: () => Promise<boolean>): Promise<void> {
  for (let left = 1000; !(await ok()); left--) {
    if (left <= 0) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the worker loop and the 后台任务 page', () => {
  let t: TestContext;
  let deps: Deps;
  before(async () => {
    t = await startTestApp();
    deps = {
      config: t.config,
      db: t.database.db,
      dialect: t.database.dialect,
      clock: t.clock,
      calendar: new CalendarProvider(),
    };
  });
  after(async () => t.close());

  it('runs the due scheduled jobs once, retries a failure after its back-off, then gives up', async () => {
    let calls = 0;
    const failing: JobDefinition = {
      name: 'always-fails',
      label: '总是失败的任务',
      schedule: { kind: 'hourly' },
      maxAttempts: 2,
      async run() {
        calls++;
        throw new Error('磁盘已满');
      },
    };
    const jobs = [...scheduledJobs(t.config), failing];
    // Two loops at once, as two workers would run.
    const workers = [1, 2].map(() => startWorker(deps, { jobs, mailer: null, log: silent, pollMs: 5 }));
    const runs = () => recentRuns(t.database.db, 50);
    try {
      // TEST_NOW is 10:00 in Beijing: the reminders (08:00), the digest (08:30), the report files (03:00) and
      // this hour's purge are due.
      await until('the due runs done', async () => {
        const r = await runs();
        return ['remind', 'digest', 'purge-uploads', 'report-files'].every((n) =>
          r.some((x) => x.name === n && x.status === 'done'),
        );
      });
      await until('the failing run tried once', async () =>
        (await runs()).some((x) => x.name === 'always-fails' && x.attempts === 1 && x.status === 'pending'),
      );
      // The demo's published 2020 report had no stored files: every format is rendered ahead now.
      const files = await t.database.db.selectFrom('report_files').select('format').execute();
      assert.deepEqual(files.map((f) => f.format).sort(), [...OUTPUT_FORMATS].sort());
      assert.match(
        (await runs()).find((x) => x.name === 'report-files')?.result ?? '',
        new RegExp(`新生成文件 ${OUTPUT_FORMATS.length} 个$`),
      );
      const first = (await runs()).find((x) => x.name === 'always-fails');
      assert.equal(first?.lastError, '磁盘已满');
      assert.equal(first?.runAt, new Date(t.clock.now().getTime() + 30_000).toISOString());
      assert.equal(calls, 1, 'not retried before its back-off');

      const page = t.agent();
      await page.login('demo-admin');
      const res = await page.get('/admin/jobs');
      assert.equal(res.statusCode, 200);
      const text = textOf(res.body);
      assert.match(text, /后台任务/);
      assert.match(text, /每日到期提醒/);
      // A run of a job this configuration does not define shows its name.
      assert.match(text, /always-fails.*等待重试/s);
      assert.match(text, /磁盘已满/);
      assert.match(text, /发件箱/);

      t.clock.advance(31_000);
      await until('the failing run given up', async () =>
        (await runs()).some((x) => x.name === 'always-fails' && x.status === 'failed'),
      );
      assert.equal(calls, 2);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const all = await runs();
    for (const name of ['remind', 'digest', 'purge-uploads', 'report-files', 'always-fails']) {
      const mine = all.filter((x) => x.name === name);
      assert.equal(mine.length, 1, `${name}: one run for its day or hour`);
    }
    assert.equal(all.find((x) => x.name === 'remind')?.attempts, 1);
  });

  it('the scheduled backup writes a new folder per day and is retried when refused', async () => {
    const dirs: string[] = [];
    let refuse = true;
    const job = backupJob('/var/backups/gongkai', '02:00', async (_deps, dir) => {
      dirs.push(dir);
      return refuse ? { ok: false, problem: '备份目录不是空目录' } : { ok: true, dir };
    });
    assert.deepEqual(job.schedule, { kind: 'daily', at: '02:00' });
    const ctx = { day: '2026-11-25', now: t.clock.now() };
    await assert.rejects(job.run(deps, ctx), /备份目录不是空目录/);
    refuse = false;
    assert.equal(await job.run(deps, ctx), '已备份到 /var/backups/gongkai/2026-11-25');
    assert.deepEqual(dirs, ['/var/backups/gongkai/2026-11-25', '/var/backups/gongkai/2026-11-25']);
  });

  it('with BACKUP_DIR set, the schedule holds the daily backup, which writes a real backup', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gk-scheduled-backup-'));
    try {
      const config = testConfig({ BACKUP_DIR: root, BACKUP_AT: '02:30', UPLOAD_DIR: t.config.uploadDir });
      assert.ok(!scheduledJobs(t.config).some((j) => j.name === 'backup'), 'no BACKUP_DIR, no backup job');
      const job = scheduledJobs(config).find((j) => j.name === 'backup');
      assert.ok(job);
      assert.deepEqual(job.schedule, { kind: 'daily', at: '02:30' });
      const result = await job.run({ ...deps, config }, { day: '2026-11-25', now: t.clock.now() });
      assert.equal(result, `已备份到 ${join(root, '2026-11-25')}`);
      assert.ok(existsSync(join(root, '2026-11-25', 'manifest.json')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('only administrators see the page', async () => {
    for (const login of ['demo-supervisor', 'demo-reviewer', 'demo-clerk']) {
      const s = t.agent();
      await s.login(login);
      assert.equal((await s.get('/admin/jobs')).statusCode, 403, login);
    }
    const anonymous = await t.agent().get('/admin/jobs');
    assert.ok([302, 303].includes(anonymous.statusCode));
  });
});
