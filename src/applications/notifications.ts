/**
 * E-mails to the applicant at each step of the case (docs/domain/README.md#applications), when the applicant gave an address.
 * Plain Chinese text with nothing personal beyond what the applicant gave: no third party's name, no
 * clerk's note, no ID or phone number; a link to the public progress lookup (查询码 + last 4 characters).
 *
 * `applicantMail` is pure; `notifyApplicant` writes the message to the outbox in the caller's transaction.
 */
import { formatChineseDate } from '../calendar/dates.ts';
import type { Trx } from '../db/database.ts';
import { enqueueMail, type MailAttachment } from '../mail/outbox.repository.ts';
import { paths } from '../shared/paths.ts';
import type { Application } from './application.repository.ts';
import { DELIVERY_LABELS, formatLookupCode } from './application.rules.ts';
import { attachmentsFitMail, formatFileSize, MAIL_ATTACHMENTS_MAX_BYTES } from './documents.rules.ts';
import { ART33_EXTENSION_MAX_WORKING_DAYS, ART33_REPLY_WORKING_DAYS } from './rules/statute.ts';
import { type CaseEvent, type CaseOutcome, type Deadlines, outcomeLabel } from './rules/timeline.ts';

/** What the service passes so that applicant notifications can link to the public site. */
export interface NotifyContext {
  /** `config.publicBaseUrl`, e.g. https://gongkai.example.gov.cn */
  readonly publicBaseUrl: string;
}

/** What a step's message says; `registered` is the registration itself. */
export type NotifiedStep = { readonly type: 'registered' } | CaseEvent;

export interface MailContent {
  readonly subject: string;
  readonly text: string;
}

const REG = '《政府信息公开条例》';

function cn(d: string | null | undefined): string {
  return d ? formatChineseDate(d) : '（待定）';
}

function dueLine(d: Deadlines): string {
  if (!d.replyDue) return '答复期限：收到申请的日期确认后确定。';
  const notes = [
    d.replyDueProjected ? '按征求意见或缴费可能持续的最长时间推算，如提前结束将相应提前' : null,
    d.provisional
      ? '该期限跨越尚未公布节假日安排的年份，已按法定节假日计算，为暂定日期，调休以国务院办公厅通知为准'
      : null,
  ].filter(Boolean);
  return `答复期限：${cn(d.replyDue)}前${notes.length > 0 ? `（${notes.join('；')}）` : ''}。`;
}

