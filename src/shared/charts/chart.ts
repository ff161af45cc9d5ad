type Engine = Pick<typeof import('echarts'), 'init' | 'use'>;
let engine: Engine | null = null;

/**
 * Loads the chart engine (only the bar and line charts, grid, legend and the SVG renderer) once per
 * process. It takes about a second on a cold start, so it is loaded by the pages that draw charts, not
 * by every process that builds the app. Call before `renderChartSvg`.
 */
export async function loadChartEngine(): Promise<void> {
  if (engine) return;
  // echarts' subpath type files do not resolve under NodeNext; the runtime modules are what we load.
  const [core, charts, components, renderers] = (await Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
  ])) as unknown as [
    Engine,
    Record<'BarChart' | 'LineChart', never>,
    Record<'GridComponent' | 'LegendComponent', never>,
    Record<'SVGRenderer', never>,
  ];
  core.use([
    charts.BarChart,
    charts.LineChart,
    components.GridComponent,
    components.LegendComponent,
    renderers.SVGRenderer,
  ]);
  engine = core;
}

/**
 * Charts rendered on the server as SVG (Apache ECharts in its server-side mode, no DOM; decision 018).
 *
 * The SVG is made to fit the app's Content-Security-Policy (`style-src 'self'`): ECharts' `<style>` block
 * (hover rules only) is dropped and its `style="…"` attributes become presentation attributes. Element ids
 * are renamed after the chart's own id, so several charts share a page and the same input always gives the
 * same bytes. Every chart carries a `<title>` and a `<desc>` (`role="img"`); the view beside it prints the
 * numbers as a table (`chart.views.tsx`).
 */

/** Okabe–Ito colours, in the order series take them (distinct for the common colour-vision deficiencies). */
export const CHART_PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

/** Line dash per series, so lines stay apart when printed in grey. */
const LINE_DASHES: readonly (string | number[])[] = ['solid', [8, 4], [2, 3], [10, 3, 2, 3], [4, 4]];
const LINE_SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect'] as const;

/** Fill pattern per bar series after the first (which is solid): hatching, dots, cross, … */
const BAR_DECALS: readonly (Record<string, unknown> | null)[] = [
  null,
  { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4 },
  { symbol: 'circle', symbolSize: 0.6, dashArrayX: [[4, 4]], dashArrayY: [4, 0] },
  { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4 },
  { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: 0 },
  { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: Math.PI / 2 },
];

export type ChartKind = 'bar' | 'stackedBar' | 'horizontalBar' | 'line';

export interface ChartSeries {
  readonly name: string;
  /** One value per category; `null` = no figure (a gap). */
  readonly values: readonly (number | null)[];
}

export interface ChartSpec {
  /** Unique on the page: `[a-z0-9-]`, used for the element ids. */
  readonly id: string;
  readonly kind: ChartKind;
  /** Names the chart (the SVG's `<title>`, the table's caption). */
  readonly title: string;
  /** One or two sentences saying what the chart shows (the SVG's `<desc>`). */
  readonly description: string;
  /** Header of the category column of the data table (e.g. `年度`, `月份`, `机构`). */
  readonly categoryLabel: string;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Unit after values in the table and on the value axis, e.g. `件`, `%`. */
  readonly unit?: string;
  readonly width?: number;
  readonly height?: number;
}

const ID = /^[a-z][a-z0-9-]{0,60}$/;

/** Default size of a chart (CSS scales it down to the column width). */
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 300;

/** Height a horizontal bar chart needs for its categories. */
export function horizontalHeight(categories: number): number {
  return Math.max(160, 70 + categories * 26);
}

