import { z } from 'zod';
import { VALIDITIES, type Validity } from './catalogue.rules.ts';
import { REVISION_NOTE_MAX } from './revision.rules.ts';

/**
 * One zod schema per form of 主动公开 other than the item form (`itemFormSchema` in the rules): each
 * `form(...)` gives the schema and its field names for `parseForm`. The schemas only shape input
 * (trim, cut to length, ids as numbers); the services decide what is missing or wrong.
 */
function form<T extends z.ZodRawShape>(shape: T) {
  return { schema: z.object(shape), fields: Object.keys(shape) };
}

const clip = (max: number) => z.string().transform((s) => s.slice(0, max));
const trimmed = (max: number) => z.string().transform((s) => s.trim().slice(0, max));
/** An id typed in a hidden field or query: a number, or -1 (matches nothing). */
const id = z.string().transform((v) => (/^\d{1,9}$/.test(v) ? Number(v) : -1));
const checkbox = z.string().transform((v) => v === '1');

/** A button with no fields (submit for review). */
export const confirmForm = form({});

export const publishForm = form({
  secrecyNote: clip(500),
  noInterpretationReason: clip(500).transform((s) => s || null),
});
export const returnForm = form({ reviewComment: clip(500) });
export const withdrawForm = form({ withdrawnReason: clip(500) });
export const validityForm = form({
  validity: z
    .string()
    .transform((v) => ((VALIDITIES as readonly string[]).includes(v) ? (v as Validity) : null)),
  validityOn: z.string().transform((v) => v.trim() || null),
});

export const revisionApproveForm = form({ revisionId: id, revisionSecrecyNote: clip(REVISION_NOTE_MAX) });
export const revisionRejectForm = form({ revisionId: id, revisionComment: clip(REVISION_NOTE_MAX) });
export const revisionCancelForm = form({ revisionId: id });
/** The 修改说明 beside the item fields of a revision. */
export const revisionNoteForm = form({ note: clip(2000) });

/** The 长者模式 switch: the page to return to. */
export const elderForm = form({ back: z.string().optional().default('') });

export const settingsForm = form({ indexPattern: z.string().transform((s) => s.trim()) });

export const answerForm = form({ answer: trimmed(5000), publish: checkbox });
/** A 咨询 or a 网民纠错 sent from the portal. */
export const messageForm = form({ name: trimmed(50), contact: trimmed(100), body: z.string().trim() });

export const topicAddForm = form({ name: z.string(), parentId: z.string(), from: z.string() });
export const topicRenameForm = form({ name: z.string() });
export const topicActiveForm = form({ active: checkbox });

export const attachmentForm = form({ altText: trimmed(200) });
export const importForm = form({ mode: z.string().transform((m) => (m === 'commit' ? 'commit' : 'check')) });
