/** Pages of the 政务公开体检: the agency assessment (screen and print), the subtree table, the weights. */
import type { Child } from 'hono/jsx';
import { formatChineseDate } from '../calendar/dates.ts';
import { paths } from '../shared/paths.ts';
import { Breadcrumbs, Button, Notice, PostForm, Select, Tag, TextInput } from '../shared/ui/components.tsx';
import type { AdminContext } from '../shared/ui/layout.tsx';
import { Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { AgencyAssessment } from './assessment.service.ts';
import { AREA_KEYS, AREA_LABELS, INDICATORS, KIND_LABELS, STATUS_LABELS } from './indicators.ts';
import {
  PROFILE_IDS,
  PROFILES,
  type ProfileId,
  resolveRows,
  resolveWeights,
  type ScoringOverrides,
} from './score.ts';
import { indicatorNames, scoringOf, sourceInWords } from './wording.ts';

/** Failing records listed per indicator on screen (the XLSX lists them all). */
export const RECORDS_ON_SCREEN = 20;

function n(v: number | null): string {
  if (v === null) return '无法评估';
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, '');
}

function cn(d: string): string {
  return formatChineseDate(d);
}

function statusTone(s: string): 'green' | 'red' | 'grey' | 'yellow' {
  return s === 'pass' ? 'green' : s === 'fail' ? 'red' : s === 'manual' ? 'yellow' : 'grey';
}

