/**
 * What the reviewer is warned of before approving a letter (issue 11): text that promises an attachment
 * (“（见附件）”, “附件：”) while none is attached, and blanks of the template left unfilled. Pure: the
 * caller passes the letter's text and how many files are attached. A warning does not forbid the
 * approval; approving despite one needs the reviewer's explicit confirmation (仍然批准).
 */

import { createHash } from 'node:crypto';
import { z } from 'zod';

/** How a letter template marks a blank the clerk must fill. */
const BLANK_PATTERNS: readonly RegExp[] = [
  // `____年__月__日`, `__________（请写明……）` — the templates of letters.ts
  /_{2,}/g,
  // full-width low lines, as typed with a Chinese input method
  /＿{2,}/g,
  // 【请填写……】 placeholders of templates written by hand
  /【[^】\n]{0,40}】/g,
  // ××× standing for a name or number
  /×{2,}/g,
];

/** Blanks this close (年, 月 between them) are one blank. */
const BLANK_JOIN_GAP = 1;

/** A mention of an attachment in the text of the letter. */
const ATTACHMENT_MENTION = /附件/g;

/** How many characters of context each excerpt shows on either side. */
const EXCERPT_CONTEXT = 8;

/** How many excerpts a warning quotes at most. */
const EXCERPTS_MAX = 3;

export type ApprovalWarningKind = 'attachmentMissing' | 'blanksUnfilled';

export interface ApprovalWarning {
  readonly kind: ApprovalWarningKind;
  /** What the reviewer reads, in Chinese, with excerpts of the text. */
  readonly message: string;
}

interface Found {
  readonly start: number;
  readonly end: number;
}

/**
 * The matches of `patterns` in `text`, in order; overlapping matches count once, and so do matches at most
 * `joinGap` characters apart (`____年__月__日` is one blank date).
 */
function findAll(text: string, patterns: readonly RegExp[], joinGap = 0): Found[] {
  const found: Found[] = [];
  for (const p of patterns)
    for (const m of text.matchAll(new RegExp(p.source, p.flags)))
      found.push({ start: m.index, end: m.index + m[0].length });
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Found[] = [];
  for (const f of found) {
    const last = merged[merged.length - 1];
    if (last && f.start <= last.end + joinGap)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, f.end) };
    else merged.push(f);
  }
  return merged;
}

/** The text around a match, on one line, with “……” where it was cut. */
export function excerptOf(text: string, f: Found): string {
  const from = Math.max(0, f.start - EXCERPT_CONTEXT);
  const to = Math.min(text.length, f.end + EXCERPT_CONTEXT);
  const inner = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 ? '……' : ''}${inner}${to < text.length ? '……' : ''}`;
}

function quoted(text: string, found: readonly Found[]): string {
  return found
    .slice(0, EXCERPTS_MAX)
    .map((f) => `“${excerptOf(text, f)}”`)
    .join('、');
}

/** Where the letter's title or body leaves a blank of its template unfilled. */
export function unfilledBlanks(title: string, body: string): { count: number; excerpts: string } {
  const text = `${title}\n${body}`;
  const found = findAll(text, BLANK_PATTERNS, BLANK_JOIN_GAP);
  return { count: found.length, excerpts: quoted(text, found) };
}

/**
 * The warnings the reviewer sees before approving `letter` with `attachmentCount` files attached; empty
 * when there is nothing to warn of.
 */
export function approvalWarnings(
  letter: { readonly title: string; readonly body: string },
  attachmentCount: number,
): ApprovalWarning[] {
  const warnings: ApprovalWarning[] = [];
  if (attachmentCount === 0) {
    const mentions = findAll(letter.body, [ATTACHMENT_MENTION]);
    if (mentions.length > 0)
      warnings.push({
        kind: 'attachmentMissing',
        message: `正文提到附件（${quoted(letter.body, mentions)}），但这份文书还没有添加附件。`,
      });
  }
  const blanks = unfilledBlanks(letter.title, letter.body);
  if (blanks.count > 0)
    warnings.push({
      kind: 'blanksUnfilled',
      message: `文书中还有 ${blanks.count} 处未补全的空白（${blanks.excerpts}${blanks.count > EXCERPTS_MAX ? '等' : ''}）。`,
    });
  return warnings;
}

const WARNING_NAMES: Readonly<Record<ApprovalWarningKind, string>> = {
  attachmentMissing: '正文提到附件但没有附件',
  blanksUnfilled: '还有未补全的空白',
};

/** The message of an approval refused for want of the confirmation, naming the warnings. */
export function confirmationNeeded(warnings: readonly ApprovalWarning[]): string {
  return `这份文书${warnings.map((w) => WARNING_NAMES[w.kind]).join('、')}（见“批准前请核对”）。确需照此批准的，请勾选“仍然批准”后再提交。`;
}

export const RETURN_FIELDS = ['returnReason'] as const;

/** How long the reason of a 退回修改 may be. */
export const RETURN_REASON_MAX = 500;

/** Returning a letter to the clerk: the reviewer's reason, required. */
export const returnSchema = z.object({
  returnReason: z
    .string()
    .transform((s) => s.replace(/\r\n/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, '请填写退回的理由，说明需要经办人修改什么')
        .max(RETURN_REASON_MAX, `退回的理由不能超过 ${RETURN_REASON_MAX} 个字`),
    ),
});

export const APPROVE_FIELDS = ['confirm', 'seenKey'] as const;

/**
 * Approving a letter: `confirm` (the 仍然批准 checkbox, needed when there are warnings) and the version of
 * the text the reviewer saw (`seenKey`, see `reviewedTextKey`; empty from an older page: then not checked).
 */
export const approveSchema = z.object({
  confirm: z.string().transform((s) => s === '1' || s === 'on' || s === 'yes'),
  seenKey: z.string().trim().max(40),
});

/** Where a letter stands in the workflow, as the pages show it. */
export type LetterStage = 'draft' | 'submitted' | 'returned' | 'approved' | 'sent';

export function letterStage(l: {
  readonly status: 'draft' | 'approved' | 'sent';
  readonly submittedAt: string | null;
  readonly returnedAt: string | null;
}): LetterStage {
  if (l.status !== 'draft') return l.status;
  if (l.submittedAt) return 'submitted';
  return l.returnedAt ? 'returned' : 'draft';
}

export const LETTER_STAGE_LABELS: Readonly<
  Record<LetterStage, { readonly label: string; readonly tone: 'grey' | 'yellow' | 'red' | 'blue' | 'green' }>
> = {
  draft: { label: '草稿（未提交审核）', tone: 'grey' },
  submitted: { label: '待审核', tone: 'yellow' },
  returned: { label: '已退回修改', tone: 'red' },
  approved: { label: '已审核（待发出）', tone: 'blue' },
  sent: { label: '已发出', tone: 'green' },
};

/**
 * A short key of what the reviewer read: title, body and attached files (by id, and by digest when given:
 * a redacted copy replaced after the page was shown changes it too). The approve form carries it, so an
 * approval is refused when the clerk changed the letter after the page was shown.
 */
export function reviewedTextKey(
  letter: { readonly title: string; readonly body: string },
  attachmentIds: readonly number[],
  attachmentDigests: readonly string[] = [],
): string {
  const files = [...attachmentIds].sort((a, b) => a - b).join(',');
  const digests = [...attachmentDigests].sort().join(',');
  return createHash('sha256')
    .update(`${letter.title}\u0000${letter.body}\u0000${files}${digests ? `\u0000${digests}` : ''}`)
    .digest('hex')
    .slice(0, 16);
}
