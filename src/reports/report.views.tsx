import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import { AdminPage, FormPage } from '../shared/ui/admin-page.tsx';
import {
  Breadcrumbs,
  Button,
  type FieldErrors,
  fieldBinder,
  Notice,
  PostForm,
  Radios,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
} from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { Article20Field } from './article20.rules.ts';
import type { Explanation } from './explanation.rules.ts';
import { FORMATS } from './format/formats.ts';
import { ReportArticle } from './render/html.tsx';
import { OUTPUT_FORMATS, OUTPUT_LABELS } from './render/index.ts';
import {
  type AnnualReport,
  ARTICLE_49_DUE_TEXT,
  NARRATIVE_SECTIONS,
  narrativeHeading,
  PLACEHOLDERS,
  type ReportDocument,
} from './report.model.ts';
import type { WorkflowAction } from './report.service.ts';
import { FindingsList, markedBy, ReportCss, StaleExplanations, StatusTag } from './report-parts.views.tsx';
import type { Finding } from './rules/findings.ts';

/** Staff pages of a report: the list, a report with its findings and workflow, and the draft's forms. */

export function ReportListPage(props: {
  ctx: AdminContext;
  year: number;
  rows: readonly { agency: Agency; report: AnnualReport | null; due: string }[];
  years: readonly number[];
  /** The viewer may survey published reports (supervisors, administrators). */
  canSurvey?: boolean;
}) {
  return (
    <AdminPage ctx={props.ctx} title="年度报告" heading="政府信息公开工作年度报告">
      {props.canSurvey ? (
        <p>
          <a href={paths.reports.surveys({}, { year: props.year })}>
            检查各机关已发布的年度报告（网站上的和本系统内的），按问题多少排名
          </a>
        </p>
      ) : null}
      <form method="get" action={paths.reports.list()} class="gk-inline-form">
        <label class="gk-label" for="year">
          报告年度
        </label>
        <select class="gk-select" id="year" name="year">
          {props.years.map((y) => (
            <option value={String(y)} selected={y === props.year}>
              {y}年度
            </option>
          ))}
        </select>{' '}
        <button type="submit" class="gk-button gk-button--secondary">
          查看
        </button>
      </form>
      <Table caption={`${props.year}年度各机构年度报告状态`} columns={['机构', '状态', '报送截止日', '操作']}>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.agency.name}</th>
            <td>
              <StatusTag status={r.report?.status ?? null} />
            </td>
            <td>{r.due}</td>
            <td>
              <a href={paths.reports.show({ agencyId: r.agency.id, year: props.year })}>
                打开<span class="gk-visually-hidden">{r.agency.name}的报告</span>
              </a>
              {' · '}
              <a href={paths.reports.rollup({ agencyId: r.agency.id, year: props.year })}>
                汇总<span class="gk-visually-hidden">{r.agency.name}及下属机构</span>
              </a>
            </td>
          </tr>
        ))}
      </Table>
    </AdminPage>
  );
}

const ACTION_LABELS: Record<WorkflowAction, string> = {
  submit: '提交审核',
  approve: '审核通过',
  publish: '发布报告',
  reopen: '退回草稿',
};

