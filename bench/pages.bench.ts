/**
 * Public page throughput (docs/domain/README.md#catalogue, docs/decisions/005-page-throughput.md): requests per second
 * of the real app (demo data on a fresh SQLite file, `NODE_ENV=test` configuration: no request log,
 * every plugin and hook registered as in production, the per-address limit raised with
 * RATE_LIMIT_PER_MINUTE because every request comes from one loopback client) against a bare node:http server sending the same
 * bytes, measured in the same run, one after the other, with the same client. Target: ≥ 30%.
 *
 * Quick and bounded: per page, after a short warm-up, three alternating rounds (app, bare, app, bare,
 * …) of at most `PAGES_BENCH_REQUESTS` / 3 requests (default 3,000 in all) or `PAGES_BENCH_SECONDS`
 * / 3 seconds (default 3 in all), whichever comes first; medians are printed. No request is refused:
 * the bench checks the status of what it measures. Loopback only. `PAGES_BENCH_CONCURRENCY` (default 16) keep-alive clients.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findAgencyByName } from '../src/agencies/agency.repository.ts';
import { startTestApp } from '../test/support/test-app.ts';

const MAX_REQUESTS = Number(process.env.PAGES_BENCH_REQUESTS ?? 3000);
const MAX_SECONDS = Number(process.env.PAGES_BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.PAGES_BENCH_CONCURRENCY ?? 16);
const WARM_UP = 300;
const ROUNDS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Requests per second of `url` with `concurrency` keep-alive clients, bounded by count and time. */
async function load(url: string, maxRequests: number, maxSeconds: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let started = 0;
  let done = 0;
  const t0 = performance.now();
  const end = t0 + maxSeconds * 1000;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
            else resolve();
          });
        })
        .on('error', reject);
    });
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started < maxRequests && performance.now() < end) {
        started++;
        await one();
        done++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return done / seconds;
}

export interface PageResult {
  readonly label: string;
  readonly app: number;
  readonly bare: number;
  /** Median of the per-round ratios app / bare. */
  readonly ratio: number;
  readonly bytes: number;
}

/** One fresh app (and database) per page, so no page pays for the rate limit spent by another. */
async function measure(
  label: string,
  pathOf: (agencyId: number, itemId: number) => string,
): Promise<PageResult> {
  const t = await startTestApp({ config: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const agency = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    const item = await t.database.db
      .selectFrom('catalogue_items')
      .select('id')
      .where('agency_id', '=', agency.id)
      .where('status', '=', 'published')
      .where('doc_type', '=', 'normative')
      .executeTakeFirstOrThrow();
    const path = pathOf(agency.id, item.id);
    const url = `http://127.0.0.1:${port}${path}`;
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? 'text/html; charset=utf-8';
    const bare = http.createServer((_req, r) => {
      r.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
      r.end(bytes);
    });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
    await load(url, WARM_UP, 1);
    await load(bareUrl, WARM_UP, 1);
    // Alternating short rounds, medians: the machine is shared, so load from others hits both sides.
    const apps: number[] = [];
    const bares: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const a = await load(url, MAX_REQUESTS / ROUNDS, MAX_SECONDS / ROUNDS);
      const b = await load(bareUrl, MAX_REQUESTS / ROUNDS, MAX_SECONDS / ROUNDS);
      apps.push(a);
      bares.push(b);
      ratios.push(a / b);
    }
    const app = median(apps);
    const base = median(bares);
    const ratio = median(ratios);
    await new Promise<void>((r) => bare.close(() => r()));
    console.log(
      `  ${label.padEnd(26)} app ${app.toFixed(0).padStart(6)} req/s  bare node:http ${base
        .toFixed(0)
        .padStart(
          6,
        )} req/s  ratio ${(ratio * 100).toFixed(0).padStart(3)}% (target ≥ 30%)  ${bytes.length} bytes`,
    );
    return { label, app, bare: base, ratio, bytes: bytes.length };
  } finally {
    await t.close();
  }
}

export async function run(): Promise<PageResult[]> {
  console.log(
    `pages (demo data on SQLite, ${CONCURRENCY} keep-alive clients, ≤ ${MAX_REQUESTS} requests or ${MAX_SECONDS} s each)`,
  );
  return [
    await measure('item page', (a, i) => `/agencies/${a}/items/${i}`),
    await measure('list page (法定主动公开内容)', (a) => `/agencies/${a}/columns/proactive`),
    await measure('search page (2 chars)', () => `/search?q=${encodeURIComponent('低保')}`),
    await measure('/healthz', () => '/healthz'),
  ];
}
