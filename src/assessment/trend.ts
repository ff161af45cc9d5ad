/**
 * Month-by-month trend: the same evaluation over each calendar month of the period (clipped to it),
 * each month judged at its own check point (the month's last day, or `today` for the current month).
 * Months that start after `today` are left out.
 *
 * Standing facts (a column's last item, a document's validity mark) come from the current snapshot, so a
 * past month shows today's marks; dated facts (replies, publications, messages) are judged as of the month.
 */
import type { IsoDate } from '../calendar/dates.ts';
import type { AreaKey } from './indicators.ts';
import { evaluateAll } from './indicators.ts';
import type { AssessmentInput, Period } from './input.ts';
import { monthsIn } from './periods.ts';
import { PROFILES, type ScoringOverrides, type ScoringProfile, scoreResults } from './score.ts';

export interface TrendPoint {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly period: Period;
  readonly checkpoint: IsoDate;
  readonly total: number;
  readonly maxTotal: number;
  readonly percent: number | null;
  readonly vetoFailed: boolean;
  readonly areas: Readonly<Partial<Record<AreaKey, number | null>>>;
  /** Ids of the failing indicators that month. */
  readonly failing: readonly string[];
  /** Failing records that month, all indicators together. */
  readonly failures: number;
}

/**
 * @example assessTrend(input).map((p) => `${p.month} ${p.percent}`)
 */
export function assessTrend(
  input: AssessmentInput,
  profile: ScoringProfile = PROFILES['cass-like'],
  overrides: ScoringOverrides = {},
): TrendPoint[] {
  const out: TrendPoint[] = [];
  for (const month of monthsIn(input.period)) {
    if (month.from > input.today) break;
    const monthly: AssessmentInput = { ...input, period: month };
    const results = evaluateAll(monthly);
    const a = scoreResults(results, monthly, profile, overrides, { suggestions: false });
    const areas: Partial<Record<AreaKey, number | null>> = {};
    for (const area of a.areas) areas[area.key] = area.score;
    out.push({
      month: month.from.slice(0, 7),
      period: month,
      checkpoint: a.checkpoint,
      total: a.total,
      maxTotal: a.maxTotal,
      percent: a.percent,
      vetoFailed: a.vetoFailed,
      areas,
      failing: a.failing.map((f) => f.id),
      failures: results.reduce((n, r) => n + (r.status === 'fail' ? r.failures.length : 0), 0),
    });
  }
  return out;
}
