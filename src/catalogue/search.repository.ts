import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
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
  if (counts.every((c) => c.n >= COUNT_FIRST)) counts = await countAll(db, [...grams], COUNT_MIDDLE);
  if (counts.every((c) => c.n >= COUNT_MIDDLE))
    counts = await countAll(db, secondRoundGrams([...grams], exact), COUNT_SECOND);
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
    others: [...rest.filter((g) => exact.has(g)), ...rest.filter((g) => !exact.has(g)).slice(0, 3)],
    verify: terms.filter((t) => [...t].length !== 2),
  };

  const page_ = async () => {
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
  const [ordered, { total, more }] = await Promise.all([page_(), countMatches(db, s, plan, cap)]);
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
  for (const g of plan.others) {
    for (const t of tiers) {
      const bound = before === null ? sql`` : sql` and sort_key < ${before}`;
      cols.push(
        sql`(select sort_key from catalogue_grams where gram = ${g} and in_title = ${t}${bound} order by sort_key desc limit 1)`,
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
    for (let j = 0; j < tiers.length; j++) {
      const v = row[`k${i * tiers.length + j}`];
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
): Q {
  let out = q;
  for (const g of plan.others) {
    out = out.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('catalogue_grams as o')
          .select('o.item_id')
          .where('o.gram', '=', g)
          .where('o.in_title', 'in', titleOnly ? [1] : [0, 1])
          .whereRef('o.sort_key', '=', 'p.sort_key'),
      ),
    ) as Q;
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
    if (checked) q = withChecks(q, s, plan, titleOnly);
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
  for (;;) {
    if (plan.others.length > 0) {
      const b = await seek(db, plan, titleOnly ? [1] : [0, 1], before);
      if (b === null) return ids;
      before = b;
    }
    const need = want - ids.length;
    const w: Window = titleOnly
      ? await driverWindow(db, s, plan, 1, true, before, size, need)
      : await mergedWindow(db, s, plan, before, size, need);
    for (const r of w.rows) {
      if (exclude?.has(r.item_id)) continue;
      ids.push(r.item_id);
      if (ids.length >= want) return ids;
    }
    if (w.next === null) return ids;
    before = w.next;
    size = Math.min(MAX_WINDOW, size * 2);
  }
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
    for (;;) {
      if (plan.others.length > 0) {
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
      if (checks) q = withChecks(q, s, plan, false);
      const hits = await db
        .selectFrom(q.limit(cap + 1 - n).as('c'))
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirst();
      n += Number(hits?.n ?? 0);
      if (n > cap || w.floor === null) break;
      before = w.floor;
      size = Math.min(MAX_WINDOW, size * 2);
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
