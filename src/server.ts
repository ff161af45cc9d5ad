import type { AddressInfo } from 'node:net';
import { createApp } from './app.tsx';
import { type Env, startUp } from './cli/start.ts';
import { listenForWrites } from './db/write-listener.ts';
import { DEMO_USERS, loadDemoIfEmpty } from './demo/demo.ts';
import { startupNotice } from './ops/system-parts.rules.ts';
import { probeSystemParts } from './ops/system-parts.ts';
import { EXIT_FAILURE } from './shared/cli-args.ts';
import { type Io, processIo } from './shared/io.ts';
import { Lifecycle } from './shared/lifecycle.ts';
import { warmPdfPrinter } from './shared/pdf.ts';

/** How long a SIGTERM waits for in-flight requests before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** How long a SIGTERM keeps taking requests (each answered with `Connection: close`) before closing. */
const SHUTDOWN_GRACE_MS = 1000;

/**
 * Starts the way every command does (configuration, database opened and migrated), loads the demo when
 * the database is empty, and listens. SIGTERM/SIGINT stop it gracefully: `/readyz` answers 503, no new
 * connections are taken after a 1 s grace (during which every response closes its connection), requests in
 * flight finish, the database is closed, exit 0; a second signal, or requests still running 10 s after the
 * grace, exit 1 at once (decision 012). Returns -1 while the server keeps running, else the exit status.
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
  const lifecycle = new Lifecycle();
  // On PostgreSQL, other app servers' writes reach this one's page cache through LISTEN/NOTIFY (decision 012).
  const listener = config.database.kind === 'postgres' ? listenForWrites(config.database.url) : null;
  const app = await createApp({ ...deps, lifecycle });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      io.stderr(`再次收到 ${signal}，立即退出（未完成的请求被中断）。`);
      process.exit(EXIT_FAILURE);
    }
    stopping = true;
    lifecycle.shuttingDown = true;
    io.stdout(`收到 ${signal}，正在停止：1 秒后不再接受新连接，完成进行中的请求后退出……`);
    // For a moment the server still takes requests but answers each with `Connection: close`, so the
    // proxy stops reusing its kept-alive connections cleanly (after a response) rather than racing the
    // close of an idle one, which would fail a POST it cannot safely retry elsewhere.
    await new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS));
    const force = setTimeout(() => {
      io.stderr(`${SHUTDOWN_TIMEOUT_MS / 1000} 秒内未能完成进行中的请求，强制退出。`);
      process.exit(EXIT_FAILURE);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      await app.close();
      await listener?.stop();
      await started.close();
    } catch (err) {
      io.stderr(`停止时出错：${(err as Error).message}`);
      process.exit(EXIT_FAILURE);
    }
    io.stdout('Gongkai 已停止。');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    io.stderr(`无法在端口 ${config.port} 上启动：${(err as Error).message}`);
    await listener?.stop();
    await started.close();
    return EXIT_FAILURE;
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // The port listened on (PORT=0: the one the system chose).
  const port = (app.server.address() as AddressInfo | null)?.port ?? config.port;
  io.stdout(
    `Gongkai 已启动：http://${shown}:${port}/ （后台：http://${shown}:${port}/admin ，数据库：${started.description}）`,
  );
  const metricsPort = app.metricsPort();
  if (metricsPort !== null) io.stdout(`监控指标：http://${config.metricsHost}:${metricsPort}/metrics`);
  // What a fresh machine lacks for PDFs and the PDF reader, and the one command that installs it.
  for (const line of startupNotice(await probeSystemParts())) io.stdout(line);
  // Chromium starts now rather than on the first PDF (a letter, a report): that one is then warm too.
  if (config.env !== 'test') void warmPdfPrinter().catch(() => {});
  return -1; // keep running
}
