import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type ChartSpec, chartValue, loadChartEngine, renderChartSvg } from './chart.ts';

const spec: ChartSpec = {
  id: 'new-apps',
  kind: 'bar',
  title: '新收申请 <历年>',
  description: '2022年至2024年新收政府信息公开申请数。',
  categoryLabel: '年度',
  categories: ['2022', '2023', '2024'],
  series: [
    { name: '新收申请', values: [12, 31, 47] },
    { name: '办结', values: [10, 29, null] },
  ],
  unit: '件',
};

describe('renderChartSvg', () => {
  before(loadChartEngine);

  it('names the chart for assistive technology and prints its values', () => {
    const svg = renderChartSvg(spec);
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="new-apps-title new-apps-desc"/);
    assert.ok(svg.includes('<title id="new-apps-title">新收申请 &lt;历年&gt;</title>'));
    assert.ok(svg.includes('<desc id="new-apps-desc">2022年至2024年新收政府信息公开申请数。</desc>'));
    for (const v of ['12', '31', '47', '10', '29', '2023', '新收申请', '办结']) {
      assert.ok(svg.includes(`>${v}</text>`), `value ${v} printed`);
    }
  });

  it('fits the CSP: no style element or attribute, ids of its own', () => {
    const svg = renderChartSvg(spec);
    assert.ok(!/<style|style="/.test(svg));
    assert.ok(!/zr\d+-/.test(svg));
    assert.ok(!/ecmeta_/.test(svg));
    const ids = [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(ids.length >= 2);
    for (const id of ids) assert.ok(id.startsWith('new-apps-'), id);
    assert.ok(svg.endsWith('</svg>'));
  });

  it('gives the same bytes for the same input, whatever was rendered before', () => {
    const first = renderChartSvg(spec);
    renderChartSvg({ ...spec, id: 'other', kind: 'line' });
    renderChartSvg({ ...spec, id: 'third', kind: 'horizontalBar' });
    assert.equal(renderChartSvg(spec), first);
  });

  it('tells series apart without colour: patterns on bars, dashes on lines', () => {
    const bars = renderChartSvg(spec);
    assert.match(bars, /<pattern /);
    const lines = renderChartSvg({ ...spec, id: 'lines', kind: 'line' });
    assert.match(lines, /stroke-dasharray="8/);
  });

  it('refuses an id that cannot be an element id', () => {
    assert.throws(() => renderChartSvg({ ...spec, id: 'Bad id' }));
  });
});

describe('chartValue', () => {
  it('prints no figure as a dash and rounds to one decimal', () => {
    assert.equal(chartValue(null), '—');
    assert.equal(chartValue(12), '12');
    assert.equal(chartValue(33.333, '%'), '33.3%');
  });
});
