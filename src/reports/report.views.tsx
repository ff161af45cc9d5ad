import type { Child } from 'hono/jsx';
import type { Agency } from '../agencies/agency.rules.ts';
import { paths } from '../shared/paths.ts';
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  type FieldErrors,
  Notice,
  PostForm,
  Radios,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
} from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import type { Article20Field } from './article20.rules.ts';
import type { CheckResult } from './checker.ts';
import type { Explanation } from './explanation.rules.ts';
import { FORMATS } from './format/formats.ts';
import { ReportArticle } from './render/html.tsx';
import { OUTPUT_FORMATS, OUTPUT_LABELS } from './render/index.ts';
import {
  NARRATIVE_SECTIONS,
  narrativeHeading,
  PLACEHOLDERS,
  type ReportDocument,
  reportTitle,
} from './report.model.ts';
import type { AnnualReport, ReportStatus } from './report.repository.ts';
import { type Rollup, STATUS_LABELS, type WorkflowAction } from './report.service.ts';
import type { Finding } from './rules/findings.ts';

const STATUS_TONES: Record<ReportStatus, 'grey' | 'blue' | 'yellow' | 'green'> = {
  draft: 'grey',
  submitted: 'blue',
  approved: 'yellow',
  published: 'green',
};

export function StatusTag({ status }: { status: ReportStatus | null }) {
  return status ? (
    <Tag tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Tag>
  ) : (
    <Tag tone="grey">未开始</Tag>
  );
}

function ReportCss() {
  return <link rel="stylesheet" href={paths.reports.css()} />;
}

/** Who marked a finding and when, e.g. “宽城区主管 于 2026-11-25 说明”. */
function markedBy(e: Explanation): string {
  return `${e.createdByName ?? '已停用账号'} 于 ${e.createdAt.slice(0, 10)} 说明`;
}

