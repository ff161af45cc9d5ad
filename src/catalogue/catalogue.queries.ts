/**
 * Read models of the 主动公开 pages: what each page shows, loaded in one call so the routes only
 * parse, call and render. Nothing here writes.
 */
import type { AuthedUser } from '../accounts/auth.ts';
import { findAgenciesByIds, listAgencies } from '../agencies/agency.repository.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import type { Db } from '../db/database.ts';
import { portalAgency } from '../portal/portal.service.ts';
import { isRedactable } from '../redaction/document.ts';
import { notFound } from '../shared/http/errors.ts';
import { redactionsOfItem } from './attachment-redaction.repository.ts';
import { listAttachments } from './attachments.repository.ts';
import type { CatalogueItem, SearchHit, Topic } from './catalogue.model.ts';
import { topicLabel } from './catalogue.model.ts';
import {
  countPublishedByBasis,
  findItem,
  findItemsByIds,
  interpretationsOf,
  listItemsForAdmin,
  listPolicies,
  listPublished,
  listTopics,
  listVersions,
  publishedTopicIds,
  publishedYears,
} from './catalogue.repository.ts';
import {
  DOC_TYPES,
  type DocType,
  type ItemStatus,
  isBasis,
  VALIDITIES,
  type Validity,
} from './catalogue.rules.ts';
import { itemInScope } from './catalogue.service.ts';
import { indexPatternOf } from './index-number.repository.ts';
import { listMessages, publishedAnswers } from './messages.repository.ts';
import { findOpenRevision, itemsWithOpenRevision, listRevisions } from './revision.repository.ts';
import { htmlToText } from './sanitize.ts';
import { searchCatalogue } from './search.repository.ts';
import { highlight, snippet } from './search.rules.ts';

export const PAGE_SIZE = 20;

/** Agency ids of the viewer's scope (null = every agency). */
export async function scopeAgencyIds(db: Db, viewer: AuthedUser): Promise<number[] | null> {
  if (viewer.scope.kind === 'all') return null;
  return (await listAgencies(db, viewer.scope)).map((a) => a.id);
}

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined =>
  (list as readonly string[]).includes(v ?? '') ? (v as T) : undefined;
const year = (v: string | undefined) => (/^\d{4}$/.test(v ?? '') ? (v as string) : '');

// ---------------------------------------------------------------- back office

export async function adminList(db: Db, viewer: AuthedUser, status: ItemStatus | undefined) {
  const ids = await scopeAgencyIds(db, viewer);
  const items = await listItemsForAdmin(db, { agencyIds: ids, status });
  const agencies = await findAgenciesByIds(db, [...new Set(items.map((i) => i.agencyId))]);
  return {
    items,
    agencies: new Map(agencies.map((a) => [a.id, a])),
    revising: await itemsWithOpenRevision(db, ids),
  };
}

/** The choices of the item form: topics, and the policies of the agency an interpretation may explain. */
export async function itemFormChoices(db: Db, agencyId: number) {
  return { topics: await listTopics(db), policies: await listPolicies(db, agencyId) };
}

/** An item of the viewer's scope with everything its back-office page shows. */
export async function itemPage(db: Db, viewer: AuthedUser, itemId: number) {
  const item = await itemInScope(db, viewer, itemId);
  const attachments = await listAttachments(db, item.id);
  return {
    item,
    topics: await listTopics(db),
    interpretations: await interpretationsOf(db, item.id, true),
    policy: item.interpretsId ? await findItem(db, item.interpretsId) : null,
    versions: await listVersions(db, item.id),
    attachments,
    redactions: await redactionsOfItem(db, item.id),
    redactable: attachments.filter(isRedactable).map((a) => a.id),
    revision: item.status === 'published' ? await findOpenRevision(db, item.id) : null,
    revisions: await listRevisions(db, item.id),
  };
}

export async function itemVersion(db: Db, viewer: AuthedUser, itemId: number, version: number) {
  const item = await itemInScope(db, viewer, itemId);
  const found = (await listVersions(db, item.id)).find((v) => v.version === version);
  if (!found) throw notFound('版本');
  return { version: found, topics: await listTopics(db) };
}

/** The published items picked for the 公示栏 (at most 30, of the viewer's scope). */
export async function noticeSheet(db: Db, viewer: AuthedUser, picked: unknown) {
  const ids = (Array.isArray(picked) ? picked : String(picked ?? '').split(','))
    .map((x) => Number(x))
    .filter((n) => Number.isInteger(n) && n > 0)
    .slice(0, 30);
  const scope = await scopeAgencyIds(db, viewer);
  const items = (await findItemsByIds(db, ids)).filter(
    (i) => i.status === 'published' && (scope === null || scope.includes(i.agencyId)),
  );
  return { items, topics: await listTopics(db) };
}

export async function settingsPage(db: Db, viewer: AuthedUser) {
  return {
    pattern: viewer.agencyId ? await indexPatternOf(db, viewer.agencyId) : '',
    topics: await listTopics(db),
  };
}

export async function messagesPage(db: Db, viewer: AuthedUser) {
  return { messages: await listMessages(db, await scopeAgencyIds(db, viewer)) };
}

// ---------------------------------------------------------------- portal

/** A topic's place in the taxonomy as listed (class order, then its sub-classes). */
function topicRank(topics: readonly Topic[], id: number): number {
  const t = topics.find((x) => x.id === id);
  if (!t) return Number.MAX_SAFE_INTEGER;
  const top = t.parentId ?? t.id;
  const tops = topics.filter((x) => x.parentId === null);
  const kids = topics.filter((x) => x.parentId === top);
  return tops.findIndex((x) => x.id === top) * 10_000 + (t.parentId === null ? 0 : 1 + kids.indexOf(t));
}

