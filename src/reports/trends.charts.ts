import type { ChartSpec } from '../shared/charts/chart.ts';
import {
  FIGURE_LABELS,
  type MainFigure,
  OUTCOME_FIGURES,
  type YearFigures,
  yearOnYearTexts,
} from './trends.rules.ts';

/** One chart of an agency's published years, with the remarks column its table carries (e.g. 同比). */
export interface TrendChart {
  readonly spec: ChartSpec;
  readonly notes?: { readonly label: string; readonly values: readonly string[] };
}

/**
 * The charts of an agency's published years (年报 column, report page, the report's 附图 in every output):
 * applications, outcomes, 复议/诉讼. Empty when there is no year.
 */
export function reportTrendCharts(
  agencyName: string,
  series: readonly YearFigures[],
  idPrefix = 'trend',
): TrendChart[] {
  if (series.length === 0) return [];
  const years = series.map((y) => `${y.year}年`);
  const values = (k: MainFigure) => series.map((y) => y.values[k]);
  const span = series.length === 1 ? years[0] : `${years[0]}至${years[years.length - 1]}`;
  const id = (s: string) => `${idPrefix}-${s}`;
  const applications: ChartSpec = {
    id: id('applications'),
    kind: 'bar',
    title: '新收和办结的政府信息公开申请',
    description: `${agencyName}${span}已发布年度报告中的本年新收申请数和办结数（表三）。`,
    categoryLabel: '年度',
    categories: years,
    series: [
      { name: FIGURE_LABELS.newReceived, values: values('newReceived') },
      { name: FIGURE_LABELS.totalProcessed, values: values('totalProcessed') },
    ],
    unit: '件',
  };
  const outcomes: ChartSpec = {
    id: id('outcomes'),
    kind: 'stackedBar',
    title: '申请的办理结果',
    description: `${agencyName}${span}各年办结申请按办理结果的构成（表三）。`,
    categoryLabel: '年度',
    categories: years,
    series: OUTCOME_FIGURES.map((k) => ({ name: FIGURE_LABELS[k], values: values(k) })),
    unit: '件',
  };
  const review: ChartSpec = {
    id: id('review'),
    kind: 'bar',
    title: '行政复议和行政诉讼',
    description: `${agencyName}${span}各年因政府信息公开被申请行政复议、提起行政诉讼的案件数（表四）。`,
    categoryLabel: '年度',
    categories: years,
    series: [
      { name: FIGURE_LABELS.reviewTotal, values: values('reviewTotal') },
      { name: FIGURE_LABELS.litigationTotal, values: values('litigationTotal') },
    ],
    unit: '件',
  };
  const newYoy = yearOnYearTexts(series, 'newReceived');
  const reviewYoy = yearOnYearTexts(series, 'reviewTotal');
  const litigationYoy = yearOnYearTexts(series, 'litigationTotal');
  return [
    { spec: applications, notes: { label: '新收申请同比', values: newYoy } },
    { spec: outcomes },
    {
      spec: review,
      notes: {
        label: '同比',
        values: series.map((_, i) =>
          [reviewYoy[i] ? `复议${reviewYoy[i]}` : '', litigationYoy[i] ? `诉讼${litigationYoy[i]}` : '']
            .filter(Boolean)
            .join('；'),
        ),
      },
    },
  ];
}
