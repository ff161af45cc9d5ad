/**
 * 部分公开 in the case (issue 14): the clerk redacts a disclosed document attached to a draft reply letter.
 * The original stays on file (its row in `letter_attachment_redactions`), the attachment row points at
 * the redacted copy — so the lookup download and the mail, which read the attachment row, can only
 * give the redacted bytes — and the letter's statement of what was withheld and why is regenerated.
 * Every step is audited; the reviewer approves the letter with its (redacted) attachments.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Trx } from '../db/database.ts';
import {
  auditedBoxes,
  boxesOfForm,
  groundSummary,
  isRedactable,
  originalFiles,
  originalPdf,
  pagePng,
  queryOf,
  type RedactionQuery,
  readOrExplain,
  writeRedactedCopy,
} from '../redaction/document.ts';
import { partialDisclosureText, withPartialDisclosure } from '../redaction/grounds.rules.ts';
import { type Suggestion, suggest } from '../redaction/redaction.rules.ts';
import type { Deps } from '../shared/deps.ts';
import { FormError } from '../shared/form-error.ts';
import { conflict, notFound } from '../shared/http/errors.ts';
import { formBody } from '../shared/http/forms.ts';
import { removeFiles } from '../shared/http/uploads.ts';
import type { Acting } from './acting.ts';
import type { LetterAttachment, NewStoredFile, StoredFile } from './application.model.ts';
import { updateLetter } from './application.repository.ts';
import { requireHandlingStaff } from './application.service.ts';
import {
  findLetterAttachment,
  listLetterAttachments,
  replaceLetterAttachmentFile,
} from './documents.repository.ts';
import {
  draftAttachment,
  ATTACHMENTS_FIXED as FIXED,
  type LetterOfCase,
  letterStep,
} from './letter.service.ts';
import {
  type AttachmentRedaction,
  deleteRedaction,
  findRedaction,
  insertRedaction,
  redactionsOfLetter,
  updateRedaction,
} from './redaction.repository.ts';
import { fileDirs } from './uploads.ts';

export type { AttachmentRedaction, RedactionQuery };
export { isRedactable, queryOf };

interface Source {
  readonly attachment: LetterAttachment;
  readonly redaction: AttachmentRedaction | null;
  /** The original file (before any redaction). */
  readonly original: StoredFile;
  /** The original as PDF (converted from Word/Excel when it is one). */
  readonly pdf: Buffer;
}

async function sourceOf(deps: Deps, x: LetterOfCase, attachmentId: number): Promise<Source> {
  const attachment = await findLetterAttachment(deps.db, x.letter.id, attachmentId);
  if (!attachment) throw notFound('附件');
  const redaction = await findRedaction(deps.db, attachment.id);
  const original = redaction?.original ?? attachment;
  const pdf = await originalPdf(fileDirs(deps.config.uploadDir).letters, original);
  return { attachment, redaction, original, pdf };
}

export interface RedactionPlan {
  readonly attachment: LetterAttachment;
  readonly original: StoredFile;
  readonly redaction: AttachmentRedaction | null;
  readonly pages: readonly { width: number; height: number; scan: boolean }[];
  readonly suggestions: readonly Suggestion[];
  readonly query: RedactionQuery;
}

/** The redaction page: the document's pages and the suggestions for the query. */
export async function redactionPlan(
  deps: Deps,
  by: Acting,
  x: LetterOfCase,
  attachmentId: number,
  query: RedactionQuery,
): Promise<RedactionPlan> {
  requireHandlingStaff(by.viewer, x.a);
  const src = await sourceOf(deps, x, attachmentId);
  const text = await readOrExplain(src.pdf);
  return {
    attachment: src.attachment,
    original: src.original,
    redaction: src.redaction,
    pages: text.pages.map((p) => ({ width: p.width, height: p.height, scan: p.scan })),
    suggestions: suggest(text.pages, query),
    query,
  };
}

/** The letter's statement regenerated from every redacted attachment of the letter. */
async function refreshStatement(trx: Trx, x: LetterOfCase, body: string, now: string): Promise<string> {
  const attachments = await listLetterAttachments(trx, x.letter.id);
  const redactions = await redactionsOfLetter(trx, x.letter.id);
  const statement = partialDisclosureText(
    attachments.flatMap((a) => {
      const r = redactions.get(a.id);
      return r ? [{ fileName: a.fileName, boxes: r.boxes }] : [];
    }),
  );
  const next = withPartialDisclosure(body, statement);
  if (next !== body) await updateLetter(trx, x.letter.id, { body: next }, now);
  return next;
}

/**
 * Applies the clerk's choice (form: accept, ground-KEY, box, drawnGround, pattern, find) to a draft's
 * attachment: redacts the original, keeps the copy, points the attachment at it, regenerates the
 * letter's statement, audits. A refused file or an empty choice is a form error; nothing is changed.
 */