/** Month-by-month bars (inline SVG, decorative) with the same figures in a table. */
function Trend({ a }: { a: AgencyAssessment }) {
  if (a.trend.length === 0) return <p>评估期内没有已开始的月份。</p>;
  const w = 36;
  const h = 120;
  return (
    <>
      <svg
        class="gk-trend"
        width={a.trend.length * w + 10}
        height={h + 24}
        viewBox={`0 0 ${a.trend.length * w + 10} ${h + 24}`}
        aria-hidden="true"
        focusable="false"
      >
        {a.trend.map((p, i) => {
          const pct = p.percent ?? 0;
          const bh = Math.round((pct / 100) * h);
          return (
            <g>
              <rect
                x={i * w + 8}
                y={h - bh}
                width={w - 12}
                height={bh}
                fill={p.vetoFailed ? '#d4351c' : '#1d70b8'}
              />
              <text x={i * w + 8} y={h + 16} font-size="11">
                {p.month.slice(5)}月
              </text>
            </g>
          );
        })}
      </svg>
      <Table
        caption="月度趋势（红色柱为当月有否决项未达标）"
        visibleCaption
        columns={['月份', '得分率', '否决项', '未达标记录', '未达标指标']}
      >
        {a.trend.map((p) => (
          <tr>
            <th scope="row">{p.month}</th>
            <td>{p.percent === null ? '无法评估' : `${n(p.percent)}%`}</td>
            <td>{p.vetoFailed ? '未达标' : '—'}</td>
            <td>{p.failures}</td>
            <td>{indicatorNames(p.failing) || '无'}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

/** The body of the assessment, shared by the screen and the printable page. */
export function AssessmentBody({ a, print }: { a: AgencyAssessment; print: boolean }) {
  const s = a.assessment;
  const link = (href: string | null, label: string): Child =>
    href && !print ? <a href={href}>{label}</a> : label;
  return (
    <>
      <dl class="gk-summary-list">
        <div class="gk-summary-list__row">
          <dt class="gk-summary-list__key">评估期间</dt>
          <dd class="gk-summary-list__value">
            {cn(s.period.from)}至{cn(s.period.to)}（检查点：{cn(s.checkpoint)}）
          </dd>
        </div>
        <div class="gk-summary-list__row">
          <dt class="gk-summary-list__key">评分方案</dt>
          <dd class="gk-summary-list__value">{s.profile.name}</dd>
        </div>
        <div class="gk-summary-list__row">
          <dt class="gk-summary-list__key">总分</dt>
          <dd class="gk-summary-list__value">
            <strong>
              {n(s.total)} / {n(s.maxTotal)}
            </strong>
            {s.percent === null ? '' : `（${n(s.percent)}%）`}，评估覆盖率{Math.round(s.coverage * 100)}%
          </dd>
        </div>
        <div class="gk-summary-list__row">
          <dt class="gk-summary-list__key">结论</dt>
          <dd class="gk-summary-list__value">
            {s.vetoFailed ? <Tag tone="red">{s.verdict}</Tag> : <Tag tone="green">{s.verdict}</Tag>}
          </dd>
        </div>
      </dl>

      <h2>未达标指标（否决项在前）</h2>
      {s.failing.length === 0 ? (
        <p>没有未达标的指标。</p>
      ) : (
        s.failing.map((i) => (
          <section class="gk-assessment-row" aria-labelledby={`fail-${i.id}`}>
            <h3 id={`fail-${i.id}`}>
              <Tag tone={i.kind === 'veto' ? 'red' : 'yellow'}>{KIND_LABELS[i.kind]}</Tag> {i.id} {i.title}
              {i.scored ? `（扣${n(i.lost)}分）` : '（本方案不计分）'}
            </h3>
            <p class="gk-hint">
              考核内容：{i.description}
              <br />
              评估依据：{sourceInWords(i.source)}
              <br />
              计分方法：{scoringOf(i)}
            </p>
            <ul class="gk-list">
              {i.result.failures.slice(0, print ? undefined : RECORDS_ON_SCREEN).map((f) => (
                <li>
                  {link(a.hrefOf(f.ref), f.ref.label)}：{f.message}
                  {f.fixable === false ? '（已成事实，不可整改）' : ''}
                </li>
              ))}
            </ul>
            {!print && i.result.failures.length > RECORDS_ON_SCREEN ? (
              <p>另有{i.result.failures.length - RECORDS_ON_SCREEN}条，见导出的表格。</p>
            ) : null}
          </section>
        ))
      )}

      <h2>优先整改</h2>
      {s.fixFirst.length === 0 ? (
        <p>没有可通过整改挽回分数的事项。</p>
      ) : (
        <ol class="gk-list gk-list--number">
          {s.fixFirst.slice(0, 10).map((f) => (
            <li>
              {f.indicatorId} {f.title}：纠正{f.records.length}条记录，可挽回{n(f.pointsRecovered)}分（工作量
              {n(f.effort)}）
            </li>
          ))}
        </ol>
      )}

      <h2>各领域得分</h2>
      <Table caption="各领域得分" columns={['领域', '得分', '权重', '说明']}>
        {s.areas.map((ar) => (
          <tr>
            <th scope="row">{ar.label}</th>
            <td>{ar.weight === 0 ? '不计分' : n(ar.score)}</td>
            <td>{ar.weight}</td>
            <td>
              {[
                ar.red ? '否决项未达标' : '',
                ar.unassessable ? `${ar.unassessable}项无法评估` : '',
                ar.manual ? `${ar.manual}项需人工核验` : '',
              ]
                .filter(Boolean)
                .join('，') || '—'}
            </td>
          </tr>
        ))}
      </Table>

      <h2>月度趋势</h2>
      <Trend a={a} />

      <h2>无法评估</h2>
      {s.unassessable.length === 0 ? (
        <p>全部指标均可评估。</p>
      ) : (
        <ul class="gk-list">
          {s.unassessable.map((i) => (
            <li>
              {i.id} {i.title}：无法评估——{i.result.reason ?? ''}
            </li>
          ))}
        </ul>
      )}

      <h2 id="manual">需人工核验</h2>
      {s.manual.length === 0 ? (
        <p>人工核验项均有有效的核验记录。</p>
      ) : (
        <ul class="gk-list">
          {s.manual.map((i) => (
            <li>
              {i.id} {i.title}：{i.result.reason ?? ''}
            </li>
          ))}
        </ul>
      )}

      <h2>全部指标</h2>
      <Table caption="全部指标、分值和结果" columns={['指标', '领域', '类型', '分值', '得分', '结果']}>
        {s.indicators.map((i) => (
          <tr>
            <th scope="row">
              {i.id} {i.title}
            </th>
            <td>{AREA_LABELS[i.area]}</td>
            <td>{KIND_LABELS[i.kind]}</td>
            <td>{i.scored ? n(i.points) : '不计分'}</td>
            <td>{i.earned === null ? '—' : n(i.earned)}</td>
            <td>
              <Tag tone={statusTone(i.result.status)}>{STATUS_LABELS[i.result.status]}</Tag>
            </td>
          </tr>
        ))}
      </Table>
      <IndicatorLegend />
    </>
  );
}

/** The legend of the indicator codes: name, area, what is checked, the evaluators' basis, the scoring. */
export function IndicatorLegend() {
  return (
    <details class="gk-details" id="legend">
      <summary>指标说明：各指标代码的名称、考核内容、评估依据和计分方法</summary>
      <Table caption="指标代码说明" columns={['代码', '指标', '领域', '考核内容', '评估依据', '计分方法']}>
        {INDICATORS.map((i) => (
          <tr>
            <th scope="row">{i.id}</th>
            <td>{i.title}</td>
            <td>{AREA_LABELS[i.area]}</td>
            <td>{i.description}</td>
            <td>{sourceInWords(i.source)}</td>
            <td>{scoringOf(i)}</td>
          </tr>
        ))}
      </Table>
    </details>
  );
}

export function AssessmentPage(props: {
  ctx: AdminContext;
  a: AgencyAssessment;
  profile: ProfileId;
  canAttest: boolean;
  canWeights: boolean;
  notice?: string | undefined;
}) {
  const { a, ctx } = props;
  const s = a.assessment;
  const id = a.agency.id;
  const query = { from: s.period.from, to: s.period.to, profile: props.profile };
  const manualIds = INDICATORS.filter((i) => i.kind === 'manual');
  return (
    <Page title={`政务公开体检：${a.agency.name}`} {...ctx}>
      <Breadcrumbs
        items={[{ href: paths.assessment.overview(), label: '政务公开体检' }, { label: a.agency.name }]}
      />
      <h1>政务公开体检：{a.agency.name}</h1>
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <form method="get" action={paths.assessment.agency({ agencyId: id })} class="gk-inline-form">
        <TextInput name="from" label="起始日期" type="date" width="third" value={s.period.from} />
        <TextInput name="to" label="截止日期" type="date" width="third" value={s.period.to} />
        <Select
          name="profile"
          label="评分方案"
          value={props.profile}
          options={PROFILE_IDS.map((p) => ({ value: p, label: PROFILES[p].name }))}
        />
        <Button variant="secondary">重新评估</Button>
      </form>
      <p>
        <a href={paths.assessment.print({ agencyId: id }, query)}>打印版</a> ·{' '}
        <a href={paths.assessment.xlsx({ agencyId: id }, query)}>导出 Excel</a> ·{' '}
        <a href={paths.assessment.pdf({ agencyId: id }, query)}>导出 PDF</a>
        {props.canWeights ? (
          <>
            {' '}
            · <a href={paths.assessment.weights(undefined, { profile: props.profile })}>调整权重</a>
          </>
        ) : null}
      </p>
      <AssessmentBody a={a} print={false} />
      {props.canAttest ? (
        <section aria-labelledby="attest-heading">
          <h2 id="attest-heading">录入人工核验结果</h2>
          <PostForm action={paths.assessment.attest({ agencyId: id })} csrf={ctx.csrf}>
            <Select
              name="indicatorId"
              label="指标"
              options={manualIds.map((i) => ({ value: i.id, label: `${i.id} ${i.title}` }))}
            />
            <TextInput name="on" label="核验日期" type="date" width="third" value={s.checkpoint} />
            <Select
              name="passed"
              label="核验结果"
              options={[
                { value: 'yes', label: '达标' },
                { value: 'no', label: '未达标' },
              ]}
            />
            <TextInput name="note" label="说明" optional />
            <Button>保存核验记录</Button>
          </PostForm>
        </section>
      ) : null}
    </Page>
  );
}

/**
 * The printable assessment. `inlineCss` (the app stylesheet's text) replaces the stylesheet link when the
 * page is printed to PDF from memory, where no URL can be fetched.
 */
export function PrintPage({ a, inlineCss }: { a: AgencyAssessment; inlineCss?: string }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>政务公开体检：{a.agency.name}</title>
        {inlineCss === undefined ? (
          <link rel="stylesheet" href={paths.static({ file: 'app.css' })} />
        ) : (
          // Our own static stylesheet (no user input): inserted as is, since text children are escaped.
          <style dangerouslySetInnerHTML={{ __html: inlineCss }} />
        )}
      </head>
      <body class="gk-body gk-print">
        <main id="main" class="gk-width-container">
          <h1>政务公开体检报告：{a.agency.name}</h1>
          <AssessmentBody a={a} print={true} />
        </main>
      </body>
    </html>
  );
}

export interface SubtreeRow {
  readonly id: number;
  readonly name: string;
  readonly depth: number;
  readonly percent: number | null;
  readonly total: number;
  readonly maxTotal: number;
  readonly vetoes: readonly string[];
  readonly failing: number;
}

export function OverviewPage(props: {
  ctx: AdminContext;
  rows: readonly SubtreeRow[];
  period: { from: string; to: string };
}) {
  return (
    <Page title="政务公开体检" {...props.ctx}>
      <h1>政务公开体检</h1>
      <p>
        评估期间：{cn(props.period.from)}至{cn(props.period.to)}，评分方案：{PROFILES['cass-like'].name}。
        点击机构名称查看未达标的记录、月度趋势和整改建议。
      </p>
      <Table
        caption="各机构政务公开体检结果"
        columns={['机构', '得分率', '总分', '未达标的否决项', '未达标指标数']}
      >
        {props.rows.map((r) => (
          <tr>
            <th scope="row">
              {'　'.repeat(Math.max(0, r.depth - 1))}
              <a href={paths.assessment.agency({ agencyId: r.id })}>{r.name}</a>
            </th>
            <td>{r.percent === null ? '无法评估' : `${n(r.percent)}%`}</td>
            <td>
              {n(r.total)} / {n(r.maxTotal)}
            </td>
            <td>{r.vetoes.length > 0 ? <Tag tone="red">{indicatorNames(r.vetoes)}</Tag> : '无'}</td>
            <td>{r.failing}</td>
          </tr>
        ))}
      </Table>
      <IndicatorLegend />
    </Page>
  );
}

export function WeightsPage(props: {
  ctx: AdminContext;
  profile: ProfileId;
  overrides: ScoringOverrides;
  errors?: readonly string[];
  notice?: string | undefined;
}) {
  const profile = PROFILES[props.profile];
  const weights = resolveWeights(profile, props.overrides);
  const rows = resolveRows(profile, props.overrides);
  return (
    <Page title="政务公开体检权重" hasErrors={(props.errors?.length ?? 0) > 0} {...props.ctx}>
      <Breadcrumbs
        items={[{ href: paths.assessment.overview(), label: '政务公开体检' }, { label: '权重' }]}
      />
      <h1>政务公开体检权重：{profile.name}</h1>
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      {props.errors && props.errors.length > 0 ? (
        <div class="gk-error-summary" role="alert" tabindex={-1}>
          <h2 class="gk-error-summary__title">存在以下问题</h2>
          <ul class="gk-list">
            {props.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>{profile.description}</p>
      <p class="gk-hint">默认值依据：{sourceInWords(profile.source)}。留空即恢复默认值。</p>
      <form method="get" action={paths.assessment.weights()} class="gk-inline-form">
        <Select
          name="profile"
          label="评分方案"
          value={props.profile}
          options={PROFILE_IDS.map((p) => ({ value: p, label: PROFILES[p].name }))}
        />
        <Button variant="secondary">切换</Button>
      </form>
      <PostForm
        action={paths.assessment.weights(undefined, { profile: props.profile })}
        csrf={props.ctx.csrf}
      >
        <h2>领域权重</h2>
        {AREA_KEYS.map((k) => (
          <TextInput
            name={`area.${k}`}
            label={`${AREA_LABELS[k]}（默认${profile.areaWeights[k]}）`}
            type="number"
            width="third"
            inputmode="numeric"
            value={props.overrides.areaWeights?.[k] === undefined ? '' : String(weights[k])}
          />
        ))}
        <h2>指标分值</h2>
        <Table caption="各指标的分值" columns={['指标', '类型', '默认分值', '调整为']}>
          {INDICATORS.map((i) => {
            const row = rows.get(i.id);
            const over = props.overrides.rows?.[i.id];
            return (
              <tr>
                <th scope="row">
                  {i.id} {i.title}
                </th>
                <td>{row ? KIND_LABELS[row.kind] : '本方案不计分'}</td>
                <td>{row ? n(row.points) : '—'}</td>
                <td>
                  <label class="gk-visually-hidden" for={`row-${i.id}`}>
                    {i.id}的分值
                  </label>
                  <input
                    class="gk-input gk-input--code"
                    id={`row-${i.id}`}
                    name={`row.${i.id}`}
                    type="number"
                    inputmode="numeric"
                    value={over?.points === undefined ? '' : String(over.points)}
                  />
                </td>
              </tr>
            );
          })}
        </Table>
        <Button>保存权重</Button>
      </PostForm>
    </Page>
  );
}
