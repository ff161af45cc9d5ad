import { paths } from '../shared/paths.ts';
import { Button, ErrorSummary, Notice, PostForm, Radios } from '../shared/ui/components.tsx';
import { FileUpload } from '../shared/ui/file-upload.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { ImportRow, RowProblem } from './import.rules.ts';
import { IMPORT_COLUMNS } from './import.rules.ts';

export function ImportPage(props: {
  ctx: AdminContext;
  error?: string | undefined;
  fileName?: string | undefined;
  problems?: readonly RowProblem[] | undefined;
  rows?: readonly ImportRow[] | undefined;
  imported?: number | undefined;
}) {
  const problems = props.problems ?? [];
  return (
    <Page title="导入主动公开信息" hasErrors={Boolean(props.error) || problems.length > 0} {...props.ctx}>
      <a href={paths.catalogue.list()} class="gk-back-link">
        返回列表
      </a>
      <ErrorSummary errors={props.error ? { file: props.error } : undefined} />
      <h1>导入主动公开信息</h1>
      {props.imported !== undefined ? <Notice tone="success">已导入 {props.imported} 条信息。</Notice> : null}
      <p>
        从原系统导出的 XLSX 或 CSV 文件导入已公开的信息。第一行为列名，可用的列：
        {Object.values(IMPORT_COLUMNS)
          .map((names) => names[0])
          .join('、')}
        。“名称”和“发布日期”必填；索引号留空时自动生成。先试导入检查每一行，任何一行有问题都不会写入。
      </p>
      <p>
        <a href={paths.catalogue.importTemplate()}>下载导入模板（XLSX，含可用的主题分类）</a>
      </p>
      {problems.length > 0 ? (
        <section aria-labelledby="problems-title">
          <h2 id="problems-title">
            {props.fileName}：{problems.length} 行有问题，未导入任何信息
          </h2>
          <Table columns={['行号', '问题']}>
            {problems.map((p) => (
              <tr>
                <td>第 {p.line} 行</td>
                <td>{p.messages.join('；')}</td>
              </tr>
            ))}
          </Table>
        </section>
      ) : null}
      {props.rows && problems.length === 0 && props.imported === undefined ? (
        <Notice tone="info">
          试导入通过：{props.fileName} 共 {props.rows.length}{' '}
          行，均可导入。选择“正式导入”并再次上传该文件即可写入。
        </Notice>
      ) : null}
      <PostForm action={paths.catalogue.import()} csrf={props.ctx.csrf} multipart>
        <FileUpload name="file" label="XLSX 或 CSV 文件" error={props.error} />
        <Radios
          name="mode"
          label="方式"
          value={props.rows && problems.length === 0 && props.imported === undefined ? 'commit' : 'dry-run'}
          options={[
            { value: 'dry-run', label: '试导入（只检查，不写入）' },
            { value: 'commit', label: '正式导入' },
          ]}
        />
        <Button>上传</Button>
      </PostForm>
    </Page>
  );
}
