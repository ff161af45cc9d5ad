import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import { Notice, PortalBreadcrumbs } from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';
import { ReportArticle } from './render/html.tsx';
import { OUTPUT_FORMATS, OUTPUT_LABELS } from './render/index.ts';
import type { AnnualReport } from './report.model.ts';
import { type ReportDocument, reportTitle } from './report.model.ts';
import { ReportCss } from './report-parts.views.tsx';
import type { YearFigures } from './trends.rules.ts';
import { ReportTrends } from './trends.views.tsx';

/** Public pages: the agency's 政府信息公开年报 column and a published report. */

function Downloads({ agencyId, year }: { agencyId: number; year: number }) {
  return (
    <ul class="gk-list">
      {OUTPUT_FORMATS.map((o) => (
        <li>
          <a href={paths.reports.publishedFile({ agencyId, year, output: o })} download>
            下载{OUTPUT_LABELS[o]}
            <span class="gk-visually-hidden">：{year}年度报告</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

export function ReportsColumnPage(props: {
  agency: Agency;
  reports: readonly AnnualReport[];
  series: readonly YearFigures[];
}) {
  const a = props.agency;
  return (
    <Page title={`政府信息公开年报 - ${a.name}`} area="portal">
      <PortalBreadcrumbs agency={a} column={{ label: '政府信息公开年报' }} />
      <span class="gk-caption">{a.name}</span>
      <h1>政府信息公开年报</h1>
      <p>{a.name}历年政府信息公开工作年度报告。</p>
      {props.reports.length === 0 ? (
        <Notice>暂无已发布的年度报告。</Notice>
      ) : (
        <>
          <h2>历年主要数据</h2>
          <p>
            以下图表取自各年已发布年度报告的表格，每个图下的表格列出相同的数字。
            <a href={paths.reports.openDataCsv(undefined, { agency: String(a.id) })}>
              下载本机构历年数据（CSV）
            </a>
            ，查看<a href={paths.reports.openData()}>开放数据说明</a>，或
            <a href={paths.reports.compare(undefined, { level: a.level })}>与同级机构比较</a>。
          </p>
          <ReportTrends agencyName={a.name} series={props.series} />
          <h2>年度报告</h2>
        </>
      )}
      {props.reports.length === 0 ? null : (
        <ul class="gk-list gk-report-years">
          {props.reports.map((r) => (
            <li>
              <h2>
                <a href={paths.reports.published({ agencyId: a.id, year: r.year })}>
                  {r.published ? reportTitle(r.published) : `${a.name}${r.year}年政府信息公开工作年度报告`}
                </a>
              </h2>
              <p>发布日期：{r.publishedAt?.slice(0, 10)}</p>
              <Downloads agencyId={a.id} year={r.year} />
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

export function PublishedReportPage(props: { agency: Agency; doc: ReportDocument }) {
  const { agency, doc } = props;
  return (
    <Page title={reportTitle(doc)} area="portal">
      <ReportCss />
      <PortalBreadcrumbs
        agency={agency}
        column={{ label: '政府信息公开年报', href: paths.reports.column({ agencyId: agency.id }) }}
        item={`${doc.year}年度报告`}
      />
      <span class="gk-caption">{agency.name}</span>
      <ReportArticle doc={doc} />
      <h2>下载本报告</h2>
      <Downloads agencyId={agency.id} year={doc.year} />
    </Page>
  );
}
