import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import { Breadcrumbs, Notice } from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import { ReportArticle } from './render/html.tsx';
import type { ReportDocument } from './report.model.ts';
import type { Rollup } from './report.service.ts';
import { ReportCss, StatusTag } from './report-parts.views.tsx';

export function RollupPage(props: { ctx: AdminContext; root: Agency; rollup: Rollup }) {
  const { rollup, root } = props;
  const doc: ReportDocument = {
    version: 1,
    agencyId: root.id,
    agencyName: `${root.name}（含下属机构）`,
    year: rollup.year,
    format: rollup.format,
    tables: rollup.total,
    narrative: { overview: '', problems: '', other: '' },
    signedOn: `${rollup.year + 1}-01-01`,
  };
  const total = (
    t: Rollup['total'],
    key: 'newReceived' | 'carriedOver' | 'totalProcessed' | 'carryForward',
  ) => t.applications[key]?.[6] ?? 0;
  const problems = rollup.agencies.filter((a) => a.missing || a.unexplained.length > 0);
  const settled = rollup.agencies.filter(
    (a) => !a.missing && a.errors.length > 0 && a.unexplained.length === 0,
  );
  const errorsText = (a: Rollup['agencies'][number]) => {
    if (a.errors.length === 0) return null;
    if (a.unexplained.length === 0) return `错误均已说明（${a.errors.length}项）`;
    const done = a.errors.length - a.unexplained.length;
    return `有错误${a.unexplained.length}项${done > 0 ? `（另有${done}项已说明）` : ''}`;
  };
  return (
    <Page title={`汇总：${root.name}${rollup.year}年度`} {...props.ctx}>
      <ReportCss />
      <Breadcrumbs
        items={[
          { href: paths.reports.list(undefined, { year: rollup.year }), label: '年度报告' },
          { label: '汇总' },
        ]}
      />
      <h1>
        {root.name}及下属机构{rollup.year}年度汇总
      </h1>
      <p>
        汇总范围：本机构及其全部下属机构，共 {rollup.agencies.length} 个。本年新收申请{' '}
        {total(rollup.total, 'newReceived')} 件，办结 {total(rollup.total, 'totalProcessed')} 件。
      </p>
      <h2>报告缺失或有错误的机构</h2>
      {problems.length === 0 ? (
        <Notice tone="success">
          {settled.length === 0
            ? '全部机构均已发布报告，且未发现错误。'
            : '全部机构均已发布报告；发现的错误均已说明。'}
        </Notice>
      ) : (
        <ul class="gk-list">
          {problems.map((a) => (
            <li>
              <a href={paths.reports.show({ agencyId: a.agency.id, year: rollup.year })}>{a.agency.name}</a>：
              {[a.missing ? '尚未发布报告' : null, errorsText(a)].filter(Boolean).join('；')}
            </li>
          ))}
        </ul>
      )}
      {settled.length > 0 ? (
        <>
          <h3>错误均已说明的机构</h3>
          <p>这些机构报告中的错误已由政务公开主管说明；错误仍须改正后才能重新发布。</p>
          <ul class="gk-list">
            {settled.map((a) => (
              <li>
                <a href={paths.reports.show({ agencyId: a.agency.id, year: rollup.year })}>{a.agency.name}</a>
                ：{errorsText(a)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>分机构明细</h2>
      <Table
        caption="各机构申请与案件数"
        columns={['机构', '本年新收', '上年结转', '办结', '结转下年度', '行政复议', '行政诉讼', '报告状态']}
      >
        {rollup.agencies.map((a) => (
          <tr>
            <th scope="row">{a.agency.name}</th>
            <td>{total(a.tables, 'newReceived')}</td>
            <td>{total(a.tables, 'carriedOver')}</td>
            <td>{total(a.tables, 'totalProcessed')}</td>
            <td>{total(a.tables, 'carryForward')}</td>
            <td>{a.tables.review[4] ?? 0}</td>
            <td>{(a.tables.review[9] ?? 0) + (a.tables.review[14] ?? 0)}</td>
            <td>
              <StatusTag status={a.report?.status ?? null} />
            </td>
          </tr>
        ))}
      </Table>
      <h2>汇总表格</h2>
      <ReportArticle doc={doc} headingLevel={2} />
    </Page>
  );
}