function truncate(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

/**
 * The message for one step, or null when the step does not warrant one (internal steps such as a third
 * party's reply, or a second consultation letter the same day).
 */
export function applicantMail(
  a: Pick<Application, 'agencyName' | 'serial' | 'lookupCode' | 'applicant'>,
  step: NotifiedStep,
  d: Deadlines,
  ctx: NotifyContext,
  extra: {
    readonly previous?: readonly CaseEvent[];
    readonly sentLetters?: readonly { title: string; sentOn: string }[];
  } = {},
): MailContent | null {
  const head = `${a.agencyName}：您的政府信息公开申请（编号 ${a.serial}）`;
  let subject: string;
  let lines: string[];
  switch (step.type) {
    case 'registered':
      subject = `${a.agencyName}已收到您的政府信息公开申请（编号 ${a.serial}）`;
      lines = [
        `${a.agencyName}已收到您的政府信息公开申请。`,
        '',
        `申请编号：${a.serial}`,
        `查询码：${formatLookupCode(a.lookupCode)}（请妥善保存，查询办理进度时使用）`,
        `申请内容：${truncate(a.applicant.request, 80)}`,
        `收到申请日期：${d.receiptDate ? cn(d.receiptDate) : '待与您确认'}`,
        dueLine(d),
        '',
        `依照${REG}第三十三条，行政机关自收到申请之日起 ${ART33_REPLY_WORKING_DAYS} 个工作日内予以答复；需要延长的，经批准可延长不超过 ${ART33_EXTENSION_MAX_WORKING_DAYS} 个工作日。`,
      ];
      break;
    case 'receiptConfirmed':
      subject = `${head}：收到申请日期已确认`;
      lines = [`收到您申请的日期已确认为 ${cn(d.receiptDate)}。`, dueLine(d)];
      break;
    case 'correctionRequested':
      subject = `${head}：请补正申请`;
      lines = [
        `${a.agencyName}已于 ${cn(step.on)} 向您发出《补正申请通知书》，请按通知书的要求在 ${cn(step.dueOn)} 前补正。`,
        '答复期限自收到补正之日起重新计算。',
        `无正当理由逾期不补正的，视为放弃申请，本机关不再处理该申请（${REG}第三十条）。`,
      ];
      break;
    case 'extensionApproved':
      subject = `${head}：答复期限延长`;
      lines = [
        `因需要延长答复期限，经政府信息公开工作机构负责人同意，答复期限延长 ${step.workingDays} 个工作日（${REG}第三十三条第二款）。`,
        `延长后的${dueLine(d)}`,
      ];
      break;
    case 'feeNoticeSent':
      subject = `${head}：信息处理费收费通知`;
      lines = [
        `${a.agencyName}已于 ${cn(step.on)} 向您发出《信息处理费收费通知书》，应缴金额 ${step.amount.toFixed(2)} 元。`,
        `请在 ${cn(d.feeDue)} 前按通知书所列方式缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该申请。`,
        '缴费期间不计算在答复期限内。',
      ];
      break;
    case 'thirdPartyConsultationSent':
      // One message per day, however many third parties are consulted.
      if (extra.previous?.some((e) => e.type === 'thirdPartyConsultationSent' && e.on === step.on))
        return null;
      subject = `${head}：正在征求第三方意见`;
      lines = [
        `您申请的信息可能涉及第三方合法权益，${a.agencyName}已于 ${cn(step.on)} 书面征求第三方意见（${REG}第三十二条）。`,
        `征求意见所需时间不计算在答复期限内（${REG}第三十三条第三款）。`,
        dueLine(d),
      ];
      break;
    case 'answered': {
      subject = `${head}：已作出答复`;
      const letters = extra.sentLetters ?? [];
      lines = [
        `${a.agencyName}已于 ${cn(step.on)}${step.onTheSpot ? '当场' : ''}对您的申请作出答复。`,
        `答复结果：${outcomeLabel(step.outcome)}`,
        '',
        ...(letters.length > 0
          ? ['已发出的文书：', ...letters.map((l) => `  ${l.title}（${cn(l.sentOn)}发出）`)]
          : [`答复文书将按您选择的方式（${DELIVERY_LABELS[a.applicant.delivery]}）送达。`]),
        '',
        '您认为行政机关在政府信息公开工作中侵犯您合法权益的，可以依法申请行政复议或者提起行政诉讼，具体以答复文书的告知为准。',
      ];
      break;
    }
    case 'correctionLapsed':
    case 'feeLapsed':
      subject = `${head}：视为放弃申请`;
      lines = [
        step.type === 'correctionLapsed'
          ? `您未在规定期限内补正申请，依照${REG}第三十条，视为放弃申请，${a.agencyName}不再处理该申请。`
          : `您未在规定期限内缴纳信息处理费，视为放弃申请，${a.agencyName}不再处理该申请。`,
        `处理结果：${outcomeLabel((d.outcome ?? 'other.misc') as CaseOutcome)}`,
        '如仍需获取相关信息，可以重新提出申请。',
      ];
      break;
    default:
      return null;
  }
  const lookup = `${ctx.publicBaseUrl.replace(/\/+$/, '')}${paths.applications.lookup()}`;
  const text = [
    '您好：',
    '',
    ...lines,
    '',
    `查询办理进度：${lookup}`,
    `（输入查询码 ${formatLookupCode(a.lookupCode)} 和您联系电话或证件号码的后 4 位）`,
    '',
    `此邮件由${a.agencyName}政府信息公开工作系统自动发送，请勿直接回复。`,
    '',
  ].join('\n');
  return { subject, text };
}

function lookupLines(a: Pick<Application, 'lookupCode'>, ctx: NotifyContext): string[] {
  const lookup = `${ctx.publicBaseUrl.replace(/\/+$/, '')}${paths.applications.lookup()}`;
  return [
    `查询办理进度：${lookup}`,
    `（输入查询码 ${formatLookupCode(a.lookupCode)} 和您联系电话或证件号码的后 4 位）`,
  ];
}

/** A letter sent to the applicant, with the list of its attachments (attached when they fit the mail). */
export interface SentLetter {
  readonly title: string;
  readonly body: string;
  readonly sentOn: string;
  readonly docNumber: string | null;
  readonly attachments: readonly { fileName: string; size: number }[];
}

/** How both mails about a sent letter begin: who sent which letter (with its 文号) on what day. */
function sentLetterLead(
  a: { agencyName: string; serial: string },
  letter: { title: string; sentOn: string; docNumber?: string | null },
): string {
  const number = letter.docNumber ? `（${letter.docNumber}）` : '';
  return `${a.agencyName}已于 ${cn(letter.sentOn)} 就您的政府信息公开申请（编号 ${a.serial}）发出《${letter.title}》${number}`;
}

function sentLetterSubject(a: { agencyName: string; serial: string }, letter: { title: string }): string {
  return `${a.agencyName}：您的政府信息公开申请（编号 ${a.serial}）：${letter.title}`;
}

/**
 * The message that carries a sent letter: its full text, the list of its attachments and whether they ride
 * along (`attached`) or must be fetched from the progress lookup (over the size cap).
 */
export function letterSentMail(
  a: Pick<Application, 'agencyName' | 'serial' | 'lookupCode'>,
  letter: SentLetter,
  attached: boolean,
  ctx: NotifyContext,
): MailContent {
  const files = letter.attachments;
  const total = files.reduce((n, f) => n + f.size, 0);
  const lines = [
    '您好：',
    '',
    `${sentLetterLead(a, letter)}，全文如下：`,
    '',
    '————————————————',
    letter.title,
    '',
    letter.body.trim(),
    '————————————————',
    '',
    ...(files.length > 0
      ? [
          `附件（共 ${files.length} 个）：`,
          ...files.map((f, i) => `  ${i + 1}. ${f.fileName}（${formatFileSize(f.size)}）`),
          attached
            ? '附件已随本邮件发送，也可以在查询办理进度页面下载。'
            : `附件合计 ${formatFileSize(total)}，超过邮件附件大小限制（${MAIL_ATTACHMENTS_MAX_BYTES / 1024 / 1024} MB），未随本邮件发送，请在查询办理进度页面下载。`,
          '',
        ]
      : []),
    ...lookupLines(a, ctx),
    '',
    `此邮件由${a.agencyName}政府信息公开工作系统自动发送，请勿直接回复。`,
    '',
  ];
  return { subject: sentLetterSubject(a, letter), text: lines.join('\n') };
}

/**
 * Queues the mail carrying a sent letter in the caller's transaction, when the applicant gave an address;
 * `files` are the stored attachments (attached only when their total fits `MAIL_ATTACHMENTS_MAX_BYTES`).
 */
export async function notifyLetterSent(
  trx: Trx,
  a: Pick<Application, 'id' | 'agencyId' | 'agencyName' | 'serial' | 'lookupCode' | 'applicant'>,
  letter: SentLetter,
  files: readonly MailAttachment[],
  ctx: NotifyContext,
  now: string,
): Promise<boolean> {
  const to = a.applicant.email;
  if (!to) return false;
  const attached = attachmentsFitMail(files.map((f) => f.size));
  await enqueueApplicantMail(
    trx,
    a,
    to,
    letterSentMail(a, letter, attached, ctx),
    now,
    attached ? files : null,
  );
  return true;
}

/**
 * The notice of a letter that is not mailed itself (在线查看, 邮寄, 自行领取): its title, date and 文号,
 * how it reaches the applicant, and the link to the progress lookup where it can be read and downloaded.
 * No letter text, no address, no ID or phone number.
 */
export function letterNoticeMail(
  a: Pick<Application, 'agencyName' | 'serial' | 'lookupCode'>,
  letter: Pick<SentLetter, 'title' | 'sentOn' | 'docNumber'>,
  how: string,
  ctx: NotifyContext,
): MailContent {
  const lines = [
    '您好：',
    '',
    `${sentLetterLead(a, letter)}。`,
    how,
    '',
    '您可以在查询办理进度页面查看文书全文、下载 PDF 和附件：',
    ...lookupLines(a, ctx),
    '',
    `此邮件由${a.agencyName}政府信息公开工作系统自动发送，请勿直接回复。`,
    '',
  ];
  return { subject: sentLetterSubject(a, letter), text: lines.join('\n') };
}

/** Queues the notice of a letter (`letterNoticeMail`) in the caller's transaction, when an address was given. */
export async function notifyLetterNotice(
  trx: Trx,
  a: Pick<Application, 'id' | 'agencyId' | 'agencyName' | 'serial' | 'lookupCode' | 'applicant'>,
  letter: Pick<SentLetter, 'title' | 'sentOn' | 'docNumber'>,
  how: string,
  ctx: NotifyContext,
  now: string,
): Promise<boolean> {
  const to = a.applicant.email;
  if (!to) return false;
  await enqueueApplicantMail(trx, a, to, letterNoticeMail(a, letter, how, ctx), now);
  return true;
}

/** Queues the step's message to the applicant in the caller's transaction, when an address was given. */
export async function notifyApplicant(
  trx: Trx,
  a: Pick<Application, 'id' | 'agencyId' | 'agencyName' | 'serial' | 'lookupCode' | 'applicant'>,
  step: NotifiedStep,
  d: Deadlines,
  ctx: NotifyContext,
  now: string,
  extra: Parameters<typeof applicantMail>[4] = {},
): Promise<void> {
  const to = a.applicant.email;
  if (!to) return;
  const mail = applicantMail(a, step, d, ctx, extra);
  if (mail) await enqueueApplicantMail(trx, a, to, mail, now);
}

/** Queues one mail to the applicant of an application, in the caller's transaction. */
async function enqueueApplicantMail(
  trx: Trx,
  a: Pick<Application, 'id' | 'agencyId'>,
  to: string,
  mail: { subject: string; text: string },
  now: string,
  attachments?: readonly MailAttachment[] | null,
): Promise<void> {
  const { subject, text } = mail;
  const message = {
    kind: 'applicant',
    to,
    subject,
    text,
    applicationId: a.id,
    agencyId: a.agencyId,
  } as const;
  await enqueueMail(trx, { ...message, attachments: attachments ?? null }, now);
}
