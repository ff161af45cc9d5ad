/**
 * The public progress lookup: the 查询码 and the last 4 characters of the applicant's phone or ID number
 * open the case's progress and the disclosed documents of the letters sent to the applicant.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Deps } from '../shared/deps.ts';
import type { LookupResult } from './application.model.ts';
import { findApplicationByLookupCode, listLetters } from './application.repository.ts';
import { lastFour } from './application.rules.ts';
import { loadCase } from './application.service.ts';
import { findPublicLetterAttachment, listAttachmentsOfLetters } from './documents.repository.ts';
import { isApplicantLetter, THIRD_PARTY_LETTER_KINDS } from './documents.rules.ts';
import { type StoredDownload, storedDownload } from './documents.service.ts';
import { type CaseOutcome, EVENT_LABELS, outcomeLabel } from './rules/timeline.ts';
import { fileDirs } from './uploads.ts';

const DUMMY = Buffer.from('\u0000\u0000\u0000\u0000');
const same4 = (a: string | null, typed: Buffer): boolean => {
  const b = a ? Buffer.from(a.padEnd(4, '\u0000').slice(0, 4)) : DUMMY;
  return b.length === typed.length && timingSafeEqual(b, typed) && a !== null;
};

/** The progress of the application the code and last 4 open, or null (the same answer for a wrong code or digits). */
export async function lookupProgress(
  deps: Deps,
  code: string,
  last4: string,
): Promise<{ applicationId: number; result: LookupResult; hasFiles: boolean } | null> {
  const { db } = deps;
  const a = await findApplicationByLookupCode(db, code);
  const typed = Buffer.from(last4);
  // Both comparisons always run, whether or not the code exists, so timing does not tell which failed.
  const phoneOk = same4(lastFour(a?.applicant.phone ?? null), typed);
  const idOk = same4(lastFour(a?.applicant.idDocNumber ?? a?.applicant.creditCode ?? null), typed);
  if (!a || !(phoneOk || idOk)) return null;
  const cal = await deps.calendar.get(db);
  const c = await loadCase(db, cal, a);
  const letters = (await listLetters(db, a.id)).filter((l) => l.status === 'sent' && l.sentOn);
  // Disclosed documents of the letters sent to the applicant (never a third party's letter).
  const files = await listAttachmentsOfLetters(
    db,
    letters.filter((l) => isApplicantLetter(l.kind)).map((l) => l.id),
  );
  const result: LookupResult = {
    agencyName: a.agencyName,
    serial: a.serial,
    statusLabel: c.deadlines.statusLabel,
    receivedOn: c.deadlines.receiptDate,
    replyDue: c.deadlines.replyDue,
    provisional: c.deadlines.provisional,
    closedOn: c.deadlines.closedOn,
    outcomeLabel: c.deadlines.outcome ? outcomeLabel(c.deadlines.outcome as CaseOutcome) : null,
    // Dates and kinds only: party names and notes may be personal or confidential.
    steps: c.events.map((e) => ({
      date: e.event.type === 'received' ? e.event.submittedOn : e.event.on,
      label: EVENT_LABELS[e.event.type],
    })),
    letters: letters.map((l) => ({
      title: l.title,
      sentOn: l.sentOn as string,
      attachments: (files.get(l.id) ?? []).map((f) => ({ id: f.id, fileName: f.fileName, size: f.size })),
    })),
  };
  return { applicationId: a.id, result, hasFiles: files.size > 0 };
}

/** A disclosed document of a sent letter to the applicant of `applicationId`. */
export async function publicLetterAttachment(
  deps: Deps,
  applicationId: number,
  attachmentId: number,
): Promise<StoredDownload> {
  const f = await findPublicLetterAttachment(deps.db, applicationId, attachmentId, THIRD_PARTY_LETTER_KINDS);
  return storedDownload(fileDirs(deps.config.uploadDir).letters, f, '附件');
}
