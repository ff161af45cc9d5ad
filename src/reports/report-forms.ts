import { isIsoDate } from '../calendar/dates.ts';
import { type FormBody, formBody } from '../shared/http/forms.ts';
import type { FormatId } from './format/types.ts';
import {
  type AnnualReport,
  NARRATIVE_SECTIONS,
  type NarrativeTemplates,
  unknownPlaceholders,
} from './report.model.ts';

/** The forms of a report draft (narrative, settings), parsed into changes or field-keyed errors. Pure. */

export type Parsed<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly values: FormBody; readonly errors: Record<string, string> };

/** What a form of the draft changes (editReport). */
export type DraftChanges = Partial<
  Pick<AnnualReport, 'narrative' | 'article20' | 'formatOverride' | 'dueOn' | 'signedOn'>
>;

/** Longest narrative section accepted, in characters. */
export const NARRATIVE_MAX_CHARS = 20_000;

/** Sections 一, 五 and 六: each required, of bounded length, with known {placeholders} only. */
export function parseNarrative(raw: unknown): Parsed<{ narrative: NarrativeTemplates }> {
  const values = formBody(raw);
  const errors: Record<string, string> = {};
  const templates: Record<string, string> = {};
  for (const s of NARRATIVE_SECTIONS) {
    const v = (values[s] ?? '').replace(/\r\n/g, '\n').trim();
    templates[s] = v;
    const unknown = unknownPlaceholders(v);
    if (v === '') errors[s] = '请填写这一部分的内容';
    else if (v.length > NARRATIVE_MAX_CHARS) errors[s] = `这一部分不能超过 ${NARRATIVE_MAX_CHARS} 个字`;
    else if (unknown.length > 0)
      errors[s] = `不认识的占位符：${unknown.map((u) => `{${u}}`).join('、')}。请使用页面上列出的占位符`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, values, errors };
  const narrative = templates as unknown as NarrativeTemplates;
  return {
    ok: true,
    data: { narrative: values.charts === '1' ? { ...narrative, charts: true } : narrative },
  };
}

/** The narrative form's values: the three sections, and `charts` = '1' when 附图 is chosen. */
export function narrativeValues(n: NarrativeTemplates): FormBody {
  return { overview: n.overview, problems: n.problems, other: n.other, charts: n.charts ? '1' : '' };
}

export interface ReportSettings {
  readonly formatOverride: FormatId | null;
  readonly dueOn: string | null;
  readonly signedOn: string | null;
}

export function settingsValues(report: AnnualReport | null): FormBody {
  return {
    formatOverride: report?.formatOverride ?? '',
    dueOn: report?.dueOn ?? '',
    signedOn: report?.signedOn ?? '',
  };
}

/** Dates as people type them (2025.1.31, 2025年1月31日) in ISO form. */
const isoDate = (v: string | undefined) =>
  (v ?? '')
    .trim()
    .replace(/[./年月]/g, '-')
    .replace(/日$/, '');

/** Format override, due date and signature date (成文日期, after the data year ends). */
export function parseSettings(raw: unknown, year: number): Parsed<ReportSettings> {
  const values = formBody(raw);
  const fo = (values.formatOverride ?? '').trim();
  const dueOn = isoDate(values.dueOn);
  const signedOn = isoDate(values.signedOn);
  const errors: Record<string, string> = {};
  if (fo !== '' && fo !== '2019' && fo !== '2021') errors.formatOverride = '请选择报告格式';
  if (dueOn !== '' && !isIsoDate(dueOn)) errors.dueOn = '报送截止日应为有效日期，格式如 2025-01-31';
  if (signedOn !== '' && !isIsoDate(signedOn)) errors.signedOn = '成文日期应为有效日期，格式如 2025-01-20';
  else if (signedOn !== '' && signedOn < `${year + 1}-01-01`)
    errors.signedOn = `成文日期应在报告年度结束之后（${year + 1}年1月1日或以后）`;
  if (Object.keys(errors).length > 0) return { ok: false, values, errors };
  return {
    ok: true,
    data: {
      formatOverride: fo === '2019' || fo === '2021' ? fo : null,
      dueOn: dueOn || null,
      signedOn: signedOn || null,
    },
  };
}
