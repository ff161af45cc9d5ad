/**
 * The 政务公开体检 of an agency from the database: load, assess under the chosen profile with the stored
 * overrides, the month-by-month trend, links from failing records to the pages that fix them, and the XLSX
 * export.
 */
import ExcelJS from 'exceljs';
import type { Agency } from '../agencies/agency.rules.ts';
import type { Calendar } from '../calendar/calendar.ts';
import type { IsoDate } from '../calendar/dates.ts';
import type { Executor } from '../db/database.ts';
import { paths } from '../shared/paths.ts';
import { findOverrides } from './assessment.repository.ts';
import { AREA_LABELS, KIND_LABELS, type RecordRef, STATUS_LABELS } from './indicators.ts';
import { type AssessmentInput, isMissing, type Period } from './input.ts';
import { loadAssessmentInput, loadAssessmentInputs } from './load.ts';
import { type Assessment, assess, PROFILES, type ProfileId, type ScoringOverrides } from './score.ts';
import { assessTrend, type TrendPoint } from './trend.ts';
import { indicatorNames, scoringOf, sourceInWords } from './wording.ts';

export interface AgencyAssessment {
  readonly agency: Agency;
  readonly input: AssessmentInput;
  readonly assessment: Assessment;
  readonly overrides: ScoringOverrides;
  readonly trend: readonly TrendPoint[];
  /** Where a failing record is fixed; null when there is no page for it. */
  readonly hrefOf: (ref: RecordRef) => string | null;
}

export interface AssessOptions {
  readonly today: IsoDate;
  readonly calendar: Calendar;
  readonly period?: Period;
  readonly profile: ProfileId;
  readonly localDateOf: (iso: string) => IsoDate;
  readonly trend?: boolean;
}

function linker(agency: Agency, input: AssessmentInput): (ref: RecordRef) => string | null {
  const letterApp = new Map<string, string>();
  if (!isMissing(input.applications)) {
    for (const a of input.applications as NonNullable<AssessmentInput['applications']> & readonly unknown[]) {
      const app = a as { id: string; letters?: unknown };
      if (Array.isArray(app.letters))
        for (const l of app.letters as { id: string }[]) letterApp.set(l.id, app.id);
    }
  }
  const agencyId = agency.id;
  return (ref) => {
    const num = /^\d+$/.test(ref.id) ? Number(ref.id) : null;
    switch (ref.type) {
      case 'application':
        return num !== null ? paths.applications.show({ applicationId: num }) : null;
      case 'letter': {
        const app = letterApp.get(ref.id);
        return app && num !== null
          ? paths.applications.letter({ applicationId: Number(app), letterId: num })
          : null;
      }
      case 'item':
        return num !== null ? paths.catalogue.item({ itemId: num }) : null;
      case 'column':
        return paths.catalogue.portal.proactive({ agencyId });
      case 'report':
      case 'report-cell': {
        const year = /^(\d{4})/.exec(ref.id)?.[1];
        return year ? paths.reports.show({ agencyId, year: Number(year) }) : null;
      }
      case 'question':
      case 'error-report':
        return paths.catalogue.messages();
      case 'guide':
        return paths.portal.guide({ agencyId });
      case 'litigation':
        return paths.litigation.list({ agencyId });
      case 'attestation':
        return `${paths.assessment.agency({ agencyId })}#manual`;
    }
  };
}

/**
 * @example const { assessment } = await assessAgency(db, agency, { today, calendar, profile: 'cass-like', localDateOf })
 */
export async function assessAgency(
  db: Executor,
  agency: Agency,
  o: AssessOptions,
): Promise<AgencyAssessment> {
  const [input, overrides] = await Promise.all([
    loadAssessmentInput(db, agency, {
      today: o.today,
      calendar: o.calendar,
      localDateOf: o.localDateOf,
      ...(o.period ? { period: o.period } : {}),
    }),
    findOverrides(db, o.profile),
  ]);
  const profile = PROFILES[o.profile];
  const assessment = assess(input, profile, overrides);
  const trend = o.trend === false ? [] : assessTrend(input, profile, overrides);
  return { agency, input, assessment, overrides, trend, hrefOf: linker(agency, input) };
}

