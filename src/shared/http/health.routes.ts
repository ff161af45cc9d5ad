import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { pendingMigrations } from '../../db/migrate.ts';
import { writeNotifications } from '../../db/write-version.ts';
import type { Deps } from '../deps.ts';
import { paths } from '../paths.ts';

/** How long `/readyz` waits for the database's answer before it calls the server not ready. */
const DB_CHECK_MS = 2000;

/**
 * `/healthz`: the process is alive and answers. `/readyz`: the server can do its work — the database
 * answers a trivial query, it has run every migration this code knows, and the server is not shutting
 * down — 200 `{ ready: true, writeNotifications }`, else 503 with the reason in JSON. Both are public, never rate limited
 * (a load balancer asks often) and logged only at warn (decision 012).
 */
export function registerHealthRoutes(app: FastifyInstance, deps: Deps): void {
  const quiet = { access: 'public', rateLimit: false } as const;
  app.get(paths.health.pattern, { config: quiet, logLevel: 'warn' }, async () => ({ ok: true }));
  app.get(paths.ready.pattern, { config: quiet, logLevel: 'warn' }, async (_request, reply) => {
    const notReady = (reason: string, message: string) =>
      reply.code(503).header('cache-control', 'no-store').send({ ready: false, reason, message });
    if (deps.lifecycle?.shuttingDown) return notReady('shutting_down', '服务器正在停止，不再接收新请求。');
    let pending: string[];
    try {
      pending = await withTimeout(
        (async () => {
          await sql`select 1`.execute(deps.db);
          return pendingMigrations(deps.db, deps.dialect);
        })(),
        DB_CHECK_MS,
      );
    } catch (err) {
      return notReady('database_unavailable', `数据库无法访问：${(err as Error).message}`);
    }
    if (pending.length > 0)
      return notReady('migrations_pending', `数据库尚未迁移到最新版本（待执行：${pending.join('、')}）。`);
    // How this server hears other servers' writes (decision 012): 'live' on PostgreSQL with the listener
    // up, 'down' while it reconnects (pages are then rendered afresh, so still correct), 'local' otherwise.
    return reply
      .header('cache-control', 'no-store')
      .send({ ready: true, writeNotifications: writeNotifications() });
  });
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${ms} 毫秒内没有响应`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
