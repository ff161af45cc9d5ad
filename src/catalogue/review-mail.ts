/**
 * The message a reviewer gets when a 主动公开 item is submitted for publishing or a change of a published
 * item awaits review. Pure: the service queues it in the transaction of the submission.
 */
import { ROLE_LABELS, type Role } from '../accounts/roles.ts';
import { formatChineseDate } from '../calendar/dates.ts';
import type { StaffMail } from '../mail/staff-mail.ts';
import { paths } from '../shared/paths.ts';

export function itemSubmittedMail(
  recipient: { readonly displayName: string; readonly role: Role },
  item: {
    readonly id: number;
    readonly title: string;
    /** The Art. 26 deadline of an unpublished item; null for a change of a published one. */
    readonly publishDue: string | null;
  },
  by: string,
  publicBaseUrl: string,
): StaffMail {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const what = item.publishDue === null ? '对已发布信息的修改' : '主动公开信息';
  return {
    subject: `【待审核】${what}“${item.title}”`,
    text: [
      `${recipient.displayName}（${ROLE_LABELS[recipient.role]}）：您好！`,
      '',
      `${by}提交了${what}“${item.title}”，请您进行保密审查并审核发布。`,
      ...(item.publishDue
        ? [
            `依照《中华人民共和国政府信息公开条例》第二十六条，应于 ${formatChineseDate(item.publishDue)} 前公开。`,
          ]
        : []),
      '',
      `查看并审核：${base}${paths.catalogue.item({ itemId: item.id })}`,
      `全部待我审核的事项：${base}${paths.review.queue()}`,
      '',
      '此邮件由政府信息公开工作系统自动发送，请勿直接回复。',
      '',
    ].join('\n'),
  };
}
