import type { ChartSpec } from '../shared/charts/chart.ts';
import { ChartFigure } from '../shared/charts/chart.views.tsx';
import { paths } from '../shared/paths.ts';
import { Button, TextInput } from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import { Page } from '../shared/ui/layout.tsx';
import {
  type AgencySort,
  LITIGATION_RESULT_LABELS,
  LITIGATION_RESULTS,
  monthEnd,
  type SupervisionFigures,
  sortTimeliness,
} from './supervision.rules.ts';

/** Agencies drawn in a per-agency chart (the table under it lists more). */
export const CHART_AGENCIES = 20;
/** Agencies listed in the table unless all are asked for. */
export const TABLE_AGENCIES = 200;

const SORT_LABELS: Readonly<Record<AgencySort, string>> = {
  onTime: '按期答复率',
  overdue: '超期与逾期',
  days: '平均答复用时',
  finished: '办结数',
  name: '机构名称',
};

function short(label: string, max = 16): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

function pct(v: number | null): string {
  return v === null ? '—' : `${v}%`;
}

export interface SupervisionForm {
  readonly from: string;
  readonly to: string;
  readonly error: string | null;
}

/** 统计图表: the figures of the viewer's agencies for a period, each chart with its table and links. */
export function SupervisionPage(props: {
  ctx: AdminContext;
  scopeName: string;
  figures: SupervisionFigures;
  form: SupervisionForm;
  sort: AgencySort;
  /** List every agency (otherwise the worst `TABLE_AGENCIES`; the workbook always has all). */
  all?: boolean;
}) {
  const f = props.figures;
  const { from, to } = f.period;
  const q = paths.applications.queue;
  const t = f.totals;
  const sorted = sortTimeliness(f.agencies, props.sort);
  const agencies = props.all ? sorted : sorted.slice(0, TABLE_AGENCIES);
  const worst = f.agencies.filter((a) => a.finished > 0).slice(0, CHART_AGENCIES);
  const periodText = `${from} 至 ${to}`;

  const monthly: ChartSpec = {
    id: 'monthly',
    kind: 'bar',
    title: '每月新收和办结的申请',
    description: `${props.scopeName}${periodText}每月新收政府信息公开申请 ${t.received} 件、办结 ${t.finished} 件的分月数量。`,
    categoryLabel: '月份',
    categories: f.months.map((m) => m.month),
    series: [
      { name: '新收', values: f.months.map((m) => m.received) },
      { name: '办结', values: f.months.map((m) => m.finished) },
    ],
    unit: '件',
  };
  const outcomes: ChartSpec = {
    id: 'outcomes',
    kind: 'horizontalBar',
    title: '办结申请的办理结果（按年报表三的行）',
    description: `${periodText}办结的 ${t.finished} 件申请按年度报告表三各行的分布。`,
    categoryLabel: '办理结果',
    categories: f.outcomes.map((o) => short(o.label, 22)),
    series: [{ name: '件数', values: f.outcomes.map((o) => o.count) }],
    unit: '件',
  };
  const timeliness: ChartSpec = {
    id: 'on-time',
    kind: 'horizontalBar',
    title: `按期答复率最低的 ${worst.length} 个机构`,
    description: `${periodText}办结申请中在答复期限内答复的比例，从最低起排列；全部机构见下表。整体为 ${pct(t.onTimePercent)}。`,
    categoryLabel: '机构',
    categories: worst.map((a) => short(a.agency.name)),
    series: [{ name: '按期答复率', values: worst.map((a) => a.onTimePercent) }],
    unit: '%',
  };
  const litigation: ChartSpec = {
    id: 'litigation',
    kind: 'stackedBar',
    title: '行政复议和行政诉讼及其结果',
    description: `${periodText}受理的行政复议和行政诉讼案件按结果分列。`,
    categoryLabel: '类别',
    categories: f.litigation.map((l) => l.label),
    series: LITIGATION_RESULTS.map((r) => ({
      name: LITIGATION_RESULT_LABELS[r],
      values: f.litigation.map((l) => l.byResult[r]),
    })),
    unit: '件',
  };
  const catalogueTop = f.catalogue.slice(0, CHART_AGENCIES);
  const catalogue: ChartSpec = {
    id: 'catalogue',
    kind: 'horizontalBar',
    title: '主动公开：本期发布与超过第二十六条期限的信息',
    description: `${periodText}各机构发布的主动公开信息，及其中超过形成之日起 20 个工作日发布的和逾期仍未发布的，超期多的在前。`,
    categoryLabel: '机构',
    categories: catalogueTop.map((c) => short(c.agency.name)),
    series: [
      { name: '本期发布', values: catalogueTop.map((c) => c.published) },
      { name: '超期发布', values: catalogueTop.map((c) => c.publishedLate) },
      { name: '逾期未发布', values: catalogueTop.map((c) => c.unpublishedOverdue) },
    ],
    unit: '件',
  };

  const sortHref = (sort: AgencySort) =>
    paths.statistics.supervision(undefined, {
      from,
      to,
      sort: sort === 'onTime' ? undefined : sort,
      all: props.all ? '1' : undefined,
    });
  return (
    <Page title="统计图表" {...props.ctx}>
      <span class="gk-caption">{props.scopeName}</span>
      <h1>统计图表</h1>
      <p>
        {props.scopeName}（共 {f.agencyCount} 个机构）{periodText}
        的依申请公开、复议诉讼和主动公开情况。每个图下的表格列出相同的数字，点击数字可查看对应的记录。 逾期按{' '}
        {f.asOf} 判断。
      </p>
      <form method="get" action={paths.statistics.supervision()} class="gk-inline-form">
        <TextInput
          name="from"
          label="起始日期"
          type="date"
          width="third"
          value={props.form.from}
          error={props.form.error ?? undefined}
        />
        <TextInput name="to" label="截止日期" type="date" width="third" value={props.form.to} />
        <input type="hidden" name="sort" value={props.sort} />
        <Button variant="secondary">查看</Button>
      </form>
      <p>
        <a href={paths.statistics.supervisionXlsx(undefined, { from, to })}>导出以上数字（XLSX）</a>
      </p>
      <dl class="gk-summary-list">
        {(
          [
            ['新收申请', `${t.received} 件`],
            ['办结', `${t.finished} 件`],
            ['按期答复率', pct(t.onTimePercent)],
            ['超期答复', `${t.late} 件`],
            ['逾期未办结', `${t.openOverdue} 件`],
            ['平均答复用时', t.averageWorkingDays === null ? '—' : `${t.averageWorkingDays} 个工作日`],
          ] as const
        ).map(([k, v]) => (
          <div class="gk-summary-list__row">
            <dt class="gk-summary-list__key">{k}</dt>
            <dd class="gk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>

      <h2>依申请公开</h2>
      <div class="gk-chart-grid">
        <ChartFigure
          spec={monthly}
          link={(i, s) => {
            const m = f.months[i]?.month;
            if (!m) return null;
            const start = `${m}-01` < from ? from : `${m}-01`;
            const end = monthEnd(m) > to ? to : monthEnd(m);
            return s === 1
              ? q(undefined, { status: 'closed', closedFrom: start, closedTo: end })
              : q(undefined, { status: 'all', receivedFrom: start, receivedTo: end });
          }}
        />
        <ChartFigure
          spec={outcomes}
          link={(i) => {
            const o = f.outcomes[i];
            return o
              ? q(undefined, { status: 'closed', outcome: o.key, closedFrom: from, closedTo: to })
              : null;
          }}
        />
      </div>
      <ChartFigure
        spec={timeliness}
        link={(i) => {
          const a = worst[i];
          return a
            ? q(undefined, { status: 'closed', agency: a.agency.id, closedFrom: from, closedTo: to })
            : null;
        }}
      />
      <table class="gk-table gk-table--numeric" id="agencies">
        <caption>
          各机构答复情况（{SORT_LABELS[props.sort]}最差的在前
          {agencies.length < sorted.length ? `，列出前 ${agencies.length} 个，共 ${sorted.length} 个` : ''}）
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <a href={sortHref('name')}>机构</a>
            </th>
            <th scope="col" class="gk-num">
              <a href={sortHref('finished')}>办结</a>
            </th>
            <th scope="col" class="gk-num">
              <a href={sortHref('onTime')}>按期答复率</a>
            </th>
            <th scope="col" class="gk-num">
              <a href={sortHref('overdue')}>超期答复</a>
            </th>
            <th scope="col" class="gk-num">
              <a href={sortHref('overdue')}>逾期未办结</a>
            </th>
            <th scope="col" class="gk-num">
              <a href={sortHref('days')}>平均答复用时（工作日）</a>
            </th>
          </tr>
        </thead>
        <tbody>
          {agencies.map((a) => (
            <tr>
              <th scope="row">
                <a
                  href={q(undefined, { status: 'all', agency: a.agency.id, closedFrom: from, closedTo: to })}
                >
                  {a.agency.name}
                </a>
              </th>
              <td class="gk-num">{a.finished}</td>
              <td class="gk-num">{pct(a.onTimePercent)}</td>
              <td class="gk-num">
                {a.late > 0 ? (
                  <a
                    href={q(undefined, {
                      status: 'closed',
                      agency: a.agency.id,
                      late: '1',
                      closedFrom: from,
                      closedTo: to,
                    })}
                  >
                    {a.late}
                  </a>
                ) : (
                  0
                )}
              </td>
              <td class="gk-num">
                {a.openOverdue > 0 ? (
                  <a href={q(undefined, { status: 'open', agency: a.agency.id, overdue: '1' })}>
                    {a.openOverdue}
                  </a>
                ) : (
                  0
                )}
              </td>
              <td class="gk-num">{a.averageWorkingDays ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {agencies.length < sorted.length ? (
        <p>
          <a href={paths.statistics.supervision(undefined, { from, to, sort: props.sort, all: '1' })}>
            列出全部 {sorted.length} 个机构
          </a>
          （导出的 XLSX 也含全部机构）
        </p>
      ) : null}
      <h2>行政复议和行政诉讼</h2>
      <ChartFigure spec={litigation} />
      {f.litigationByAgency.length > 0 ? (
        <table class="gk-table gk-table--numeric">
          <caption>有案件的机构</caption>
          <thead>
            <tr>
              <th scope="col">机构</th>
              <th scope="col" class="gk-num">
                行政复议
              </th>
              <th scope="col" class="gk-num">
                行政诉讼
              </th>
              <th scope="col" class="gk-num">
                结果纠正
              </th>
            </tr>
          </thead>
          <tbody>
            {f.litigationByAgency.map((l) => (
              <tr>
                <th scope="row">
                  <a href={paths.litigation.list({ agencyId: l.agency.id })}>{l.agency.name}</a>
                </th>
                <td class="gk-num">{l.review}</td>
                <td class="gk-num">{l.litigation}</td>
                <td class="gk-num">{l.corrected}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <h2>主动公开</h2>
      {catalogueTop.length > 0 ? (
        <ChartFigure
          spec={catalogue}
          link={(i, s) =>
            s === 2
              ? paths.catalogue.list()
              : catalogueTop[i]
                ? paths.catalogue.list(undefined, { status: 'published' })
                : null
          }
        />
      ) : (
        <p>本期没有主动公开信息。</p>
      )}
    </Page>
  );
}
