import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  type FieldErrors,
  Notice,
  PostForm,
  SummaryList,
  Tag,
  Textarea,
} from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import type { Explanation } from './explanation.rules.ts';
import { markedBy } from './report-parts.views.tsx';
import type { Finding } from './rules/findings.ts';

export function ExplainFindingPage(props: {
  ctx: AdminContext;
  agency: Agency;
  year: number;
  findingId: string;
  /** The finding when it occurs now; null = the mark is 已失效. */
  finding: Finding | null;
  mark: Explanation | null;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
}) {
  const id = { agencyId: props.agency.id, year: props.year };
  const f = props.finding;
  return (
    <Page
      title={`说明问题：${props.agency.name}${props.year}年度报告`}
      hasErrors={!!props.errors}
      {...props.ctx}
    >
      <Breadcrumbs
        items={[
          { href: paths.reports.show(id), label: `${props.agency.name}${props.year}年度报告` },
          { label: '说明问题' },
        ]}
      />
      <ErrorSummary errors={props.errors} />
      <h1>将问题标记为已说明</h1>
      <SummaryList
        rows={[
          { key: '机构与年度', value: `${props.agency.name}${props.year}年度` },
          { key: '问题编号', value: props.findingId },
          {
            key: '问题',
            value: f ? (
              <>
                <Tag tone={f.severity === 'error' ? 'red' : 'yellow'}>
                  {f.severity === 'error' ? '错误' : '提醒'}
                </Tag>{' '}
                {f.message}
              </>
            ) : (
              <>
                <Tag tone="grey">已失效</Tag> 这个问题在重新检查后已不再出现。
              </>
            ),
          },
          ...(props.mark
            ? [{ key: '当前说明', value: `${props.mark.note}（${markedBy(props.mark)}）` }]
            : []),
        ]}
      />
      {f ? (
        <>
          {f.severity === 'error' ? (
            <Notice tone="warning">
              说明不改变检查结果：已说明的错误仍会阻止报告提交、审核通过和发布，只在汇总中与未说明的错误分开列出。
            </Notice>
          ) : (
            <p>已说明的提醒视为已处理。</p>
          )}
          <PostForm
            action={paths.reports.explain({ ...id, findingId: props.findingId })}
            csrf={props.ctx.csrf}
          >
            <Textarea
              name="note"
              label="说明理由"
              hint="说明为什么这一处数字或文字可以保留，不超过 500 个字。修改数字后重新检查，说明仍跟随同一问题。"
              value={props.values.note}
              error={props.errors?.note}
              rows={5}
            />
            <Button>{props.mark ? '保存说明' : '标记为已说明'}</Button>
          </PostForm>
        </>
      ) : null}
      {props.mark ? (
        <PostForm
          action={paths.reports.unexplain({ ...id, findingId: props.findingId })}
          csrf={props.ctx.csrf}
        >
          <Button variant="warning">取消“已说明”标记</Button>
        </PostForm>
      ) : null}
    </Page>
  );
}