export async function applyRedaction(
  deps: Deps,
  by: Acting,
  x: LetterOfCase,
  attachmentId: number,
  form: unknown,
): Promise<void> {
  requireHandlingStaff(by.viewer, x.a);
  if (x.letter.status !== 'draft') throw conflict(FIXED);
  const values = formBody(form);
  const src = await sourceOf(deps, x, attachmentId);
  const text = await readOrExplain(src.pdf);
  const boxes = boxesOfForm(values, text, suggest(text.pages, queryOf(values)));
  if (boxes.length === 0) throw new FormError({ redact: '请至少选择一处要删除的内容，或在页面上框选。' });
  const dir = fileDirs(deps.config.uploadDir).letters;
  const { stored, rasterPages } = await writeRedactedCopy(dir, src.original, src.pdf, text, boxes);
  const previous = src.redaction ? src.attachment.storedName : null;
  try {
    await letterStep(deps, by, x, 'draft', FIXED, async (trx, l) => {
      const w = { boxes, rasterPages, at: by.now, by: by.viewer.id };
      const row = await findRedaction(trx, src.attachment.id);
      if (row) await updateRedaction(trx, row.id, w);
      else await insertRedaction(trx, src.attachment.id, src.original, w);
      await replaceLetterAttachmentFile(trx, src.attachment.id, stored);
      const body = await refreshStatement(trx, { ...x, letter: l }, l.body, by.now);
      return {
        action: 'update',
        entityType: 'application_letter_attachment',
        entityId: src.attachment.id,
        summary: `申请 ${x.a.serial}：对《${l.title}》的附件“${src.original.fileName}”作删除处理（部分公开）：${groundSummary(boxes)}`,
        before: { file: src.attachment.sha256, original: src.original.sha256, body: l.body },
        after: {
          file: stored.sha256,
          fileName: stored.fileName,
          boxes: auditedBoxes(boxes),
          imagePages: rasterPages.map((p) => p + 1),
          body,
        },
      };
    });
  } catch (err) {
    await rm(join(dir, stored.storedName), { force: true });
    throw err;
  }
  if (previous) await removeFiles(dir, [previous]);
}

/** Takes a draft's attachment back to its original (the redacted copy deleted), audited. */
export async function undoRedaction(
  deps: Deps,
  by: Acting,
  x: LetterOfCase,
  attachmentId: number,
): Promise<void> {
  const attachment = await draftAttachment(deps, by, x, attachmentId);
  const r = await findRedaction(deps.db, attachment.id);
  if (!r) return;
  await letterStep(deps, by, x, 'draft', FIXED, async (trx, l) => {
    await replaceLetterAttachmentFile(trx, attachment.id, r.original);
    await deleteRedaction(trx, r.id);
    const body = await refreshStatement(trx, { ...x, letter: l }, l.body, by.now);
    return {
      action: 'update',
      entityType: 'application_letter_attachment',
      entityId: attachment.id,
      summary: `申请 ${x.a.serial}：撤销《${l.title}》的附件“${r.original.fileName}”的删除处理，恢复原件`,
      before: { file: attachment.sha256, body: l.body },
      after: { file: r.original.sha256, body },
    };
  });
  await removeFiles(fileDirs(deps.config.uploadDir).letters, [attachment.storedName]);
}

/** The files to delete with an attachment: its redaction's original and the original's conversion. */
export async function redactionFilesOf(deps: Deps, attachmentId: number): Promise<string[]> {
  const r = await findRedaction(deps.db, attachmentId);
  return r ? originalFiles(r.original) : [];
}

export type PageVersion = 'original' | 'redacted';

/** One page of the original or of the redacted copy as PNG (staff of the handling agency only). */
export async function redactionPageImage(
  deps: Deps,
  by: Acting,
  x: LetterOfCase,
  attachmentId: number,
  version: PageVersion,
  page: number,
): Promise<Buffer> {
  requireHandlingStaff(by.viewer, x.a);
  const src = await sourceOf(deps, x, attachmentId);
  let pdf = src.pdf;
  if (version === 'redacted') {
    if (!src.redaction) throw notFound('删除处理后的文件');
    const b = await readFile(join(fileDirs(deps.config.uploadDir).letters, src.attachment.storedName)).catch(
      () => null,
    );
    if (!b) throw notFound('删除处理后的文件');
    pdf = b;
  }
  return pagePng(pdf, page);
}

/** The redactions of a letter's attachments (for the letter page and the reviewer). */
export const redactionsOf = (deps: Deps, x: LetterOfCase) => redactionsOfLetter(deps.db, x.letter.id);
