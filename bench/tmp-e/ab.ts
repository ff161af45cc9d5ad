// Temporary A/B harness (deleted at the end): old vs new searchCatalogue on the same corpus.
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { searchCatalogue as neu } from '../../src/catalogue/search.repository.ts';
import { searchCatalogue as old } from './old.ts';
import type { Database } from '../../src/db/database.ts';

pg.types.setTypeParser(20, (v) => Number(v));
const PG = process.env.PG;
const LOG = process.env.LOG === '1';
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const ONLY = process.env.ONLY;
const logged: string[] = [];
const log = LOG
  ? (e: { level: string; query: { sql: string; parameters: readonly unknown[] }; queryDurationMillis: number }) => {
      if (e.level === 'query') logged.push(`${e.queryDurationMillis.toFixed(1)} ms | ${e.query.sql} | ${JSON.stringify(e.query.parameters)}`);
    }
  : undefined;
const db = PG
  ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG, max: 10, options: '-c jit=off' }) }), log })
  : new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(process.env.SQLITE ?? '/tmp/gk-catalogue-bench-1000000.db') }), log });

const kinds: { label: string; queries: string[]; agency?: boolean; order?: 'date' | 'relevance' }[] = [
  { label: '2 chars, relevance', queries: ['公开', '低保', '拆迁', '医保', '养老', '就业', '救助', '招生', '供暖', '信访'] },
  { label: '2 chars, date order', queries: ['公开', '低保', '拆迁', '医保', '养老'], order: 'date' },
  { label: '2 chars, one agency', queries: ['公开', '低保', '拆迁', '医保', '养老'], agency: true },
  { label: '3–4 chars', queries: ['公积金', '信息公开', '城乡低保', '老旧小区', '公务员招考', '垃圾分类'] },
  { label: 'long phrases', queries: ['老旧小区改造工作', '关于做好欣园街道', '规定了申请条件和办理流程', '最低生活保障审核确认'] },
  { label: 'two terms', queries: ['低保 公示', '医保 宽城区', '拆迁 2024'] },
];
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };
const impls = process.env.IMPL === 'new' ? { neu } : process.env.IMPL === 'old' ? { old } : { old, neu };
for (const k of kinds) {
  if (ONLY && !k.label.includes(ONLY)) continue;
  const times: Record<string, number[]> = {};
  const per: Record<string, Record<string, number>> = {};
  for (const q of k.queries) {
    const s = { q, agencyIds: k.agency ? [17] : null, order: k.order ?? 'relevance' } as const;
    const res: string[] = [];
    for (const [name, f] of Object.entries(impls)) {
      for (const page of [1, 2]) res.push(name + page + JSON.stringify(await f(db, s, page, 20)).replace(/^/, ''));
    }
    if (Object.keys(impls).length === 2) {
      const a = res.slice(0, 2).map((x) => x.slice(4)); const b = res.slice(2).map((x) => x.slice(4));
      if (JSON.stringify(a) !== JSON.stringify(b)) console.log(`  MISMATCH ${q}\n   old ${a.join('\n   old ')}\n   new ${b.join('\n   new ')}`);
    }
  }
  if (LOG) logged.length = 0;
  for (let rep = 0; rep < ROUNDS; rep++) {
    for (const q of k.queries) {
      for (const [name, f] of Object.entries(impls)) {
        const t0 = performance.now();
        await f(db, { q, agencyIds: k.agency ? [17] : null, order: k.order ?? 'relevance' }, 1 + (rep % 2), 20);
        const ms = performance.now() - t0;
        (times[name] ??= []).push(ms);
        (per[name] ??= {})[q] = Math.max(per[name]![q] ?? 0, ms);
      }
    }
  }
  const line = Object.entries(times).map(([n, t]) => `${n} p50 ${pct(t, 50).toFixed(1)} p95 ${pct(t, 95).toFixed(1)}`).join(' | ');
  console.log(`${k.label.padEnd(22)} ${line}`);
  for (const [n, m] of Object.entries(per)) console.log(`    ${n} worst: ${Object.entries(m).map(([q, v]) => `${q} ${v.toFixed(0)}`).join(', ')}`);
}
if (LOG) console.log(logged.join('\n'));
await db.destroy();
