/**
 * Catalogue search benchmark (docs/decisions/004-chinese-search.md): latency over 1,000,000
 * published items, p50/p95 per kind of query. The item, list and search pages against a bare
 * node:http server are measured by `bench/pages.bench.ts` (decision 005) on a small database.
 *
 * - SQLite (default): the corpus is built once into `$CATALOGUE_BENCH_DB` or the temp directory and
 *   reused.
 * - PostgreSQL: `CATALOGUE_BENCH_PG=postgres://gongkai:gongkai@127.0.0.1:5432/gongkai_bench` (or a
 *   `DATABASE_URL` starting with `postgres`) names a **dedicated** database: it is created when
 *   missing (the role needs CREATEDB, as scripts/ensure-postgres.sh gives `gongkai`), the corpus is
 *   built once with multi-row `unnest` inserts and the posting indexes created after the load, and
 *   a table `bench_corpus` records what was built. A database holding anything else is refused.
 *
 * `CATALOGUE_BENCH_ITEMS` overrides the item count (e.g. 100000 for a quick run).
 */
import { existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { searchCatalogue } from '../src/catalogue/search.repository.ts';
import { bigramsOf, normalizeText, sortKeyOf } from '../src/catalogue/search.rules.ts';
import { openDatabase, redactUrl } from '../src/db/connect.ts';
import type { Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { mulberry32 } from '../src/shared/prng.testing.ts';

const N = Number(process.env.CATALOGUE_BENCH_ITEMS ?? 1_000_000);
const FILE = process.env.CATALOGUE_BENCH_DB ?? join(tmpdir(), `gk-catalogue-bench-${N}.db`);
const PG_URL =
  process.env.CATALOGUE_BENCH_PG ??
  (/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : undefined);
const AGENCIES = 200;

// A deterministic generator (mulberry32) so every build is the same corpus.
const rng = mulberry32;

const PLACES = [
  '欣园街道',
  '团山街道',
  '宽城区',
  '南关区',
  '朝阳区',
  '绿园区',
  '二道区',
  '双阳区',
  '九台区',
  '农安县',
  '榆树市',
  '德惠市',
  '兴隆山镇',
  '奋进乡',
  '柳影街道',
  '站前街道',
];
const SUBJECTS = [
  '低保',
  '医保',
  '拆迁',
  '公开',
  '养老',
  '就业',
  '教育',
  '救助',
  '住房',
  '公积金',
  '社保',
  '防汛',
  '消防',
  '食品安全',
  '安全生产',
  '环境保护',
  '垃圾分类',
  '老旧小区改造',
  '城乡低保',
  '临时救助',
  '残疾人补贴',
  '高龄津贴',
  '退役军人',
  '义务教育',
  '招生',
  '公务员招考',
  '政府采购',
  '财政预算',
  '财政决算',
  '三公经费',
  '行政许可',
  '行政处罚',
  '行政强制',
  '收费项目',
  '统计公报',
  '国民经济',
  '社会发展',
  '重大建设项目',
  '土地征收',
  '房屋征收',
  '农村土地承包',
  '宅基地',
  '农田水利',
  '乡村振兴',
  '疫情防控',
  '应急预案',
  '预警信息',
  '市场监管',
  '产品质量',
  '药品监管',
  '交通运输',
  '道路维修',
  '供暖',
  '供水',
  '燃气',
  '物业管理',
  '社区治理',
  '网格化管理',
  '志愿服务',
  '文化活动',
  '体育设施',
  '医疗卫生',
  '家庭医生',
  '疫苗接种',
  '信访',
  '政务服务',
  '营商环境',
  '减税降费',
  '企业扶持',
  '创业补贴',
  '职业技能培训',
  '最低工资',
  '劳动保障',
  '欠薪治理',
  '信息公开',
  '政策解读',
];
const DOC_WORDS = [
  '通知',
  '公告',
  '办法',
  '实施方案',
  '工作要点',
  '情况公示',
  '结果公告',
  '管理规定',
  '实施意见',
  '工作报告',
  '名单公示',
  '政策解读',
];
const VERBS = ['关于做好', '关于印发', '关于开展', '关于进一步加强', '关于调整', '关于公布', '关于落实'];
const FILLER = [
  '明确了工作目标和责任分工',
  '规定了申请条件和办理流程',
  '公布了本年度的资金安排',
  '提出了具体的保障措施',
  '对辖区居民进行了宣传',
  '要求各社区按时报送材料',
  '确定了审核确认的时限',
  '公示期为七个工作日',
  '接受社会监督',
  '联系电话见附件',
  '请各单位认真贯彻执行',
  '自发布之日起施行',
];

function pick<T>(r: () => number, xs: readonly T[], skew = 1): T {
  return xs[Math.floor(r() ** skew * xs.length)]!;
}

function makeItem(r: () => number, i: number) {
  const place = pick(r, PLACES);
  const subject = pick(r, SUBJECTS, 1.6);
  const year = 2019 + Math.floor((i / N) * 8);
  const title = `${pick(r, VERBS)}${place}${year}年${subject}${pick(r, DOC_WORDS)}`;
  const description = `${place}${pick(r, SUBJECTS, 1.6)}工作${pick(r, FILLER)}，${pick(r, FILLER)}。`;
  const day = new Date(Date.UTC(year, 0, 1) + Math.floor(r() * 364) * 86_400_000).toISOString().slice(0, 10);
  return { title, description, publishedOn: day, agencyId: 1 + Math.floor(r() * AGENCIES) };
}

/** One generated item with its postings; the same sequence on both databases. */
function corpusItem(r: () => number, id: number) {
  const it = makeItem(r, id);
  const sortKey = sortKeyOf(it.publishedOn, id);
  const all = `${it.title}\n${it.description}`;
  const inTitle = bigramsOf(it.title);
  return {
    ...it,
    id,
    sortKey,
    indexNo: `B${String(it.agencyId).padStart(8, '0')}/${it.publishedOn.slice(0, 4)}-${String(id).padStart(7, '0')}`,
    searchTitle: normalizeText(it.title),
    searchText: normalizeText(all),
    grams: [...bigramsOf(all)].map((g) => [g, inTitle.has(g) ? 1 : 0] as const),
  };
}

async function build(): Promise<void> {
  const tmp = `${FILE}.building`;
  const handle = await openDatabase({ kind: 'sqlite', file: tmp });
  await migrateToLatest(handle.db, handle.dialect);
  await handle.close();
  const db = new SQLite(tmp);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -2000000');
  db.pragma('foreign_keys = OFF');
  db.pragma('temp_store = MEMORY');
  const insAgency = db.prepare(
    "insert into agencies (id, parent_id, path, depth, name, level, kind, sort_order, created_at, updated_at) values (?, null, ?, 0, ?, 'township', 'dispatched', 0, '', '')",
  );
  db.transaction(() => {
    for (let a = 1; a <= AGENCIES; a++) insAgency.run(a, `/${a}/`, `机构${a}`);
  })();
  const insItem =
    db.prepare(`insert into catalogue_items (id, agency_id, status, index_no, version, doc_type, basis, title, description,
    genre, publisher, formed_on, publish_due, published_on, disclosure_method, body_html, sort_key, search_title, search_text, created_at, updated_at)
    values (?, ?, 'published', ?, 1, 'general', 'art20:15', ?, ?, '通知', '', ?, ?, ?, '主动公开', '', ?, ?, ?, '', '')`);
  const insGram = db.prepare(
    'insert into catalogue_grams (gram, in_title, sort_key, item_id, agency_id) values (?, ?, ?, ?, ?)',
  );
  const r = rng(42);
  const CHUNK = 50_000;
  const started = Date.now();
  for (let start = 1; start <= N; start += CHUNK) {
    const grams: [string, number, number, number, number][] = [];
    db.transaction(() => {
      for (let id = start; id < Math.min(start + CHUNK, N + 1); id++) {
        const it = corpusItem(r, id);
        insItem.run(
          id,
          it.agencyId,
          it.indexNo,
          it.title,
          it.description,
          it.publishedOn,
          it.publishedOn,
          it.publishedOn,
          it.sortKey,
          it.searchTitle,
          it.searchText,
        );
        for (const [g, inTitle] of it.grams) grams.push([g, inTitle, it.sortKey, id, it.agencyId]);
      }
      grams.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
      for (const g of grams) insGram.run(...g);
    })();
    if ((start - 1) % 200_000 === 0)
      console.log(`  built ${start - 1 + CHUNK} items (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  db.exec('analyze');
  db.close();
  renameSync(tmp, FILE);
  console.log(`  corpus built in ${((Date.now() - started) / 1000).toFixed(0)} s: ${FILE}`);
}

// ---------------------------------------------------------------- PostgreSQL corpus

/** The same URL on another database of the server (the maintenance database `postgres`). */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates the bench database when missing; drops and recreates it when it holds another corpus. */
async function preparePostgres(url: string): Promise<'ready' | 'build'> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`bench database name must be a plain identifier: ${name}`);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount) {
      const probe = new pg.Client({ connectionString: url });
      await probe.connect();
      let built: number | null = null;
      let tables = 0;
      try {
        tables = Number(
          (await probe.query("select count(*) as n from pg_tables where schemaname = 'public'")).rows[0].n,
        );
        const marker = await probe.query("select to_regclass('public.bench_corpus') as t");
        if (marker.rows[0].t)
          built = Number((await probe.query('select items from bench_corpus')).rows[0]?.items ?? -1);
      } finally {
        await probe.end();
      }
      if (built === N) return 'ready';
      if (built === null && tables > 0)
        throw new Error(
          `${redactUrl(url)} is not a bench database (it has tables but no bench_corpus): refusing to touch it`,
        );
      await admin.query(`drop database ${name} with (force)`);
    }
    await admin.query(`create database ${name}`);
    return 'build';
  } finally {
    await admin.end();
  }
}

/**
 * Builds the corpus on PostgreSQL: schema by the real migrations, rows by multi-row `unnest`
 * inserts (one statement per 20,000 postings), the posting indexes (as the migrations define them)
 * created after the load — one sorted build instead of 40 million B-tree inserts — then VACUUM
 * ANALYZE so the probes can be index-only scans, as autovacuum would make them in production.
 */
async function buildPostgres(url: string): Promise<void> {
  const started = Date.now();
  const handle = await openDatabase({ kind: 'postgres', url });
  await migrateToLatest(handle.db, handle.dialect);
  await handle.close();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('create table bench_corpus (items integer not null, seconds integer)');
    await c.query('insert into bench_corpus (items) values (-1)');
    await c.query("set synchronous_commit = off; set maintenance_work_mem = '1GB'");
    // The posting indexes as the migrations define them, dropped for the load and rebuilt after it.
    const pk = (
      await c.query(
        "select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'catalogue_grams'::regclass and contype = 'p'",
      )
    ).rows[0] as { conname: string; def: string };
    const others = (
      await c.query(
        "select indexname, indexdef from pg_indexes where tablename = 'catalogue_grams' and indexname <> $1",
        [pk.conname],
      )
    ).rows as { indexname: string; indexdef: string }[];
    await c.query(`alter table catalogue_grams drop constraint ${pk.conname}`);
    for (const i of others) await c.query(`drop index ${i.indexname}`);
    const ids = Array.from({ length: AGENCIES }, (_, a) => a + 1);
    await c.query(
      `insert into agencies (id, parent_id, path, depth, name, level, kind, sort_order, created_at, updated_at)
       select id, null, '/' || id || '/', 0, '机构' || id, 'township', 'dispatched', 0, '', '' from unnest($1::int[]) as t(id)`,
      [ids],
    );
    const r = rng(42);
    const CHUNK = 10_000;
    const GRAM_BATCH = 20_000;
    for (let start = 1; start <= N; start += CHUNK) {
      const items = [];
      for (let id = start; id < Math.min(start + CHUNK, N + 1); id++) items.push(corpusItem(r, id));
      await c.query('begin');
      await c.query(
        `insert into catalogue_items (id, agency_id, status, index_no, version, doc_type, basis, title, description,
           genre, publisher, formed_on, publish_due, published_on, disclosure_method, body_html, sort_key,
           search_title, search_text, created_at, updated_at)
         select id, agency_id, 'published', index_no, 1, 'general', 'art20:15', title, description, '通知', '',
           d, d, d, '主动公开', '', sort_key, st, sx, '', ''
         from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[])
           as t(id, agency_id, index_no, title, description, d, sort_key, st, sx)`,
        [
          items.map((x) => x.id),
          items.map((x) => x.agencyId),
          items.map((x) => x.indexNo),
          items.map((x) => x.title),
          items.map((x) => x.description),
          items.map((x) => x.publishedOn),
          items.map((x) => String(x.sortKey)),
          items.map((x) => x.searchTitle),
          items.map((x) => x.searchText),
        ],
      );
      const cols: [string[], number[], string[], number[], number[]] = [[], [], [], [], []];
      const flush = async () => {
        if (cols[0].length === 0) return;
        await c.query(
          'insert into catalogue_grams (gram, in_title, sort_key, item_id, agency_id) select * from unnest($1::text[], $2::int[], $3::bigint[], $4::int[], $5::int[])',
          cols,
        );
        for (const col of cols) col.length = 0;
      };
      for (const it of items) {
        for (const [g, inTitle] of it.grams) {
          cols[0].push(g);
          cols[1].push(inTitle);
          cols[2].push(String(it.sortKey));
          cols[3].push(it.id);
          cols[4].push(it.agencyId);
        }
        if (cols[0].length >= GRAM_BATCH) await flush();
      }
      await flush();
      await c.query('commit');
      if ((start - 1 + CHUNK) % 100_000 === 0)
        console.log(`  loaded ${start - 1 + CHUNK} items (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    const loaded = Date.now();
    await c.query(`alter table catalogue_grams add constraint ${pk.conname} ${pk.def}`);
    for (const i of others) await c.query(i.indexdef);
    const indexed = Date.now();
    await c.query('vacuum analyze');
    const seconds = Math.round((Date.now() - started) / 1000);
    await c.query('update bench_corpus set items = $1, seconds = $2', [N, seconds]);
    console.log(
      `  corpus built in ${seconds} s (rows ${((loaded - started) / 1000).toFixed(0)} s, indexes ${((indexed - loaded) / 1000).toFixed(0)} s, vacuum analyze ${((Date.now() - indexed) / 1000).toFixed(0)} s): ${redactUrl(url)}`,
    );
  } finally {
    await c.end();
  }
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function openCorpus(): Promise<{ db: Kysely<Database>; close: () => Promise<void>; where: string }> {
  if (PG_URL) {
    if ((await preparePostgres(PG_URL)) === 'build') await buildPostgres(PG_URL);
    const handle = await openDatabase({ kind: 'postgres', url: PG_URL });
    return { db: handle.db, close: () => handle.close(), where: `PostgreSQL, ${redactUrl(PG_URL)}` };
  }
  if (!existsSync(FILE)) await build();
  const handle = await openDatabase({ kind: 'sqlite', file: FILE });
  return { db: handle.db, close: () => handle.close(), where: `SQLite, ${FILE}` };
}

async function searchBench(): Promise<void> {
  const corpus = await openCorpus();
  const db = corpus.db;
  const grams = await db
    .selectFrom('catalogue_grams')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  console.log(
    `search over ${N.toLocaleString('en')} items, ${Number(grams?.n).toLocaleString('en')} postings (${corpus.where})`,
  );
  const kinds: { label: string; queries: string[]; agency?: boolean; order?: 'date' | 'relevance' }[] = [
    {
      label: '2 chars, relevance',
      queries: ['公开', '低保', '拆迁', '医保', '养老', '就业', '救助', '招生', '供暖', '信访'],
    },
    { label: '2 chars, date order', queries: ['公开', '低保', '拆迁', '医保', '养老'], order: 'date' },
    { label: '2 chars, one agency', queries: ['公开', '低保', '拆迁', '医保', '养老'], agency: true },
    { label: '3–4 chars', queries: ['公积金', '信息公开', '城乡低保', '老旧小区', '公务员招考', '垃圾分类'] },
    {
      label: 'long phrases',
      queries: ['老旧小区改造工作', '关于做好欣园街道', '规定了申请条件和办理流程', '最低生活保障审核确认'],
    },
    { label: 'two terms', queries: ['低保 公示', '医保 宽城区', '拆迁 2024'] },
    { label: '1 char (bounded scan)', queries: ['保', '公', '汛'] },
  ];
  for (const k of kinds) {
    const times: number[] = [];
    const slowest = new Map<string, number>();
    let hits = 0;
    for (const q of k.queries) {
      // warm-up: the first touch of a posting range reads it from disk
      await searchCatalogue(
        db,
        { q, agencyIds: k.agency ? [17] : null, order: k.order ?? 'relevance' },
        1,
        20,
      );
    }
    for (let rep = 0; rep < 8; rep++) {
      for (const q of k.queries) {
        const t0 = performance.now();
        const r = await searchCatalogue(
          db,
          { q, agencyIds: k.agency ? [17] : null, order: k.order ?? 'relevance' },
          1 + (rep % 2),
          20,
        );
        const ms = performance.now() - t0;
        times.push(ms);
        slowest.set(q, Math.max(slowest.get(q) ?? 0, ms));
        hits += r.total;
      }
    }
    console.log(
      `  ${k.label.padEnd(24)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(
        times,
        95,
      )
        .toFixed(1)
        .padStart(
          6,
        )} ms  (target p95 ≤ 50 ms: ${(50 / percentile(times, 95)).toFixed(2)}×)  avg hits ${Math.round(hits / times.length)}`,
    );
    const worst = [...slowest].sort((a, b) => b[1] - a[1])[0]!;
    console.log(`      slowest: ${worst[0]} ${worst[1].toFixed(1)} ms`);
  }
  await corpus.close();
}

export async function run(): Promise<void> {
  await searchBench();
}
