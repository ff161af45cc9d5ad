import { AGENCY_LEVELS, type AgencyLevel, LEVEL_LABELS } from '../agencies/agency.rules.ts';
import type { ChartSpec } from '../shared/charts/chart.ts';
import { ChartFigure } from '../shared/charts/chart.views.tsx';
import { paths } from '../shared/paths.ts';
import { Button, Notice, PortalBreadcrumbs, Select } from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';
import { type MainFigure, yearOnYear, yearOnYearText } from './trends.rules.ts';

/** An agency's published figures of the year compared, with last year's for 同比. */
export interface CompareRow {
  readonly agencyId: number;
  readonly agencyName: string;
  readonly values: Readonly<Record<MainFigure, number | null>>;
  readonly lastYear: Readonly<Record<MainFigure, number | null>> | null;
}

/** Agencies drawn in the chart (the table lists up to `COMPARE_TABLE_LIMIT`). */
export const COMPARE_CHART_AGENCIES = 25;
export const COMPARE_TABLE_LIMIT = 500;

const n = (v: number | null) => (v === null ? '—' : String(v));

function disclosedShare(v: CompareRow['values']): string {
  const done = v.totalProcessed ?? 0;
  if (done === 0) return '—';
  return `${Math.round((((v.granted ?? 0) + (v.partial ?? 0)) / done) * 1000) / 10}%`;
}

/** Public: the agencies of one level side by side, from their published reports of one year. */
export function ComparePage(props: {
  level: AgencyLevel;
  year: number | null;
  years: readonly number[];
  rows: readonly CompareRow[];
}) {
  const { level, year } = props;
  const top = props.rows.slice(0, COMPARE_CHART_AGENCIES);
  const spec: ChartSpec | null =
    year === null || top.length === 0
      ? null
      : {
          id: 'compare',
          kind: 'horizontalBar',
          title: `${LEVEL_LABELS[level]}机构${year}年新收和办结的申请`,
          description: `${year}年已发布年度报告的${LEVEL_LABELS[level]}机构中新收申请最多的 ${top.length} 个，及其办结数。`,
          categoryLabel: '机构',
          categories: top.map((r) =>
            r.agencyName.length > 16 ? `${r.agencyName.slice(0, 15)}…` : r.agencyName,
          ),
          series: [
            { name: '新收申请', values: top.map((r) => r.values.newReceived) },
            { name: '办结', values: top.map((r) => r.values.totalProcessed) },
          ],
          unit: '件',
        };
  return (
    <Page title="各机构年报数据比较" area="portal">
      <PortalBreadcrumbs item="各机构年报数据比较" />
      <h1>各机构年报数据比较</h1>
      <p>
        同一层级机构已发布的政府信息公开工作年度报告中的主要数字。只含已发布的年报；数字与年报原文一致。全部数据见
        <a href={paths.reports.openData()}>开放数据</a>。
      </p>
      <form method="get" action={paths.reports.compare()} class="gk-inline-form">
        <Select
          name="level"
          label="机构层级"
          value={level}
          options={AGENCY_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))}
        />
        <Select
          name="year"
          label="报告年度"
          value={year === null ? '' : String(year)}
          options={props.years.map((y) => ({ value: String(y), label: `${y}年` }))}
        />
        <Button variant="secondary">比较</Button>
      </form>
      {spec === null ? (
        <Notice>该层级暂无已发布的年度报告。</Notice>
      ) : (
        <>
          <ChartFigure
            spec={spec}
            link={(i) => {
              const r = top[i];
              return r && year !== null ? paths.reports.published({ agencyId: r.agencyId, year }) : null;
            }}
          />
          <table class="gk-table gk-table--numeric">
            <caption>
              {LEVEL_LABELS[level]}机构{year}年主要数字（按新收申请从多到少，共 {props.rows.length} 个机构
              {props.rows.length > COMPARE_TABLE_LIMIT ? `，列出前 ${COMPARE_TABLE_LIMIT} 个` : ''}）
            </caption>
            <thead>
              <tr>
                <th scope="col">机构</th>
                <th scope="col" class="gk-num">
                  新收申请
                </th>
                <th scope="col">同比</th>
                <th scope="col" class="gk-num">
                  办结
                </th>
                <th scope="col" class="gk-num">
                  予以公开和部分公开占比
                </th>
                <th scope="col" class="gk-num">
                  行政复议
                </th>
                <th scope="col" class="gk-num">
                  行政诉讼
                </th>
              </tr>
            </thead>
            <tbody>
              {props.rows.slice(0, COMPARE_TABLE_LIMIT).map((r) => (
                <tr>
                  <th scope="row">
                    <a href={paths.reports.published({ agencyId: r.agencyId, year: year ?? 0 })}>
                      {r.agencyName}
                    </a>
                  </th>
                  <td class="gk-num">{n(r.values.newReceived)}</td>
                  <td>{yearOnYearText(yearOnYear(r.values.newReceived, r.lastYear?.newReceived)) || '—'}</td>
                  <td class="gk-num">{n(r.values.totalProcessed)}</td>
                  <td class="gk-num">{disclosedShare(r.values)}</td>
                  <td class="gk-num">{n(r.values.reviewTotal)}</td>
                  <td class="gk-num">{n(r.values.litigationTotal)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Page>
  );
}