/** The filters of the 法定主动公开内容 column, from its query. */
export interface ColumnFilters {
  readonly basis: string;
  readonly year: string;
  readonly validity: Validity | '';
  readonly topic: string;
}

export function columnFilters(q: Record<string, string>): ColumnFilters {
  return {
    basis: q.basis && isBasis(q.basis) ? q.basis : '',
    year: year(q.year),
    validity: oneOf<Validity>(VALIDITIES, q.validity) ?? '',
    topic: /^\d{1,9}$/.test(q.topic ?? '') ? (q.topic as string) : '',
  };
}

export async function proactiveColumn(db: Db, agencyId: number, filters: ColumnFilters, page: number) {
  const { agency, ancestors } = await portalAgency(db, agencyId);
  const { items, total } = await listPublished(
    db,
    {
      agencyId: agency.id,
      excludeDocTypes: ['system'],
      basis: filters.basis || undefined,
      year: filters.year ? Number(filters.year) : undefined,
      validity: filters.validity || undefined,
      topicId: filters.topic ? Number(filters.topic) : undefined,
    },
    page,
    PAGE_SIZE,
  );
  const topics = await listTopics(db);
  const topicOptions = (await publishedTopicIds(db, agency.id))
    .map((id) => ({ value: String(id), label: topicLabel(topics, id) ?? '' }))
    .filter((o) => o.label !== '')
    .sort((a, b) => topicRank(topics, Number(a.value)) - topicRank(topics, Number(b.value)));
  return {
    agency,
    ancestors,
    counts: await countPublishedByBasis(db, agency.id),
    years: await publishedYears(db, agency.id),
    topicOptions,
    filters,
    items,
    total,
  };
}

export async function systemColumn(db: Db, agencyId: number) {
  const { agency, ancestors } = await portalAgency(db, agencyId);
  const { items } = await listPublished(db, { agencyId: agency.id, docTypes: ['system'] }, 1, 100);
  return { agency, ancestors, items };
}

/** A published item of an agency, or 404. */
export async function publishedItem(db: Db, agencyId: number, itemId: number): Promise<CatalogueItem> {
  const item = await findItem(db, itemId);
  if (!item || item.agencyId !== agencyId || item.status !== 'published') throw notFound('信息');
  return item;
}

export async function portalItem(db: Db, agencyId: number, itemId: number) {
  const { agency, ancestors } = await portalAgency(db, agencyId);
  const item = await publishedItem(db, agency.id, itemId);
  const policy = item.interpretsId ? await findItem(db, item.interpretsId) : null;
  return {
    agency,
    ancestors,
    item,
    topics: await listTopics(db),
    policy: policy?.status === 'published' ? policy : null,
    interpretations: await interpretationsOf(db, item.id),
    attachments: await listAttachments(db, item.id),
  };
}

export async function interactionPage(db: Db, agencyId: number) {
  const { agency, ancestors } = await portalAgency(db, agencyId);
  return { agency, ancestors, answered: await publishedAnswers(db, agency.id) };
}

/** The newest 50 published items of an agency (of one basis) for the feeds. */
export async function feed(db: Db, agencyId: number, basisParam: string | undefined) {
  const { agency } = await portalAgency(db, agencyId);
  const basis = basisParam && isBasis(basisParam) ? basisParam : undefined;
  const { items } = await listPublished(db, { agencyId: agency.id, basis }, 1, 50);
  return { agency, basis, items };
}

/** The site search: the query as understood, and its hits (null when nothing was asked). */
export async function search(db: Db, q: Record<string, string>, page: number) {
  const text = (q.q ?? '').trim().slice(0, 100);
  const agencies: Agency[] = await listAgencies(db, { kind: 'all' });
  const picked = /^\d{1,9}$/.test(q.agency ?? '')
    ? agencies.find((a) => a.id === Number(q.agency))
    : undefined;
  const query = {
    q: text,
    agencyId: picked ? String(picked.id) : '',
    order: q.order === 'date' ? ('date' as const) : ('relevance' as const),
    docType: oneOf<DocType>(DOC_TYPES, q.docType),
    year: year(q.year),
    validity: oneOf<Validity>(VALIDITIES, q.validity),
  };
  if (!text) return { query, agencies, hits: null, total: 0, more: false, bounded: false };
  const r = await searchCatalogue(
    db,
    {
      q: text,
      agencyIds: picked ? agencies.filter((x) => x.path.startsWith(picked.path)).map((x) => x.id) : null,
      order: query.order,
      docType: query.docType,
      year: query.year ? Number(query.year) : undefined,
      validity: query.validity,
    },
    page,
    PAGE_SIZE,
  );
  const byId = new Map((await findItemsByIds(db, r.ids)).map((i) => [i.id, i]));
  const hits: SearchHit[] = r.ids
    .map((id) => byId.get(id))
    .filter((i) => i !== undefined)
    .map((item) => ({
      item,
      agencyName: agencies.find((a) => a.id === item.agencyId)?.name ?? '',
      title: highlight(item.title, r.terms),
      snippet: snippet([item.description, htmlToText(item.bodyHtml)].filter(Boolean).join(' '), r.terms, 100),
    }));
  return { query, agencies, hits, total: r.total, more: r.more, bounded: r.bounded };
}
