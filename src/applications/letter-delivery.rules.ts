/**
 * How a sent letter reaches the applicant (pure): the delivery method chosen when the clerk records the
 * letter as sent, and for paper the 快递单号 and carrier (邮寄) or the day it was collected (自行领取, may be
 * recorded later). Also the proof a browser keeps after the public lookup check (查询码 + last 4).
 */
import {
  DELIVERY_LABELS,
  DELIVERY_METHODS,
  type DeliveryMethod,
  parseDateInput,
} from './application.rules.ts';

export { DELIVERY_LABELS, DELIVERY_METHODS, type DeliveryMethod };

/** The recorded delivery of one sent letter. */
export interface LetterDelivery {
  readonly letterId: number;
  readonly method: DeliveryMethod;
  /** 承运单位 of a posted letter, e.g. 中国邮政 EMS. */
  readonly carrier: string | null;
  /** 快递单号 of a posted letter. */
  readonly trackingNumber: string | null;
  /** The day the applicant collected a letter held for pick-up; null while waiting. */
  readonly collectedOn: string | null;
  /** The outbox message that carried the letter or its notice, when one was queued. */
  readonly outboxId: number | null;
}

/** How a sent letter reached the applicant, as the staff's pages show it. */
export interface DeliveryView extends LetterDelivery {
  readonly summary: string;
  /** The state of the mail that carried the letter or its notice, in Chinese; null when none was queued. */
  readonly mailStatus: string | null;
  /** The mail waits in the outbox because no mail server is configured. */
  readonly mailWaiting: boolean;
}

/** The fields of the send form that say how the letter goes out. */
export const DELIVERY_FIELDS = ['delivery', 'carrier', 'trackingNumber', 'collectedOn'] as const;
/** The fields of the later record (tracking number corrected, pick-up date). */
export const DELIVERY_RECORD_FIELDS = ['carrier', 'trackingNumber', 'collectedOn'] as const;

export type DeliveryInput = Pick<LetterDelivery, 'method' | 'carrier' | 'trackingNumber' | 'collectedOn'>;

type Values = Readonly<Record<string, string | undefined>>;
type Result<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

const TRACKING = /^[A-Z0-9-]{6,40}$/;
const CARRIER_MAX = 40;

function text(v: Values, key: string): string {
  return (v[key] ?? '').trim();
}

function checkPost(v: Values, errors: Record<string, string>) {
  const carrier = text(v, 'carrier');
  if (carrier === '') errors.carrier = '请填写承运的快递公司或邮政，例如中国邮政 EMS';
  else if (carrier.length > CARRIER_MAX) errors.carrier = `快递公司名称不能超过 ${CARRIER_MAX} 个字`;
  const trackingNumber = text(v, 'trackingNumber').replace(/\s+/g, '').toUpperCase();
  if (trackingNumber === '') errors.trackingNumber = '请填写快递单号';
  else if (!TRACKING.test(trackingNumber))
    errors.trackingNumber = '快递单号只能包含字母、数字和“-”，6 至 40 位';
  return { carrier, trackingNumber };
}

/** A pick-up date: a valid date from the day the letter went out up to today. */
function checkCollected(
  v: Values,
  sentOn: string | null,
  today: string,
  required: boolean,
  errors: Record<string, string>,
): string | null {
  const raw = text(v, 'collectedOn');
  if (raw === '') {
    if (required) errors.collectedOn = '请填写申请人领取文书的日期';
    return null;
  }
  const d = parseDateInput(raw);
  if (!d || d > today || (sentOn !== null && d < sentOn)) {
    errors.collectedOn = '领取日期应为文书发出之日至今天之间的有效日期，例如 2026-11-25';
    return null;
  }
  return d;
}

/**
 * The delivery part of the send form. `sentOn` is the parsed send date (null when it was invalid: the
 * pick-up date is then only checked against today); `hasEmail` whether the applicant gave an address.
 */
