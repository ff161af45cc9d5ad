/**
 * The daily digest to reviewers (issue 11): one mail to each active reviewer with an e-mail address whose
 * agency has letters or 主动公开 items waiting for review, listing them oldest first with links. Idempotent
 * per day and safe with several processes: the outbox's unique dedupe key (user, date) lets only the first
 * run of a day queue a reviewer's digest; the others find it queued and add nothing.
 */
import { ROLE_LABELS, type Role } from '../accounts/roles.ts';
import { listMailRecipients } from '../accounts/user.repository.ts';
import { listLettersInReview } from '../applications/application.repository.ts';
import { replyDueText } from '../applications/review-mail.ts';
import { formatChineseDate } from '../calendar/dates.ts';
import type { Db } from '../db/database.ts';
import { enqueueMail } from '../mail/outbox.repository.ts';
import type { StaffMail } from '../mail/staff-mail.ts';
import { formatDateTime } from '../shared/clock.ts';
import { paths } from '../shared/paths.ts';
import { catalogueInReview, type ItemInReview, type LetterInReview } from './review.service.ts';

/** Who receives the digest. */
export const DIGEST_ROLES: readonly Role[] = ['reviewer'];

export interface DigestResult {
  readonly date: string;
  /** Agencies with something waiting for review. */
  readonly agencies: number;
  /** Digests queued by this run. */
  readonly queued: number;
  /** Digests already queued for this date by an earlier run. */
  readonly alreadyQueued: number;
  /** Agencies with something waiting but no active reviewer with an e-mail address. */
  readonly withoutRecipients: readonly string[];
}

export function digestDedupeKey(userId: number, date: string): string {
  return `review-digest:${userId}:${date}`;
}

/** The digest of one agency's waiting work for one reviewer. Pure. */
export function digestMail(
  recipient: { readonly displayName: string; readonly role: Role },
  date: string,
  agencyName: string,
  letters: readonly LetterInReview[],
  items: readonly ItemInReview[],
  publicBaseUrl: string,
  timeZone: string,
): StaffMail {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const when = (iso: string | null) => formatDateTime(iso, timeZone);
  const counts = [
    letters.length > 0 ? `答复文书 ${letters.length} 件` : null,
    items.length > 0 ? `主动公开信息 ${items.length} 条` : null,
  ]
    .filter(Boolean)
    .join('，');
  const parts: string[] = [];
  if (letters.length > 0)
    parts.push(
      `答复文书（${letters.length} 件）：`,
      ...letters.flatMap((l) => [
        `  ${l.serial}《${l.title}》　${when(l.submittedAt)}提交　答复期限 ${replyDueText(l.replyDue, l.provisional)}${l.replyDue && l.replyDue < date ? '（已逾期）' : ''}`,
        `  ${base}${paths.applications.letter({ applicationId: l.applicationId, letterId: l.letterId })}`,
      ]),
      '',
    );
  if (items.length > 0)
    parts.push(
      `主动公开信息（${items.length} 条）：`,
      ...items.flatMap((i) => [
        `  “${i.title}”（${i.revisionId === null ? '发布' : '修改已发布信息'}）　${when(i.submittedAt)}提交${i.publishDue ? `　公开期限 ${formatChineseDate(i.publishDue)}${i.publishDue < date ? '（已逾期）' : ''}` : ''}`,
        `  ${base}${paths.catalogue.item({ itemId: i.itemId })}`,
      ]),
      '',
    );
  return {
    subject: `【待我审核】${agencyName}：${counts}（${formatChineseDate(date)}）`,
    text: [
      `${recipient.displayName}（${ROLE_LABELS[recipient.role]}）：您好！`,
      '',
      `截至 ${formatChineseDate(date)}，${agencyName}有以下事项等待您审核（最早提交的在前）：`,
      '',
      ...parts,
      `全部待我审核的事项：${base}${paths.review.queue()}`,
      '',
      '此邮件由政府信息公开工作系统每天自动发送一次，请勿直接回复。',
      '',
    ].join('\n'),
  };
}

function byAgency<T extends { readonly agencyId: number; readonly agencyName: string }>(
  rows: readonly T[],
  names: Map<number, string>,
): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    names.set(r.agencyId, r.agencyName);
    out.set(r.agencyId, [...(out.get(r.agencyId) ?? []), r]);
  }
  return out;
}

/** Queues the day's digests in one transaction; see the module comment. */
export async function queueReviewDigests(
  db: Db,
  date: string,
  publicBaseUrl: string,
  timeZone: string,
  now: string,
): Promise<DigestResult> {
  return db.transaction().execute(async (trx) => {
    const names = new Map<number, string>();
    const letters = byAgency(await listLettersInReview(trx, null, 'submitted'), names);
    const items = byAgency(await catalogueInReview(trx, null), names);
    const agencyIds = [...names.keys()];
    const recipients = await listMailRecipients(trx, agencyIds, DIGEST_ROLES);
    let queued = 0;
    let alreadyQueued = 0;
    const withoutRecipients: string[] = [];
    for (const agencyId of agencyIds) {
      const agencyName = names.get(agencyId) ?? '';
      const to = recipients.filter((u) => u.agencyId === agencyId);
      if (to.length === 0) withoutRecipients.push(agencyName);
      for (const u of to) {
        const mail = digestMail(
          u,
          date,
          agencyName,
          letters.get(agencyId) ?? [],
          items.get(agencyId) ?? [],
          publicBaseUrl,
          timeZone,
        );
        const added = await enqueueMail(
          trx,
          {
            kind: 'review',
            to: u.email,
            subject: mail.subject,
            text: mail.text,
            dedupeKey: digestDedupeKey(u.id, date),
            agencyId,
            userId: u.id,
          },
          now,
        );
        if (added) queued++;
        else alreadyQueued++;
      }
    }
    return { date, agencies: agencyIds.length, queued, alreadyQueued, withoutRecipients };
  });
}
