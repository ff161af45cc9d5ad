import type { AuthedUser } from '../accounts/auth.ts';
import { actorOf } from '../agencies/agency.service.ts';
import { type AuditEntry, appendAudit } from '../audit/audit.repository.ts';
import type { Db, Trx } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { conflict } from '../shared/http/errors.ts';
import {
  type CatalogueItem,
  type Revision,
  revisableFromInput,
  revisedItemFields,
} from './catalogue.model.ts';
import { findItem, indexItem, insertVersion, listTopics, revisableColumns } from './catalogue.repository.ts';
import { type ItemInput, validityProblems } from './catalogue.rules.ts';
import {
  notifyItemReviewers,
  type ReviewNotify,
  requiredText,
  saveAtVersion,
  searchTextOf,
} from './catalogue.service.ts';
import {
  closeRevision,
  findOpenRevision,
  insertRevision,
  updateOpenRevision,
} from './revision.repository.ts';
import {
  applyRevision,
  changedFields,
  changeSummary,
  REVISABLE_FIELDS,
  REVISION_NOTE_MAX,
  type RevisableValues,
  revisableOf,
} from './revision.rules.ts';
import { sanitizeHtml } from './sanitize.ts';
import { normalizeText, sortKeyOf } from './search.rules.ts';
import { topicChoiceProblem } from './taxonomy.ts';

/** An interpretation may only point to a published policy of its own agency. */
async function checkPolicy(trx: Trx, item: CatalogueItem, values: RevisableValues, errorKey: string) {
  if (item.docType !== 'interpretation' || values.interpretsId === item.interpretsId) return;
  const policy = values.interpretsId === null ? null : await findItem(trx, Number(values.interpretsId));
  if (
    !policy ||
    policy.agencyId !== item.agencyId ||
    policy.docType === 'interpretation' ||
    policy.status !== 'published'
  )
    throw new FormError({ [errorKey]: '请选择本机关已发布的政策文件' });
}

/**
 * Opens a revision of a published item, or replaces the proposal of the one under review. The
 * public page keeps the published text until a reviewer approves it; a new revision is mailed to the
 * agency's reviewers when `notify` is given. Returns the revision id.
 */
export async function saveRevision(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  input: ItemInput,
  note: string,
  now: string,
  notify: ReviewNotify | null = null,
): Promise<number> {
  if (item.status !== 'published') throw conflict('只有已发布的信息可以这样修改；草稿请直接修改。');
  const errors: Record<string, string> = {};
  const why = note.trim();
  if (!why) errors.note = '请填写修改说明，例如更正了哪些内容、为什么修改';
  else if ([...why].length > REVISION_NOTE_MAX) errors.note = `修改说明不能超过 ${REVISION_NOTE_MAX} 个字`;
  const proposed = revisableFromInput(input, sanitizeHtml(input.bodyHtml));
  const topicProblem = topicChoiceProblem(await listTopics(db), input.topicId, item.topicId);
  if (topicProblem) errors.topicId = topicProblem;
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  return db.transaction().execute(async (trx) => {
    await checkPolicy(trx, item, proposed, 'interpretsId');
    const open = await findOpenRevision(trx, item.id);
    const base = open ? open.base : revisableOf(item);
    const changes = changedFields(base, proposed, REVISABLE_FIELDS);
    if (changes.length === 0)
      throw new FormError({ title: '没有任何修改：请修改内容后再提交；不再需要修改时请撤销' });
    if (open) {
      if (!(await updateOpenRevision(trx, open.id, proposed, why, now)))
        throw conflict('这项修改刚被审核或撤销，请刷新后重试。');
    }
    const id =
      open?.id ??
      (await insertRevision(trx, {
        itemId: item.id,
        baseVersion: item.version,
        base,
        proposed,
        note: why,
        at: now,
        by: viewer.id,
      }));
    if (!open && notify) await notifyItemReviewers(trx, viewer, { ...item, publishDue: null }, notify, now);
    await auditItem(trx, viewer, ip, item, now, {
      action: open ? 'revision-update' : 'revision-create',
      summary: `${open ? '更新' : '提交'}对已发布信息“${item.title}”的修改（${changeSummary(changes)}）：${why}`,
      before: pick(base, changes),
      after: { revisionId: id, ...pick(proposed, changes) },
    });
    return id;
  });
}

function pick(v: RevisableValues, fields: readonly string[]) {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const x = v[f as keyof RevisableValues];
    out[f] = f === 'bodyHtml' && typeof x === 'string' ? `（${x.length} 个字符）` : x;
  }
  return out;
}

/** Audits a step on a revision of the item. */
function auditItem(
  trx: Trx,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  now: string,
  entry: Pick<AuditEntry, 'action' | 'summary' | 'before' | 'after'>,
): Promise<void> {
  return appendAudit(trx, {
    ...entry,
    actor: actorOf(viewer, ip),
    at: now,
    entityType: 'catalogue_item',
    entityId: item.id,
    agencyId: item.agencyId,
  });
}

