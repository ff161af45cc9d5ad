/**
 * How much one machine holds (docs/operations.md): the demo data plus a large agency tree under 长春市
 * (`CAPACITY_AGENCIES`, default 5,000: districts of one government and 49 streets/departments each), one
 * app process on the real HTTP server (loopback, `CAPACITY_CONCURRENCY` keep-alive clients, default 16).
 * SQLite by default; on PostgreSQL when `TEST_POSTGRES_URL` is set (a fresh database, dropped after).
 *
 * 1. public pages of random agencies of the tree (the agency's home, its generated 政府信息公开指南, its
 *    法定主动公开内容 column, in turn): requests per second and latency percentiles, baseline the same
 *    pages of one agency only (what the page cache holds);
 * 2. the back office of a province-level supervisor whose scope is the whole tree: dashboard, agency
 *    list, application queue (median of 5, in-process), baseline the same pages of a street's clerk.
 * Timings are printed, never asserted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUser } from '../src/accounts/user.service.ts';
import { findAgencyByName, insertAgency } from '../src/agencies/agency.repository.ts';
import { type Agency, agencyFormSchema } from '../src/agencies/agency.rules.ts';
import { SYSTEM_ACTOR } from '../src/audit/audit.repository.ts';
import { demoCodes } from '../src/demo/demo.ts';
import { type Agent, startTestApp } from '../test/support/test-app.ts';

const AGENCIES = Number(process.env.CAPACITY_AGENCIES ?? 5000);
const CONCURRENCY = Number(process.env.CAPACITY_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.CAPACITY_SECONDS ?? 8);
const PER_DISTRICT = 50;
const PASSWORD = 'Capacity-Bench-2026';

let codes = 0;
function agencyInput(name: string, parentId: number, level: string, kind: string) {
  const { creditCode, orgCode } = demoCodes('220199', String(70_000_000 + codes++));
  return agencyFormSchema.parse({
    name,
    shortName: '',
    parentId: String(parentId),
    level,
    kind,
    creditCode,
    orgCode,
    officeName: `${name}政务公开办公室`,
    officeAddress: '吉林省长春市',
    officeHours: '工作日 8:30–17:00',
    officePhone: '0431-8888 0000',
    officeFax: '',
    officeEmail: '',
    officePostcode: '130000',
    website: '',
    sortOrder: '0',
  });
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** Requests per second and latencies (ms) over `SECONDS`, each request's path from `pathOf(i)`. */
async function load(base: string, pathOf: (i: number) => string): Promise<{ rps: number; lat: number[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const lat: number[] = [];
  let n = 0;
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  const one = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const s = performance.now();
      http
        .get(`${base}${path}`, { agent }, (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            lat.push(performance.now() - s);
            if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode}`));
            else resolve();
          });
        })
        .on('error', reject);
    });
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) await one(pathOf(n++));
    }),
  );
  agent.destroy();
  return { rps: lat.length / ((performance.now() - t0) / 1000), lat };
}

async function median5(agent: Agent, path: string): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const res = await agent.get(path);
    ms.push(performance.now() - s);
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode}`);
  }
  return percentile(ms, 50);
}

export async function run(): Promise<void> {
  const t = await startTestApp({ config: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  try {
    const db = t.database.db;
    const now = t.clock.now().toISOString();
    const city = await findAgencyByName(db, '长春市人民政府');
    const province = await findAgencyByName(db, '吉林省人民政府');
    if (!city || !province) throw new Error('demo data missing');
    const seeded: Agency[] = [];
    const s0 = performance.now();
    await db.transaction().execute(async (trx) => {
      for (let d = 0; seeded.length < AGENCIES; d++) {
        const district = await insertAgency(
          trx,
          agencyInput(`测试第${d + 1}区人民政府`, city.id, 'county', 'government'),
          city,
          now,
        );
        seeded.push(district);
        for (let s = 1; s < PER_DISTRICT && seeded.length < AGENCIES; s++) {
          const street = s % 5 === 0;
          seeded.push(
            await insertAgency(
              trx,
              agencyInput(
                street ? `测试第${d + 1}区第${s}局` : `测试第${d + 1}区第${s}街道办事处`,
                district.id,
                street ? 'county' : 'township',
                street ? 'department' : 'dispatched',
              ),
              district,
              now,
            ),
          );
        }
      }
    });
    const seedSeconds = (performance.now() - s0) / 1000;
    const first = seeded[1] as Agency;
    await createUser(
      db,
      SYSTEM_ACTOR,
      {
        login: 'bench-province',
        displayName: '省级主管',
        role: 'supervisor',
        agencyId: province.id,
        email: null,
        password: PASSWORD,
      },
      now,
    );
    await createUser(
      db,
      SYSTEM_ACTOR,
      {
        login: 'bench-clerk',
        displayName: '街道经办人',
        role: 'clerk',
        agencyId: first.id,
        email: null,
        password: PASSWORD,
      },
      now,
    );
    console.log(
      `capacity (${t.database.dialect}, ${seeded.length + 7} agencies, seeded in ${seedSeconds.toFixed(1)} s; ${CONCURRENCY} keep-alive clients, ${SECONDS} s per load)`,
    );

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const kinds = [
      (id: number) => `/agencies/${id}`,
      (id: number) => `/agencies/${id}/guide`,
      (id: number) => `/agencies/${id}/columns/proactive`,
    ];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = (i: number) => {
      const a = seeded[Math.floor(random() * seeded.length)] as Agency;
      return (kinds[i % kinds.length] as (id: number) => string)(a.id);
    };
    await load(base, pick); // warm-up
    const spread = await load(base, pick);
    const one = await load(base, (i) => (kinds[i % kinds.length] as (id: number) => string)(first.id));
    const line = (label: string, r: { rps: number; lat: number[] }) =>
      console.log(
        `  ${label.padEnd(34)} ${r.rps.toFixed(0).padStart(5)} req/s  p50 ${percentile(r.lat, 50).toFixed(1)} ms  p95 ${percentile(r.lat, 95).toFixed(1)} ms  p99 ${percentile(r.lat, 99).toFixed(1)} ms`,
      );
    line(`public pages, random of ${seeded.length} agencies`, spread);
    line('public pages, one agency (baseline)', one);
    console.log(`  ratio random / one agency: ${((spread.rps / one.rps) * 100).toFixed(0)}%`);

    const supervisor = t.agent();
    await supervisor.login('bench-province', PASSWORD);
    const clerk = t.agent();
    await clerk.login('bench-clerk', PASSWORD);
    for (const [label, path] of [
      ['dashboard', '/admin'],
      ['agency list', '/admin/agencies'],
      ['application queue', '/admin/applications'],
    ] as const) {
      const big = await median5(supervisor, path);
      const small = await median5(clerk, path);
      console.log(
        `  back office ${label.padEnd(18)} province supervisor (whole tree) ${big.toFixed(0).padStart(5)} ms   street clerk (baseline) ${small.toFixed(0).padStart(4)} ms   ratio ${(big / small).toFixed(1)}×`,
      );
    }
  } finally {
    await t.close();
  }
}
