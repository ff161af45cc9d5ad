/**
 * Reply letters and notices (docs/domain/letters.md): one template per Art. 36 situation and for 补正, extension, fee and
 * third-party notices, filled from the case. Pure: the caller passes everything the letter needs. The text
 * is a draft the clerk may edit; the reviewer approves it before it is sent.
 *
 * Every reply states the remedies (the grants too: an applicant may contest what was provided) — 行政复议
 * within RECONSIDERATION_DAYS (行政复议法第二十条), 行政诉讼 within LITIGATION_MONTHS (行政诉讼法第四十六条),
 * both from rules/statute.ts — and every refusal
 * states its reason; for 不予公开 (incl. the withheld part of 部分公开) the letter says
 * that 行政复议 must come first (行政复议法 2023 第二十三条第一款第（四）项、第二款).
 */
import { formatChineseDate } from '../calendar/dates.ts';
import type { ApplicantType } from './application.rules.ts';
import type { FeeResult } from './rules/fees.ts';
import {
  ART32_CONSULTATION_WORKING_DAYS,
  chineseNumeral,
  FEE_PAYMENT_WORKING_DAYS,
  LITIGATION_AFTER_RECONSIDERATION_DAYS,
  LITIGATION_MONTHS,
  RECONSIDERATION_DAYS,
} from './rules/statute.ts';
import { outcomeLabel } from './rules/timeline.ts';

const REG = '《中华人民共和国政府信息公开条例》';

