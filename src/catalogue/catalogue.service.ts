import type { Updateable } from 'kysely';
import type { AuthedUser } from '../accounts/auth.ts';
import { scopeIncludes } from '../accounts/roles.ts';
import { findAgency } from '../agencies/agency.repository.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { type AuditActor, appendAudit } from '../audit/audit.repository.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { addWorkingDays } from '../calendar/workdays.ts';
import type { CatalogueItemTable, Db, Executor, Trx } from '../db/database.ts';
import { notifyStaff } from '../mail/staff-mail.ts';
import { FormError } from '../shared/form-error.ts';
import { AppError, conflict, notFound } from '../shared/http/errors.ts';
import {
  type CatalogueItem,
  findItem,
  inputColumns,
  insertItem,
  insertVersion,
  listTopics,
  listUnpublishedDeadlines,
  setPublishDue,
  unindexItem,
  updateItemAtVersion,
} from './catalogue.repository.ts';
import { type ItemInput, VALIDITY_LABELS, type Validity, validityProblems } from './catalogue.rules.ts';
import { itemSubmittedMail } from './review-mail.ts';
import { cancelOpenRevisions } from './revision.repository.ts';
import { htmlToText, sanitizeHtml } from './sanitize.ts';
import { ART26_PUBLISH_WORKING_DAYS } from './statute.ts';
import { topicChoiceProblem } from './taxonomy.ts';

/** The Art. 26 deadline: 20 working days after formation or change, unless a special law sets a date. */
export function publishDueOf(cal: Calendar, formedOn: string, override: string | null): string {
  return override ?? addWorkingDays(cal, formedOn, ART26_PUBLISH_WORKING_DAYS).date;
}

/** The searchable text of an item: metadata and the first 2,000 characters of the body. */
export function searchTextOf(
  i: Pick<
    CatalogueItem,
    'title' | 'description' | 'docNumber' | 'keywords' | 'publisher' | 'bodyHtml' | 'indexNo'
  >,
): string {
  return [
    i.title,
    i.description,
    i.docNumber,
    i.keywords,
    i.publisher,
    i.indexNo,
    htmlToText(i.bodyHtml).slice(0, 2000),
  ]
    .filter(Boolean)
    .join('\n');
}

/** Loads an item the viewer may work on, or 404 (out of scope looks the same as missing). */
export async function itemInScope(db: Db, viewer: AuthedUser, id: number): Promise<CatalogueItem> {
  const item = await findItem(db, id);
  if (!item) throw notFound('信息');
  const agency = await findAgency(db, item.agencyId);
  if (!agency || !scopeIncludes(viewer.scope, agency.path)) throw notFound('信息');
  return item;
}

export async function reload(trx: Trx, id: number): Promise<CatalogueItem> {
  const item = await findItem(trx, id);
  if (!item) throw new Error('item vanished');
  return item;
}

/** Keeps the item's new version and audits the change (the body only by its length). */
export async function record(
  trx: Trx,
  actor: AuditActor,
  at: string,
  action: string,
  before: CatalogueItem | null,
  after: CatalogueItem,
  summary: string,
  note: string | null,
): Promise<void> {
  await insertVersion(trx, after, note, at, actor.userId);
  await appendAudit(trx, {
    actor,
    at,
    action,
    entityType: 'catalogue_item',
    entityId: after.id,
    agencyId: after.agencyId,
    summary,
    ...(before ? { before: strip(before) } : {}),
    after: strip(after),
  });
}

function strip(i: CatalogueItem) {
  const { bodyHtml, ...rest } = i;
  return { ...rest, bodyLength: bodyHtml.length };
}

/**
 * Writes a change to an item that must still be at the version the caller read (and, given `status`,
 * in that status) and returns it as saved; a conflict when another change came first.
 */
export async function saveAtVersion(
  trx: Trx,
  item: CatalogueItem,
  set: Updateable<CatalogueItemTable>,
  now: string,
  status?: CatalogueItem['status'],
): Promise<CatalogueItem> {
  if (!(await updateItemAtVersion(trx, item, set, now, status)))
    throw conflict('该信息刚被他人修改，请刷新后重试。');
  return reload(trx, item.id);
}

