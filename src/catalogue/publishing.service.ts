/**
 * Publishing an item under review (发布): 保密审查, the 索引号, interpretations published with their
 * policy, postings written.
 */
import type { AuthedUser } from '../accounts/auth.ts';
import { findAgency } from '../agencies/agency.repository.ts';
import { agencyCodeForIndex } from '../agencies/agency.rules.ts';
import { actorOf } from '../agencies/agency.service.ts';
import type { Db, Trx } from '../db/database.ts';
import { FormError } from '../shared/form-error.ts';
import { conflict, notFound } from '../shared/http/errors.ts';
import { type CatalogueItem, findItem, indexItem, interpretationsOf } from './catalogue.repository.ts';
import { needsInterpretation } from './catalogue.rules.ts';
import { record, saveAtVersion, searchTextOf } from './catalogue.service.ts';
import { newIndexNumber } from './index-number.service.ts';
import { normalizeText, sortKeyOf } from './search.rules.ts';

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
  const by: Publisher = {
    viewer,
    ip,
    agency,
    code: code as string,
    secrecyNote: decision.secrecyNote.trim(),
    today,
    now,
  };
  return db.transaction().execute(async (trx) => {
    const published = await publishOne(trx, by, item, decision.noInterpretationReason);
    for (const interp of pending.filter((p) => p.status === 'review')) {
      await publishOne(trx, by, interp, null);
    }
    return published;
  });
}

/** Who publishes, for which agency (and its code in the 索引号), with what 保密审查, when. */
interface Publisher {
  readonly viewer: AuthedUser;
  readonly ip: string | null;
  readonly agency: { id: number; creditCode: string | null };
  readonly code: string;
  readonly secrecyNote: string;
  readonly today: string;
  readonly now: string;
}

async function publishOne(
  trx: Trx,
  by: Publisher,
  item: CatalogueItem,
  noInterpretationReason: string | null,
): Promise<CatalogueItem> {
  const { viewer, today, now, secrecyNote } = by;
  const indexNo = item.indexNo ?? (await newIndexNumber(trx, by.agency, by.code, Number(today.slice(0, 4))));
  const publishedOn = item.publishedOn ?? today;
  const sortKey = sortKeyOf(publishedOn, item.id);
  const text = searchTextOf({ ...item, indexNo });
  const updated = await saveAtVersion(
    trx,
    item,
    {
      status: 'published',
      index_no: indexNo,
      published_on: publishedOn,
      secrecy_note: secrecyNote,
      no_interpretation_reason: noInterpretationReason?.trim() || null,
      reviewed_by: viewer.id,
      reviewed_at: now,
      withdrawn_reason: null,
      withdrawn_at: null,
      sort_key: sortKey,
      search_title: normalizeText(item.title),
      search_text: normalizeText(text),
    },
    now,
  );
  await indexItem(trx, updated, text, sortKey);
  await record(
    trx,
    actorOf(viewer, by.ip),
    now,
    'publish',
    item,
    updated,
    `发布“${updated.title}”（索引号 ${indexNo}）`,
    `保密审查：${secrecyNote}`,
  );
  return updated;
}
