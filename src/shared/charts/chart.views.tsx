import { raw } from 'hono/html';
import { type ChartSpec, chartValue, renderChartSvg } from './chart.ts';

/**
 * A chart as a figure: the SVG, then the same numbers as a table (for screen readers, for print and for
 * anyone who wants the figures). `link(category, series)` makes a row heading (`series` null) or a value
 * a link to the records behind it; `notes` adds a column of remarks (e.g. 同比).
 */
export function ChartFigure(props: {
  spec: ChartSpec;
  link?: (category: number, series: number | null) => string | null;
  notes?: { label: string; values: readonly string[] };
}) {
  const { spec } = props;
  const unit = spec.unit;
  return (
    <figure class="gk-chart" id={spec.id}>
      {raw(renderChartSvg(spec))}
      <figcaption class="gk-chart-caption">{spec.title}</figcaption>
      <table class="gk-table gk-chart-data">
        <caption class="gk-visually-hidden">{`${spec.title}（数据表）`}</caption>
        <thead>
          <tr>
            <th scope="col">{spec.categoryLabel}</th>
            {spec.series.map((s) => (
              <th scope="col" class="gk-num">
                {unit && unit !== '%' ? `${s.name}（${unit}）` : s.name}
              </th>
            ))}
            {props.notes ? <th scope="col">{props.notes.label}</th> : null}
          </tr>
        </thead>
        <tbody>
          {spec.categories.map((c, i) => {
            const href = props.link?.(i, null);
            return (
              <tr>
                <th scope="row">{href ? <a href={href}>{c}</a> : c}</th>
                {spec.series.map((s, j) => {
                  const value = chartValue(s.values[i] ?? null, unit);
                  const to = props.link?.(i, j);
                  return <td class="gk-num">{to ? <a href={to}>{value}</a> : value}</td>;
                })}
                {props.notes ? <td>{props.notes.values[i] ?? ''}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
