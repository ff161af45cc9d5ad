import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { DocType, Validity } from './catalogue.rules.ts';
import { bigramsOf, MAX_RESULTS, matchesAll, queryTerms, SINGLE_CHAR_SCAN_LIMIT } from './search.rules.ts';

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
  /** Matches counted, at most MAX_RESULTS; `more` when there are more than that. */
  readonly total: number;
  readonly more: boolean;
  /** True when a one-character query only looked at the most recent SINGLE_CHAR_SCAN_LIMIT items. */
  readonly bounded: boolean;
}

const BATCH = 256;
/** A multi-gram query that needs verification stops after this many candidates. */
const SCAN_CAP = 50_000;

interface Plan {
  readonly terms: string[];
  readonly driver: string;
  readonly others: string[];
  readonly verify: boolean;
}

type Row = { sort_key: number; item_id: number };

function hasItemFilters(s: SearchQuery): boolean {
  return Boolean(s.docType || s.year || s.validity || s.basis);
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

  const grams = new Set<string>();
  for (const t of terms) for (const g of bigramsOf(t)) grams.add(g);
  if (grams.size === 0) return singleCharSearch(db, s, terms, offset, pageSize);

  // The rarest bigram drives; the others are probed by primary key.
  const counts = await Promise.all([...grams].map(async (g) => ({ g, n: await boundedCount(db, g) })));
  counts.sort((a, b) => a.n - b.n || (a.g < b.g ? -1 : 1));
  if (counts[0]!.n === 0) return empty;
  const plan: Plan = {
    terms,
    driver: counts[0]!.g,
    others: counts.slice(1).map((c) => c.g),
    verify: terms.some((t) => [...t].length !== 2),
  };

  let ordered: number[];
  if (s.order === 'relevance') {
    const first = await collect(db, s, plan, true, want, null);
    if (first.ids.length >= want) ordered = first.ids;
    else {
      const rest = await collect(db, s, plan, false, want, new Set(first.ids));
      ordered = [...first.ids, ...rest.ids];
    }
  } else {
    ordered = (await collect(db, s, plan, false, want, null)).ids;
  }
  const { total, more } = await countMatches(db, s, plan);
  return { terms, ids: ordered.slice(offset, offset + pageSize), total, more, bounded: false };
}

