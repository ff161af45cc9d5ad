/**
 * Mail to the staff of an agency about their work (issue 11: work comes to people), queued in the caller's
 * transaction like every message of the outbox: the active accounts of the agency with one of the roles
 * and an e-mail address, but never the person whose action caused the message.
 */
import type { Role } from '../accounts/roles.ts';
import { listMailRecipients, type MailRecipient } from '../accounts/user.repository.ts';
import type { Trx } from '../db/database.ts';
import { enqueueMail } from './outbox.repository.ts';

export interface StaffMail {
  readonly subject: string;
  readonly text: string;
}

/** Queues `mail(recipient)` to each recipient; returns how many were queued. */
export async function notifyStaff(
  trx: Trx,
  target: {
    readonly agencyId: number;
    readonly roles: readonly Role[];
    /** The actor, who needs no message about what they did. */
    readonly exceptUserId?: number | null;
    /** Only these accounts (e.g. the clerk who submitted a letter), when given. */
    readonly onlyUserIds?: readonly number[];
    readonly applicationId?: number | null;
  },
  mail: (recipient: MailRecipient) => StaffMail,
  now: string,
): Promise<number> {
  const to = (await listMailRecipients(trx, [target.agencyId], target.roles)).filter(
    (u) => u.id !== target.exceptUserId && (!target.onlyUserIds || target.onlyUserIds.includes(u.id)),
  );
  for (const u of to) {
    const m = mail(u);
    await enqueueMail(
      trx,
      {
        kind: 'review',
        to: u.email,
        subject: m.subject,
        text: m.text,
        agencyId: target.agencyId,
        userId: u.id,
        applicationId: target.applicationId ?? null,
      },
      now,
    );
  }
  return to.length;
}
