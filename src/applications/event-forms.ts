/**
 * The clerk's forms for each kind of event: which fields each shows, and how the typed values become a
 * `CaseEvent` (field-keyed Chinese messages on bad input). The timeline rules (`validateEvent`) then decide
 * whether the event fits the case. Pure.
 */
import type { Option } from '../shared/ui/components.tsx';
import { defaultBasis, outcomeOptions, parseDateInput, type Validated } from './application.rules.ts';
import { ART33_EXTENSION_MAX_WORKING_DAYS } from './rules/statute.ts';
import type { CaseEvent, CaseEventType } from './rules/timeline.ts';
import { EVENT_LABELS } from './rules/timeline.ts';

/** The note of an `answered` event starts with the legal basis. */
export const BASIS_PREFIX = '法律依据：';

/** The legal basis recorded with an answer, if any. */
export function basisOfNote(note: string | null): string | null {
  const first = note?.split('\n')[0] ?? '';
  return first.startsWith(BASIS_PREFIX) ? first.slice(BASIS_PREFIX.length) : null;
}

export type FormEventType = Exclude<CaseEventType, 'received'>;

export const FORM_EVENT_TYPES: readonly FormEventType[] = [
  'receiptConfirmed',
  'correctionRequested',
  'correctionReceived',
  'correctionLapsed',
  'thirdPartyConsultationSent',
  'thirdPartyReplied',
  'agencyConsultationSent',
  'agencyReplied',
  'extensionApproved',
  'feeNoticeSent',
  'feePaid',
  'feeLapsed',
  'volumeReasonRequested',
  'volumeDecided',
  'answered',
  'withdrawn',
];

export function isFormEventType(v: string): v is FormEventType {
  return (FORM_EVENT_TYPES as readonly string[]).includes(v);
}

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly kind: 'date' | 'text' | 'number' | 'radios' | 'select' | 'textarea';
  readonly hint?: string;
  readonly optional?: boolean;
  readonly options?: readonly Option[];
}

const on: FieldSpec = { name: 'on', label: '日期', kind: 'date', hint: '例如 2026-11-25' };
const note: FieldSpec = { name: 'note', label: '备注', kind: 'textarea', optional: true };
const yesNo = (name: string, label: string, yes: string, no: string): FieldSpec => ({
  name,
  label,
  kind: 'radios',
  options: [
    { value: 'yes', label: yes },
    { value: 'no', label: no },
  ],
});

