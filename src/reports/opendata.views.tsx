import { paths } from '../shared/paths.ts';
import { PortalBreadcrumbs } from '../shared/ui/components.tsx';
import { Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import { OPEN_DATA_COLUMNS } from './opendata.rules.ts';

const TYPE_LABELS = { text: '文本', integer: '整数', number: '数值（可有小数）' } as const;

/** Public: what the open-data files hold, how to ask for a part of them, and every column. */
export function OpenDataPage() {
  const csv = paths.reports.openDataCsv();
  const json = paths.reports.openDataJson();
  return (
    <Page title="开放数据：政府信息公开工作年度报告" area="portal">
      <PortalBreadcrumbs item="开放数据" />
      <h1>开放数据：政府信息公开工作年度报告</h1>
      <p>
        本站各机构<strong>已发布</strong>的政府信息公开工作年度报告中的全部表格数据，每个机构每个年度一行。
        只含已发布的数字，不含任何个人信息；未发布、已撤回的年报不在其中。数字与年报原文一致。
      </p>
      <h2>下载</h2>
      <ul class="gk-list">
        <li>
          <a href={csv}>全部机构 CSV</a>（UTF-8 编码，带 BOM，可直接用电子表格软件打开；第一行为列名）
        </li>
        <li>
          <a href={json}>全部机构 JSON</a>（<code>columns</code> 为列说明，<code>rows</code> 为数据，键与 CSV
          列名相同）
        </li>
      </ul>
      <h2>只取一部分</h2>
      <p>两种文件都可以加上以下参数：</p>
      <Table caption="参数" visibleCaption columns={['参数', '含义', '示例']}>
        <tr>
          <th scope="row">
            <code>agency</code>
          </th>
          <td>机构的统一社会信用代码、组织机构代码或本站机构编号：只取该机构</td>
          <td>
            <code>?agency=11220103013850421A</code>
          </td>
        </tr>
        <tr>
          <th scope="row">
            <code>subtree=1</code>
          </th>
          <td>与 agency 一起使用：该机构及其全部下级机构</td>
          <td>
            <code>?agency=11220103013850421A&amp;subtree=1</code>
          </td>
        </tr>
        <tr>
          <th scope="row">
            <code>year</code>
          </th>
          <td>只取某一报告年度</td>
          <td>
            <code>?year=2024</code>
          </td>
        </tr>
      </Table>
      <p>
        文件带有 <code>ETag</code>：再次下载时发送 <code>If-None-Match</code>，数据未变化则返回
        304（不重复传输）。 有年报发布、撤回或机构信息修改时，文件随之更新。
      </p>
      <h2>列说明</h2>
      <p>
        列名固定不变，按 2019 年和 2021 年两种国家格式的表格单元编排：<code>proactive.</code>
        为表二（主动公开情况），<code>applications.行.列</code> 为表三（收到和处理政府信息公开申请情况），
        <code>review.</code> 为表四（行政复议和行政诉讼情况）。某年报所用格式中没有的单元为空。
      </p>
      <Table
        caption={`全部 ${OPEN_DATA_COLUMNS.length} 列`}
        visibleCaption
        columns={['列名', '含义', '类型']}
      >
        {OPEN_DATA_COLUMNS.map((c) => (
          <tr>
            <th scope="row">
              <code>{c.key}</code>
            </th>
            <td>{c.label}</td>
            <td>{TYPE_LABELS[c.type]}</td>
          </tr>
        ))}
      </Table>
    </Page>
  );
}
