import { ChartFigure } from '../shared/charts/chart.views.tsx';
import { reportTrendCharts } from './trends.charts.ts';
import type { YearFigures } from './trends.rules.ts';

/** The charts of an agency's published years (年报 column, report page): applications, outcomes, 复议/诉讼. */
export function ReportTrends(props: {
  agencyName: string;
  series: readonly YearFigures[];
  idPrefix?: string;
}) {
  const charts = reportTrendCharts(props.agencyName, props.series, props.idPrefix);
  if (charts.length === 0) return null;
  return (
    <div class="gk-chart-grid">
      {charts.map((c) =>
        c.notes ? <ChartFigure spec={c.spec} notes={c.notes} /> : <ChartFigure spec={c.spec} />,
      )}
    </div>
  );
}
