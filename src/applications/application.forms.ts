/**
 * The forms of the applications capability as zod schemas, one per form, parsed with `parseForm` (field-keyed
 * Chinese messages in form order, the answers kept). The application form (《政府信息公开条例》第二十九条)
 * is the same for the online form, the clerk's registration and the API; its rules depend on each other
 * (the applicant type decides which identity fields apply), so they are checked together in one step.
 */
import { z } from 'zod';
import { checkResidentIdNumber, checkUnifiedSocialCreditCode, normalizeCode } from '../shared/identifiers.ts';
import {
  APPLICANT_FIELDS,
  APPLICANT_TYPES,
  type ApplicantInput,
  CHANNELS,
  DELIVERY_METHODS,
  FORMS_WANTED,
  ID_DOC_TYPES,
  type IdDocType,
  normalizeLookupCode,
  parseDateInput,
  RECEIPT_FIELDS,
  REQUEST_MAX_LENGTH,
  type ReceiptInput,
} from './application.rules.ts';
import { type LetterSeal, parseLetterSeal } from './letters.ts';

const PHONE = /^[0-9+\-()（）\s转]{7,30}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Values = Readonly<Record<string, string>>;
type Issues = Record<string, string>;

/** A form object whose fields are all strings (parseForm gives '' for a missing one). */
const strings = <const F extends readonly string[]>(fields: F) =>
  z.object(Object.fromEntries(fields.map((f) => [f, z.string()])) as { [K in F[number]]: z.ZodString });

const oneOf = <T extends string>(list: readonly T[], v: string): T | null =>
  (list as readonly string[]).includes(v) ? (v as T) : null;

/** Reports the collected messages as zod issues (first per field), or returns the value. */
function settle<T>(issues: Issues, value: T | null, ctx: z.RefinementCtx): T {
  for (const [field, message] of Object.entries(issues))
    ctx.addIssue({ code: 'custom', path: [field], message });
  return (Object.keys(issues).length > 0 || value === null ? z.NEVER : value) as T;
}

/** The applicant's answers; `today` bounds the birth date of a 居民身份证号码. */
function checkApplicant(raw: Values, today: string, errors: Issues): ApplicantInput | null {
  const text = (key: string) => (raw[key] ?? '').trim();
  const applicantType = oneOf(APPLICANT_TYPES, text('applicantType'));
  if (!applicantType) errors.applicantType = '请选择申请人类型：自然人，或法人或者其他组织的类别';
  const person = applicantType === 'naturalPerson';
  const applicantName = text('applicantName');
  if (applicantName === '')
    errors.applicantName = person || !applicantType ? '请填写申请人姓名' : '请填写法人或者其他组织的名称';
  else if (applicantName.length > 100) errors.applicantName = '申请人姓名或名称不能超过 100 个字';

  let idDocType: IdDocType | null = null;
  let idDocName: string | null = null;
  let idDocNumber: string | null = null;
  let creditCode: string | null = null;
  let contactPerson: string | null = null;
  if (person || !applicantType) {
    idDocType = oneOf(ID_DOC_TYPES, text('idDocType'));
    if (!idDocType && person) errors.idDocType = '请选择身份证明的种类：居民身份证或其他身份证明';
    if (idDocType === 'resident_id') {
      const n = normalizeCode(text('idDocNumber'));
      const msg = checkResidentIdNumber(n, today);
      if (msg) errors.idDocNumber = msg.replace(/。$/, '');
      idDocNumber = n;
    } else if (idDocType === 'other') {
      idDocName = text('idDocName') || null;
      if (!idDocName) errors.idDocName = '请填写身份证明的名称，例如护照、港澳居民来往内地通行证';
      else if (idDocName.length > 40) errors.idDocName = '身份证明名称不能超过 40 个字';
      const n = text('idDocNumber');
      if (n === '') errors.idDocNumber = '请填写身份证明的号码';
      else if (n.length > 40 || !/^[0-9A-Za-z\-()（）\s]+$/.test(n))
        errors.idDocNumber = '身份证明号码只能包含字母、数字和 - ( )，不超过 40 位';
      idDocNumber = n.replace(/\s+/g, '').toUpperCase();
    }
  } else {
    const c = normalizeCode(text('creditCode'));
    const msg = checkUnifiedSocialCreditCode(c);
    if (msg) errors.creditCode = msg.replace(/。$/, '');
    creditCode = c;
    contactPerson = text('contactPerson') || null;
    if (!contactPerson) errors.contactPerson = '请填写联系人姓名';
    else if (contactPerson.length > 50) errors.contactPerson = '联系人姓名不能超过 50 个字';
  }

  const phone = text('phone') || null;
  if (phone === null) errors.phone = '请填写联系电话，以便工作人员与您确认申请';
  else if (!PHONE.test(phone)) errors.phone = '联系电话只能包含数字、空格和 - ( ) +，7 至 30 位';
  const email = text('email') || null;
  if (email !== null && (!EMAIL.test(email) || email.length > 120))
    errors.email = '电子邮箱格式不正确，例如 zhangsan@example.com';
  const address = text('address') || null;
  if (address !== null && address.length > 200) errors.address = '通信地址不能超过 200 个字';
  const postcode = text('postcode') || null;
  if (postcode !== null && !/^\d{6}$/.test(postcode)) errors.postcode = '邮政编码应为 6 位数字';

  const request = text('request');
  if (request === '') errors.request = '请填写所需政府信息的名称、文号或者便于查询的其他特征性描述';
  else if (request.length < 4) errors.request = '所需政府信息的描述过短，请写明名称、文号或其他特征';
  else if (request.length > REQUEST_MAX_LENGTH)
    errors.request = `所需政府信息的描述不能超过 ${REQUEST_MAX_LENGTH} 个字`;
  const purpose = text('purpose') || null;
  if (purpose !== null && purpose.length > 500) errors.purpose = '用途说明不能超过 500 个字';

  const formWanted = oneOf(FORMS_WANTED, text('formWanted'));
  if (!formWanted) errors.formWanted = '请选择所需信息的形式：纸质、电子邮件、光盘或当场查阅';
  const delivery = oneOf(DELIVERY_METHODS, text('delivery'));
  if (!delivery) errors.delivery = '请选择获取信息的方式：邮寄、自行领取、电子邮件或在线查看';
  if ((delivery === 'email' || formWanted === 'email') && email === null && !errors.email)
    errors.email = '选择以电子邮件获取信息的，请填写电子邮箱';
  if (delivery === 'post' && address === null) errors.address = '选择邮寄的，请填写通信地址';
  if (!applicantType || !formWanted || !delivery) return null;
  return {
    applicantType,
    applicantName,
    idDocType,
    idDocName,
    idDocNumber,
    creditCode,
    contactPerson,
    phone,
    email,
    address,
    postcode,
    request,
    purpose,
    formWanted,
    delivery,
  };
}

