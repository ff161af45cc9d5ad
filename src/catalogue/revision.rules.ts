/**
 * Revisions of published items (修改已发布的信息): what a revision may change, and the field-level
 * difference between two states of an item. Pure functions; the service applies them.
 */
import { ITEM_FIELDS, type ItemField } from './catalogue.rules.ts';

/** Longest 修改说明 / review text. */
export const REVISION_NOTE_MAX = 500;

/**
 * Fields of the item form a revision may not change. The 信息类型, the formation date and the Art. 26
 * deadline stay: an edit of a published item is not new information, so it gets no new formation
 * deadline; the 索引号 and the 发布日期 (not on the form) stay too.
 */
const FIXED_ON_REVISION = ['docType', 'formedOn', 'deadlineOverride'] as const;
export type RevisableField = Exclude<ItemField, (typeof FIXED_ON_REVISION)[number]>;
/** Fields a revision may change: the rest of the item form, in form order. */
export const REVISABLE_FIELDS = ITEM_FIELDS.filter(
  (f): f is RevisableField => !(FIXED_ON_REVISION as readonly string[]).includes(f),
);
export type RevisableValues = { readonly [K in RevisableField]: string | number | null };

/** Fields compared between two versions for the version history. */
export const HISTORY_FIELDS = [
  'status',
  'indexNo',
  'publishedOn',
  'revisedOn',
  'docType',
  'formedOn',
  'deadlineOverride',
  ...REVISABLE_FIELDS,
] as const;

export const FIELD_LABELS: Readonly<Record<(typeof HISTORY_FIELDS)[number], string>> = {
  status: '状态',
  indexNo: '索引号',
  publishedOn: '发布日期',
  revisedOn: '更新日期',
  docType: '信息类型',
  formedOn: '形成或变更日期',
  deadlineOverride: '法定公开期限',
  title: '名称',
  description: '内容概述',
  basis: '公开依据',
  topicId: '主题分类',
  genre: '体裁',
  publisher: '发布机构',
  docNumber: '文号',
  keywords: '关键词',
  writtenOn: '成文日期',
  validity: '有效性',
  validityOn: '失效或废止日期',
  disclosureMethod: '公开方式',
  bodyHtml: '正文',
  interpretsId: '所解读的政策文件',
  interpreter: '解读主体',
  interpretationForm: '解读形式',
};

/** The revisable values of an item (or of a stored snapshot; missing fields read as null). */
export function revisableOf(item: object): RevisableValues {
  const out: Record<string, string | number | null> = {};
  for (const f of REVISABLE_FIELDS) {
    const v = (item as Record<string, unknown>)[f];
    out[f] = typeof v === 'string' || typeof v === 'number' ? v : null;
  }
  return out as RevisableValues;
}

/** The fields (in `fields` order) whose values differ; undefined and null are the same. */
export function changedFields<F extends string>(before: object, after: object, fields: readonly F[]): F[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return fields.filter((f) => (a[f] ?? null) !== (b[f] ?? null));
}

/**
 * The values after approval: the fields the revision changed (proposed ≠ base) applied to the
 * item as it is now, so a change made meanwhile to another field (e.g. its validity) is kept.
 */
export function applyRevision(
  current: RevisableValues,
  base: RevisableValues,
  proposed: RevisableValues,
): RevisableValues {
  const out: Record<string, string | number | null> = { ...current };
  for (const f of changedFields(base, proposed, REVISABLE_FIELDS)) out[f] = proposed[f];
  return out as RevisableValues;
}

/** Labels of the changed fields, joined for a note: `名称、正文`. */
export function changeSummary(fields: readonly (typeof HISTORY_FIELDS)[number][]): string {
  return fields.map((f) => FIELD_LABELS[f]).join('、');
}