/** A new choice of topic must be a switched-on one; the item's current topic stays allowed. */
async function checkTopic(trx: Trx, input: ItemInput, current: number | null) {
  const problem = topicChoiceProblem(await listTopics(trx), input.topicId, current);
  if (problem) throw new FormError({ topicId: problem });
}

async function checkInterprets(trx: Trx, agencyId: number, input: ItemInput, selfId: number | null) {
  if (input.docType !== 'interpretation' || input.interpretsId === null) return;
  const policy = await findItem(trx, input.interpretsId);
  if (!policy || policy.agencyId !== agencyId || policy.id === selfId || policy.docType === 'interpretation')
    throw new FormError({ interpretsId: '请选择本机关的政策文件' });
}

export function createDraft(
  db: Db,
  cal: Calendar,
  viewer: AuthedUser,
  ip: string | null,
  agencyId: number,
  input: ItemInput,
  now: string,
): Promise<CatalogueItem> {
  return writeDraft(db, cal, viewer, ip, agencyId, null, input, now);
}

export function updateDraft(
  db: Db,
  cal: Calendar,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  input: ItemInput,
  now: string,
): Promise<CatalogueItem> {
  if (item.status !== 'draft')
    throw conflict('只有草稿可以这样修改。已发布的信息请使用“修改”：经审核后替换已发布的内容。');
  return writeDraft(db, cal, viewer, ip, item.agencyId, item, input, now);
}

/** Creates a draft (`before` null) or saves the form over one, checked, versioned and audited. */
async function writeDraft(
  db: Db,
  cal: Calendar,
  viewer: AuthedUser,
  ip: string | null,
  agencyId: number,
  before: CatalogueItem | null,
  input: ItemInput,
  now: string,
): Promise<CatalogueItem> {
  const due = publishDueOf(cal, input.formedOn as string, input.deadlineOverride);
  const columns = inputColumns(input, sanitizeHtml(input.bodyHtml), due);
  return db.transaction().execute(async (trx) => {
    await checkTopic(trx, input, before?.topicId ?? null);
    await checkInterprets(trx, agencyId, input, before?.id ?? null);
    const after = before
      ? await saveAtVersion(trx, before, columns, now)
      : await reload(
          trx,
          await insertItem(
            trx,
            { agency_id: agencyId, status: 'draft', ...columns, search_title: '' },
            viewer.id,
            now,
          ),
        );
    const [action, verb] = before ? ['update', '修改'] : ['create', '新建'];
    const summary = `${verb}主动公开信息“${after.title}”`;
    await record(trx, actorOf(viewer, ip), now, action, before, after, summary, `${verb}草稿`);
    return after;
  });
}

/** A change of an item's status (or its validity): the item must be in one of `from`. */
interface Transition {
  readonly from: readonly CatalogueItem['status'][];
  readonly set: Updateable<CatalogueItemTable>;
  readonly action: string;
  readonly summary: string;
  readonly note: string | null;
  /** More writes in the same transaction, after the item is saved. */
  readonly also?: (trx: Trx, updated: CatalogueItem) => Promise<void>;
}

/** The trimmed text of a required reason; a FormError on `field` when it is blank. */
export function requiredText(text: string, field: string, message: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new FormError({ [field]: message });
  return trimmed;
}

async function transition(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  now: string,
  t: Transition,
): Promise<CatalogueItem> {
  if (!t.from.includes(item.status)) throw conflict('该信息的状态已经改变，请刷新后重试。');
  return db.transaction().execute(async (trx) => {
    const updated = await saveAtVersion(trx, item, t.set, now);
    await t.also?.(trx, updated);
    await record(trx, actorOf(viewer, ip), now, t.action, item, updated, t.summary, t.note);
    return updated;
  });
}

/** Where a reviewer's mail links to (`config.publicBaseUrl`); without it no mail is queued. */
export interface ReviewNotify {
  readonly publicBaseUrl: string;
}

