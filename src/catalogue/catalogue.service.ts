import type { AuthedUser } from '../accounts/auth.ts';
import { scopeIncludes } from '../accounts/roles.ts';
import { findAgency } from '../agencies/agency.repository.ts';
import { agencyCodeForIndex } from '../agencies/agency.rules.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { type AuditActor, appendAudit } from '../audit/audit.repository.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { addWorkingDays } from '../calendar/workdays.ts';
import type { Db, Executor, Trx } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { AppError, conflict, notFound } from '../shared/http/errors.ts';
import { audited } from './audited.ts';
import {
  type CatalogueItem,
  findItem,
  indexItem,
  indexPatternOf,
  inputColumns,
  insertVersion,
  interpretationsOf,
  listTopics,
  nextIndexSerial,
  saveIndexPattern,
  unindexItem,
} from './catalogue.repository.ts';
import {
  checkIndexPattern,
  formatIndexNumber,
  type ItemInput,
  needsInterpretation,
  VALIDITY_LABELS,
  type Validity,
  validityProblems,
} from './catalogue.rules.ts';
import { cancelOpenRevisions } from './revision.repository.ts';
import { htmlToText, sanitizeHtml } from './sanitize.ts';
import { normalizeText, sortKeyOf } from './search.rules.ts';
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

async function reload(trx: Trx, id: number): Promise<CatalogueItem> {
  const item = await findItem(trx, id);
  if (!item) throw new Error('item vanished');
  return item;
}

