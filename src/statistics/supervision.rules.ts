import type { ApplicationFact } from '../applications/supervision-figures.ts';
import type { CatalogueCount } from '../catalogue/supervision-figures.ts';
import type { LitigationCount } from '../litigation/supervision-figures.ts';
import { FORMATS } from '../reports/format/formats.ts';

/**
 * The supervisors' statistics (issue 15), pure: from the facts of a subtree's applications, cases and
 * catalogue items to the figures the page charts and the workbook lists. `today` and the working-day
 * count are passed in.
 */

export interface Period {
  readonly from: string;
  readonly to: string;
}

export interface AgencyRef {
  readonly id: number;
  readonly name: string;
}

export interface MonthFigures {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly received: number;
  readonly finished: number;
}

export interface OutcomeFigures {
  /** The report's row key (`granted`, `denied.thirdParty`, …). */
  readonly key: string;
  readonly label: string;
  readonly count: number;
}

export interface AgencyTimeliness {
  readonly agency: AgencyRef;
  /** Closed in the period. */
  readonly finished: number;
  readonly onTime: number;
  /** Closed in the period after the reply deadline. */
  readonly late: number;
  /** Still open at the period's end (or today) with the deadline passed. */
  readonly openOverdue: number;
  /** Share of the finished answered on time, in %; null when nothing was finished. */
  readonly onTimePercent: number | null;
  /** Mean working days from receipt to the answer of those finished; null when none. */
  readonly averageWorkingDays: number | null;
}

export interface LitigationFigures {
  readonly kind: LitigationKind;
  readonly label: string;
  readonly byResult: Readonly<Record<LitigationResult, number>>;
  readonly total: number;
}

export interface AgencyLitigation {
  readonly agency: AgencyRef;
  readonly review: number;
  readonly litigation: number;
  readonly corrected: number;
}

export interface AgencyCatalogue {
  readonly agency: AgencyRef;
  readonly published: number;
  readonly publishedLate: number;
  readonly unpublishedOverdue: number;
}

export interface SupervisionFigures {
  readonly period: Period;
  /** The day overdue is judged on: the period's end, or today if sooner. */
  readonly asOf: string;
  readonly agencyCount: number;
  readonly months: readonly MonthFigures[];
  readonly outcomes: readonly OutcomeFigures[];
  /** Worst first: lowest on-time share, then most overdue. */
  readonly agencies: readonly AgencyTimeliness[];
  readonly totals: {
    readonly received: number;
    readonly finished: number;
    readonly onTime: number;
    readonly late: number;
    readonly openOverdue: number;
    readonly onTimePercent: number | null;
    readonly averageWorkingDays: number | null;
  };
  readonly litigation: readonly LitigationFigures[];
  readonly litigationByAgency: readonly AgencyLitigation[];
  readonly catalogue: readonly AgencyCatalogue[];
}

export const LITIGATION_KINDS = ['review', 'litigationDirect', 'litigationAfterReview'] as const;
export type LitigationKind = (typeof LITIGATION_KINDS)[number];
export const LITIGATION_KIND_LABELS: Readonly<Record<LitigationKind, string>> = {
  review: '行政复议',
  litigationDirect: '未经复议直接起诉',
  litigationAfterReview: '复议后起诉',
};
export const LITIGATION_RESULTS = ['upheld', 'corrected', 'other', 'pending'] as const;
export type LitigationResult = (typeof LITIGATION_RESULTS)[number];
export const LITIGATION_RESULT_LABELS: Readonly<Record<LitigationResult, string>> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
};

/** The longest period the page accepts (years of monthly bars are still readable). */
export const MAX_PERIOD_MONTHS = 60;

/** Every `YYYY-MM` from the month of `from` to the month of `to`. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  let y = Number(p.from.slice(0, 4));
  let m = Number(p.from.slice(5, 7));
  const endY = Number(p.to.slice(0, 4));
  const endM = Number(p.to.slice(5, 7));
  while ((y < endY || (y === endY && m <= endM)) && out.length <= MAX_PERIOD_MONTHS) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The last day of a `YYYY-MM` month. */
