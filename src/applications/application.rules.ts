/**
 * Pure rules of the applications capability (依申请公开) outside the timeline engine: the application form
 * (《政府信息公开条例》第二十九条), masking of personal data, the 查询码, repeat detection, the outcome rows
 * of the year's report format and the legal basis suggested for each outcome.
 */
import { randomInt } from 'node:crypto';
import { isIsoDate } from '../calendar/dates.ts';
import { APPLICANT_KINDS } from '../reports/format/types.ts';
import {
  type AnswerOutcome,
  DENIED_GROUNDS,
  NOT_PROCESSED_REASONS,
  outcomeLabel,
  type ReceiptChannel,
  UNABLE_REASONS,
} from './rules/timeline.ts';

// ---------------------------------------------------------------------------------------------------------
// Vocabularies

/** The annual report's applicant columns (docs/domain/report-formats.md#columns): 自然人, then 法人或其他组织 in five kinds. */
export const APPLICANT_TYPES = APPLICANT_KINDS;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const APPLICANT_TYPE_LABELS: Readonly<Record<ApplicantType, string>> = {
  naturalPerson: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  publicInterest: '社会公益组织',
  legalService: '法律服务机构',
  otherOrg: '其他组织',
};
export const ORG_TYPES = APPLICANT_TYPES.filter((t) => t !== 'naturalPerson');

export const ID_DOC_TYPES = ['resident_id', 'other'] as const;
export type IdDocType = (typeof ID_DOC_TYPES)[number];

export const FORMS_WANTED = ['paper', 'email', 'disc', 'inspect'] as const;
export type FormWanted = (typeof FORMS_WANTED)[number];
export const FORM_WANTED_LABELS: Readonly<Record<FormWanted, string>> = {
  paper: '纸质',
  email: '电子邮件',
  disc: '光盘',
  inspect: '当场查阅、抄录',
};

