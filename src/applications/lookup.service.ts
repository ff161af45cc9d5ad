/**
 * The public progress lookup: the 查询码 and the last 4 characters of the applicant's phone or ID number
 * open the case's progress, what was asked for, and the letters sent to the applicant (text, PDF and
 * attached documents). After the check the browser keeps a signed proof naming the application
 * (routes); every letter and file is looked up within that application only, and only once sent.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/http/errors.ts';
import type { Application, Letter } from './application.model.ts';
import {
  findApplication,
  findApplicationByLookupCode,
  findLetter,
  listLetters,
} from './application.repository.ts';
import { DELIVERY_LABELS, FORM_WANTED_LABELS, lastFour } from './application.rules.ts';
import { loadCase } from './application.service.ts';
import {
  findPublicLetterAttachment,
  listAttachmentsOfLetters,
  listLetterAttachments,
} from './documents.repository.ts';
import { isApplicantLetter, THIRD_PARTY_LETTER_KINDS } from './documents.rules.ts';
import { type StoredDownload, storedDownload } from './documents.service.ts';
import { listLetterDeliveries } from './letter-delivery.repository.ts';
import { deliverySummary } from './letter-delivery.rules.ts';
import type { LookupResult } from './lookup.model.ts';
import { type CaseOutcome, EVENT_LABELS, outcomeLabel } from './rules/timeline.ts';
import { fileDirs } from './uploads.ts';

const DUMMY = Buffer.from('\u0000\u0000\u0000\u0000');
const same4 = (a: string | null, typed: Buffer): boolean => {
  const b = a ? Buffer.from(a.padEnd(4, '\u0000').slice(0, 4)) : DUMMY;
  return b.length === typed.length && timingSafeEqual(b, typed) && a !== null;
};

/** The application the code and last 4 open, or null (the same answer for a wrong code or digits). */
export async function checkLookup(deps: Deps, code: string, last4: string): Promise<number | null> {
  const a = await findApplicationByLookupCode(deps.db, code);
  const typed = Buffer.from(last4);
  // Both comparisons always run, whether or not the code exists, so timing does not tell which failed.
  const phoneOk = same4(lastFour(a?.applicant.phone ?? null), typed);
  const idOk = same4(lastFour(a?.applicant.idDocNumber ?? a?.applicant.creditCode ?? null), typed);
  return a && (phoneOk || idOk) ? a.id : null;
}

const isSent = (l: Letter): l is Letter & { sentOn: string } => l.status === 'sent' && l.sentOn !== null;

/**
 * The progress of an application whose lookup check passed, or null when it no longer exists. Shows what
 * the applicant gave or may know (request, chosen delivery) and the case's dates; never names, notes,
 * contacts or identity numbers.
 */
export async function lookupProgress(deps: Deps, applicationId: number): Promise<LookupResult | null> {
  const { db } = deps;
  const a = await findApplication(db, applicationId);
  if (!a) return null;
  const cal = await deps.calendar.get(db);
  const c = await loadCase(db, cal, a);
  const letters = (await listLetters(db, a.id)).filter(isSent);
  const toApplicant = letters.filter((l) => isApplicantLetter(l.kind)).map((l) => l.id);
  // Disclosed documents of the letters sent to the applicant (never a third party's letter).
  const files = await listAttachmentsOfLetters(db, toApplicant);
  const deliveries = await listLetterDeliveries(db, toApplicant);
  const answered = c.events.find((e) => e.event.type === 'answered');
  return {
    agencyName: a.agencyName,
    serial: a.serial,
    request: a.applicant.request,
    deliveryLabel: DELIVERY_LABELS[a.applicant.delivery],
    formWantedLabel: FORM_WANTED_LABELS[a.applicant.formWanted],
    statusLabel: c.deadlines.statusLabel,
    receivedOn: c.deadlines.receiptDate,
    replyDue: c.deadlines.replyDue,
    provisional: c.deadlines.provisional,
    answeredOn: answered && answered.event.type === 'answered' ? answered.event.on : null,
    closedOn: c.deadlines.closedOn,
    outcomeLabel: c.deadlines.outcome ? outcomeLabel(c.deadlines.outcome as CaseOutcome) : null,
    // Dates and kinds only: party names and notes may be personal or confidential.
    steps: c.events.map((e) => ({
      date: e.event.type === 'received' ? e.event.submittedOn : e.event.on,
      label: EVENT_LABELS[e.event.type],
    })),
    letters: letters.map((l) => {
      const d = deliveries.get(l.id);
      return {
        id: l.id,
        title: l.title,
        sentOn: l.sentOn,
        docNumber: l.docNumber,
        toApplicant: isApplicantLetter(l.kind),
        delivery: d ? deliverySummary(d) : null,
        attachments: (files.get(l.id) ?? []).map((f) => ({ id: f.id, fileName: f.fileName, size: f.size })),
      };
    }),
  };
}

/** A sent letter to the applicant of `applicationId`, with the names of its attachments; 404 otherwise. */
export async function publicLetter(
  deps: Deps,
  applicationId: number,
  letterId: number,
): Promise<{ a: Application; letter: Letter; attachmentNames: string[] }> {
  const a = await findApplication(deps.db, applicationId);
  const letter = a ? await findLetter(deps.db, a.id, letterId) : null;
  if (!a || !letter || !isSent(letter) || !isApplicantLetter(letter.kind)) throw notFound('文书');
  const names = (await listLetterAttachments(deps.db, letter.id)).map((f) => f.fileName);
  return { a, letter, attachmentNames: names };
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