async function boundedCount(db: Executor, gram: string): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from (select 1 from catalogue_grams where gram = ${gram} limit 10000) t`.execute(
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
  if (hasItemFilters(s)) {
    q = q.where(({ exists, selectFrom }) => {
      let f = selectFrom('catalogue_items as i').select('i.id').whereRef('i.id', '=', 'p.item_id');
      if (s.docType) f = f.where('i.doc_type', '=', s.docType);
      if (s.validity) f = f.where('i.validity', '=', s.validity);
      if (s.basis) f = f.where('i.basis', '=', s.basis);
      if (s.year)
        f = f
          .where('i.published_on', '>=', `${s.year}-01-01`)
          .where('i.published_on', '<=', `${s.year}-12-31`);
      return exists(f);
    });
  }
  return q.orderBy('p.sort_key', 'desc').limit(limit);
}

/**
 * Streams candidates newest first (title-only: the driver bigram in the title; otherwise the merge of
 * both posting ranges), verifies them when a term is not a plain bigram, and returns up to `want`.
 */
async function collect(
  db: Executor,
  s: SearchQuery,
  plan: Plan,
  titleOnly: boolean,
  want: number,
  exclude: ReadonlySet<number> | null,
): Promise<{ ids: number[]; exhausted: boolean }> {
  const ids: number[] = [];
  let before: number | null = null;
  let scanned = 0;
  while (ids.length < want && scanned < SCAN_CAP) {
    const batch: Row[] = titleOnly
      ? ((await candidates(db, s, plan, 1, true, before, BATCH).execute()) as Row[])
      : await mergedBatch(db, s, plan, before);
    if (batch.length === 0) return { ids, exhausted: true };
    scanned += batch.length;
    before = Number(batch[batch.length - 1]!.sort_key);
    let accepted = batch.map((r) => Number(r.item_id));
    if (plan.verify || titleOnly) accepted = await verify(db, accepted, plan.terms, titleOnly);
    for (const id of accepted) {
      if (exclude?.has(id)) continue;
      ids.push(id);
      if (ids.length >= want) break;
    }
    if (batch.length < BATCH) return { ids, exhausted: true };
  }
  return { ids, exhausted: false };
}

/** The next BATCH candidates of both posting ranges (in title, not in title), merged by sort key. */
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
  // Only the part both ranges have fully covered is safe to return.
  const full = a.length === BATCH || b.length === BATCH;
  if (!full) return all;
  const floor = Math.max(
    a.length === BATCH ? Number(a[a.length - 1]!.sort_key) : Number.NEGATIVE_INFINITY,
    b.length === BATCH ? Number(b[b.length - 1]!.sort_key) : Number.NEGATIVE_INFINITY,
  );
  // At least the BATCH rows of a full range are at or above the floor, so the stream goes on.
  return all.filter((r) => r.sort_key >= floor);
}

async function verify(
  db: Executor,
  ids: number[],
  terms: readonly string[],
  titleOnly: boolean,
): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await db
    .selectFrom('catalogue_items')
    .select(['id', 'search_title', 'search_text'])
    .where('id', 'in', unique)
    .execute();
  const ok = new Set(
    rows.filter((r) => matchesAll(titleOnly ? r.search_title : r.search_text, terms)).map((r) => r.id),
  );
  const seen = new Set<number>();
  return ids.filter((id) => ok.has(id) && !seen.has(id) && seen.add(id));
}

async function countMatches(
  db: Executor,
  s: SearchQuery,
  plan: Plan,
): Promise<{ total: number; more: boolean }> {
  if (plan.verify) {
    const r = await collect(db, s, plan, false, MAX_RESULTS + 1, null);
    return { total: Math.min(r.ids.length, MAX_RESULTS), more: r.ids.length > MAX_RESULTS };
  }
  let n = 0;
  for (const t of [1, 0] as const) {
    const sub = candidates(db, s, plan, t, false, null, MAX_RESULTS + 1 - n);
    const r = await db
      .selectFrom(sub.as('c'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    n += Number(r?.n ?? 0);
    if (n > MAX_RESULTS) break;
  }
  return { total: Math.min(n, MAX_RESULTS), more: n > MAX_RESULTS };
}

/** One-character terms only: a scan of the most recent SINGLE_CHAR_SCAN_LIMIT published items. */
async function singleCharSearch(
  db: Executor,
  s: SearchQuery,
  terms: string[],
  offset: number,
  pageSize: number,
): Promise<SearchResult> {
  let recent = db
    .selectFrom('catalogue_items as i')
    .select(['i.id', 'i.sort_key', 'i.search_title', 'i.search_text'])
    .where('i.status', '=', 'published');
  if (s.agencyIds) recent = recent.where('i.agency_id', 'in', s.agencyIds);
  if (s.docType) recent = recent.where('i.doc_type', '=', s.docType);
  if (s.validity) recent = recent.where('i.validity', '=', s.validity);
  if (s.basis) recent = recent.where('i.basis', '=', s.basis);
  if (s.year)
    recent = recent
      .where('i.published_on', '>=', `${s.year}-01-01`)
      .where('i.published_on', '<=', `${s.year}-12-31`);
  const sub = recent.orderBy('i.sort_key', 'desc').limit(SINGLE_CHAR_SCAN_LIMIT).as('r');
  let q = db.selectFrom(sub).select(['r.id', 'r.sort_key']);
  for (const t of terms) q = q.where('r.search_text', 'like', `%${t}%`);
  const titleHit = (col: 'r.search_title') =>
    terms.reduce<ReturnType<typeof sql<number>> | null>(
      (acc, t) =>
        acc
          ? sql<number>`${acc} and ${sql.ref(col)} like ${`%${t}%`}`
          : sql<number>`${sql.ref(col)} like ${`%${t}%`}`,
      null,
    )!;
  if (s.order === 'relevance') q = q.orderBy(sql`case when ${titleHit('r.search_title')} then 0 else 1 end`);
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
    bounded: true,
  };
}