/** The revision under review must still be the one the reviewer saw. */
async function openRevisionOf(trx: Trx, item: CatalogueItem, revisionId: number): Promise<Revision> {
  const open = await findOpenRevision(trx, item.id);
  if (!open || open.id !== revisionId)
    throw conflict('待审核的修改已经变化（被更新、审核或撤销），请刷新后再审核。');
  return open;
}

/**
 * Approves a revision after 保密审查 (谁发布，谁负责): the changed fields replace the public content
 * in one transaction — 索引号, 发布日期 and the Art. 26 deadline unchanged, 更新日期 set, a new
 * version kept, postings rewritten, the change audited. Interpretations keep pointing to the item.
 */
export async function approveRevision(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  revisionId: number,
  secrecyNote: string,
  today: string,
  now: string,
): Promise<CatalogueItem> {
  const secrecy = requiredText(secrecyNote, 'revisionSecrecyNote', '请填写保密审查意见');
  if (item.status !== 'published') throw conflict('该信息已不是发布状态，不能发布修改。');
  return db.transaction().execute(async (trx) => {
    const rev = await openRevisionOf(trx, item, revisionId);
    const changes = changedFields(rev.base, rev.proposed, REVISABLE_FIELDS);
    const merged = applyRevision(revisableOf(item), rev.base, rev.proposed);
    const problems = validityProblems({
      docType: item.docType,
      validity: merged.validity as CatalogueItem['validity'],
      validityOn: merged.validityOn as string | null,
    });
    if (Object.keys(problems).length > 0)
      throw new FormError({
        revisionSecrecyNote: `修改后的有效性标注不完整（${Object.values(problems).join('；')}），请退回经办人修改`,
      });
    await checkPolicy(trx, item, merged, 'revisionSecrecyNote');
    const revised = revisedItemFields(merged);
    const next = { ...item, ...revised };
    const text = searchTextOf(next);
    const updated = await saveAtVersion(
      trx,
      item,
      {
        ...revisableColumns(revised),
        revised_on: today,
        secrecy_note: secrecy,
        reviewed_by: viewer.id,
        reviewed_at: now,
        search_title: normalizeText(next.title),
        search_text: normalizeText(text),
      },
      now,
      'published',
    );
    await indexItem(trx, updated, text, sortKeyOf(updated.publishedOn as string, updated.id));
    await closeRevision(trx, rev.id, {
      status: 'approved',
      at: now,
      by: viewer.id,
      secrecyNote: secrecy,
      resultVersion: updated.version,
    });
    const summary = changeSummary(changes);
    await insertVersion(
      trx,
      updated,
      `修改：${rev.note}（${summary}）；保密审查：${secrecy}`,
      now,
      viewer.id,
    );
    await auditItem(trx, viewer, ip, item, now, {
      action: 'revision-approve',
      summary: `审核通过并发布对“${updated.title}”的修改（${summary}），索引号 ${updated.indexNo} 不变`,
      before: { version: item.version, ...pick(revisableOf(item), changes) },
      after: { version: updated.version, revisedOn: today, revisionId: rev.id, ...pick(merged, changes) },
    });
    return updated;
  });
}

/** Closes the revision under review without publishing it (rejected or cancelled), audited. */
async function closeUnpublished(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  revisionId: number,
  close: { status: 'rejected' | 'cancelled'; reviewComment?: string },
  summary: string,
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rev = await openRevisionOf(trx, item, revisionId);
    await closeRevision(trx, rev.id, { ...close, at: now, by: viewer.id });
    await auditItem(trx, viewer, ip, item, now, {
      action: close.status === 'rejected' ? 'revision-reject' : 'revision-cancel',
      summary,
      after: { revisionId: rev.id, ...(close.reviewComment ? { reviewComment: close.reviewComment } : {}) },
    });
  });
}

/** Returns a revision to the clerk: the published item stays exactly as it was. */
export async function rejectRevision(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  revisionId: number,
  comment: string,
  now: string,
): Promise<void> {
  const why = requiredText(comment, 'revisionComment', '请填写退回的理由');
  const summary = `退回对“${item.title}”的修改：${why}`;
  await closeUnpublished(
    db,
    viewer,
    ip,
    item,
    revisionId,
    { status: 'rejected', reviewComment: why },
    summary,
    now,
  );
}

/** The clerk withdraws their pending revision (nothing was published). */
export async function cancelRevision(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  item: CatalogueItem,
  revisionId: number,
  now: string,
): Promise<void> {
  const summary = `撤销对“${item.title}”的修改`;
  await closeUnpublished(db, viewer, ip, item, revisionId, { status: 'cancelled' }, summary, now);
}
