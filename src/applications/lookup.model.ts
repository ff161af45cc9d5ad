/** What the public progress lookup shows the applicant who passed the check (no names, no notes, no contacts). */
export interface LookupResult {
  readonly agencyName: string;
  readonly serial: string;
  /** What was asked for, as the applicant wrote it. */
  readonly request: string;
  /** The applicant's chosen way of getting the information (获取方式) and form (信息形式). */
  readonly deliveryLabel: string;
  readonly formWantedLabel: string;
  readonly statusLabel: string;
  readonly receivedOn: string | null;
  readonly replyDue: string | null;
  readonly provisional: boolean;
  /** The day the agency answered (作出答复), when it has. */
  readonly answeredOn: string | null;
  readonly closedOn: string | null;
  readonly outcomeLabel: string | null;
  readonly steps: readonly { date: string; label: string }[];
  readonly letters: readonly LookupLetter[];
  /** How long the letter and attachment links work after the lookup. */
  readonly filesMinutes?: number;
}

/** A sent letter as the lookup lists it. */
export interface LookupLetter {
  readonly id: number;
  readonly title: string;
  readonly sentOn: string;
  readonly docNumber: string | null;
  /** A letter to the applicant: its text, PDF and attachments are offered. A third party's: only its date. */
  readonly toApplicant: boolean;
  /** How it reaches the applicant (送达), when recorded. */
  readonly delivery: string | null;
  /** Disclosed documents, downloadable while the lookup proof lasts. */
  readonly attachments: readonly { id: number; fileName: string; size: number }[];
}