export function ReportShowPage(props: {
  ctx: AdminContext;
  agency: Agency;
  year: number;
  report: AnnualReport | null;
  doc: ReportDocument;
  findings: readonly Finding[];
  due: string;
  actions: readonly WorkflowAction[];
  canEdit: boolean;
  notice?: string | undefined;
  blocked?: readonly Finding[] | undefined;
  explained: ReadonlyMap<string, Explanation>;
  stale: readonly Explanation[];
  /** Whether the viewer may mark findings 已说明 (a supervisor of a parent agency, or an administrator). */
  canExplain: boolean;
}) {
  const { agency, year, report } = props;
  const explainedErrors = props.findings.filter(
    (f) => f.severity === 'error' && props.explained.has(f.id),
  ).length;
  const id = { agencyId: agency.id, year };
  const status = report?.status ?? null;
  return (
    <Page title={`${agency.name}${year}年度报告`} {...props.ctx}>
      <ReportCss />
      <Breadcrumbs
        items={[
          { href: paths.reports.list(undefined, { year }), label: '年度报告' },
          { label: `${agency.name}${year}年度` },
        ]}
      />
      {props.blocked && props.blocked.length > 0 ? (
        <div class="gk-error-summary" role="alert" aria-labelledby="blocked-title">
          <h2 class="gk-error-summary__title" id="blocked-title">
            报告有错误，不能继续
          </h2>
          <ul class="gk-error-summary__list">
            {props.blocked.map((f) => (
              <li>
                <a href={`#finding-${f.id}`}>{f.message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <h1>
        {agency.name}
        {year}年度政府信息公开工作年度报告
      </h1>
      <SummaryList
        rows={[
          { key: '状态', value: <StatusTag status={status} /> },
          {
            key: '格式',
            value: `${FORMATS[props.doc.format].name}（${FORMATS[props.doc.format].issuedBy}）`,
          },
          { key: '报送截止日', value: props.due },
          { key: '发布时间', value: report?.publishedAt ? report.publishedAt.slice(0, 10) : '尚未发布' },
        ]}
      />
      <h2>检查结果</h2>
      <FindingsList
        findings={props.findings}
        empty="按勾稽规则检查，未发现问题。"
        explained={props.explained}
        explainHref={
          props.canExplain ? (findingId) => paths.reports.explain({ ...id, findingId }) : undefined
        }
      />
      {explainedErrors > 0 ? (
        <Notice tone="warning">
          已说明的错误仍是错误：《条例》要求年度报告内容准确，报告有错误时不能提交、审核通过或发布，请改正相关数字。
        </Notice>
      ) : null}
      <StaleExplanations
        stale={props.stale}
        csrf={props.ctx.csrf}
        removeAction={
          props.canExplain ? (findingId) => paths.reports.unexplain({ ...id, findingId }) : undefined
        }
      />
      {props.explained.size + props.stale.length > 0 ? (
        <p>
          <a href={paths.reports.explanations(id)}>
            导出已说明标记（JSON，供命令行 gongkai check --explained 使用）
          </a>
        </p>
      ) : null}
      {props.canEdit && status !== null && status !== 'draft' ? (
        <p>报告已提交，内容不能修改；如需修改，请审核人退回草稿。</p>
      ) : null}
      {props.canEdit && (status === null || status === 'draft') ? (
        <ul class="gk-list">
          <li>
            <a href={paths.reports.narrative(id)}>编辑正文（一、五、六部分）</a>
          </li>
          <li>
            <a href={paths.reports.article20(id)}>填写第二十条数据（行政许可、处罚、强制、收费等）</a>
          </li>
          <li>
            <a href={paths.litigation.list({ agencyId: agency.id })}>登记行政复议、行政诉讼案件</a>
          </li>
          <li>
            <a href={paths.reports.settings(id)}>报告格式、报送截止日和成文日期</a>
          </li>
        </ul>
      ) : null}
      {props.actions.map((a) => (
        <PostForm
          action={a === 'submit' ? paths.reports.submit(id) : paths.reports.action({ ...id, action: a })}
          csrf={props.ctx.csrf}
          class="gk-inline-form"
        >
          <Button variant={a === 'reopen' ? 'warning' : 'primary'}>{ACTION_LABELS[a]}</Button>
        </PostForm>
      ))}
      <h2>下载</h2>
      <ul class="gk-list">
        {OUTPUT_FORMATS.map((o) => (
          <li>
            <a href={paths.reports.download({ ...id, output: o })}>{OUTPUT_LABELS[o]}</a>
          </li>
        ))}
      </ul>
      <h2>预览</h2>
      <ReportArticle doc={props.doc} headingLevel={2} />
    </Page>
  );
}

/** The breadcrumbs of a page below a report: the report, then this page. */
function reportCrumbs(props: { agency: Agency; year: number }, label: string) {
  const id = { agencyId: props.agency.id, year: props.year };
  return [{ href: paths.reports.show(id), label: `${props.agency.name}${props.year}年度报告` }, { label }];
}

export function NarrativeForm(props: {
  ctx: AdminContext;
  agency: Agency;
  year: number;
  format: ReportDocument['format'];
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
}) {
  const id = { agencyId: props.agency.id, year: props.year };
  const f = fieldBinder(props.values, props.errors);
  const intro = (
    <>
      <p>
        正文中引用的数字请用花括号占位符，系统按表格数据填入，正文与表格始终一致。例如“共收到申请
        {'{新收申请总数}'}件”。每行为一个段落。
      </p>
      <details class="gk-details">
        <summary>可用的占位符</summary>
        <ul>
          {PLACEHOLDERS.map((p) => (
            <li>
              <code>{`{${p.name}}`}</code>：{p.hint}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
  return (
    <FormPage
      ctx={props.ctx}
      title={`编辑正文：${props.agency.name}${props.year}年度报告`}
      heading="编辑报告正文"
      breadcrumbs={reportCrumbs(props, '编辑正文')}
      errors={props.errors}
      intro={intro}
      action={paths.reports.narrative(id)}
    >
      {NARRATIVE_SECTIONS.map((s) => (
        <Textarea {...f(s)} label={narrativeHeading(props.format, s)} rows={s === 'overview' ? 14 : 6} />
      ))}
      <div class="gk-form-group">
        <div class="gk-checkboxes__item">
          <input
            class="gk-checkboxes__input"
            id="charts"
            name="charts"
            type="checkbox"
            value="1"
            checked={props.values.charts === '1'}
            aria-describedby="charts-hint"
          />
          <label class="gk-checkboxes__label" for="charts">
            附图：在报告末尾附本年和往年已发布年报的主要数据图表
          </label>
        </div>
        <p class="gk-hint" id="charts-hint">
          图表在落款之后，不改变法定表格；网页、PDF 版本显示图表和数据表，Word 版本附数据表。
        </p>
      </div>
      <Button>保存正文</Button>
    </FormPage>
  );
}

export function Article20Form(props: {
  ctx: AdminContext;
  agency: Agency;
  year: number;
  fields: readonly Article20Field[];
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  fromCatalogue: boolean;
}) {
  const id = { agencyId: props.agency.id, year: props.year };
  const captions = [...new Set(props.fields.map((f) => f.caption))];
  return (
    <FormPage
      ctx={props.ctx}
      title={`第二十条数据：${props.agency.name}${props.year}年度`}
      heading="主动公开政府信息情况（第二十条）"
      breadcrumbs={reportCrumbs(props, '第二十条数据')}
      errors={props.errors}
      intro={
        props.fromCatalogue ? (
          <p>第二十条第（一）项（规章、规范性文件）由主动公开目录自动统计，无需填写。</p>
        ) : null
      }
      action={paths.reports.article20(id)}
    >
      {captions.map((c) => (
        <fieldset class="gk-fieldset">
          <legend class="gk-fieldset__legend">{c}</legend>
          {props.fields
            .filter((f) => f.caption === c)
            .map((f) => (
              <TextInput
                name={f.name}
                label={f.label}
                hint={f.hint}
                value={props.values[f.name]}
                error={props.errors?.[f.name]}
                width="third"
                inputmode={f.kind === 'count' ? 'numeric' : 'text'}
              />
            ))}
        </fieldset>
      ))}
      <Button>保存数据</Button>
    </FormPage>
  );
}

export function SettingsForm(props: {
  ctx: AdminContext;
  agency: Agency;
  year: number;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  defaultFormat: string;
  defaultDue: string;
}) {
  const id = { agencyId: props.agency.id, year: props.year };
  const f = fieldBinder(props.values, props.errors);
  return (
    <FormPage
      ctx={props.ctx}
      title={`报告设置：${props.agency.name}${props.year}年度`}
      heading="报告格式、报送截止日和成文日期"
      breadcrumbs={reportCrumbs(props, '报告设置')}
      errors={props.errors}
      action={paths.reports.settings(id)}
    >
      <Radios
        {...f('formatOverride')}
        label="报告格式"
        hint={`按年度应使用${props.defaultFormat}。仅在上级有明确要求时改用其他格式。`}
        options={[
          { value: '', label: '按年度确定（推荐）' },
          { value: '2019', label: FORMATS['2019'].name },
          { value: '2021', label: FORMATS['2021'].name },
        ]}
      />
      <TextInput
        {...f('dueOn')}
        label="报送截止日"
        hint={`不填则为 ${props.defaultDue}（${ARTICLE_49_DUE_TEXT}）`}
        width="third"
        optional
      />
      <TextInput
        {...f('signedOn')}
        label="成文日期"
        hint="报告落款日期；不填则为发布当日"
        width="third"
        optional
      />
      <Button>保存设置</Button>
    </FormPage>
  );
}

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
    <AdminPage
      ctx={props.ctx}
      title={`说明问题：${props.agency.name}${props.year}年度报告`}
      heading="将问题标记为已说明"
      breadcrumbs={reportCrumbs(props, '说明问题')}
      errors={props.errors}
    >
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
              {...fieldBinder(props.values, props.errors)('note')}
              label="说明理由"
              hint="说明为什么这一处数字或文字可以保留，不超过 500 个字。修改数字后重新检查，说明仍跟随同一问题。"
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
    </AdminPage>
  );
}