/** The fields of an event form; `year` selects the outcome rows of the report format. */
export function eventFields(
  type: FormEventType,
  year: number,
  pendingParties: readonly string[],
): FieldSpec[] {
  switch (type) {
    case 'receiptConfirmed':
      return [{ ...on, label: '与申请人确认收到申请的日期' }, note];
    case 'correctionRequested':
      return [
        { ...on, label: '告知补正的日期' },
        {
          name: 'dueOn',
          label: '补正期限',
          kind: 'date',
          hint: '给申请人的合理补正期限的最后一天（例如 15 个工作日后）',
        },
        { name: 'note', label: '需要补正的事项', kind: 'textarea' },
      ];
    case 'correctionReceived':
      return [{ ...on, label: '收到补正的日期' }, note];
    case 'correctionLapsed':
      return [{ ...on, label: '认定逾期未补正的日期' }, note];
    case 'thirdPartyConsultationSent':
    case 'agencyConsultationSent': {
      const thirdParty = type === 'thirdPartyConsultationSent';
      return [
        { ...on, label: '发出征求意见书的日期' },
        { name: 'party', label: thirdParty ? '第三方名称' : '被征求意见的机关', kind: 'text' },
        {
          name: 'deliveredOn',
          label: `${thirdParty ? '第三方' : '该机关'}收到征求意见书的日期`,
          kind: 'date',
          optional: true,
        },
        note,
      ];
    }
    case 'thirdPartyReplied':
    case 'agencyReplied':
      return [
        { ...on, label: '收到回复的日期' },
        {
          name: 'party',
          label: type === 'thirdPartyReplied' ? '回复的第三方' : '回复的机关',
          kind: 'select',
          options: pendingParties.map((p) => ({ value: p, label: p })),
        },
        yesNo('consents', '意见', '同意公开', '不同意公开'),
        note,
      ];
    case 'extensionApproved':
      return [
        { ...on, label: '批准延期的日期' },
        {
          name: 'workingDays',
          label: '延长的工作日数',
          kind: 'number',
          hint: `最长 ${ART33_EXTENSION_MAX_WORKING_DAYS} 个工作日`,
        },
        { name: 'approvedBy', label: '批准人（政府信息公开工作机构负责人）', kind: 'text' },
        { name: 'note', label: '延期理由', kind: 'textarea' },
      ];
    case 'feeNoticeSent':
      return [
        { ...on, label: '发出收费通知的日期' },
        {
          name: 'method',
          label: '计费方式',
          kind: 'radios',
          options: [
            { value: 'per_piece', label: '按件计收（按申请人本月累计申请件数超额累进）' },
            { value: 'per_volume', label: '按量计收（按提供信息的页数超额累进）' },
          ],
        },
        {
          name: 'pieces',
          label: '本申请的件数（按件计收）',
          kind: 'number',
          optional: true,
          hint: '按“一事一申请”拆分后的件数，至少 1 件',
        },
        { name: 'pages', label: '页数（按量计收）', kind: 'number', optional: true },
        { name: 'deliveredOn', label: '申请人收到收费通知的日期', kind: 'date', optional: true },
        note,
      ];
    case 'feePaid':
      return [{ ...on, label: '缴费日期' }, note];
    case 'feeLapsed':
      return [{ ...on, label: '认定逾期未缴费的日期' }, note];
    case 'volumeReasonRequested':
      return [{ ...on, label: '要求申请人说明理由的日期' }, note];
    case 'volumeDecided':
      return [
        { ...on, label: '作出决定的日期' },
        yesNo('reasonable', '申请人说明的理由', '理由合理', '理由不合理（告知不予处理）'),
        {
          name: 'delayedReplyDue',
          label: '延迟答复的期限',
          kind: 'date',
          optional: true,
          hint: '理由合理但无法在法定期限内答复时填写',
        },
        note,
      ];
    case 'answered':
      return [
        { ...on, label: '答复日期' },
        {
          name: 'outcome',
          label: '办理结果（年度报告的行）',
          kind: 'select',
          options: outcomeOptions(year).map((o) => ({ value: o.value, label: o.label })),
        },
        {
          name: 'basis',
          label: '法律依据',
          kind: 'text',
          optional: true,
          hint: '不填写时按办理结果使用默认依据',
        },
        yesNo('onTheSpot', '是否当场答复', '当场答复', '非当场答复'),
        note,
      ];
    case 'withdrawn':
      return [{ ...on, label: '申请人撤回申请的日期' }, note];
  }
}

/** How the amount of a fee notice is computed (Art. 3 of 109号: one method per application). */
export type FeeBasis =
  | { readonly method: 'per_piece'; readonly pieces: number }
  | { readonly method: 'per_volume'; readonly pages: number };

export interface ParsedEvent {
  readonly event: CaseEvent;
  readonly note: string | null;
  /** For fee notices: how to compute the amount (the route computes it from the other cases). */
  readonly fee?: FeeBasis;
}

