import { z } from 'zod';
import { isIsoDate } from '../calendar/dates.ts';
import {
  LITIGATION_KIND_LABELS,
  LITIGATION_KINDS,
  LITIGATION_RESULT_LABELS,
  LITIGATION_RESULTS,
  type LitigationKind,
  type LitigationRecord,
  type LitigationResult,
} from '../reports/count/count.ts';
import { optionalText } from '../shared/form-fields.ts';

export type { LitigationKind, LitigationResult };
/**
 * Reconsideration (行政复议) and litigation (行政诉讼) cases about the agency's open-government work.
 * They fill table 四 of the annual report (see countReview in src/reports/count/count.ts).
 */
export { LITIGATION_KIND_LABELS, LITIGATION_KINDS, LITIGATION_RESULT_LABELS, LITIGATION_RESULTS };

/** The choices of the case form, in the order of table 四. */
export const KIND_OPTIONS = LITIGATION_KINDS.map((k) => ({ value: k, label: LITIGATION_KIND_LABELS[k] }));
export const RESULT_OPTIONS = LITIGATION_RESULTS.map((r) => ({
  value: r,
  label: LITIGATION_RESULT_LABELS[r],
}));

export interface LitigationCase extends LitigationRecord {
  readonly id: number;
  readonly agencyId: number;
  readonly applicationId: number | null;
  readonly caseNumber: string | null;
  readonly counterparty: string | null;
  readonly documents: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const LITIGATION_FIELDS = [
  'kind',
  'applicationSerial',
  'caseNumber',
  'counterparty',
  'filedOn',
  'decidedOn',
  'result',
  'documents',
] as const;

const date = (label: string) =>
  z
    .string()
    .trim()
    .transform((v) => v.replace(/[./年月]/g, '-').replace(/日$/, ''))
    .refine((v) => v === '' || isIsoDate(v), `${label}应为有效日期，格式如 2024-03-15`);

/** The case form. `applicationSerial` is resolved to an id by the service. */
export const litigationFormSchema = z
  .object({
    kind: z.enum(LITIGATION_KINDS, { message: '请选择案件类型' }),
    applicationSerial: optionalText(40, '申请编号'),
    caseNumber: optionalText(100, '案号'),
    counterparty: optionalText(100, '申请人或原告'),
    filedOn: date('申请或起诉日期').refine((v) => v !== '', '请填写申请复议或提起诉讼的日期'),
    decidedOn: date('决定或判决日期').transform((v) => (v === '' ? null : v)),
    result: z.enum(LITIGATION_RESULTS, { message: '请选择案件结果' }),
    documents: optionalText(2000, '文书与备注'),
  })
  .superRefine((v, ctx) => {
    if (v.result === 'pending' && v.decidedOn !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['decidedOn'],
        message: '尚未审结的案件不填写决定或判决日期；已审结的请选择结果',
      });
    }
    if (v.result !== 'pending' && v.decidedOn === null) {
      ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: '已审结的案件请填写决定或判决日期' });
    }
    if (v.decidedOn !== null && v.decidedOn < v.filedOn) {
      ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: '决定或判决日期不能早于申请或起诉日期' });
    }
  });

export type LitigationForm = z.output<typeof litigationFormSchema>;
export type LitigationInput = Omit<LitigationForm, 'applicationSerial'> & { applicationId: number | null };

export function caseToValues(c: LitigationCase, serial: string | null): Record<string, string> {
  return {
    kind: c.kind,
    applicationSerial: serial ?? '',
    caseNumber: c.caseNumber ?? '',
    counterparty: c.counterparty ?? '',
    filedOn: c.filedOn,
    decidedOn: c.decidedOn ?? '',
    result: c.result,
    documents: c.documents ?? '',
  };
}

/** How a case is named in pages and audit entries, e.g. 行政复议案件“（2024）吉0103行初12号”. */
export function caseTitle(c: Pick<LitigationCase, 'kind' | 'caseNumber' | 'filedOn'>): string {
  return `${LITIGATION_KIND_LABELS[c.kind] ?? c.kind}案件${c.caseNumber ? `“${c.caseNumber}”` : `（${c.filedOn}）`}`;
}

/** One line of the case list. */
export interface CaseListRow {
  readonly id: number;
  readonly kindLabel: string;
  readonly resultLabel: string;
  readonly filedOn: string;
  readonly decidedOn: string | null;
  readonly caseNumber: string | null;
  /** 申请编号 of the linked application. */
  readonly serial: string | null;
  readonly documentCount: number;
}

export function caseListRow(c: LitigationCase, serial: string | null, documentCount: number): CaseListRow {
  return {
    id: c.id,
    kindLabel: LITIGATION_KIND_LABELS[c.kind] ?? c.kind,
    resultLabel: LITIGATION_RESULT_LABELS[c.result] ?? c.result,
    filedOn: c.filedOn,
    decidedOn: c.decidedOn,
    caseNumber: c.caseNumber,
    serial,
    documentCount,
  };
}