async function record(
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

export async function createDraft(
  db: Db,
  cal: Calendar,
  viewer: AuthedUser,
  ip: string | null,
  agencyId: number,
  input: ItemInput,
  now: string,
): Promise<CatalogueItem> {
  const body = sanitizeHtml(input.bodyHtml);
  const due = publishDueOf(cal, input.formedOn as string, input.deadlineOverride);
  return db.transaction().execute(async (trx) => {
    await checkTopic(trx, input, null);
    await checkInterprets(trx, agencyId, input, null);
    const r = await trx
      .insertInto('catalogue_items')
      .values({
        agency_id: agencyId,
        status: 'draft',
        index_no: null,
        version: 1,
        ...inputColumns(input, body, due),
        search_title: '',
        search_text: '',
        created_at: now,
        created_by: viewer.id,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item = await reload(trx, r.id);
    await record(
      trx,
      actorOf(viewer, ip),
      now,
      'create',
      null,
      item,
      `新建主动公开信息“${item.title}”`,
      '新建草稿',
    );
    return item;
  });
}

export async function updateDraft(
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
  const body = sanitizeHtml(input.bodyHtml);
  const due = publishDueOf(cal, input.formedOn as string, input.deadlineOverride);
  return db.transaction().execute(async (trx) => {
    await checkTopic(trx, input, item.topicId);
    await checkInterprets(trx, item.agencyId, input, item.id);
    await trx
      .updateTable('catalogue_items')
      .set({ ...inputColumns(input, body, due), version: item.version + 1, updated_at: now })
      .where('id', '=', item.id)
      .where('version', '=', item.version)
      .execute();
    const updated = await reload(trx, item.id);
    if (updated.version !== item.version + 1) throw conflict('该信息刚被他人修改，请刷新后重试。');
    await record(
      trx,
      actorOf(viewer, ip),
      now,
      'update',
      item,
      updated,
      `修改主动公开信息“${updated.title}”`,
      '修改草稿',
    );
    return updated;
  });
}

async function transition(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  from: readonly CatalogueItem['status'][],
  set: Record<string, string | number | null>,
  action: string,
  summary: string,
  note: string | null,
  now: string,
  extra?: (trx: Trx, updated: CatalogueItem) => Promise<void>,
): Promise<CatalogueItem> {
  if (!from.includes(item.status)) throw conflict('该信息的状态已经改变，请刷新后重试。');
  return db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('catalogue_items')
      .set({ ...set, version: item.version + 1, updated_at: now })
      .where('id', '=', item.id)
      .where('version', '=', item.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('该信息刚被他人修改，请刷新后重试。');
    const updated = await reload(trx, item.id);
    await extra?.(trx, updated);
    await record(trx, actorOf(viewer, ip), now, action, item, updated, summary, note);
    return updated;
  });
}

export function submitForReview(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  now: string,
) {
  const problems = validityProblems(item);
  if (Object.keys(problems).length > 0) throw new FormError(problems);
  return transition(
    db,
    viewer,
    ip,
    item,
    ['draft'],
    { status: 'review' },
    'submit',
    `提交审核“${item.title}”`,
    '提交审核',
    now,
  );
}

export function returnToDraft(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  comment: string,
  now: string,
) {
  if (!comment.trim()) throw new FormError({ reviewComment: '请填写退回的理由' });
  return transition(
    db,
    viewer,
    ip,
    item,
    ['review', 'withdrawn'],
    { status: 'draft', review_comment: comment.trim() },
    'return',
    `退回“${item.title}”修改`,
    `退回：${comment.trim()}`,
    now,
  );
}

export interface PublishDecision {
  /** 保密审查意见 (required). */
  readonly secrecyNote: string;
  /** Why a policy goes out without its interpretation (required then). */
  readonly noInterpretationReason: string | null;
}

/**
 * Publishes an item under review: 保密审查 recorded, 索引号 assigned (once; a republished item keeps
 * it), interpretations awaiting review published with their policy, postings written — all in one
 * transaction, so a failure leaves the item as it was.
 */
export async function publishItem(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  decision: PublishDecision,
  today: string,
  now: string,
): Promise<CatalogueItem> {
  const errors: Record<string, string> = {};
  if (item.status !== 'review') throw conflict('只有待审核的信息可以发布。');
  if (!decision.secrecyNote.trim()) errors.secrecyNote = '请填写保密审查意见';
  const agency = await findAgency(db, item.agencyId);
  if (!agency) throw notFound('机构');
  const code = agencyCodeForIndex(agency);
  if (!code) errors.secrecyNote = '本机关未登记组织机构代码或统一社会信用代码，无法生成索引号';
  const pending = await interpretationsOf(db, item.id, true);
  const withInterp = pending.filter((p) => p.status === 'review' || p.status === 'published');
  if (
    needsInterpretation(item.docType) &&
    withInterp.length === 0 &&
    !decision.noInterpretationReason?.trim()
  ) {
    errors.noInterpretationReason = '该文件尚无政策解读：请先起草解读并提交审核，或填写不同步解读的理由';
  }
  if (item.docType === 'interpretation' && item.interpretsId) {
    const policy = await findItem(db, item.interpretsId);
    if (policy?.status !== 'published')
      errors.secrecyNote = '所解读的政策文件尚未发布：请在发布政策文件时一并发布本解读';
  }
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  const secrecy = decision.secrecyNote.trim();
  return db.transaction().execute(async (trx) => {
    const published = await publishOne(
      trx,
      viewer,
      ip,
      item,
      agency,
      code as string,
      secrecy,
      decision,
      today,
      now,
    );
    for (const interp of pending.filter((p) => p.status === 'review')) {
      await publishOne(
        trx,
        viewer,
        ip,
        interp,
        agency,
        code as string,
        secrecy,
        { noInterpretationReason: null },
        today,
        now,
      );
    }
    return published;
  });
}

/**
 * The next free 索引号 of an agency's year. Serials come from the counter row; a number already
 * taken (an imported item kept its old 索引号) is skipped, so a number is never given twice.
 */
export async function newIndexNumber(
  trx: Trx,
  agency: { id: number; creditCode: string | null },
  code: string,
  year: number,
): Promise<string> {
  const pattern = await indexPatternOf(trx, agency.id);
  for (;;) {
    const seq = await nextIndexSerial(trx, agency.id, year);
    const candidate = formatIndexNumber(pattern, { code, credit: agency.creditCode, year, seq });
    const taken = await trx
      .selectFrom('catalogue_items')
      .select('id')
      .where('index_no', '=', candidate)
      .executeTakeFirst();
    if (!taken) return candidate;
  }
}

async function publishOne(
  trx: Trx,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  agency: { id: number; creditCode: string | null },
  code: string,
  secrecyNote: string,
  decision: Pick<PublishDecision, 'noInterpretationReason'>,
  today: string,
  now: string,
): Promise<CatalogueItem> {
  const indexNo = item.indexNo ?? (await newIndexNumber(trx, agency, code, Number(today.slice(0, 4))));
  const publishedOn = item.publishedOn ?? today;
  const sortKey = sortKeyOf(publishedOn, item.id);
  const text = searchTextOf({ ...item, indexNo });
  const res = await trx
    .updateTable('catalogue_items')
    .set({
      status: 'published',
      index_no: indexNo,
      published_on: publishedOn,
      secrecy_note: secrecyNote,
      no_interpretation_reason: decision.noInterpretationReason?.trim() || null,
      reviewed_by: viewer.id,
      reviewed_at: now,
      withdrawn_reason: null,
      withdrawn_at: null,
      sort_key: sortKey,
      search_title: normalizeText(item.title),
      search_text: normalizeText(text),
      version: item.version + 1,
      updated_at: now,
    })
    .where('id', '=', item.id)
    .where('version', '=', item.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('该信息刚被他人修改，请刷新后重试。');
  const updated = await reload(trx, item.id);
  await indexItem(trx, updated, text, sortKey);
  await record(
    trx,
    actorOf(viewer, ip),
    now,
    'publish',
    item,
    updated,
    `发布“${updated.title}”（索引号 ${indexNo}）`,
    `保密审查：${secrecyNote}`,
  );
  return updated;
}

export function withdrawItem(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  reason: string,
  now: string,
) {
  if (!reason.trim()) throw new FormError({ withdrawnReason: '请填写撤回的理由' });
  return transition(
    db,
    viewer,
    ip,
    item,
    ['published'],
    { status: 'withdrawn', withdrawn_reason: reason.trim(), withdrawn_at: now },
    'withdraw',
    `撤回“${item.title}”`,
    `撤回：${reason.trim()}`,
    now,
    async (trx, updated) => {
      await unindexItem(trx, updated.id);
      await cancelOpenRevisions(trx, updated.id, now);
    },
  );
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
  return transition(
    db,
    viewer,
    ip,
    item,
    ['published', 'withdrawn', 'draft', 'review'],
    { validity, validity_on: validityOn },
    'validity',
    `将“${item.title}”标注为${label}${validityOn ? `（${validityOn}）` : ''}`,
    `有效性：${label}`,
    now,
  );
}

/** Recomputes the Art. 26 publishing deadlines of unpublished items after the calendar changed. */
export async function refreshDeadlines(db: Executor, cal: Calendar): Promise<void> {
  const rows = await db
    .selectFrom('catalogue_items')
    .select(['id', 'formed_on', 'deadline_override', 'publish_due'])
    .where('status', 'in', ['draft', 'review'])
    .execute();
  for (const r of rows) {
    const due = publishDueOf(cal, r.formed_on, r.deadline_override);
    if (due !== r.publish_due)
      await db.updateTable('catalogue_items').set({ publish_due: due }).where('id', '=', r.id).execute();
  }
}

export function requireAgency(viewer: AuthedUser): number {
  if (viewer.agencyId === null || viewer.scope.kind === 'none')
    throw new AppError('forbidden', '您的账号尚未分配所属机构，不能登记主动公开信息。');
  return viewer.agencyId;
}

/** Sets the 索引号 pattern of the viewer's agency (numbers already given never change). */
export async function saveIndexPatternFor(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  pattern: string,
  now: string,
): Promise<void> {
  const agencyId = requireAgency(viewer);
  const problem = checkIndexPattern(pattern);
  if (problem) throw new FormError({ indexPattern: problem });
  const before = await indexPatternOf(db, agencyId);
  await audited(
    db,
    (trx) => saveIndexPattern(trx, agencyId, pattern, now),
    () => ({
      actor: actorOf(viewer, ip),
      at: now,
      action: 'update',
      entityType: 'catalogue_settings',
      entityId: agencyId,
      agencyId,
      summary: `修改索引号格式为 ${pattern}`,
      before: { indexPattern: before },
      after: { indexPattern: pattern },
    }),
  );
}
