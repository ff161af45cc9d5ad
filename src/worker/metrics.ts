/**
 * Prometheus metrics (prom-client, decision 013) of the web process and the worker, served on their own
 * listener at METRICS_PORT (never through the public site): HTTP requests by method, route pattern and
 * status with a latency histogram (web), the depth of the outbox and of the job queue, mail delivery
 * failures, and the open applications past their reply deadline — the database figures are read when
 * Prometheus scrapes (three small counts), so nothing runs between scrapes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { countOverdueOpen } from '../applications/application.repository.ts';
import { countOutboxByStatus } from '../mail/outbox.repository.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { countRunsByStatus } from './job.repository.ts';

export interface Metrics {
  readonly registry: Registry;
  /** Counts one HTTP response (web process). */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Counts failed delivery attempts of outgoing mail (worker loop). */
  mailFailures(n: number): void;
}

export function createMetrics(deps: Pick<Deps, 'db' | 'config' | 'clock'>, role: 'web' | 'worker'): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  collectDefaultMetrics({ register: registry, prefix: 'gongkai_' });
  const today = todayIn(deps.clock, deps.config.timeZone);
  const requests = new Counter({
    name: 'gongkai_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gongkai_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'gongkai_mail_delivery_failures_total',
    help: 'Failed attempts to deliver outgoing mail in this process',
    registers: [registry],
  });
  new Gauge({
    name: 'gongkai_outbox_messages',
    help: 'Outgoing mail by status (pending and sending: the queue depth; failed: given up)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await countOutboxByStatus(deps.db);
      for (const status of ['pending', 'sending', 'failed'] as const) this.set({ status }, counts[status]);
    },
  });
  new Gauge({
    name: 'gongkai_jobs',
    help: 'Runs of scheduled jobs by status (pending: the queue depth)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await countRunsByStatus(deps.db);
      for (const status of ['pending', 'running', 'failed'] as const) this.set({ status }, counts[status]);
    },
  });
  new Gauge({
    name: 'gongkai_applications_overdue',
    help: 'Open applications past their reply deadline (all agencies)',
    registers: [registry],
    async collect() {
      this.set(await countOverdueOpen(deps.db, today()));
    },
  });
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status_code: String(status) });
      duration.observe({ method, route }, seconds);
    },
    mailFailures(n) {
      if (n > 0) failures.inc(n);
    },
  };
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `GET /metrics` on its own port (0: one the system chooses). */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  host: string,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (err: Error) =>
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${err.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