/** Parses an event form. Fee amounts are filled in by the caller (amount 0 here). */
export function parseEventForm(
  type: FormEventType,
  values: Readonly<Record<string, string | undefined>>,
  year: number,
  pendingParties: readonly string[],
): Validated<ParsedEvent> {
  const errors: Record<string, string> = {};
  const fields = eventFields(type, year, pendingParties);
  const v = (k: string) => (values[k] ?? '').trim();
  const dates: Record<string, string | undefined> = {};
  for (const f of fields) {
    if (f.kind !== 'date') continue;
    const raw = v(f.name);
    if (raw === '') {
      if (!f.optional) errors[f.name] = `请填写${f.label}`;
      continue;
    }
    const d = parseDateInput(raw);
    if (!d) errors[f.name] = `${f.label}“${raw}”不是有效日期，请按 2026-11-25 的格式填写`;
    else dates[f.name] = d;
  }
  const noteText = v('note') || null;
  if (noteText && noteText.length > 2000) errors.note = '内容不能超过 2000 个字';
  for (const f of fields) {
    if (f.kind === 'date' || f.optional) continue;
    if (
      (f.kind === 'text' || f.kind === 'textarea' || f.kind === 'number') &&
      v(f.name) === '' &&
      !errors[f.name]
    )
      errors[f.name] = `请填写${f.label}`;
    if ((f.kind === 'radios' || f.kind === 'select') && !(f.options ?? []).some((o) => o.value === v(f.name)))
      errors[f.name] = f.options && f.options.length === 0 ? `没有可选择的${f.label}` : `请选择${f.label}`;
  }
  const int = (name: string, min: number, max: number, label: string): number => {
    const raw = v(name);
    const n = Number(raw);
    if (raw !== '' && (!/^\d+$/.test(raw) || n < min || n > max) && !errors[name])
      errors[name] = `${label}应为 ${min} 至 ${max} 之间的整数`;
    return n;
  };
  let fee: ParsedEvent['fee'];
  if (type === 'extensionApproved') int('workingDays', 1, 20, '延长的工作日数');
  if (type === 'feeNoticeSent') {
    if (v('method') === 'per_piece') {
      const pieces = v('pieces') === '' ? 1 : int('pieces', 1, 1000, '件数');
      fee = { method: 'per_piece', pieces };
    } else if (v('method') === 'per_volume') {
      if (v('pages') === '') errors.pages = '按量计收的，请填写页数';
      const pages = int('pages', 1, 1_000_000, '页数');
      fee = { method: 'per_volume', pages };
    }
  }
  if (Object.keys(errors).length > 0) {
    const ordered: Record<string, string> = {};
    for (const f of fields) {
      const m = errors[f.name];
      if (m) ordered[f.name] = m;
    }
    for (const [k, m] of Object.entries(errors)) if (!(k in ordered)) ordered[k] = m;
    return { ok: false, errors: ordered };
  }
  const day = dates.on as string;
  const opt = <K extends string>(k: K, val: string | undefined) =>
    (val ? { [k]: val } : {}) as Partial<Record<K, string>>;
  let event: CaseEvent;
  switch (type) {
    case 'receiptConfirmed':
    case 'correctionReceived':
    case 'correctionLapsed':
    case 'feePaid':
    case 'feeLapsed':
    case 'volumeReasonRequested':
    case 'withdrawn':
      event = { type, on: day };
      break;
    case 'correctionRequested':
      event = { type, on: day, dueOn: dates.dueOn as string };
      break;
    case 'thirdPartyConsultationSent':
      event = { type, on: day, party: v('party'), ...opt('deliveredOn', dates.deliveredOn) };
      break;
    case 'agencyConsultationSent':
      event = { type, on: day, agency: v('party'), ...opt('deliveredOn', dates.deliveredOn) };
      break;
    case 'thirdPartyReplied':
      event = { type, on: day, party: v('party'), consents: v('consents') === 'yes' };
      break;
    case 'agencyReplied':
      event = { type, on: day, agency: v('party'), consents: v('consents') === 'yes' };
      break;
    case 'extensionApproved':
      event = { type, on: day, workingDays: Number(v('workingDays')), approvedBy: v('approvedBy') };
      break;
    case 'feeNoticeSent':
      event = { type, on: day, amount: 0, ...opt('deliveredOn', dates.deliveredOn) };
      break;
    case 'volumeDecided':
      event = {
        type,
        on: day,
        reasonable: v('reasonable') === 'yes',
        ...opt('delayedReplyDue', dates.delayedReplyDue),
      };
      break;
    case 'answered': {
      const outcome = v('outcome') as Extract<CaseEvent, { type: 'answered' }>['outcome'];
      event = { type, on: day, outcome, ...(v('onTheSpot') === 'yes' ? { onTheSpot: true } : {}) };
      const basis = v('basis') || defaultBasis(outcome);
      const withBasis = `${BASIS_PREFIX}${basis}`;
      return { ok: true, data: { event, note: noteText ? `${withBasis}\n${noteText}` : withBasis } };
    }
  }
  return { ok: true, data: { event, note: noteText, ...(fee ? { fee } : {}) } };
}

export function eventTitle(type: FormEventType): string {
  return `登记：${EVENT_LABELS[type]}`;
}