/**
 * The province path: many agencies (a supervisor's subtree, a province) loaded in bulk and assessed from
 * memory, one chunk at a time; `onEach` receives every agency in the given order. Each assessment equals
 * `assessAgency(db, agency, { ...o, trend: false }).assessment`.
 *
 * @example await assessAgencies(db, agencies, { today, calendar, profile: 'cass-like', localDateOf }, (a, s) => rows.push(s.percent))
 */
export async function assessAgencies(
  db: Executor,
  agencies: readonly Agency[],
  o: Omit<AssessOptions, 'trend'>,
  onEach: (agency: Agency, assessment: Assessment, input: AssessmentInput) => void,
): Promise<void> {
  const overrides = await findOverrides(db, o.profile);
  const profile = PROFILES[o.profile];
  const opts = {
    today: o.today,
    calendar: o.calendar,
    localDateOf: o.localDateOf,
    ...(o.period ? { period: o.period } : {}),
  };
  for await (const { agency, input } of loadAssessmentInputs(db, agencies, opts)) {
    onEach(agency, assess(input, profile, overrides), input);
  }
}

function fmt(n: number | null): string | number {
  if (n === null) return '无法评估';
  return Math.round(n * 100) / 100;
}

/** A worksheet column: its header, its width and the cell of a row. */
type Column<T> = readonly [header: string, width: number, cell: (row: T) => ExcelJS.CellValue];

/** A worksheet with a bold header row and one row per item. */
function addSheet<T>(wb: ExcelJS.Workbook, name: string, columns: readonly Column<T>[], rows: readonly T[]) {
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map(([header, width], i) => ({ header, key: `c${i}`, width }));
  for (const row of rows) ws.addRow(columns.map(([, , cell]) => cell(row)));
  ws.getRow(1).font = { bold: true };
}

/** The assessment as a workbook: 概况, 指标, 未达标记录, 月度趋势. */
export async function assessmentXlsx(a: AgencyAssessment): Promise<Buffer> {
  const s = a.assessment;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  const summary: [string, ExcelJS.CellValue][] = [
    ['机构', s.agency],
    ['评估期间', `${s.period.from} 至 ${s.period.to}`],
    ['检查点', s.checkpoint],
    ['评分方案', s.profile.name],
    ['总分', `${fmt(s.total)} / ${s.maxTotal}`],
    ['得分率（%）', fmt(s.percent)],
    ['评估覆盖率（%）', Math.round(s.coverage * 100)],
    ['结论', s.verdict],
    ...s.areas.map((area): [string, string] => [area.label, `${fmt(area.score)} / ${area.weight}`]),
  ];
  addSheet(
    wb,
    '概况',
    [
      ['项目', 24, ([k]) => k],
      ['内容', 60, ([, v]) => v],
    ],
    summary,
  );
  addSheet(
    wb,
    '指标',
    [
      ['指标', 8, (i) => i.id],
      ['名称', 30, (i) => i.title],
      ['领域', 16, (i) => AREA_LABELS[i.area]],
      ['类型', 10, (i) => KIND_LABELS[i.kind]],
      ['分值', 8, (i) => (i.scored ? i.points : '不计分')],
      ['得分', 8, (i) => (i.earned === null ? '' : fmt(i.earned))],
      ['结果', 12, (i) => STATUS_LABELS[i.result.status]],
      ['未达标记录数', 12, (i) => i.result.failures.length],
      ['评估依据', 50, (i) => sourceInWords(i.source)],
      ['计分方法', 30, (i) => scoringOf(i)],
      ['说明', 60, (i) => i.result.reason ?? ''],
    ],
    s.indicators,
  );
  addSheet(
    wb,
    '未达标记录',
    [
      ['指标', 8, ({ i }) => i.id],
      ['指标名称', 30, ({ i }) => i.title],
      ['记录', 40, ({ f }) => f.ref.label],
      ['问题', 80, ({ f }) => f.message],
      ['可整改', 8, ({ f }) => (f.fixable === false ? '否' : '是')],
    ],
    s.failing.flatMap((i) => i.result.failures.map((f) => ({ i, f }))),
  );
  addSheet(
    wb,
    '月度趋势',
    [
      ['月份', 10, (p) => p.month],
      ['得分率（%）', 12, (p) => fmt(p.percent)],
      ['否决项未达标', 12, (p) => (p.vetoFailed ? '是' : '否')],
      ['未达标记录数', 12, (p) => p.failures],
      ['未达标指标', 60, (p) => indicatorNames(p.failing)],
    ],
    a.trend,
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
