import type { AddressInfo } from 'node:net';
import { createApp } from './app.tsx';
import { type Env, startUp } from './cli/start.ts';
import { DEMO_USERS, loadDemoIfEmpty } from './demo/demo.ts';
import { startupNotice } from './ops/system-parts.rules.ts';
import { probeSystemParts } from './ops/system-parts.ts';
import { EXIT_FAILURE } from './shared/cli-args.ts';
import { type Io, processIo } from './shared/io.ts';
import { warmPdfPrinter } from './shared/pdf.ts';

/**
 * Starts the way every command does (configuration, database opened and migrated), loads the demo when
 * the database is empty, and listens. Returns -1 while the server keeps running, else the exit status.
 */
export async function serve(env: Env, io: Io = processIo): Promise<number> {
  const started = await startUp(io, env);
  if (typeof started === 'number') return started;
  const { deps } = started;
  const { config } = deps;
  if (started.applied.length > 0) io.stdout(`已应用数据库迁移：${started.applied.join('、')}`);
  if (config.demo) {
    const demo = await loadDemoIfEmpty(deps.db, deps.clock.now().toISOString(), config.demoPassword);
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
  const app = await createApp(deps);
  const shutdown = async () => {
    await app.close();
    await started.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    io.stderr(`无法在端口 ${config.port} 上启动：${(err as Error).message}`);
    await started.close();
    return EXIT_FAILURE;
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // The port listened on (PORT=0: the one the system chose).
  const port = (app.server.address() as AddressInfo | null)?.port ?? config.port;
  io.stdout(
    `Gongkai 已启动：http://${shown}:${port}/ （后台：http://${shown}:${port}/admin ，数据库：${started.description}）`,
  );
  // What a fresh machine lacks for PDFs and the PDF reader, and the one command that installs it.
  for (const line of startupNotice(await probeSystemParts())) io.stdout(line);
  const metricsPort = app.metricsPort();
  if (metricsPort !== null) io.stdout(`监控指标：http://${config.metricsHost}:${metricsPort}/metrics`);
  // Chromium starts now rather than on the first PDF (a letter, a report): that one is then warm too.
  if (config.env !== 'test') void warmPdfPrinter().catch(() => {});
  return -1; // keep running
}
