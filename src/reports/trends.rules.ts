import type { ReportTables } from './format/tables.ts';
import { type NarrativeQuantity, tableQuantity } from './rules/index.ts';

/**
 * The main figures of published reports over the years, and their 同比 (change on the year before),
 * for the public charts and the narrative (issue 15). Pure: only published documents come in.
 */

export const MAIN_FIGURES = [
  { key: 'newReceived', label: '新收申请' },
  { key: 'totalProcessed', label: '办结' },
  { key: 'granted', label: '予以公开' },
  { key: 'partial', label: '部分公开' },
  { key: 'denied', label: '不予公开' },
  { key: 'unable', label: '无法提供' },
  { key: 'notProcessed', label: '不予处理' },
  { key: 'other', label: '其他处理' },
  { key: 'reviewTotal', label: '行政复议' },
  { key: 'litigationTotal', label: '行政诉讼' },
] as const satisfies readonly { key: NarrativeQuantity; label: string }[];
export type MainFigure = (typeof MAIN_FIGURES)[number]['key'];

/** The outcome figures drawn as one stacked bar per year. */
export const OUTCOME_FIGURES: readonly MainFigure[] = [
  'granted',
  'partial',
  'denied',
  'unable',
  'notProcessed',
  'other',
];

export const FIGURE_LABELS: Readonly<Record<MainFigure, string>> = Object.fromEntries(
  MAIN_FIGURES.map((f) => [f.key, f.label]),
) as Record<MainFigure, string>;

export interface YearFigures {
  readonly year: number;
  readonly values: Readonly<Record<MainFigure, number | null>>;
}

export function figuresOf(tables: ReportTables): Record<MainFigure, number | null> {
  const out = {} as Record<MainFigure, number | null>;
  for (const f of MAIN_FIGURES) out[f.key] = tableQuantity(tables, f.key);
  return out;
}

/** Published documents (any order) → one entry per year, oldest first. */
export function yearSeries(docs: readonly { year: number; tables: ReportTables }[]): YearFigures[] {
  return [...docs]
    .sort((a, b) => a.year - b.year)
    .map((d) => ({ year: d.year, values: figuresOf(d.tables) }));
}

export interface YearOnYear {
  readonly delta: number;
  /** Percent change, one decimal; null when last year's figure was 0. */
  readonly percent: number | null;
}

/** The change from the year before; null without both figures. */
export function yearOnYear(current: number | null, previous: number | null | undefined): YearOnYear | null {
  if (current === null || previous === null || previous === undefined) return null;
  const delta = current - previous;
  return { delta, percent: previous === 0 ? null : Math.round((delta / previous) * 1000) / 10 };
}

/**
 * 同比 in words, as annual reports print it: `同比增长25%`, `同比下降10.5%`, `与上年持平`; when last year
 * was 0, `上年为0`. Empty without last year's figure.
 */
export function yearOnYearText(change: YearOnYear | null): string {
  if (!change) return '';
  if (change.delta === 0) return '与上年持平';
  if (change.percent === null) return `上年为0，增加${change.delta}件`;
  return change.delta > 0 ? `同比增长${change.percent}%` : `同比下降${Math.abs(change.percent)}%`;
}

/** For each year of a series, the 同比 of one figure against the year just before (none after a gap). */
export function yearOnYearTexts(series: readonly YearFigures[], figure: MainFigure): string[] {
  return series.map((y, i) => {
    const prev = series[i - 1];
    if (!prev || prev.year !== y.year - 1) return '';
    return yearOnYearText(yearOnYear(y.values[figure], prev.values[figure]));
  });
}