export function monthEnd(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(d).padStart(2, '0')}`;
}

/** The outcome rows of table 三 of the 2021 format (2019's single （六） row is counted under 其他处理). */
export function outcomeRows(): { key: string; label: string }[] {
  const t = FORMATS['2021'].tables.applications;
  return t.rows
    .filter((r) => r.leaf && r.outcome && r.key !== 'totalProcessed')
    .map((r) => {
      const parent = r.parent && r.parent !== 'results' ? t.rows.find((p) => p.key === r.parent) : undefined;
      const short = r.label.replace(/（区分处理的.*）/, '');
      return {
        key: r.key,
        label: parent
          ? `${parent.label.replace(/^（.）/, '')}：${short.replace(/^\d\./, '')}`
          : short.replace(/^（.）/, ''),
      };
    });
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const percent = (part: number, whole: number) => (whole === 0 ? null : round1((part / whole) * 100));

/** Worst first: the lowest on-time share (no answers last), then the most overdue, then by name. */
export function compareTimeliness(a: AgencyTimeliness, b: AgencyTimeliness): number {
  const pa = a.onTimePercent ?? 101;
  const pb = b.onTimePercent ?? 101;
  if (pa !== pb) return pa - pb;
  const oa = a.late + a.openOverdue;
  const ob = b.late + b.openOverdue;
  if (oa !== ob) return ob - oa;
  return a.agency.name.localeCompare(b.agency.name, 'zh-CN') || a.agency.id - b.agency.id;
}

export interface SupervisionInput {
  readonly period: Period;
  readonly today: string;
  /** The agencies of the subtree (every one gets a row, even with no applications). */
  readonly agencies: readonly AgencyRef[];
  readonly applications: readonly ApplicationFact[];
  readonly litigation: readonly LitigationCount[];
  readonly catalogue: readonly CatalogueCount[];
  /** Working days in `(from, to]` (calendar/workdays.ts `workingDaysBetween`). */
  readonly workingDaysBetween: (from: string, to: string) => number;
}

export function supervisionFigures(input: SupervisionInput): SupervisionFigures {
  const { period } = input;
  const asOf = input.today < period.to ? input.today : period.to;
  const months = monthsOf(period);
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const received = months.map(() => 0);
  const finished = months.map(() => 0);
  const outcomeRowsList = outcomeRows();
  const outcomeCount = new Map(outcomeRowsList.map((r) => [r.key, 0]));
  const perAgency = new Map<
    number,
    { finished: number; onTime: number; late: number; open: number; days: number }
  >();
  const acc = (id: number) => {
    let a = perAgency.get(id);
    if (!a) {
      a = { finished: 0, onTime: 0, late: 0, open: 0, days: 0 };
      perAgency.set(id, a);
    }
    return a;
  };
  let receivedTotal = 0;
  for (const f of input.applications) {
    if (f.receivedOn >= period.from && f.receivedOn <= period.to) {
      receivedTotal += 1;
      const i = monthIndex.get(f.receivedOn.slice(0, 7));
      if (i !== undefined) received[i] = (received[i] ?? 0) + 1;
    }
    const a = acc(f.agencyId);
    if (f.closedOn && f.closedOn >= period.from && f.closedOn <= period.to) {
      const i = monthIndex.get(f.closedOn.slice(0, 7));
      if (i !== undefined) finished[i] = (finished[i] ?? 0) + 1;
      a.finished += 1;
      if (f.replyDue && f.closedOn > f.replyDue) a.late += 1;
      else a.onTime += 1;
      a.days += Math.max(0, input.workingDaysBetween(f.receivedOn, f.closedOn));
      const key = f.outcome === 'other' ? 'other.misc' : f.outcome;
      if (key && outcomeCount.has(key)) outcomeCount.set(key, (outcomeCount.get(key) ?? 0) + 1);
    } else if ((!f.closedOn || f.closedOn > asOf) && f.replyDue && f.replyDue < asOf) {
      a.open += 1;
    }
  }
  const agencies = input.agencies
    .map((agency): AgencyTimeliness => {
      const a = perAgency.get(agency.id) ?? { finished: 0, onTime: 0, late: 0, open: 0, days: 0 };
      return {
        agency,
        finished: a.finished,
        onTime: a.onTime,
        late: a.late,
        openOverdue: a.open,
        onTimePercent: percent(a.onTime, a.finished),
        averageWorkingDays: a.finished === 0 ? null : round1(a.days / a.finished),
      };
    })
    .sort(compareTimeliness);
  const sum = (k: 'finished' | 'onTime' | 'late' | 'openOverdue') => agencies.reduce((s, a) => s + a[k], 0);
  const days = [...perAgency.values()].reduce((s, a) => s + a.days, 0);
  const totals = {
    received: receivedTotal,
    finished: sum('finished'),
    onTime: sum('onTime'),
    late: sum('late'),
    openOverdue: sum('openOverdue'),
    onTimePercent: percent(sum('onTime'), sum('finished')),
    averageWorkingDays: sum('finished') === 0 ? null : round1(days / sum('finished')),
  };

  const names = new Map(input.agencies.map((a) => [a.id, a]));
  const byKind = new Map<string, Record<LitigationResult, number>>();
  const litAgency = new Map<number, { review: number; litigation: number; corrected: number }>();
  for (const c of input.litigation) {
    const kind = byKind.get(c.kind) ?? { upheld: 0, corrected: 0, other: 0, pending: 0 };
    if ((LITIGATION_RESULTS as readonly string[]).includes(c.result))
      kind[c.result as LitigationResult] += c.count;
    byKind.set(c.kind, kind);
    const a = litAgency.get(c.agencyId) ?? { review: 0, litigation: 0, corrected: 0 };
    if (c.kind === 'review') a.review += c.count;
    else a.litigation += c.count;
    if (c.result === 'corrected') a.corrected += c.count;
    litAgency.set(c.agencyId, a);
  }
  const litigation = LITIGATION_KINDS.map((kind) => {
    const byResult = byKind.get(kind) ?? { upheld: 0, corrected: 0, other: 0, pending: 0 };
    return {
      kind,
      label: LITIGATION_KIND_LABELS[kind],
      byResult,
      total: LITIGATION_RESULTS.reduce((s, r) => s + byResult[r], 0),
    };
  });
  const litigationByAgency = [...litAgency]
    .flatMap(([id, v]) => {
      const agency = names.get(id);
      return agency ? [{ agency, ...v }] : [];
    })
    .sort((a, b) => b.review + b.litigation - (a.review + a.litigation) || a.agency.id - b.agency.id);
  const catalogue = input.catalogue
    .flatMap((c) => {
      const agency = names.get(c.agencyId);
      return agency
        ? [
            {
              agency,
              published: c.published,
              publishedLate: c.publishedLate,
              unpublishedOverdue: c.unpublishedOverdue,
            },
          ]
        : [];
    })
    .sort(
      (a, b) =>
        b.publishedLate + b.unpublishedOverdue - (a.publishedLate + a.unpublishedOverdue) ||
        b.published - a.published ||
        a.agency.id - b.agency.id,
    );

  return {
    period,
    asOf,
    agencyCount: input.agencies.length,
    months: months.map((month, i) => ({ month, received: received[i] ?? 0, finished: finished[i] ?? 0 })),
    outcomes: outcomeRowsList.map((r) => ({ ...r, count: outcomeCount.get(r.key) ?? 0 })),
    agencies,
    totals,
    litigation,
    litigationByAgency,
    catalogue,
  };
}

/** The default period: this year up to today. */
export function defaultPeriod(today: string): Period {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** How the agency table may be sorted (each worst first). */
export const AGENCY_SORTS = ['onTime', 'overdue', 'days', 'finished', 'name'] as const;
export type AgencySort = (typeof AGENCY_SORTS)[number];

export function isAgencySort(v: unknown): v is AgencySort {
  return typeof v === 'string' && (AGENCY_SORTS as readonly string[]).includes(v);
}

/** The agency rows sorted by a column, worst first (ties: the default order). */
export function sortTimeliness(rows: readonly AgencyTimeliness[], sort: AgencySort): AgencyTimeliness[] {
  const by: Record<AgencySort, (a: AgencyTimeliness, b: AgencyTimeliness) => number> = {
    onTime: compareTimeliness,
    overdue: (a, b) => b.late + b.openOverdue - (a.late + a.openOverdue),
    days: (a, b) => (b.averageWorkingDays ?? -1) - (a.averageWorkingDays ?? -1),
    finished: (a, b) => b.finished - a.finished,
    name: (a, b) => a.agency.name.localeCompare(b.agency.name, 'zh-CN'),
  };
  return [...rows].sort((a, b) => by[sort](a, b) || compareTimeliness(a, b));
}
