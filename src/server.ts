import { createApp } from './app.tsx';
import { CalendarProvider } from './calendar/calendar.repository.ts';
import { loadConfig } from './config.ts';
import { DatabaseOpenError, openDatabase } from './db/connect.ts';
import { MigrationError, migrateToLatest } from './db/migrate.ts';
import { DEMO_USERS, loadDemoIfEmpty } from './demo/demo.ts';
import { systemClock } from './shared/clock.ts';
import { type Io, processIo } from './shared/io.ts';

export type { Io } from './shared/io.ts';

/** Loads the config, opens and migrates the database, loads the demo when empty, and listens. */
export async function serve(env: Record<string, string | undefined>, io: Io = processIo): Promise<number> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    io.stderr('配置有误，无法启动：');
    for (const p of loaded.problems) io.stderr(`  - ${p}`);
    return 1;
  }
  const config = loaded.config;
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase(config.database);
    const applied = await migrateToLatest(handle.db, handle.dialect);
    if (applied.length > 0) io.stdout(`已应用数据库迁移：${applied.join('、')}`);
  } catch (err) {
    if (err instanceof DatabaseOpenError || err instanceof MigrationError) {
      io.stderr(err.message);
      return 1;
    }
    throw err;
  }
  if (config.demo) {
    const demo = await loadDemoIfEmpty(handle.db, systemClock.now().toISOString(), config.demoPassword);
    if (demo.loaded) {
      io.stdout('已加载演示数据（吉林省 → 长春市 → 宽城区 → 欣园街道等 7 个机构）。演示账号：');
      for (const u of DEMO_USERS) io.stdout(`  ${u.login}（${u.displayName}）`);
      if (demo.generatedPassword) {
        io.stdout(`演示账号的密码（只显示这一次，请记下）：${demo.generatedPassword}`);
        io.stdout('  如需固定密码，请在首次启动前设置环境变量 GONGKAI_DEMO_PASSWORD。');
      } else {
        io.stdout('演示账号的密码为环境变量 GONGKAI_DEMO_PASSWORD 的值。');
      }
    }
  }
  const app = await createApp({
    config,
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    calendar: new CalendarProvider(),
  });
  const shutdown = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    io.stderr(`无法在端口 ${config.port} 上启动：${(err as Error).message}`);
    await handle.close();
    return 1;
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  io.stdout(
    `Gongkai 已启动：http://${shown}:${config.port}/ （后台：http://${shown}:${config.port}/admin ，数据库：${handle.description}）`,
  );
  return -1; // keep running
}