export function parseDelivery(
  v: Values,
  ctx: { today: string; sentOn: string | null; hasEmail: boolean },
): Result<DeliveryInput> {
  const errors: Record<string, string> = {};
  const m = text(v, 'delivery');
  const method = (DELIVERY_METHODS as readonly string[]).includes(m) ? (m as DeliveryMethod) : null;
  if (!method) errors.delivery = '请选择送达方式：在线查看、电子邮件、邮寄或自行领取';
  if (method === 'email' && !ctx.hasEmail)
    errors.delivery = '申请人没有留下电子邮箱，不能以电子邮件送达，请选择其他送达方式';
  let carrier: string | null = null;
  let trackingNumber: string | null = null;
  let collectedOn: string | null = null;
  if (method === 'post') ({ carrier, trackingNumber } = checkPost(v, errors));
  if (method === 'pickup') collectedOn = checkCollected(v, ctx.sentOn, ctx.today, false, errors);
  if (!method || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { method, carrier, trackingNumber, collectedOn } };
}

/** The later record of a posted letter (carrier, tracking number) or a collected one (the day). */
export function parseDeliveryRecord(
  v: Values,
  current: Pick<LetterDelivery, 'method'>,
  ctx: { today: string; sentOn: string | null },
): Result<Pick<DeliveryInput, 'carrier' | 'trackingNumber' | 'collectedOn'>> {
  const errors: Record<string, string> = {};
  if (current.method === 'post') {
    const r = checkPost(v, errors);
    return Object.keys(errors).length > 0
      ? { ok: false, errors }
      : { ok: true, data: { ...r, collectedOn: null } };
  }
  if (current.method === 'pickup') {
    const collectedOn = checkCollected(v, ctx.sentOn, ctx.today, true, errors);
    return collectedOn
      ? { ok: true, data: { carrier: null, trackingNumber: null, collectedOn } }
      : { ok: false, errors };
  }
  return { ok: false, errors: { delivery: '以在线查看或电子邮件送达的文书没有需要补登的送达信息' } };
}

/** Short labels of the methods as the send form offers them. */
export const SEND_METHOD_LABELS: Readonly<Record<DeliveryMethod, string>> = {
  online: '在线查看（申请人凭查询码在“查询办理进度”页面查看和下载）',
  email: '电子邮件（同时在查询页面公开）',
  post: '邮寄（登记快递单号）',
  pickup: '自行领取（领取后登记领取日期）',
};

function cnDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** One line on how the letter was delivered, for the case page and the lookup. */
export function deliverySummary(d: DeliveryInput): string {
  switch (d.method) {
    case 'online':
      return '在线查看';
    case 'email':
      return '电子邮件';
    case 'post':
      return `邮寄：${d.carrier ?? ''}，快递单号 ${d.trackingNumber ?? ''}`;
    case 'pickup':
      return d.collectedOn ? `自行领取：已于${cnDate(d.collectedOn)}领取` : '自行领取：待领取';
  }
}

/** Minutes the lookup proof lasts after the check. */
export const LOOKUP_PROOF_MINUTES = 30;

/** The value kept in the signed lookup cookie: the application and when the check passed (ms). */
export function lookupProofValue(applicationId: number, nowMs: number): string {
  return `${applicationId}.${nowMs}`;
}

/**
 * The application a lookup proof opens, or null when it is malformed, from the future or older than
 * `LOOKUP_PROOF_MINUTES` (the cookie's own expiry is the browser's; this one is the server's).
 */
export function applicationOfProof(value: string | null, nowMs: number): number | null {
  const m = value ? /^(\d{1,9})\.(\d{1,15})$/.exec(value) : null;
  if (!m) return null;
  const at = Number(m[2]);
  if (at > nowMs + 60_000 || nowMs - at > LOOKUP_PROOF_MINUTES * 60_000) return null;
  return Number(m[1]);
}
