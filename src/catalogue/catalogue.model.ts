/**
 * The domain types of 主动公开 as services and views see them (repositories map their rows to these;
 * views never import a repository).
 */
import type { NewStoredFile, StoredFile } from '../shared/stored-file.ts';
import type { DocType, ItemInput, ItemStatus, Validity } from './catalogue.rules.ts';
import type { RevisableField, RevisableValues } from './revision.rules.ts';
import type { Segment } from './search.rules.ts';

export interface CatalogueItem {
  readonly id: number;
  readonly agencyId: number;
  readonly status: ItemStatus;
  readonly indexNo: string | null;
  readonly version: number;
  readonly docType: DocType;
  readonly basis: string;
  readonly topicId: number | null;
  readonly title: string;
  readonly description: string | null;
  readonly genre: string;
  readonly publisher: string;
  readonly docNumber: string | null;
  readonly keywords: string | null;
  readonly writtenOn: string | null;
  readonly formedOn: string;
  readonly publishDue: string;
  readonly deadlineOverride: string | null;
  readonly publishedOn: string | null;
  /** 更新日期: when the last approved revision was published (null: never revised). */
  readonly revisedOn: string | null;
  readonly validity: Validity | null;
  readonly validityOn: string | null;
  readonly disclosureMethod: string;
  readonly bodyHtml: string;
  readonly interpretsId: number | null;
  readonly interpreter: string | null;
  readonly interpretationForm: string | null;
  readonly noInterpretationReason: string | null;
  readonly secrecyNote: string | null;
  readonly reviewedBy: number | null;
  readonly reviewedAt: string | null;
  readonly reviewComment: string | null;
  readonly withdrawnReason: string | null;
  readonly withdrawnAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The fields of an item a revision may change, typed as on the item. */
export type RevisedFields = Pick<CatalogueItem, RevisableField>;

/** The revisable fields of a submitted form (body sanitised; interpretation fields only on interpretations). */
export function revisableFromInput(input: ItemInput, bodyHtml: string): RevisedFields {
  const interp = input.docType === 'interpretation';
  return {
    title: input.title,
    description: input.description,
    basis: input.basis,
    topicId: input.topicId,
    genre: input.genre,
    publisher: input.publisher,
    docNumber: input.docNumber,
    keywords: input.keywords,
    writtenOn: input.writtenOn,
    validity: input.validity,
    validityOn: input.validityOn,
    disclosureMethod: input.disclosureMethod,
    bodyHtml,
    interpretsId: interp ? input.interpretsId : null,
    interpreter: interp ? input.interpreter : null,
    interpretationForm: interp ? input.interpretationForm : null,
  };
}

/** Stored revisable values (a revision's proposal) as typed item fields. */
export function revisedItemFields(v: RevisableValues): RevisedFields {
  const str = (x: string | number | null) => (x === null ? null : String(x));
  const num = (x: string | number | null) => (x === null ? null : Number(x));
  return {
    title: String(v.title),
    description: str(v.description),
    basis: String(v.basis),
    topicId: num(v.topicId),
    genre: String(v.genre),
    publisher: String(v.publisher),
    docNumber: str(v.docNumber),
    keywords: str(v.keywords),
    writtenOn: str(v.writtenOn),
    validity: str(v.validity) as Validity | null,
    validityOn: str(v.validityOn),
    disclosureMethod: String(v.disclosureMethod),
    bodyHtml: String(v.bodyHtml),
    interpretsId: num(v.interpretsId),
    interpreter: str(v.interpreter),
    interpretationForm: str(v.interpretationForm),
  };
}

export interface ItemVersion {
  readonly version: number;
  readonly status: ItemStatus;
  readonly note: string | null;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly snapshot: CatalogueItem;
}

export interface Topic {
  readonly id: number;
  readonly parentId: number | null;
  readonly name: string;
  readonly sortOrder: number;
  readonly active: boolean;
}

/** `一级\二级` as gov.cn renders a class. */
export function topicLabel(topics: readonly Topic[], id: number | null): string | null {
  if (id === null) return null;
  const t = topics.find((x) => x.id === id);
  if (!t) return null;
  const parent = t.parentId ? topics.find((x) => x.id === t.parentId) : null;
  return parent ? `${parent.name}\\${t.name}` : t.name;
}

export type RevisionStatus = 'review' | 'approved' | 'rejected' | 'cancelled';

export const REVISION_STATUS_LABELS: Readonly<Record<RevisionStatus, string>> = {
  review: '待审核',
  approved: '已通过并发布',
  rejected: '已退回',
  cancelled: '已撤销',
};

/** A revision of a published item (catalogue_revisions). */
export interface Revision {
  readonly id: number;
  readonly itemId: number;
  readonly status: RevisionStatus;
  readonly baseVersion: number;
  readonly base: RevisableValues;
  readonly proposed: RevisableValues;
  readonly note: string;
  readonly createdAt: string;
  readonly createdBy: number | null;
  readonly createdByName: string | null;
  readonly updatedAt: string;
  readonly secrecyNote: string | null;
  readonly reviewComment: string | null;
  readonly reviewedBy: number | null;
  readonly reviewedByName: string | null;
  readonly reviewedAt: string | null;
  readonly resultVersion: number | null;
}

/** A file to attach to an item (catalogue_attachments). */
export interface NewAttachment extends NewStoredFile {
  readonly itemId: number;
  readonly kind: string;
  readonly altText: string | null;
}

/** A file attached to an item. */
export interface Attachment extends NewAttachment, StoredFile {}

/** A public question (咨询) or error report (网民纠错) and its answer. */
export interface CatalogueMessage {
  readonly id: number;
  readonly agencyId: number;
  readonly itemId: number | null;
  readonly kind: 'question' | 'error_report';
  readonly name: string;
  readonly contact: string | null;
  readonly body: string;
  readonly receivedOn: string;
  readonly dueOn: string | null;
  readonly answer: string | null;
  readonly answeredOn: string | null;
  readonly published: boolean;
}

/** A hit of the site search: the item, its agency's name, and the title and snippet with the terms marked. */
export interface SearchHit {
  readonly item: CatalogueItem;
  readonly agencyName: string;
  readonly title: Segment[];
  readonly snippet: Segment[];
}

/** An item or a revision of a published item waiting for review (待我审核), as the queue lists it. */
export interface ItemInReview {
  readonly itemId: number;
  /** null for an item submitted for publishing; the revision's id for a change of a published item. */
  readonly revisionId: number | null;
  readonly agencyId: number;
  readonly agencyName: string;
  readonly title: string;
  readonly docType: string;
  /** When it was submitted (the item's last change, or the revision's). */
  readonly submittedAt: string;
  readonly submittedByName: string | null;
  /** The Art. 26 deadline of an unpublished item; null for a revision. */
  readonly publishDue: string | null;
}