export const LETTER_KINDS = [
  'granted_published',
  'granted',
  'partial',
  'denied',
  'not_exist',
  'not_ours',
  'repeat',
  'special_law',
  'not_processed',
  'unable',
  'correction',
  'extension',
  'fee',
  'third_party',
  'third_party_decision',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const LETTER_TITLES: Readonly<Record<LetterKind, string>> = {
  granted_published: '政府信息公开告知书（已主动公开）',
  granted: '政府信息公开告知书',
  partial: '政府信息部分公开告知书',
  denied: '政府信息不予公开告知书',
  not_exist: '政府信息不存在告知书',
  not_ours: '非本机关政府信息告知书',
  repeat: '不予重复处理告知书',
  special_law: '依照有关法律、行政法规办理告知书',
  not_processed: '不予处理告知书',
  unable: '无法提供政府信息告知书',
  correction: '补正申请通知书',
  extension: '延期答复告知书',
  fee: '信息处理费收费通知书',
  third_party: '政府信息公开征求第三方意见书',
  third_party_decision: '政府信息公开决定告知书（致第三方）',
};

export interface LetterContext {
  readonly agencyName: string;
  /** 行政复议机关 (reviewBodyFor). */
  readonly reviewBody: string;
  /** 主送 of a reply: the applicant's name (自然人) or the organisation's full name (法人或者其他组织). */
  readonly applicantName: string;
  /** Decides how the letter addresses the applicant (`addressOf`). */
  readonly applicantType: ApplicantType;
  readonly serial: string;
  readonly receivedOn: string | null;
  readonly request: string;
  readonly today: string;
  readonly outcome: string | null;
  readonly basis: string | null;
  readonly replyDue: string | null;
  readonly correctionDue: string | null;
  readonly extension: { readonly workingDays: number; readonly newDue: string | null } | null;
  readonly fee: (FeeResult & { readonly payBy: string | null }) | null;
  readonly thirdParty: string | null;
  readonly officePhone: string | null;
  readonly officeAddress: string | null;
}

/**
 * How a letter addresses its addressee in the text: “您” a natural person, “你单位” a legal person or other
 * organisation (the usage of agencies' 答复书; never the catch-all “您（单位）”).
 */
export function addressOf(type: ApplicantType): '您' | '你单位' {
  return type === 'naturalPerson' ? '您' : '你单位';
}

/** Endings of organisations' names; the one-character ones count only on names longer than a person's. */
const ORGANISATION_ENDING =
  /(公司|企业|集团|中心|委员会|协会|学会|商会|基金会|研究院|研究所|学院|学校|大学|医院|银行|事务所|合作社|工作室)$/;
const ORGANISATION_ENDING_SHORT = /[局厅部处办院所会社厂店站队馆行]$/;

/**
 * How a notice to a third party addresses it; the case records the third party's name only, so an
 * organisation is recognised by the ending of its name and an unknown party is “你方”.
 */
export function addressOfThirdParty(name: string | null): '您' | '你单位' | '你方' {
  const n = name?.trim() ?? '';
  if (!n) return '你方';
  const organisation = ORGANISATION_ENDING.test(n) || (n.length > 4 && ORGANISATION_ENDING_SHORT.test(n));
  return organisation ? '你单位' : '您';
}

function cn(d: string | null): string {
  return d ? formatChineseDate(d) : '____年__月__日';
}

/** The letter suggested for an outcome (the clerk may pick another, e.g. 非本机关政府信息 for 不掌握). */
export function letterKindForOutcome(outcome: string): LetterKind {
  if (outcome === 'granted') return 'granted';
  if (outcome === 'partial') return 'partial';
  if (outcome === 'denied.queryMatter') return 'special_law';
  if (outcome.startsWith('denied.')) return 'denied';
  if (outcome === 'unable.notHeld') return 'not_exist';
  if (outcome.startsWith('unable.')) return 'unable';
  if (outcome === 'notProcessed.repeat') return 'repeat';
  return 'not_processed';
}

/** Whether a letter kind is a refusal (states reason and remedies). */
export function isRefusalLetter(kind: LetterKind): boolean {
  return ![
    'granted_published',
    'granted',
    'correction',
    'extension',
    'fee',
    'third_party',
    'third_party_decision',
  ].includes(kind);
}

/** The remedies paragraph; `reconsiderationFirst` for 不予公开 (行政复议法第二十三条). */
export function remediesParagraph(reviewBody: string, reconsiderationFirst: boolean): string {
  const reconsiderationDays = `${chineseNumeral(RECONSIDERATION_DAYS)}日`;
  if (reconsiderationFirst) {
    return `根据《中华人民共和国行政复议法》第二十三条的规定，对本机关不予公开政府信息的决定不服的，应当先向${reviewBody}申请行政复议，申请期限为自收到本告知书之日起${reconsiderationDays}内；对行政复议决定不服的，可以自收到行政复议决定书之日起${chineseNumeral(LITIGATION_AFTER_RECONSIDERATION_DAYS)}日内依法向人民法院提起行政诉讼。`;
  }
  return `如对本答复不服，可以自收到本告知书之日起${reconsiderationDays}内向${reviewBody}申请行政复议，或者自收到本告知书之日起${chineseNumeral(LITIGATION_MONTHS)}个月内依法向人民法院提起行政诉讼。`;
}

function opening(c: LetterContext): string {
  return `${c.applicantName}：\n\n本机关于${cn(c.receivedOn)}收到${addressOf(c.applicantType)}提出的政府信息公开申请（申请编号：${c.serial}），申请获取“${c.request}”。`;
}

function closing(c: LetterContext): string {
  const contact = [
    c.officeAddress ? `地址：${c.officeAddress}` : null,
    c.officePhone ? `联系电话：${c.officePhone}` : null,
  ]
    .filter(Boolean)
    .join('；');
  return `${contact ? `${contact}。\n\n` : ''}特此告知。\n\n${c.agencyName}\n${cn(c.today)}`;
}

/** The filled draft of a letter: title and body (paragraphs separated by blank lines). */
export function draftLetter(kind: LetterKind, c: LetterContext): { title: string; body: string } {
  const title = LETTER_TITLES[kind];
  const basis = c.basis ?? REG;
  const reason = c.outcome ? outcomeLabel(c.outcome as Parameters<typeof outcomeLabel>[0]) : '';
  const remedies = (first: boolean) => remediesParagraph(c.reviewBody, first);
  const y = addressOf(c.applicantType);
  let middle: string;
  switch (kind) {
    case 'granted_published':
      middle = `经审查，${y}申请的政府信息已经主动公开。根据${REG}第三十六条第（一）项的规定，现告知${y}获取该政府信息的方式和途径：可通过本机关政府信息公开专栏查阅，或到本机关政府信息查阅场所查阅。\n\n${remedies(false)}`;
      break;
    case 'granted':
      middle = `经审查，${y}申请的政府信息属于可以公开的政府信息。根据${basis}的规定，现向${y}提供该政府信息（见附件），或请${y}于____年__月__日前到本机关获取。\n\n${remedies(false)}`;
      break;
    case 'partial':
      middle = `经审查，${y}申请的政府信息中含有不应当公开的内容，但能够作区分处理。根据${basis}的规定，本机关向${y}提供可以公开的内容（见附件）；对不予公开的部分，理由如下：__________（请写明不予公开的具体理由及依据）。\n\n${remedies(true)}`;
      break;
    case 'denied':
      middle = `经审查，${y}申请的政府信息${reason.replace(/^不予公开（(.*)）$/, '$1')}。根据${basis}的规定，本机关决定不予公开。理由如下：__________（请写明不予公开的具体理由）。\n\n${remedies(true)}`;
      break;
    case 'not_exist':
      middle = `经检索，本机关没有${y}所申请公开的政府信息。根据${REG}第三十六条第（四）项的规定，告知${y}该政府信息不存在。\n\n${remedies(false)}`;
      break;
    case 'not_ours':
      middle = `经审查，${y}申请的政府信息不属于本机关负责公开。根据${REG}第三十六条第（五）项的规定，告知${y}：该政府信息由__________负责公开，联系方式：__________。\n\n${remedies(false)}`;
      break;
    case 'repeat':
      middle = `经审查，本机关已就${y}提出的相同政府信息公开申请作出答复，${y}重复申请公开相同政府信息。根据${REG}第三十六条第（六）项的规定，告知${y}本机关不予重复处理。\n\n${remedies(false)}`;
      break;
    case 'special_law':
      middle = `经审查，${y}申请的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。根据${REG}第三十六条第（七）项的规定，请${y}依照有关法律、行政法规的规定办理。\n\n${remedies(false)}`;
      break;
    case 'not_processed':
      middle = `经审查，${y}的申请属于“${reason.replace(/^不予处理（(.*)）$/, '$1')}”的情形。根据${basis}的规定，本机关不作为政府信息公开申请处理。理由如下：__________。\n\n${remedies(false)}`;
      break;
    case 'unable':
      middle = `经审查，${reason.replace(/^无法提供（(.*)）$/, '$1')}。根据${basis}的规定，本机关无法向${y}提供所申请的政府信息。理由如下：__________。\n\n${remedies(false)}`;
      break;
    case 'correction':
      middle = `经审查，${y}的申请内容不明确。根据${REG}第三十条的规定，请${y}对以下事项作出补正：__________（说明需要补正的事项）。\n\n请${y}于${cn(c.correctionDue)}前向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。`;
      break;
    case 'extension': {
      const e = c.extension;
      middle = `因__________（说明需要延期的理由），本机关不能在法定期限内答复。根据${REG}第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长${e?.workingDays ?? '__'}个工作日，本机关将于${cn(e?.newDue ?? null)}前作出答复。`;
      break;
    }
    case 'fee': {
      const f = c.fee;
      const lines = f ? f.lines.map((l) => l.text).join('\n') : '';
      middle = `${y}申请公开政府信息的数量、频次明显超过合理范围。根据${REG}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定收取信息处理费。\n\n收费依据和标准：\n${lines}\n\n应缴金额：人民币${f?.amount ?? '____'}元。请${y}在收到本通知次日起${FEE_PAYMENT_WORKING_DAYS}个工作日内（即${cn(f?.payBy ?? null)}前）按以下方式缴纳：__________。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`;
      break;
    }
    case 'third_party': {
      const t = addressOfThirdParty(c.thirdParty);
      return {
        title,
        body: `${c.thirdParty ?? '__________'}：\n\n本机关于${cn(c.receivedOn)}收到一份政府信息公开申请（申请编号：${c.serial}），申请获取“${c.request}”。该信息的公开可能损害${t}的合法权益。根据${REG}第三十二条的规定，现书面征求${t}的意见。\n\n请${t}自收到本征求意见书之日起${ART32_CONSULTATION_WORKING_DAYS}个工作日内提出书面意见。逾期未提出意见的，由本机关依照${REG}的规定决定是否公开。\n\n${closing(c)}`,
      };
    }
    case 'third_party_decision': {
      const t = addressOfThirdParty(c.thirdParty);
      return {
        title,
        body: `${c.thirdParty ?? '__________'}：\n\n本机关就政府信息公开申请（申请编号：${c.serial}）征求了${t}的意见。本机关认为不公开可能对公共利益造成重大影响，根据${REG}第三十二条的规定，决定予以公开。决定公开的内容：__________；理由：__________。\n\n${remedies(false)}\n\n${closing(c)}`,
      };
    }
  }
  return { title, body: `${opening(c)}\n\n${middle}\n\n${closing(c)}` };
}

/** How a letter was sealed when it was sent: 电子印章, 纸质文书加盖公章, or not sealed (docs/domain/letters.md#seal; indicator A06). */
export const LETTER_SEALS = ['electronic', 'paper', 'none'] as const;
export type LetterSeal = (typeof LETTER_SEALS)[number];
export const LETTER_SEAL_LABELS: Readonly<Record<LetterSeal, string>> = {
  electronic: '加盖电子印章',
  paper: '纸质文书加盖本机关公章',
  none: '未加盖印章',
};

/** The seal a form or a row names, or null when it names none of them. */
export function parseLetterSeal(raw: string | null | undefined): LetterSeal | null {
  return LETTER_SEALS.find((s) => s === raw) ?? null;
}
