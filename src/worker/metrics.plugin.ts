import type { FastifyInstance } from 'fastify';
import type { Deps } from '../shared/deps.ts';
import { createMetrics, type Metrics, type MetricsServer, startMetricsServer } from './metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The port `/metrics` listens on once the app is ready; null when METRICS_PORT is unset. */
    metricsPort(): number | null;
  }
}

/**
 * With METRICS_PORT set: counts every response by method, route pattern (not the URL: no personal data,
 * bounded label values) and status, and serves the metrics on that port from when the app is ready until
 * it closes. Returns the metrics (for the embedded worker), or null.
 */
export function registerMetrics(app: FastifyInstance, deps: Deps): Metrics | null {
  const port = deps.config.metricsPort;
  let server: MetricsServer | null = null;
  app.decorate('metricsPort', () => server?.port ?? null);
  if (port === null) return null;
  const metrics = createMetrics(deps, 'web');
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.addHook('onReady', async () => {
    server = await startMetricsServer(metrics.registry, port, deps.config.metricsHost);
  });
  app.addHook('onClose', async () => {
    await server?.close();
  });
  return metrics;
}