export const DELIVERY_METHODS = ['post', 'pickup', 'email', 'online'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_LABELS: Readonly<Record<DeliveryMethod, string>> = {
  post: '邮寄',
  pickup: '自行领取',
  email: '电子邮件',
  online: '在线查看（政府网站）',
};

export const CHANNELS: readonly ReceiptChannel[] = [
  'in_person',
  'post_signed',
  'post_plain',
  'fax',
  'email',
  'oral',
  'online',
];
export const CHANNEL_LABELS: Readonly<Record<ReceiptChannel, string>> = {
  in_person: '当面提交',
  post_signed: '邮寄（需签收）',
  post_plain: '平常信函',
  fax: '传真',
  email: '电子邮件',
  online: '网上申请',
  oral: '口头提出（工作人员代为填写）',
};

// ---------------------------------------------------------------------------------------------------------
// The application form

/** What the applicant tells us (Art. 29 (一)–(三)); the same for the online form, clerks and the API. */
export interface ApplicantInput {
  readonly applicantType: ApplicantType;
  readonly applicantName: string;
  readonly idDocType: IdDocType | null;
  /** Name of the other document when `idDocType` is `other` (护照、港澳居民来往内地通行证…). */
  readonly idDocName: string | null;
  readonly idDocNumber: string | null;
  readonly creditCode: string | null;
  /** 联系人 of an organisation. */
  readonly contactPerson: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: string | null;
  readonly postcode: string | null;
  readonly request: string;
  readonly purpose: string | null;
  readonly formWanted: FormWanted;
  readonly delivery: DeliveryMethod;
}

/** Form field names, in the order the form shows them (the error summary follows it). */
export const APPLICANT_FIELDS = [
  'applicantType',
  'applicantName',
  'idDocType',
  'idDocName',
  'idDocNumber',
  'creditCode',
  'contactPerson',
  'phone',
  'email',
  'address',
  'postcode',
  'request',
  'purpose',
  'formWanted',
  'delivery',
] as const;

export const REQUEST_MAX_LENGTH = 2000;

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

/** The answers as form values again (to re-show a form or keep them in hidden fields). */
export function applicantToValues(a: ApplicantInput): Record<string, string> {
  return {
    applicantType: a.applicantType,
    applicantName: a.applicantName,
    idDocType: a.idDocType ?? '',
    idDocName: a.idDocName ?? '',
    idDocNumber: a.idDocNumber ?? '',
    creditCode: a.creditCode ?? '',
    contactPerson: a.contactPerson ?? '',
    phone: a.phone ?? '',
    email: a.email ?? '',
    address: a.address ?? '',
    postcode: a.postcode ?? '',
    request: a.request,
    purpose: a.purpose ?? '',
    formWanted: a.formWanted,
    delivery: a.delivery,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Receipt (clerk registration)

export interface ReceiptInput {
  readonly channel: ReceiptChannel;
  readonly submittedOn: string;
  readonly signedOn: string | null;
  readonly confirmedOn: string | null;
}

export const RECEIPT_FIELDS = ['channel', 'submittedOn', 'signedOn', 'confirmedOn'] as const;

/** Parses a date typed as 2026-11-25, 2026/11/25, 2026.11.25 or 2026年11月25日; null when not a real date. */
export function parseDateInput(raw: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw.trim());
  if (!m) return null;
  const iso = `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

// ---------------------------------------------------------------------------------------------------------
// Personal information

/** 居民身份证号码 or another document number, masked for lists and exports: `220102**********1X`→ first 3, last 4. */
export function maskIdNumber(n: string | null): string {
  if (!n) return '';
  if (n.length <= 4) return '*'.repeat(n.length);
  const head = n.length >= 10 ? n.slice(0, 3) : '';
  return `${head}${'*'.repeat(n.length - head.length - 4)}${n.slice(-4)}`;
}

/** A phone number masked as 138****5678 (digits only are kept). */
export function maskPhone(p: string | null): string {
  if (!p) return '';
  const digits = p.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** The last four characters of a phone number (digits) or ID number, for the public lookup. */
export function lastFour(s: string | null): string | null {
  if (!s) return null;
  const clean = s.replace(/[\s\-()（）]/g, '').toUpperCase();
  return clean.length >= 4 ? clean.slice(-4) : null;
}

// ---------------------------------------------------------------------------------------------------------
// 查询码

/** Crockford-style alphabet without I, L, O, U: nothing to misread on paper. */
export const LOOKUP_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters of 5 bits: 60 bits, unguessable within any rate limit. */
export const LOOKUP_CODE_LENGTH = 12;

/** A new random 查询码, shown as `XXXX-XXXX-XXXX`, stored without dashes. */
export function newLookupCode(): string {
  let s = '';
  for (let i = 0; i < LOOKUP_CODE_LENGTH; i++) s += LOOKUP_ALPHABET[randomInt(LOOKUP_ALPHABET.length)];
  return s;
}

export function formatLookupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/** Normalises a typed 查询码 (case, dashes, spaces, O→0, I/L→1); null when it cannot be one. */
export function normalizeLookupCode(raw: string): string | null {
  const s = raw
    .toUpperCase()
    .replace(/[\s\-－—_]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (s.length !== LOOKUP_CODE_LENGTH) return null;
  for (const c of s) if (!LOOKUP_ALPHABET.includes(c)) return null;
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Repeat detection (Art. 36 (六))

/** Two requests are "for the same information" when their character-bigram Dice similarity reaches this. */
export const REPEAT_SIMILARITY = 0.6;

function bigrams(s: string): Map<string, number> {
  const clean = s.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
  const out = new Map<string, number>();
  for (let i = 0; i < clean.length - 1; i++) {
    const g = clean.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  if (clean.length === 1) out.set(clean, 1);
  return out;
}

/** Dice coefficient over character bigrams (0–1), robust to punctuation and spacing. */
export function requestSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let total = 0;
  let common = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [g, n] of x) common += Math.min(n, y.get(g) ?? 0);
  return total === 0 ? 0 : (2 * common) / total;
}

/** The key identifying an applicant across applications: ID number, credit code, or name + phone. */
export function applicantKey(a: {
  idDocNumber: string | null;
  creditCode: string | null;
  applicantName: string;
  phone: string | null;
}): string {
  if (a.creditCode) return `uscc:${a.creditCode}`;
  if (a.idDocNumber) return `id:${a.idDocNumber}`;
  return `name:${a.applicantName}|${(a.phone ?? '').replace(/\D/g, '')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Outcomes: the report rows of the year's format, with a legal basis

export type ReportFormatYear = '2019' | '2021';

/** The report format a year's figures are counted in (docs/domain/report-formats.md#which-format). */
export function formatOfYear(year: number): ReportFormatYear {
  return year <= 2020 ? '2019' : '2021';
}

export interface OutcomeOption {
  readonly value: AnswerOutcome;
  /** The row as in the report, e.g. （三）不予公开 4.保护第三方合法权益. */
  readonly label: string;
  readonly basis: string;
}

const REG = '《中华人民共和国政府信息公开条例》';

const BASIS: Readonly<Record<string, string>> = {
  granted: `${REG}第三十六条第（二）项`,
  partial: `${REG}第三十七条`,
  'denied.stateSecret': `${REG}第十四条、第三十六条第（三）项`,
  'denied.lawForbidden': `${REG}第十四条、第三十六条第（三）项`,
  'denied.threeSafetyOneStability': `${REG}第十四条、第三十六条第（三）项`,
  'denied.thirdParty': `${REG}第十五条、第三十二条、第三十六条第（三）项`,
  'denied.internalAffairs': `${REG}第十六条第一款、第三十六条第（三）项`,
  'denied.processInfo': `${REG}第十六条第二款、第三十六条第（三）项`,
  'denied.enforcementFile': `${REG}第十六条第二款、第三十六条第（三）项`,
  'denied.queryMatter': `${REG}第三十六条第（七）项`,
  'unable.notHeld': `${REG}第三十六条第（四）项`,
  'unable.needCreation': `${REG}第三十八条`,
  'unable.unclearAfterCorrection': `${REG}第三十条`,
  'notProcessed.petition': `${REG}第三十九条第一款`,
  'notProcessed.repeat': `${REG}第三十六条第（六）项`,
  'notProcessed.publication': `${REG}第三十九条第二款`,
  'notProcessed.massRepeat': `${REG}第三十五条`,
  'notProcessed.confirmAgain': `${REG}第三十六条第（六）项`,
  'other.misc': REG,
};

/** The legal basis suggested for an outcome (the clerk may refine it, e.g. 第三十六条第（一）项). */
export function defaultBasis(outcome: string): string {
  return BASIS[outcome] ?? REG;
}

/** The answer outcomes of a year's format, labelled as the report rows. 2019: one 其他处理 row; 2021: 3.其他. */
export function outcomeOptions(year: number): readonly OutcomeOption[] {
  const f = formatOfYear(year);
  const row = (value: AnswerOutcome, label: string): OutcomeOption => ({
    value,
    label,
    basis: defaultBasis(value),
  });
  const strip = (v: AnswerOutcome) => outcomeLabel(v).replace(/^.*（(.*)）$/, '$1');
  return [
    row('granted', '（一）予以公开'),
    row('partial', '（二）部分公开'),
    ...DENIED_GROUNDS.map((g, i) => row(`denied.${g}`, `（三）不予公开 ${i + 1}.${strip(`denied.${g}`)}`)),
    ...UNABLE_REASONS.map((g, i) => row(`unable.${g}`, `（四）无法提供 ${i + 1}.${strip(`unable.${g}`)}`)),
    ...NOT_PROCESSED_REASONS.map((g, i) =>
      row(`notProcessed.${g}`, `（五）不予处理 ${i + 1}.${strip(`notProcessed.${g}`)}`),
    ),
    row('other.misc', f === '2019' ? '（六）其他处理' : '（六）其他处理 3.其他'),
  ];
}

/** Whether an outcome is a refusal that must state its reason and the remedies (Art. 36 (三)–(七), 37…). */
export function isRefusal(outcome: string): boolean {
  return outcome !== 'granted' && outcome !== 'withdrawn';
}

/** Whether 行政复议 must come first (行政复议法 2023 第二十三条第一款第（四）项): 不予公开, incl. the part withheld. */
export function reconsiderationFirst(outcome: string): boolean {
  return outcome.startsWith('denied.') || outcome === 'partial';
}
