/**
 * The 政务公开体检 indicators as data (docs/domain/assessment.md), each with a pure `evaluate`.
 *
 * Areas (docs/domain/assessment.md#areas): the five areas of the 政务公开体检 plus 规范性文件 kept
 * separate, because the suggested weights (docs/domain/assessment.md#scoring) weight it on its own (15)
 * and it has its own rows; its area also takes the 解读/回应 weight (10) since N03 and W06
 * (interpretations) are the measurable part of 解读/回应. P-rows are split between
 * 主动公开/目录 (what is published, when, with which metadata: P02 P03 P04 P07 P09) and 平台与栏目
 * (the site: P01 P05 P06 P08 P10, W05 W07).
 *
 * An evaluation returns the exact failing records. A record the indicator cannot judge (bad events, no
 * letters on file) is listed in `skipped`, never counted as a pass; an indicator with no data at all is
 * `unassessable` with the reason. `manual` indicators need an attestation (phone test, probe, survey):
 * with a valid one on file they pass or fail, else their status is `manual`.
 *
 * The rows are a table (`indicators/definitions.ts`: text, kind, `cass-like` points, sources); each area's
 * file in `indicators/` holds how its rows are judged, on what `indicators/kit.ts` shares.
 */
import { APPLICATION_RUNS } from './indicators/applications.ts';
import { CATALOGUE_RUNS } from './indicators/catalogue.ts';
import { DEFINITIONS } from './indicators/definitions.ts';
import { INTERACTION_RUNS } from './indicators/interaction.ts';
import { type Indicator, type IndicatorResult, indicatorOf, type Run } from './indicators/kit.ts';
import { NORMATIVE_RUNS } from './indicators/normative.ts';
import { PLATFORM_RUNS } from './indicators/platform.ts';
import { REPORT_RUNS } from './indicators/reports.ts';
import type { AssessmentInput } from './input.ts';

export {
  AREA_KEYS,
  AREA_LABELS,
  type AreaKey,
  type Confidence,
  decisionOf,
  defaultRowScore,
  type Failure,
  type Indicator,
  type IndicatorKind,
  type IndicatorResult,
  type IndicatorStatus,
  KIND_LABELS,
  type RecordRef,
  type RefType,
  STATUS_LABELS,
} from './indicators/kit.ts';

type Row = (typeof DEFINITIONS)[number];

/** Every row that is not manual has its run (checked by the type). */
const RUNS: Readonly<Record<Exclude<Row, { kind: 'manual' }>['id'], Run>> = {
  ...APPLICATION_RUNS,
  ...CATALOGUE_RUNS,
  ...PLATFORM_RUNS,
  ...NORMATIVE_RUNS,
  ...REPORT_RUNS,
  ...INTERACTION_RUNS,
};

/** The rows in the order of the table; manual rows are judged on their attestations. */
export const INDICATORS: readonly Indicator[] = Object.freeze(
  DEFINITIONS.map((d: Row) => indicatorOf(d, d.kind === 'manual' ? null : RUNS[d.id])),
);

export const INDICATORS_BY_ID: ReadonlyMap<string, Indicator> = new Map(INDICATORS.map((i) => [i.id, i]));

/**
 * Evaluates every indicator (or the given ones) over one agency's input.
 *
 * @example evaluateAll(input).filter((r) => r.status === 'fail').map((r) => r.id)
 */
export function evaluateAll(
  input: AssessmentInput,
  indicators: readonly Indicator[] = INDICATORS,
): IndicatorResult[] {
  return indicators.map((i) => i.evaluate(input));
}
