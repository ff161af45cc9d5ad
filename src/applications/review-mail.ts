/**
 * The messages of a letter's review: to the reviewer when it is submitted (提交审核), to the clerk who
 * submitted it when it is returned (退回修改). Pure: the service queues them in the transaction of the step
 * (`mail/staff-mail.ts`).
 */
import { ROLE_LABELS, type Role } from '../accounts/roles.ts';
import { formatChineseDate } from '../calendar/dates.ts';
import type { StaffMail } from '../mail/staff-mail.ts';
import { paths } from '../shared/paths.ts';

export interface SubmittedLetter {
  readonly agencyName: string;
  readonly applicationId: number;
  readonly serial: string;
  readonly letterId: number;
  readonly title: string;
  readonly submittedBy: string;
  /** Local date and time of the submission, e.g. `2026-12-07 09:30`. */
  readonly submittedAt: string;
  readonly replyDue: string | null;
  readonly provisional: boolean;
}

/** `2026年12月22日（暂定）`, or what stands for a deadline not yet known. */
export function replyDueText(replyDue: string | null, provisional: boolean): string {
  if (!replyDue) return '收到申请的日期确认后确定';
  return `${formatChineseDate(replyDue)}${provisional ? '（暂定）' : ''}`;
}

export function letterSubmittedMail(
  recipient: { readonly displayName: string; readonly role: Role },
  l: SubmittedLetter,
  publicBaseUrl: string,
): StaffMail {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    subject: `【待审核】${l.agencyName}：申请 ${l.serial} 的《${l.title}》`,
    text: [
      `${recipient.displayName}（${ROLE_LABELS[recipient.role]}）：您好！`,
      '',
      `${l.submittedBy}于 ${l.submittedAt} 提交了政府信息公开申请 ${l.serial} 的《${l.title}》，请您审核。`,
      `该申请的答复期限：${replyDueText(l.replyDue, l.provisional)}。`,
      '',
      `查看并审核文书：${base}${paths.applications.letter({ applicationId: l.applicationId, letterId: l.letterId })}`,
      `全部待我审核的事项：${base}${paths.review.queue()}`,
      '',
      '此邮件由政府信息公开工作系统自动发送，请勿直接回复。',
      '',
    ].join('\n'),
  };
}

export function letterReturnedMail(
  recipient: { readonly displayName: string; readonly role: Role },
  l: Pick<
    SubmittedLetter,
    'agencyName' | 'applicationId' | 'serial' | 'letterId' | 'title' | 'replyDue' | 'provisional'
  > & {
    readonly returnedBy: string;
    readonly reason: string;
  },
  publicBaseUrl: string,
): StaffMail {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    subject: `【退回修改】${l.agencyName}：申请 ${l.serial} 的《${l.title}》`,
    text: [
      `${recipient.displayName}（${ROLE_LABELS[recipient.role]}）：您好！`,
      '',
      `${l.returnedBy}退回了政府信息公开申请 ${l.serial} 的《${l.title}》，理由：`,
      '',
      l.reason,
      '',
      `请修改后再次提交审核。该申请的答复期限：${replyDueText(l.replyDue, l.provisional)}。`,
      `修改文书：${base}${paths.applications.letter({ applicationId: l.applicationId, letterId: l.letterId })}`,
      '',
      '此邮件由政府信息公开工作系统自动发送，请勿直接回复。',
      '',
    ].join('\n'),
  };
}