export function FindingsList({
  findings,
  empty,
  explained,
  explainHref,
}: {
  findings: readonly Finding[];
  empty?: string;
  /** 已说明 marks of the findings that occur now, by finding id. */
  explained?: ReadonlyMap<string, Explanation> | undefined;
  /** Link to mark a finding (shown to those who may). */
  explainHref?: ((id: string) => string) | undefined;
}) {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  if (findings.length === 0) return <Notice tone="success">{empty ?? '未发现问题。'}</Notice>;
  const marks = explained ?? new Map<string, Explanation>();
  const nExplained = (list: readonly Finding[]) => list.filter((f) => marks.has(f.id)).length;
  const ofWhich = (list: readonly Finding[]) =>
    nExplained(list) > 0 ? `（其中已说明 ${nExplained(list)} 项）` : '';
  return (
    <div class="gk-findings">
      <p>
        共发现错误 {errors.length} 项{ofWhich(errors)}，提醒 {warnings.length} 项{ofWhich(warnings)}。
      </p>
      <ol>
        {[...errors, ...warnings].map((f) => {
          const mark = marks.get(f.id);
          return (
            <li id={`finding-${f.id}`}>
              <Tag tone={f.severity === 'error' ? 'red' : 'yellow'}>
                {f.severity === 'error' ? '错误' : '提醒'}
              </Tag>{' '}
              {mark ? (
                <>
                  <Tag tone={f.severity === 'error' ? 'blue' : 'green'}>已说明</Tag>{' '}
                </>
              ) : null}
              {f.message}
              {f.expected !== null && f.actual !== null && f.rule !== 'READ_UNREADABLE' ? (
                <span class="gk-hint">
                  （规则 {f.rule}；应为 {String(f.expected)}，实际 {String(f.actual)}；编号 {f.id}）
                </span>
              ) : (
                <span class="gk-hint">
                  （规则 {f.rule}；编号 {f.id}）
                </span>
              )}
              {mark ? (
                <p class="gk-finding-note">
                  说明：{mark.note}
                  <span class="gk-hint">
                    （{markedBy(mark)}
                    {f.severity === 'error' ? '；错误仍须改正后才能发布' : '；视为已处理'}）
                  </span>
                </p>
              ) : null}
              {explainHref ? (
                <>
                  {' '}
                  <a href={explainHref(f.id)}>
                    {mark ? '修改或取消说明' : '标记为已说明'}
                    <span class="gk-visually-hidden">：问题 {f.id}</span>
                  </a>
                </>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Marks whose finding no longer occurs (已失效): kept and listed, removable by those who may mark. */
export function StaleExplanations(props: {
  stale: readonly Explanation[];
  removeAction?: ((findingId: string) => string) | undefined;
  csrf: string;
}) {
  if (props.stale.length === 0) return null;
  return (
    <>
      <h3>已失效的说明</h3>
      <p>以下说明对应的问题在重新检查后已不再出现（可能已经改正），保留备查。</p>
      <ul class="gk-list">
        {props.stale.map((e) => (
          <li>
            <Tag tone="grey">已失效</Tag> 问题 {e.findingId}：{e.note}
            <span class="gk-hint">（{markedBy(e)}）</span>
            {props.removeAction ? (
              <PostForm action={props.removeAction(e.findingId)} csrf={props.csrf} class="gk-inline-form">
                <Button variant="secondary">
                  删除<span class="gk-visually-hidden">问题 {e.findingId} 的</span>失效说明
                </Button>
              </PostForm>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ReportListPage(props: {
  ctx: AdminContext;
  year: number;
  rows: readonly { agency: Agency; report: AnnualReport | null; due: string }[];
  years: readonly number[];
}) {
  return (
    <Page title="年度报告" {...props.ctx}>
      <h1>政府信息公开工作年度报告</h1>
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
      <table class="gk-table">
        <caption class="gk-visually-hidden">{props.year}年度各机构年度报告状态</caption>
        <thead>
          <tr>
            <th scope="col">机构</th>
            <th scope="col">状态</th>
            <th scope="col">报送截止日</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </Page>
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
            <a href={paths.reports.litigation({ agencyId: agency.id })}>登记行政复议、行政诉讼案件</a>
          </li>
          <li>
            <a href={paths.reports.settings(id)}>报告格式、报送截止日和成文日期</a>
          </li>
        </ul>
      ) : null}
      {props.actions.map((a) => (
        <PostForm
          action={paths.reports.action({ ...id, action: a })}
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

export function NarrativeForm(props: {
  ctx: AdminContext;
  agency: Agency;
  year: number;
  format: ReportDocument['format'];
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
}) {
  const id = { agencyId: props.agency.id, year: props.year };
  return (
    <Page
      title={`编辑正文：${props.agency.name}${props.year}年度报告`}
      hasErrors={!!props.errors}
      {...props.ctx}
    >
      <Breadcrumbs
        items={[
          { href: paths.reports.show(id), label: `${props.agency.name}${props.year}年度报告` },
          { label: '编辑正文' },
        ]}
      />
      <ErrorSummary errors={props.errors} />
      <h1>编辑报告正文</h1>
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
      <PostForm action={paths.reports.narrative(id)} csrf={props.ctx.csrf}>
        {NARRATIVE_SECTIONS.map((s) => (
          <Textarea
            name={s}
            label={narrativeHeading(props.format, s)}
            value={props.values[s]}
            error={props.errors?.[s]}
            rows={s === 'overview' ? 14 : 6}
          />
        ))}
        <Button>保存正文</Button>
      </PostForm>
    </Page>
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
    <Page
      title={`第二十条数据：${props.agency.name}${props.year}年度`}
      hasErrors={!!props.errors}
      {...props.ctx}
    >
      <Breadcrumbs
        items={[
          { href: paths.reports.show(id), label: `${props.agency.name}${props.year}年度报告` },
          { label: '第二十条数据' },
        ]}
      />
      <ErrorSummary errors={props.errors} />
      <h1>主动公开政府信息情况（第二十条）</h1>
      {props.fromCatalogue ? (
        <p>第二十条第（一）项（规章、规范性文件）由主动公开目录自动统计，无需填写。</p>
      ) : null}
      <PostForm action={paths.reports.article20(id)} csrf={props.ctx.csrf}>
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
      </PostForm>
    </Page>
  );
}

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
      <table class="gk-table">
        <caption class="gk-visually-hidden">各机构申请与案件数</caption>
        <thead>
          <tr>
            <th scope="col">机构</th>
            <th scope="col">本年新收</th>
            <th scope="col">上年结转</th>
            <th scope="col">办结</th>
            <th scope="col">结转下年度</th>
            <th scope="col">行政复议</th>
            <th scope="col">行政诉讼</th>
            <th scope="col">报告状态</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
      <h2>汇总表格</h2>
      <ReportArticle doc={doc} headingLevel={2} />
    </Page>
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

// --- public pages ------------------------------------------------------------------------------------

function portalCrumbs(agency: Agency, tail: readonly { href?: string; label: string }[]) {
  return [
    { href: paths.portal.home(), label: '首页' },
    { href: paths.portal.agency({ agencyId: agency.id }), label: agency.shortName ?? agency.name },
    ...tail,
  ];
}

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

export function ReportsColumnPage(props: { agency: Agency; reports: readonly AnnualReport[] }) {
  const a = props.agency;
  return (
    <Page title={`政府信息公开年报 - ${a.name}`} area="portal">
      <Breadcrumbs items={portalCrumbs(a, [{ label: '政府信息公开年报' }])} />
      <h1>政府信息公开年报</h1>
      <p>{a.name}历年政府信息公开工作年度报告。</p>
      {props.reports.length === 0 ? (
        <Notice>暂无已发布的年度报告。</Notice>
      ) : (
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
      <Breadcrumbs
        items={portalCrumbs(agency, [
          { href: paths.reports.column({ agencyId: agency.id }), label: '政府信息公开年报' },
          { label: `${doc.year}年度` },
        ])}
      />
      <ReportArticle doc={doc} />
      <h2>下载本报告</h2>
      <Downloads agencyId={agency.id} year={doc.year} />
    </Page>
  );
}

export function CheckerPage(props: {
  csrf: string;
  values?: { text?: string } | undefined;
  errors?: FieldErrors | undefined;
  result?: CheckResult | undefined;
}) {
  const r = props.result;
  let summary: Child = null;
  if (r) {
    const errors = r.findings.filter((f) => f.severity === 'error').length;
    summary = r.readable ? (
      <>
        <SummaryList
          rows={[
            { key: '机关', value: r.agency ?? '未能识别' },
            { key: '年度', value: r.year ? `${r.year}年度` : '未能识别' },
            { key: '表格格式', value: r.format ? FORMATS[r.format].name : '' },
            { key: '结论', value: errors > 0 ? `发现 ${errors} 项错误` : '未发现错误' },
          ]}
        />
        <FindingsList findings={r.findings} empty="按勾稽规则和正文数字检查，未发现问题。" />
        {r.notes.length > 0 ? (
          <>
            <h3>读取说明</h3>
            <ul class="gk-list">
              {r.notes.map((n) => (
                <li>{n}</li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    ) : (
      <Notice tone="warning">无法读取：{r.reason}</Notice>
    );
  }
  return (
    <Page title="年度报告检查" area="portal" hasErrors={!!props.errors}>
      <Breadcrumbs items={[{ href: paths.portal.home(), label: '首页' }, { label: '年度报告检查' }]} />
      <ErrorSummary errors={props.errors} />
      <h1>政府信息公开工作年度报告检查</h1>
      <p>
        粘贴年度报告的文字，或上传 .txt、.html、.docx、.pdf
        文件。系统读出报告中的表格，按国家格式的勾稽关系和正文中的数字逐项检查，并指出最可能出错的单元格。检查在本服务器上完成，不保存您提交的内容。
      </p>
      {r ? (
        <section aria-labelledby="result-title" class="gk-check-result">
          <h2 id="result-title">检查结果</h2>
          {summary}
        </section>
      ) : null}
      <PostForm action={paths.reports.checker()} csrf={props.csrf} multipart>
        <Textarea
          name="text"
          label="报告文字"
          hint="从网页或文档中复制整份报告（含表格）粘贴到这里；上传文件时可不填。"
          value={props.values?.text}
          error={props.errors?.text}
          rows={12}
          optional
        />
        <div class={`gk-form-group${props.errors?.file ? ' gk-form-group--error' : ''}`}>
          <label class="gk-label" for="file">
            或上传报告文件<span class="gk-optional">（选填）</span>
          </label>
          <div class="gk-hint" id="file-hint">
            支持 .txt、.html、.docx、.pdf，不超过 10 MB。
          </div>
          {props.errors?.file ? (
            <p class="gk-error-message" id="file-error">
              <span class="gk-visually-hidden">错误：</span>
              {props.errors.file}
            </p>
          ) : null}
          <input
            class="gk-file-upload"
            id="file"
            name="file"
            type="file"
            accept=".txt,.html,.htm,.docx,.pdf"
            aria-describedby={props.errors?.file ? 'file-hint file-error' : 'file-hint'}
          />
        </div>
        <Button>开始检查</Button>
      </PostForm>
    </Page>
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
  const e = props.errors;
  return (
    <Page title={`报告设置：${props.agency.name}${props.year}年度`} hasErrors={!!e} {...props.ctx}>
      <Breadcrumbs
        items={[
          { href: paths.reports.show(id), label: `${props.agency.name}${props.year}年度报告` },
          { label: '报告设置' },
        ]}
      />
      <ErrorSummary errors={e} />
      <h1>报告格式、报送截止日和成文日期</h1>
      <PostForm action={paths.reports.settings(id)} csrf={props.ctx.csrf}>
        <Radios
          name="formatOverride"
          label="报告格式"
          hint={`按年度应使用${props.defaultFormat}。仅在上级有明确要求时改用其他格式。`}
          options={[
            { value: '', label: '按年度确定（推荐）' },
            { value: '2019', label: FORMATS['2019'].name },
            { value: '2021', label: FORMATS['2021'].name },
          ]}
          value={props.values.formatOverride}
          error={e?.formatOverride}
        />
        <TextInput
          name="dueOn"
          label="报送截止日"
          hint={`不填则为 ${props.defaultDue}（部门和街道为1月31日，本级政府为3月31日）`}
          value={props.values.dueOn}
          error={e?.dueOn}
          width="third"
          optional
        />
        <TextInput
          name="signedOn"
          label="成文日期"
          hint="报告落款日期；不填则为发布当日"
          value={props.values.signedOn}
          error={e?.signedOn}
          width="third"
          optional
        />
        <Button>保存设置</Button>
      </PostForm>
    </Page>
  );
}
