import { type ExpressionBuilder, sql } from 'kysely';
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

const BATCH = 256;
/** A scope with at most this many published items is searched by scanning its items. */
const SMALL_SCOPE = 3000;
const COUNT_FIRST = 1000;
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

  // The rarest bigram drives; the others are probed by primary key. Counts are bounded; when every
  // bigram is common they are counted again further, and ties prefer Chinese bigrams over digits.
  let counts = await Promise.all(
    [...grams].map(async (g) => ({ g, n: await boundedCount(db, g, COUNT_FIRST) })),
  );
  if (counts.every((c) => c.n >= COUNT_FIRST)) {
    counts = await Promise.all(
      counts.map(async (c) => ({ g: c.g, n: await boundedCount(db, c.g, COUNT_SECOND) })),
    );
  }
  const ascii = (g: string) => ([...g].every((c) => c.charCodeAt(0) < 128) ? 1 : 0);
  counts.sort((a, b) => a.n - b.n || ascii(a.g) - ascii(b.g) || (a.g < b.g ? -1 : 1));
  if (counts[0]!.n === 0) return empty;
  // Two-character terms are proven by their one bigram, so those are always probed; longer terms are
  // checked with LIKE anyway, so only their three rarest other bigrams are probed as a pre-filter.
  const exact = new Set(terms.filter((t) => [...t].length === 2));
  const driver = counts[0]!.g;
  const rest = counts.slice(1).map((c) => c.g);
  const plan: Plan = {
    terms,
    driver,
    others: [...rest.filter((g) => exact.has(g)), ...rest.filter((g) => !exact.has(g)).slice(0, 3)],
    verify: terms.filter((t) => [...t].length !== 2),
  };

  let ordered: number[];
  if (s.order === 'relevance') {
    const first = await collect(db, s, plan, true, want, null);
    ordered = first;
    if (first.length < want) {
      const rest = await collect(db, s, plan, false, want, new Set(first));
      ordered = [...first, ...rest];
    }
  } else {
    ordered = await collect(db, s, plan, false, want, null);
  }
  // Pure bigram queries are counted up to MAX_RESULTS; verified ones a few pages ahead of this one.
  const cap =
    plan.verify.length > 0
      ? Math.min(MAX_RESULTS, Math.max(VERIFIED_COUNT, want + 5 * pageSize))
      : MAX_RESULTS;
  const { total, more } = await countMatches(db, s, plan, cap);
  return { terms, ids: ordered.slice(offset, offset + pageSize), total, more, bounded: false };
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

async function boundedCount(db: Executor, gram: string, limit: number): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from (select 1 from catalogue_grams where gram = ${gram} limit ${limit}) t`.execute(
    db,
  );
  return Number(r.rows[0]?.n ?? 0);
}

function candidates(
  db: Executor,
  s: SearchQuery,
  plan: Plan,
  inTitle: 0 | 1,
  titleOnly: boolean,
  before: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('catalogue_grams as p')
    .select(['p.sort_key', 'p.item_id'])
    .where('p.gram', '=', plan.driver)
    .where('p.in_title', '=', inTitle);
  if (before !== null) q = q.where('p.sort_key', '<', before);
  if (s.agencyIds) q = q.where('p.agency_id', 'in', s.agencyIds);
  for (const g of plan.others) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        (titleOnly
          ? selectFrom('catalogue_grams as o').where('o.in_title', '=', 1)
          : selectFrom('catalogue_grams as o').where('o.in_title', 'in', [0, 1])
        )
          .select('o.item_id')
          .where('o.gram', '=', g)
          .whereRef('o.sort_key', '=', 'p.sort_key'),
      ),
    );
  }
  // Bigrams prove two-character terms (in the title tier: in the title); other terms are checked with LIKE.
  const verify = plan.verify;
  const needsItem = verify.length > 0 || Boolean(s.docType || s.validity || s.basis || s.year);
  if (needsItem) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('catalogue_items')
          .select('catalogue_items.id')
          .whereRef('catalogue_items.id', '=', 'p.item_id')
          .where((eb) => eb.and(itemConditions(eb, s, verify, titleOnly))),
      ),
    );
  }
  return q.orderBy('p.sort_key', 'desc').limit(limit);
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
  for (;;) {
    const batch: Row[] = titleOnly
      ? ((await candidates(db, s, plan, 1, true, before, BATCH).execute()) as Row[])
      : await mergedBatch(db, s, plan, before);
    for (const r of batch) {
      const id = Number(r.item_id);
      if (exclude?.has(id)) continue;
      ids.push(id);
      if (ids.length >= want) return ids;
    }
    if (batch.length < BATCH) return ids;
    before = Number(batch[batch.length - 1]!.sort_key);
  }
}

/** The next candidates of both posting ranges (in title, not in title), merged by sort key. */
async function mergedBatch(db: Executor, s: SearchQuery, plan: Plan, before: number | null): Promise<Row[]> {
  const [a, b] = await Promise.all([
    candidates(db, s, plan, 1, false, before, BATCH).execute(),
    candidates(db, s, plan, 0, false, before, BATCH).execute(),
  ]);
  const all = [...(a as Row[]), ...(b as Row[])].map((r) => ({
    sort_key: Number(r.sort_key),
    item_id: Number(r.item_id),
  }));
  all.sort((x, y) => y.sort_key - x.sort_key);
  const full = a.length === BATCH || b.length === BATCH;
  if (!full) return all;
  // Only the part both ranges have fully covered is safe; it holds at least the BATCH rows of a full range.
  const floor = Math.max(
    a.length === BATCH ? Number(a[a.length - 1]!.sort_key) : Number.NEGATIVE_INFINITY,
    b.length === BATCH ? Number(b[b.length - 1]!.sort_key) : Number.NEGATIVE_INFINITY,
  );
  return all.filter((r) => r.sort_key >= floor);
}

async function countMatches(
  db: Executor,
  s: SearchQuery,
  plan: Plan,
  cap: number,
): Promise<{ total: number; more: boolean }> {
  let n = 0;
  for (const t of [1, 0] as const) {
    const sub = candidates(db, s, plan, t, false, null, cap + 1 - n);
    const r = await db
      .selectFrom(sub.as('c'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    n += Number(r?.n ?? 0);
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
