import type { NewStoredFile, StoredFile } from '../shared/stored-file.ts';
/**
 * Domain objects of the applications capability as services and views see them. The repositories map
 * their rows to these; nothing here knows a table.
 */
import type { ApplicantInput } from './application.rules.ts';
import type { LetterSeal } from './letters.ts';
import type { CaseEvent, CaseStatus, ReceiptChannel } from './rules/timeline.ts';

export interface Application {
  readonly id: number;
  readonly agencyId: number;
  readonly agencyName: string;
  readonly agencyPath: string;
  readonly serial: string;
  readonly lookupCode: string;
  readonly source: string;
  readonly applicant: ApplicantInput;
  readonly channel: ReceiptChannel;
  readonly submittedOn: string;
  readonly receivedOn: string | null;
  readonly status: CaseStatus;
  readonly outcome: string | null;
  readonly closedOn: string | null;
  readonly replyDue: string | null;
  readonly replyDueProvisional: boolean;
  readonly repeatOfId: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StoredEvent {
  readonly id: number;
  readonly seq: number;
  readonly event: CaseEvent;
  readonly note: string | null;
  readonly createdAt: string;
  readonly createdBy: number | null;
  readonly createdByName: string | null;
}

export interface QueueRow {
  readonly id: number;
  readonly agencyName: string;
  readonly serial: string;
  readonly applicantName: string;
  readonly applicantType: string;
  readonly request: string;
  readonly channel: string;
  readonly submittedOn: string;
  readonly receivedOn: string | null;
  readonly status: string;
  readonly outcome: string | null;
  readonly closedOn: string | null;
  readonly replyDue: string | null;
  readonly provisional: boolean;
  readonly repeatOfId: number | null;
}

export interface AgencyStats {
  readonly agencyId: number;
  readonly agencyName: string;
  readonly agencyPath: string;
  readonly open: number;
  readonly overdue: number;
  readonly dueSoon: number;
  readonly closedThisYear: number;
  readonly receivedThisYear: number;
}

export interface Letter {
  readonly id: number;
  readonly applicationId: number;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly status: 'draft' | 'approved' | 'sent';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly approvedAt: string | null;
  readonly approvedBy: number | null;
  readonly sentOn: string | null;
  /** 文号, assigned when the letter is approved (e.g. `欣园街道依申公开〔2026〕7号`); null while a draft. */
  readonly docNumber: string | null;
  /** How the sent letter was sealed; null when not recorded (letters sent before it was asked). */
  readonly seal: LetterSeal | null;
  /** When the draft was submitted to the reviewer (提交审核); null when not waiting for review. */
  readonly submittedAt: string | null;
  readonly submittedBy: number | null;
  /** The reviewer's last 退回修改: when, by whom and why (kept as history after approval). */
  readonly returnedAt: string | null;
  readonly returnedBy: number | null;
  readonly returnReason: string | null;
}

export type { NewStoredFile, StoredFile };

export interface IdentityUpload extends StoredFile {
  readonly applicationId: number | null;
}

export interface LetterAttachment extends StoredFile {
  readonly letterId: number;
}