function option(spec: ChartSpec): Record<string, unknown> {
  const horizontal = spec.kind === 'horizontalBar';
  const multi = spec.series.length > 1;
  const categoryAxis = {
    type: 'category',
    data: [...spec.categories],
    axisLabel: {
      color: '#0b0c0c',
      fontSize: 12,
      hideOverlap: !horizontal,
      ...(horizontal ? { width: 180, overflow: 'truncate', interval: 0 } : {}),
    },
    axisLine: { lineStyle: { color: '#505a5f' } },
    ...(horizontal ? { inverse: true } : {}),
  };
  const valueAxis = {
    type: 'value',
    minInterval: 1,
    axisLabel: { color: '#0b0c0c', fontSize: 12 },
    splitLine: { lineStyle: { color: '#d8dadb' } },
    ...(spec.unit ? { name: spec.unit, nameTextStyle: { color: '#0b0c0c' } } : {}),
  };
  const series = spec.series.map((s, i) => {
    const color = CHART_PALETTE[i % CHART_PALETTE.length];
    const label = {
      show: true,
      position: horizontal ? 'right' : spec.kind === 'stackedBar' ? 'inside' : 'top',
      color: spec.kind === 'stackedBar' ? '#ffffff' : '#0b0c0c',
      fontSize: 11,
    };
    if (spec.kind === 'line') {
      return {
        type: 'line',
        name: s.name,
        data: [...s.values],
        color,
        symbol: LINE_SYMBOLS[i % LINE_SYMBOLS.length],
        symbolSize: 7,
        lineStyle: { width: 2.5, type: LINE_DASHES[i % LINE_DASHES.length] },
        label,
      };
    }
    const decal = BAR_DECALS[i % BAR_DECALS.length];
    return {
      type: 'bar',
      name: s.name,
      data: [...s.values],
      color,
      ...(spec.kind === 'stackedBar' ? { stack: 'all' } : {}),
      itemStyle: {
        borderColor: '#0b0c0c',
        borderWidth: 0.5,
        ...(decal ? { decal: { ...decal, color: 'rgba(255,255,255,0.55)' } } : {}),
      },
      label,
    };
  });
  return {
    animation: false,
    silent: true,
    textStyle: { fontFamily: 'sans-serif' },
    ...(multi ? { legend: { top: 0, itemGap: 16, textStyle: { color: '#0b0c0c', fontSize: 12 } } } : {}),
    grid: {
      top: multi ? 40 : 24,
      bottom: 8,
      left: 8,
      right: horizontal ? 48 : 16,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series,
  };
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** CSS properties ECharts writes in `style` that have a presentation attribute of the same name. */
const STYLE_TO_ATTRIBUTE = new Set(['font-size', 'font-weight', 'font-style', 'opacity', 'fill', 'stroke']);

function styleToAttributes(style: string): string {
  const out: string[] = [];
  for (const decl of style.split(';')) {
    const at = decl.indexOf(':');
    if (at < 0) continue;
    const prop = decl.slice(0, at).trim().toLowerCase();
    const value = decl.slice(at + 1).trim();
    // font-family is left to the page's stylesheet (the site font, also for print).
    if (STYLE_TO_ATTRIBUTE.has(prop) && value) out.push(`${prop}="${xmlEscape(value)}"`);
  }
  return out.join(' ');
}

/**
 * Renders a chart (after `loadChartEngine`) as a standalone, CSP-safe, accessible SVG string.
 *
 * @example renderChartSvg({ id: 'new-apps', kind: 'bar', title: '新收申请', description: '…',
 *   categoryLabel: '年度', categories: ['2023', '2024'], series: [{ name: '新收申请', values: [12, 18] }] })
 */
export function renderChartSvg(spec: ChartSpec): string {
  if (!ID.test(spec.id)) throw new Error(`chart id must match ${ID}: ${spec.id}`);
  const width = spec.width ?? CHART_WIDTH;
  const height =
    spec.height ?? (spec.kind === 'horizontalBar' ? horizontalHeight(spec.categories.length) : CHART_HEIGHT);
  if (!engine) throw new Error('loadChartEngine() must be awaited before rendering a chart');
  const chart = engine.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption(option(spec));
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const id = spec.id;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  svg = svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_m, s: string) => {
      const attrs = styleToAttributes(s);
      return attrs ? ` ${attrs}` : '';
    })
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ pointer-events="visible"/g, '')
    .replace(/\bzr\d+-/g, `${id}-`)
    .replace(/<(g|defs) >/g, '<$1>')
    .replace(/\n+/g, '\n');
  const open = svg.indexOf('>') + 1;
  const head =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
    ` class="gk-chart-svg" role="img" aria-labelledby="${titleId} ${descId}">` +
    `<title id="${titleId}">${xmlEscape(spec.title)}</title><desc id="${descId}">${xmlEscape(spec.description)}</desc>`;
  return head + svg.slice(open);
}

/** A value as printed in a chart's table (`—` for no figure). */
export function chartValue(v: number | null, unit?: string): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const n = Number.isInteger(v) ? String(v) : String(Math.round(v * 10) / 10);
  return unit === '%' ? `${n}%` : n;
}