const CLERK_CHANNELS = CHANNELS.filter((c) => c !== 'online');

/** How and when a clerk received an application (Art. 31). */
function checkReceipt(raw: Values, today: string, errors: Issues): ReceiptInput | null {
  const channel = oneOf(CLERK_CHANNELS, (raw.channel ?? '').trim());
  if (!channel) errors.channel = '请选择申请的提交方式';
  const date = (key: string, label: string, required: boolean): string | null => {
    const typed = (raw[key] ?? '').trim();
    if (typed === '') {
      if (required) errors[key] = `请填写${label}`;
      return null;
    }
    const d = parseDateInput(typed);
    if (!d) errors[key] = `${label}“${typed}”不是有效日期，请按 2026-11-25 的格式填写`;
    else if (d > today) errors[key] = `${label}不能晚于今天`;
    return d;
  };
  const submittedOn = date('submittedOn', '提交日期', true);
  const signedOn = channel === 'post_signed' ? date('signedOn', '签收日期', true) : null;
  const confirmedOn =
    channel === 'post_plain' || channel === 'fax' || channel === 'email'
      ? date('confirmedOn', '确认日期', false)
      : null;
  if (submittedOn && signedOn && signedOn < submittedOn) errors.signedOn = '签收日期不能早于提交日期';
  if (submittedOn && confirmedOn && confirmedOn < submittedOn)
    errors.confirmedOn = '确认日期不能早于提交日期';
  return channel && submittedOn ? { channel, submittedOn, signedOn, confirmedOn } : null;
}

/** The application form (online form, check page, send). */
export const applicantSchema = (today: string) =>
  strings(APPLICANT_FIELDS).transform((v, ctx) => {
    const errors: Issues = {};
    return settle(errors, checkApplicant(v, today, errors), ctx);
  });

export const REGISTER_FIELDS = [...RECEIPT_FIELDS, ...APPLICANT_FIELDS] as const;

/** The clerk's registration (and the API's): the receipt, then the applicant's answers. */
export const registerSchema = (today: string) =>
  strings(REGISTER_FIELDS).transform((v, ctx) => {
    const errors: Issues = {};
    const receipt = checkReceipt(v, today, errors);
    const applicant = checkApplicant(v, today, errors);
    return settle(errors, receipt && applicant ? { receipt, applicant } : null, ctx);
  });

export const LETTER_FIELDS = ['title', 'body'] as const;

/** Editing a draft letter. */
export const letterSchema = z.object({
  title: z.string().trim().min(1, '请填写标题（不超过 100 个字）').max(100, '请填写标题（不超过 100 个字）'),
  body: z
    .string()
    .transform((s) => s.replace(/\r\n/g, '\n').trim())
    .pipe(z.string().min(1, '请填写正文（不超过 20000 个字）').max(20000, '请填写正文（不超过 20000 个字）')),
});

export const SEND_FIELDS = ['sentOn', 'seal'] as const;

/** Sending an approved letter: the day it went out (from the day of receipt up to today) and its seal. */
export const sendSchema = (today: string, receivedOn: string | null) =>
  z.object({
    sentOn: z.string().transform((raw, ctx) => {
      const d = parseDateInput(raw);
      if (d && d <= today && !(receivedOn && d < receivedOn)) return d;
      ctx.addIssue({ code: 'custom', message: '发出日期应为收到申请之日至今天之间的有效日期' });
      return z.NEVER;
    }),
    seal: z.string().transform((raw, ctx): LetterSeal => {
      const seal = parseLetterSeal(raw);
      if (seal) return seal;
      ctx.addIssue({ code: 'custom', message: '请选择文书的用印情况' });
      return z.NEVER;
    }),
  });

export const LOOKUP_FIELDS = ['code', 'last4'] as const;

/** The public progress lookup: the 查询码 and the last 4 characters of the phone or ID number. */
export const lookupSchema = z.object({
  code: z.string().transform((raw, ctx) => {
    const code = normalizeLookupCode(raw);
    if (code) return code;
    ctx.addIssue({ code: 'custom', message: '请填写 12 位查询码，例如 AB12-CD34-EF56' });
    return z.NEVER;
  }),
  last4: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.string().regex(/^[0-9X]{4}$/, '请填写联系电话或证件号码的后 4 位（数字或 X）')),
});
