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
        return paths.reports.litigation({ agencyId });
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

/** The assessment as a workbook: 概况, 指标, 未达标记录, 月度趋势. */
export async function assessmentXlsx(a: AgencyAssessment): Promise<Buffer> {
  const s = a.assessment;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  const summary = wb.addWorksheet('概况');
  summary.columns = [
    { header: '项目', key: 'k', width: 24 },
    { header: '内容', key: 'v', width: 60 },
  ];
  summary.addRows([
    { k: '机构', v: s.agency },
    { k: '评估期间', v: `${s.period.from} 至 ${s.period.to}` },
    { k: '检查点', v: s.checkpoint },
    { k: '评分方案', v: s.profile.name },
    { k: '总分', v: `${fmt(s.total)} / ${s.maxTotal}` },
    { k: '得分率（%）', v: fmt(s.percent) },
    { k: '评估覆盖率（%）', v: Math.round(s.coverage * 100) },
    { k: '结论', v: s.verdict },
  ]);
  for (const area of s.areas) summary.addRow({ k: area.label, v: `${fmt(area.score)} / ${area.weight}` });

  const rows = wb.addWorksheet('指标');
  rows.columns = [
    { header: '指标', key: 'id', width: 8 },
    { header: '名称', key: 'title', width: 30 },
    { header: '领域', key: 'area', width: 16 },
    { header: '类型', key: 'kind', width: 10 },
    { header: '分值', key: 'points', width: 8 },
    { header: '得分', key: 'earned', width: 8 },
    { header: '结果', key: 'status', width: 12 },
    { header: '未达标记录数', key: 'failures', width: 12 },
    { header: '口径待核实', key: 'unconfirmed', width: 10 },
    { header: '说明', key: 'reason', width: 60 },
  ];
  for (const i of s.indicators) {
    rows.addRow({
      id: i.id,
      title: i.title,
      area: AREA_LABELS[i.area],
      kind: KIND_LABELS[i.kind],
      points: i.scored ? i.points : '不计分',
      earned: i.earned === null ? '' : fmt(i.earned),
      status: STATUS_LABELS[i.result.status],
      failures: i.result.failures.length,
      unconfirmed: i.unconfirmed ? '是' : '',
      reason: i.result.reason ?? '',
    });
  }
  const fails = wb.addWorksheet('未达标记录');
  fails.columns = [
    { header: '指标', key: 'id', width: 8 },
    { header: '记录', key: 'label', width: 40 },
    { header: '问题', key: 'message', width: 80 },
    { header: '可整改', key: 'fixable', width: 8 },
  ];
  for (const i of s.failing) {
    for (const f of i.result.failures) {
      fails.addRow({
        id: i.id,
        label: f.ref.label,
        message: f.message,
        fixable: f.fixable === false ? '否' : '是',
      });
    }
  }
  const trend = wb.addWorksheet('月度趋势');
  trend.columns = [
    { header: '月份', key: 'month', width: 10 },
    { header: '得分率（%）', key: 'percent', width: 12 },
    { header: '否决项未达标', key: 'veto', width: 12 },
    { header: '未达标记录数', key: 'failures', width: 12 },
    { header: '未达标指标', key: 'failing', width: 50 },
  ];
  for (const p of a.trend) {
    trend.addRow({
      month: p.month,
      percent: fmt(p.percent),
      veto: p.vetoFailed ? '是' : '否',
      failures: p.failures,
      failing: p.failing.join('、'),
    });
  }
  for (const ws of [summary, rows, fails, trend]) ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
