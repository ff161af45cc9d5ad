import { type ExpressionBuilder, PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely';
import type { Database, Executor } from '../db/database.ts';
import type { DocType, Validity } from './catalogue.rules.ts';
import { bigramsOf, MAX_RESULTS, queryTerms, SINGLE_CHAR_SCAN_LIMIT } from './search.rules.ts';

export interface SearchQuery {
  readonly q: string;
  /** null = every agency. */
  readonly agencyIds: readonly number[] | null;
  readonly order: 'relevance' | 'date';
  readonly docType?: DocType | undefined;
  readonly year?: number | undefined;
  readonly validity?: Validity | undefined;
  readonly basis?: string | undefined;
}

export interface SearchResult {
  readonly terms: string[];
  /** Item ids of the page, in order. */
  readonly ids: number[];
  /** Matches counted (at most MAX_RESULTS, fewer for queries checked with LIKE); `more` when there are more. */
  readonly total: number;
  readonly more: boolean;
  /** True when a one-character query only looked at the most recent SINGLE_CHAR_SCAN_LIMIT items. */
  readonly bounded: boolean;
}

/** A scope with at most this many published items is searched by scanning its items. */
const SMALL_SCOPE = 3000;
const COUNT_FIRST = 1000;
const COUNT_MIDDLE = 5000;
const COUNT_SECOND = 30_000;
/** Queries whose matches are checked with LIKE are counted up to this many (or a few pages ahead). */
const VERIFIED_COUNT = 200;

interface Plan {
  readonly terms: string[];
  readonly driver: string;
  readonly others: string[];
  /** Terms that bigram presence does not prove (not exactly two characters): checked with LIKE. */
  readonly verify: string[];
  /**
   * PostgreSQL: a bigram in either tier is found through the index `(gram, sort_key)` (migration
   * 0013) in one descent, instead of one descent per tier in the primary key.
   */
  readonly anyTier: boolean;
}

type Row = { sort_key: number; item_id: number };

const like = (t: string) => `%${t}%`;

/** Item conditions: filters, and the LIKE checks of the terms (on the title only for the title tier). */
function itemConditions(
  eb: ExpressionBuilder<Database, 'catalogue_items'>,
  s: SearchQuery,
  verify: readonly string[],
  titleOnly: boolean,
) {
  const c = [];
  if (s.docType) c.push(eb('catalogue_items.doc_type', '=', s.docType));
  if (s.validity) c.push(eb('catalogue_items.validity', '=', s.validity));
  if (s.basis) c.push(eb('catalogue_items.basis', '=', s.basis));
  if (s.year) {
    c.push(eb('catalogue_items.published_on', '>=', `${s.year}-01-01`));
    c.push(eb('catalogue_items.published_on', '<=', `${s.year}-12-31`));
  }
  for (const t of verify) {
    c.push(eb(titleOnly ? 'catalogue_items.search_title' : 'catalogue_items.search_text', 'like', like(t)));
  }
  return c;
}

/**
 * Searches published items (docs/decisions/004-chinese-search.md). The same queries and the same
 * ordering (publication date, then id; in relevance order title matches first) on both databases.
 */
export async function searchCatalogue(
  db: Executor,
  s: SearchQuery,
  page: number,
  pageSize: number,
): Promise<SearchResult> {
  const terms = queryTerms(s.q);
  const empty = { terms, ids: [], total: 0, more: false, bounded: false };
  if (terms.length === 0 || (s.agencyIds && s.agencyIds.length === 0)) return empty;
  const want = Math.min(page * pageSize, MAX_RESULTS);
  const offset = (page - 1) * pageSize;
  if (offset >= MAX_RESULTS) return { ...empty, total: MAX_RESULTS, more: true };

  if (s.agencyIds && (await scopeSize(db, s.agencyIds)) <= SMALL_SCOPE)
    return scopeScan(db, s, terms, offset, pageSize, false);

  const grams = new Set<string>();
  for (const t of terms) for (const g of bigramsOf(t)) grams.add(g);
  if (grams.size === 0) return scopeScan(db, s, terms, offset, pageSize, true);

  // The rarest bigram drives; the others are probed by primary key. Counts are bounded and grow
  // only while every bigram is common: all of them up to COUNT_FIRST, then COUNT_MIDDLE, then a few
  // (those of two-character terms and some spread over the others) up to COUNT_SECOND. Any bigram of
  // any term can drive: the choice changes the cost, never the results.
  const exact = new Set(terms.filter((t) => [...t].length === 2));
  let counts = await countAll(db, [...grams], COUNT_FIRST);
  if (counts.some((c) => c.n === 0)) return empty;
  // PostgreSQL: when every bigram is common, the planner's statistics on `gram` (most common values and
  // their frequencies) rank them without counting; bigrams of longer terms found in most items are
  // not worth a probe (LIKE checks the term anyway).
  let common: ReadonlySet<string> = new Set();
  const estimated = counts.every((c) => c.n >= COUNT_FIRST) ? await plannerCounts(db, [...grams]) : null;
  if (estimated) {
    counts = estimated.counts;
    common = new Set(counts.filter((c) => c.n >= COMMON_SHARE * estimated.items).map((c) => c.g));
  } else {
    if (counts.every((c) => c.n >= COUNT_FIRST)) counts = await countAll(db, [...grams], COUNT_MIDDLE);
    if (counts.every((c) => c.n >= COUNT_MIDDLE))
      counts = await countAll(db, secondRoundGrams([...grams], exact), COUNT_SECOND);
  }
  const ascii = (g: string) => ([...g].every((c) => c.charCodeAt(0) < 128) ? 1 : 0);
  counts.sort((a, b) => a.n - b.n || ascii(a.g) - ascii(b.g) || (a.g < b.g ? -1 : 1));
  // Two-character terms are proven by their one bigram, so those are always probed; longer terms are
  // checked with LIKE anyway, so only their three rarest other bigrams are probed as a pre-filter
  // (index-only probes, cheaper than reading the item for the LIKE).
  const driver = counts[0]!.g;
  const rest = counts.slice(1).map((c) => c.g);
  const plan: Plan = {
    terms,
    driver,
    others: [
      ...rest.filter((g) => exact.has(g)),
      ...rest.filter((g) => !exact.has(g) && !common.has(g)).slice(0, 3),
    ],
    verify: terms.filter((t) => [...t].length !== 2),
    anyTier: db.getExecutor().adapter instanceof PostgresAdapter,
  };

  const pageIds = async () => {
    if (s.order !== 'relevance') return collect(db, s, plan, false, want, null);
    const first = await collect(db, s, plan, true, want, null);
    if (first.length >= want) return first;
    return [...first, ...(await collect(db, s, plan, false, want, new Set(first)))];
  };
  // Pure bigram queries are counted up to MAX_RESULTS; verified ones a few pages ahead of this one.
  const cap =
    plan.verify.length > 0
      ? Math.min(MAX_RESULTS, Math.max(VERIFIED_COUNT, want + 5 * pageSize))
      : MAX_RESULTS;
  // Independent reads: PostgreSQL runs them on two pool connections (SQLite's one connection in turn).
  const [ordered, { total, more }] = await Promise.all([pageIds(), countMatches(db, s, plan, cap)]);
  return { terms, ids: ordered.slice(offset, offset + pageSize), total, more, bounded: false };
}

/** Counted to COUNT_SECOND when every bigram is common: those of two-character terms, and some spread over the rest. */
const SECOND_ROUND_GRAMS = 8;

function secondRoundGrams(grams: readonly string[], exact: ReadonlySet<string>): string[] {
  const must = grams.filter((g) => exact.has(g));
  const other = grams.filter((g) => !exact.has(g));
  const room = Math.max(1, SECOND_ROUND_GRAMS - must.length);
  if (other.length <= room) return [...must, ...other];
  const step = (other.length - 1) / Math.max(1, room - 1);
  const picked = new Set<string>();
  for (let k = 0; k < room; k++) picked.add(other[Math.round(k * step)]!);
  return [...must, ...picked];
}

/** A bigram of a longer term in at least this share of the published items is not probed. */
const COMMON_SHARE = 0.5;

interface GramStats {
  readonly at: number;
  /** Share of the postings per bigram (the most common values of `gram`). */
  readonly freq: ReadonlyMap<string, number>;
  readonly postings: number;
  readonly items: number;
}
/** Per database (its adapter, shared by transactions): the statistics, re-read after STATS_TTL_MS. */
const gramStats = new WeakMap<object, GramStats>();
const STATS_TTL_MS = 10 * 60_000;

/**
 * PostgreSQL only: estimated posting counts of the bigrams from the planner's statistics (the most
 * common values of `gram` and their frequencies, kept for 10,000 values by migration 0011; read once
 * per STATS_TTL_MS), and the estimated number of items; null on SQLite or when a bigram is not among
 * them (then it is counted). Only the choice of the driver and of the probes depends on it, never the
 * results.
 */
async function plannerCounts(
  db: Executor,
  grams: readonly string[],
): Promise<{ counts: { g: string; n: number }[]; items: number } | null> {
  const adapter = db.getExecutor().adapter;
  if (!(adapter instanceof PostgresAdapter)) return null;
  let st = gramStats.get(adapter);
  if (!st || Date.now() - st.at > STATS_TTL_MS) {
    const r = await sql<{ vals: string[] | null; freqs: number[] | null; postings: number; items: number }>`
      select
        (select s.most_common_vals::text::text[] from pg_stats s
          where s.schemaname = current_schema() and s.tablename = 'catalogue_grams' and s.attname = 'gram') as vals,
        (select s.most_common_freqs from pg_stats s
          where s.schemaname = current_schema() and s.tablename = 'catalogue_grams' and s.attname = 'gram') as freqs,
        (select reltuples from pg_class where oid = 'catalogue_grams'::regclass) as postings,
        (select reltuples from pg_class where oid = 'catalogue_items'::regclass) as items`.execute(db);
    const row = r.rows[0];
    const freq = new Map<string, number>();
    const vals = row?.vals ?? [];
    for (let k = 0; k < vals.length; k++) freq.set(vals[k]!, Number(row?.freqs?.[k] ?? 0));
    st = { at: Date.now(), freq, postings: Number(row?.postings ?? 0), items: Number(row?.items ?? 0) };
    gramStats.set(adapter, st);
  }
  if (!(st.postings > 0 && st.items > 0) || grams.some((g) => !st.freq.has(g))) return null;
  const { freq, postings } = st;
  return { counts: grams.map((g) => ({ g, n: Math.round(freq.get(g)! * postings) })), items: st.items };
}

async function scopeSize(db: Executor, agencyIds: readonly number[]): Promise<number> {
  const r = await db
    .selectFrom(
      db
        .selectFrom('catalogue_items')
        .select('id')
        .where('agency_id', 'in', agencyIds)
        .where('status', '=', 'published')
        .limit(SMALL_SCOPE + 1)
        .as('t'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

function countAll(db: Executor, grams: readonly string[], limit: number) {
  return Promise.all(grams.map(async (g) => ({ g, n: await boundedCount(db, g, limit) })));
}

async function boundedCount(db: Executor, gram: string, limit: number): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from (select 1 from catalogue_grams where gram = ${gram} limit ${limit}) t`.execute(
    db,
  );
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Leapfrog: the newest sort key below `before` at which every probed bigram is present (in one of
 * `tiers`), as the new exclusive bound; null when one of them has no posting left. A match needs
 * all of them, so the postings of the driver above that key cannot match. One statement, one index
 * descent per bigram and tier (each read newest first, LIMIT 1).
 */
async function seek(
  db: Executor,
  plan: Plan,
  tiers: readonly (0 | 1)[],
  before: number | null,
): Promise<number | null> {
  const cols = [];
  // Either tier through the index (gram, sort_key) on PostgreSQL: one descent.
  const each: (0 | 1 | null)[] = plan.anyTier && tiers.length === 2 ? [null] : [...tiers];
  const bound = before === null ? sql`` : sql` and sort_key < ${before}`;
  for (const g of plan.others) {
    for (const t of each) {
      const tier = t === null ? sql`` : sql` and in_title = ${t}`;
      cols.push(
        sql`(select sort_key from catalogue_grams where gram = ${g}${tier}${bound} order by sort_key desc limit 1)`,
      );
    }
  }
  const r = await sql<Record<string, number | null>>`select ${sql.join(
    cols.map((c, i) => sql`${c} as ${sql.ref(`k${i}`)}`),
  )}`.execute(db);
  const row = r.rows[0] ?? {};
  let top = Number.POSITIVE_INFINITY;
  for (let i = 0; i < plan.others.length; i++) {
    let best = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < each.length; j++) {
      const v = row[`k${i * each.length + j}`];
      if (v !== null && v !== undefined) best = Math.max(best, Number(v));
    }
    if (best === Number.NEGATIVE_INFINITY) return null;
    top = Math.min(top, best);
  }
  return top + 1;
}

/** Postings of the driver read in the first round; each further round reads twice as many, up to the last. */
const FIRST_WINDOW = 256;
const MAX_WINDOW = 16_384;

/** Matches read from one window of one posting range, and how far the range is covered. */
interface Window {
  readonly rows: Row[];
  /** Every match with a sort key ≥ this one (below `before`) has been read; null: the range ended. */
  readonly next: number | null;
}

/**
 * The driver's posting range (one tier, in the agency filter) from `floor` (inclusive, null: to the
 * end) to `before` (exclusive, null: from the newest), as `p`: read by primary key on both databases.
 */
function driverRange(
  db: Executor,
  s: SearchQuery,
  plan: Plan,
  inTitle: 0 | 1,
  before: number | null,
  floor: number | null,
) {
  let q = db
    .selectFrom('catalogue_grams as p')
    .where('p.gram', '=', plan.driver)
    .where('p.in_title', '=', inTitle);
  if (before !== null) q = q.where('p.sort_key', '<', before);
  if (floor !== null) q = q.where('p.sort_key', '>=', floor);
  if (s.agencyIds) q = q.where('p.agency_id', 'in', s.agencyIds);
  return q;
}

/**
 * Where the next window of `size` postings below `before` ends: its smallest sort key, or null when
 * the rest of the range is shorter (the window reaches its end); `empty` when nothing is left.
 */
async function windowFloor(
  db: Executor,
  s: SearchQuery,
  plan: Plan,
  inTitle: 0 | 1,
  before: number | null,
  size: number,
): Promise<{ empty: boolean; floor: number | null }> {
  const r = await db
    .selectFrom(
      driverRange(db, s, plan, inTitle, before, null)
        .select('p.sort_key')
        .orderBy('p.sort_key', 'desc')
        .limit(size)
        .as('w'),
    )
    .select([sql<number>`count(*)`.as('n'), sql<number>`min(w.sort_key)`.as('floor')])
    .executeTakeFirst();
  const n = Number(r?.n ?? 0);
  return { empty: n === 0, floor: n === size ? Number(r?.floor) : null };
}

/** Whether a posting of the driver needs any check (else every posting in scope is a match). */
function hasChecks(s: SearchQuery, plan: Plan): boolean {
  return (
    plan.others.length > 0 || plan.verify.length > 0 || Boolean(s.docType || s.validity || s.basis || s.year)
  );
}

/**
 * Only the postings `p` that pass: the other bigrams present (in the title tier: in the title), the
 * filters and the LIKE checks on the item, each an EXISTS by primary key. The window bounds the
 * range first, so whichever way a database joins them, the work is bounded by the window.
 */
function withChecks<Q extends SelectQueryBuilder<Database & { p: Database['catalogue_grams'] }, 'p', object>>(
  q: Q,
  s: SearchQuery,
  plan: Plan,
  titleOnly: boolean,
  before: number | null,
  floor: number | null,
): Q {
  let out = q;
  for (const g of plan.others) {
    out = out.where(({ exists, selectFrom }) => {
      // The window's bounds repeated on the probe: a join PostgreSQL may choose instead of probing
      // (a hash of the other bigram's postings) then reads only the window's part of them.
      let o = selectFrom('catalogue_grams as o').select('o.item_id').where('o.gram', '=', g);
      if (titleOnly) o = o.where('o.in_title', '=', 1);
      else if (!plan.anyTier) o = o.where('o.in_title', 'in', [0, 1]);
      o = o.whereRef('o.sort_key', '=', 'p.sort_key');
      if (before !== null) o = o.where('o.sort_key', '<', before);
      if (floor !== null) o = o.where('o.sort_key', '>=', floor);
      return exists(o);
    }) as Q;
  }
  // Bigrams prove two-character terms (in the title tier: in the title); other terms are checked with LIKE.
  if (plan.verify.length > 0 || s.docType || s.validity || s.basis || s.year) {
    out = out.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('catalogue_items')
          .select('catalogue_items.id')
          .whereRef('catalogue_items.id', '=', 'p.item_id')
          .where((eb) => eb.and(itemConditions(eb, s, plan.verify, titleOnly))),
      ),
    ) as Q;
  }
  return out;
}

/**
 * Up to `need` matches in the next window of the driver's range, newest first. The window is bounded
 * by sort key (its floor read first, index-only), so each database walks it in index order and stops
 * at the `need`-th match.
 */
async function driverWindow(
  db: Executor,
  s: SearchQuery,
  plan: Plan,
  inTitle: 0 | 1,
  titleOnly: boolean,
  before: number | null,
  size: number,
  need: number,
): Promise<Window> {
  const read = async (floor: number | null, checked: boolean) => {
    let q = driverRange(db, s, plan, inTitle, before, floor).select(['p.sort_key', 'p.item_id']);
    if (checked) q = withChecks(q, s, plan, titleOnly, before, floor);
    const found = await q.orderBy('p.sort_key', 'desc').limit(need).execute();
    return found.map((r) => ({ sort_key: Number(r.sort_key), item_id: Number(r.item_id) }));
  };
  if (!hasChecks(s, plan)) {
    // Nothing to check: the range itself up to what is needed.
    const rows = await read(null, false);
    return { rows, next: rows.length === need ? rows[rows.length - 1]!.sort_key : null };
  }
  const w = await windowFloor(db, s, plan, inTitle, before, size);
  if (w.empty) return { rows: [], next: null };
  const rows = await read(w.floor, true);
  return { rows, next: rows.length === need ? rows[rows.length - 1]!.sort_key : w.floor };
}

/**
 * Streams matches newest first (title tier: the driver bigram in the title; otherwise the merge of
 * both posting ranges) and returns up to `want` item ids.
 */
async function collect(
  db: Executor,
  s: SearchQuery,
  plan: Plan,
  titleOnly: boolean,
  want: number,
  exclude: ReadonlySet<number> | null,
): Promise<number[]> {
  const ids: number[] = [];
  let before: number | null = null;
  let size = Math.min(MAX_WINDOW, Math.max(FIRST_WINDOW, want));
  let found = 0;
  let covered = 0;
  for (;;) {
    // Leapfrog at the start and after a window without matches (where the probed bigrams are sparse).
    if (plan.others.length > 0 && found === 0) {
      const b = await seek(db, plan, titleOnly ? [1] : [0, 1], before);
      if (b === null) return ids;
      before = b;
    }
    const need = want - ids.length;
    const w: Window = titleOnly
      ? await driverWindow(db, s, plan, 1, true, before, size, need)
      : await mergedWindow(db, s, plan, before, size, need);
    found = w.rows.length;
    covered += size;
    for (const r of w.rows) {
      if (exclude?.has(r.item_id)) continue;
      ids.push(r.item_id);
      if (ids.length >= want) return ids;
    }
    if (w.next === null) return ids;
    before = w.next;
    size = nextSize(size, covered, ids.length, want - ids.length);
  }
}

/**
 * The next window: twice the last, or — when matches were found — enough postings for the matches
 * still needed at the rate seen so far (with a margin), so that a sparse match needs few windows.
 * A window larger than needed costs little: its read stops at the last match needed.
 */
function nextSize(size: number, covered: number, matched: number, remaining: number): number {
  const byRate = matched > 0 ? Math.ceil((1.5 * remaining * covered) / matched) : 0;
  return Math.min(MAX_WINDOW, Math.max(size * 2, byRate));
}

/**
 * The next windows of both posting ranges (in title, not in title), merged by sort key. Only the
 * part both ranges have covered is returned; `next` is where to continue (null: both ended).
 */
async function mergedWindow(
  db: Executor,
  s: SearchQuery,
  plan: Plan,
  before: number | null,
  size: number,
  need: number,
): Promise<Window> {
  const [a, b] = await Promise.all([
    driverWindow(db, s, plan, 1, false, before, size, need),
    driverWindow(db, s, plan, 0, false, before, size, need),
  ]);
  const all = [...a.rows, ...b.rows].sort((x, y) => y.sort_key - x.sort_key);
  if (a.next === null && b.next === null) return { rows: all, next: null };
  const floor = Math.max(a.next ?? Number.NEGATIVE_INFINITY, b.next ?? Number.NEGATIVE_INFINITY);
  return { rows: all.filter((r) => r.sort_key >= floor), next: floor };
}

/**
 * Counts matches of both tiers up to `cap` (+1 to know there are more), window by window; each
 * count stops at the matches still needed.
 */
async function countMatches(
  db: Executor,
  s: SearchQuery,
  plan: Plan,
  cap: number,
): Promise<{ total: number; more: boolean }> {
  let n = 0;
  for (const t of [1, 0] as const) {
    let before: number | null = null;
    let size = Math.min(MAX_WINDOW, Math.max(FIRST_WINDOW, cap + 1 - n));
    let found = 0;
    let covered = 0;
    let matched = 0;
    for (;;) {
      if (plan.others.length > 0 && found === 0) {
        const b = await seek(db, plan, [0, 1], before);
        if (b === null) break;
        before = b;
      }
      // Nothing to check: one bounded count of the range; otherwise window by window.
      const checks = hasChecks(s, plan);
      const w: { empty: boolean; floor: number | null } = checks
        ? await windowFloor(db, s, plan, t, before, size)
        : { empty: false, floor: null };
      if (w.empty) break;
      let q = driverRange(db, s, plan, t, before, w.floor).select(sql<number>`1`.as('x'));
      if (checks) q = withChecks(q, s, plan, false, before, w.floor);
      const hits = await db
        .selectFrom(q.limit(cap + 1 - n).as('c'))
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirst();
      found = Number(hits?.n ?? 0);
      n += found;
      matched += found;
      covered += size;
      if (n > cap || w.floor === null) break;
      before = w.floor;
      size = nextSize(size, covered, matched, cap + 1 - n);
    }
    if (n > cap) break;
  }
  return { total: Math.min(n, cap), more: n > cap };
}

/**
 * A scan of published items with LIKE: the whole scope when it is small (exact), or — for
 * one-character queries over a large scope — the most recent SINGLE_CHAR_SCAN_LIMIT items.
 */
async function scopeScan(
  db: Executor,
  s: SearchQuery,
  terms: string[],
  offset: number,
  pageSize: number,
  bounded: boolean,
): Promise<SearchResult> {
  let recent = db
    .selectFrom('catalogue_items')
    .select([
      'catalogue_items.id',
      'catalogue_items.sort_key',
      'catalogue_items.search_title',
      'catalogue_items.search_text',
    ])
    .where('catalogue_items.status', '=', 'published')
    .where((eb) => eb.and(itemConditions(eb, s, [], false)));
  if (s.agencyIds) recent = recent.where('catalogue_items.agency_id', 'in', s.agencyIds);
  const source = bounded
    ? recent.orderBy('catalogue_items.sort_key', 'desc').limit(SINGLE_CHAR_SCAN_LIMIT).as('r')
    : recent.as('r');
  let q = db.selectFrom(source).select(['r.id', 'r.sort_key']);
  for (const t of terms) q = q.where('r.search_text', 'like', like(t));
  if (s.order === 'relevance') {
    const titleHit = terms
      .map((t) => sql<boolean>`${sql.ref('r.search_title')} like ${like(t)}`)
      .reduce((acc, c) => sql<boolean>`${acc} and ${c}`);
    q = q.orderBy(sql`case when ${titleHit} then 0 else 1 end`);
  }
  const rows = await q
    .orderBy('r.sort_key', 'desc')
    .limit(MAX_RESULTS + 1)
    .execute();
  const ids = rows.map((r) => Number(r.id));
  return {
    terms,
    ids: ids.slice(offset, offset + pageSize),
    total: Math.min(ids.length, MAX_RESULTS),
    more: ids.length > MAX_RESULTS,
    bounded,
  };
}