/** Queues the 待审核 mail to the reviewers of the item's agency, in the caller's transaction. */
export async function notifyItemReviewers(
  trx: Trx,
  viewer: AuthedUser,
  item: Pick<CatalogueItem, 'id' | 'agencyId' | 'title'> & { publishDue: string | null },
  notify: ReviewNotify,
  now: string,
): Promise<number> {
  return notifyStaff(
    trx,
    { agencyId: item.agencyId, roles: ['reviewer'], exceptUserId: viewer.id },
    (u) => itemSubmittedMail(u, item, viewer.displayName, notify.publicBaseUrl),
    now,
  );
}

/** Submits a draft for review; the agency's reviewers are told by mail when `notify` is given. */
export function submitForReview(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  now: string,
  notify: ReviewNotify | null = null,
) {
  const problems = validityProblems(item);
  if (Object.keys(problems).length > 0) throw new FormError(problems);
  return transition(db, viewer, ip, item, now, {
    from: ['draft'],
    set: { status: 'review' },
    action: 'submit',
    summary: `提交审核“${item.title}”`,
    note: '提交审核',
    ...(notify
      ? {
          also: async (trx: Trx, updated: CatalogueItem) => {
            await notifyItemReviewers(trx, viewer, updated, notify, now);
          },
        }
      : {}),
  });
}

export function returnToDraft(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  comment: string,
  now: string,
) {
  const why = requiredText(comment, 'reviewComment', '请填写退回的理由');
  return transition(db, viewer, ip, item, now, {
    from: ['review', 'withdrawn'],
    set: { status: 'draft', review_comment: why },
    action: 'return',
    summary: `退回“${item.title}”修改`,
    note: `退回：${why}`,
  });
}

export function withdrawItem(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  reason: string,
  now: string,
) {
  const why = requiredText(reason, 'withdrawnReason', '请填写撤回的理由');
  return transition(db, viewer, ip, item, now, {
    from: ['published'],
    set: { status: 'withdrawn', withdrawn_reason: why, withdrawn_at: now },
    action: 'withdraw',
    summary: `撤回“${item.title}”`,
    note: `撤回：${why}`,
    also: async (trx, updated) => {
      await unindexItem(trx, updated.id);
      await cancelOpenRevisions(trx, updated.id, now);
    },
  });
}

/** Marks a published rule or document 有效/失效/废止 on the item itself (国办发〔2017〕47号). */
export function changeValidity(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  validity: Validity | null,
  validityOn: string | null,
  now: string,
) {
  const problems = validityProblems({ docType: item.docType, validity, validityOn });
  if (Object.keys(problems).length > 0) throw new FormError(problems);
  if (validityOn !== null && !/^\d{4}-\d{2}-\d{2}$/.test(validityOn))
    throw new FormError({ validityOn: '日期应为 YYYY-MM-DD' });
  const label = validity ? VALIDITY_LABELS[validity] : '不适用';
  return transition(db, viewer, ip, item, now, {
    from: ['published', 'withdrawn', 'draft', 'review'],
    set: { validity, validity_on: validityOn },
    action: 'validity',
    summary: `将“${item.title}”标注为${label}${validityOn ? `（${validityOn}）` : ''}`,
    note: `有效性：${label}`,
  });
}

/** Recomputes the Art. 26 publishing deadlines of unpublished items after the calendar changed. */
export async function refreshDeadlines(db: Executor, cal: Calendar): Promise<void> {
  for (const r of await listUnpublishedDeadlines(db)) {
    const due = publishDueOf(cal, r.formedOn, r.deadlineOverride);
    if (due !== r.publishDue) await setPublishDue(db, r.id, due);
  }
}

export function requireAgency(viewer: AuthedUser): number {
  if (viewer.agencyId === null || viewer.scope.kind === 'none')
    throw new AppError('forbidden', '您的账号尚未分配所属机构，不能登记主动公开信息。');
  return viewer.agencyId;
}
