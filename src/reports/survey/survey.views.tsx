import { LEVEL_LABELS } from '../../agencies/agency.rules.ts';
import { horizontalHeight } from '../../shared/charts/chart.ts';
import { ChartFigure } from '../../shared/charts/chart.views.tsx';
import { paths } from '../../shared/paths.ts';
import { AdminPage, FormPage } from '../../shared/ui/admin-page.tsx';
import {
  Button,
  Checkbox,
  type FieldErrors,
  fieldBinder,
  LinkButton,
  Notice,
  PostForm,
  Textarea,
  TextInput,
} from '../../shared/ui/components.tsx';
import type { AdminContext } from '../../shared/ui/layout.tsx';
import { Table } from '../../shared/ui/table.tsx';
import { type League, RULE_TITLES, STATUS_LABELS } from './league.rules.ts';
import type { Survey, SurveyProgress } from './survey.service.ts';

const STATUS_TEXT: Readonly<Record<Survey['status'], string>> = {
  running: '进行中',
  done: '已完成',
  cancelled: '已停止',
};

const crumbs = [{ href: paths.reports.list(), label: '年度报告' }];

export function SurveyListPage(props: {
  ctx: AdminContext;
  surveys: readonly Survey[];
  values: Readonly<Record<string, string>>;
  errors?: FieldErrors | undefined;
}) {
  const field = fieldBinder(props.values, props.errors);
  return (
    <FormPage
      ctx={props.ctx}
      title="检查各机关已发布的年度报告"
      breadcrumbs={crumbs}
      errors={props.errors}
      action={paths.reports.surveys()}
      intro={
        <>
          <p>
            填写各机关发布年度报告的网址（报告网页、PDF、DOCX，或年报专栏页面，程序会沿链接找到报告），每行一个，
            可在网址后用 Tab
            或逗号附上机关名称和层级（省级、市级、县级、乡镇级）。程序逐个获取并检查，对同一网站一次只发一个请求；
            一天内检查过的网址直接使用上次的结果。也可以检查本系统内您所管理的各机构已发布的年度报告，不必获取网页。
          </p>
          {props.surveys.length > 0 ? <SurveyList surveys={props.surveys} /> : null}
          <h2>新建检查</h2>
        </>
      }
    >
      <TextInput {...field('title')} label="名称" hint="例如：2025年度各区县政府信息公开年报检查；可不填" />
      <Textarea
        {...field('urls')}
        label="网址清单"
        rows={10}
        hint="每行一个网址，如 https://www.example.gov.cn/zwgk/ndbg/ 或 https://…/report.pdf	某某区人民政府	县级"
      />
      <TextInput
        {...field('year')}
        label="年度"
        hint="只找这一年度的报告，如 2025；不填则取最新的报告"
        inputmode="numeric"
      />
      <Checkbox
        name="own"
        checked={props.values.own === '1'}
        label="同时检查本系统内我所管理的各机构已发布的年度报告"
        hint={props.errors?.own ?? '读取本系统中已发布的报告，不获取网页'}
      />
      <Button>开始检查</Button>
    </FormPage>
  );
}

function SurveyList({ surveys }: { surveys: readonly Survey[] }) {
  return (
    <Table caption="检查任务" visibleCaption columns={['名称', '年度', '机关数', '状态', '开始时间']}>
      {surveys.map((s) => (
        <tr>
          <td>
            <a href={paths.reports.survey({ surveyId: s.id })}>{s.title}</a>
          </td>
          <td>{s.year ?? '最新'}</td>
          <td>{s.total}</td>
          <td>{STATUS_TEXT[s.status]}</td>
          <td>{s.createdAt.slice(0, 16).replace('T', ' ')}</td>
        </tr>
      ))}
    </Table>
  );
}

function LeagueCharts({ league }: { league: League }) {
  return (
    <section aria-labelledby="gk-survey-charts">
      <h2 id="gk-survey-charts">问题分布</h2>
      {league.byRule.length > 0 ? (
        <ChartFigure
          spec={{
            id: 'survey-by-rule',
            kind: 'horizontalBar',
            title: '按规则：出现问题的报告数和问题数',
            description: '每条勾稽或检查规则下，有多少份报告出现了问题，共多少项问题。',
            categoryLabel: '规则',
            categories: league.byRule.map((r) => `${r.key} ${r.label}`),
            series: [
              { name: '涉及报告', values: league.byRule.map((r) => r.reports) },
              { name: '问题数', values: league.byRule.map((r) => r.problems) },
            ],
            unit: '项',
            height: horizontalHeight(league.byRule.length * 2),
          }}
        />
      ) : (
        <p>已读出的报告中没有发现问题。</p>
      )}
      <ChartFigure
        spec={{
          id: 'survey-by-level',
          kind: 'bar',
          title: '按层级：检查的机关数和有错误的报告数',
          description: '各行政层级检查了多少个机关，其中多少份报告有错误。',
          categoryLabel: '层级',
          categories: league.byLevel.map((l) => l.label),
          series: [
            { name: '检查', values: league.byLevel.map((l) => l.surveyed) },
            { name: '读出', values: league.byLevel.map((l) => l.read) },
            { name: '有错误', values: league.byLevel.map((l) => l.withErrors) },
          ],
          unit: '个',
        }}
      />
      {league.byYear.length > 0 ? (
        <ChartFigure
          spec={{
            id: 'survey-by-year',
            kind: 'bar',
            title: '按年度：报告数和问题数',
            description: '各报告年度读出了多少份报告，共发现多少项问题（错误和提醒）。',
            categoryLabel: '年度',
            categories: league.byYear.map((y) => y.label),
            series: [
              { name: '报告', values: league.byYear.map((y) => y.reports) },
              { name: '问题', values: league.byYear.map((y) => y.problems) },
            ],
            unit: '项',
          }}
        />
      ) : null}
    </section>
  );
}

export function SurveyPage(props: {
  ctx: AdminContext;
  progress: SurveyProgress;
  notice?: string | undefined;
}) {
  const { survey, done, league } = props.progress;
  const t = league.totals;
  const runningNow = survey.status === 'running';
  return (
    <AdminPage
      ctx={props.ctx}
      title={survey.title}
      caption={`年度报告检查 · ${survey.year ? `${survey.year}年度` : '最新年度'} · ${STATUS_TEXT[survey.status]}`}
      breadcrumbs={[...crumbs, { href: paths.reports.surveys(), label: '检查各机关的年度报告' }]}
      notice={props.notice}
      refreshSeconds={runningNow ? 3 : undefined}
    >
      <p>
        <label for="gk-survey-progress">
          进度：已检查 {done} / {survey.total} 个
        </label>{' '}
        <progress id="gk-survey-progress" max={survey.total} value={done}>
          {done} / {survey.total}
        </progress>
      </p>
      {runningNow ? (
        <>
          <Notice>检查正在后台进行，本页每 3 秒自动刷新；离开本页不影响检查。</Notice>
          <PostForm action={paths.reports.surveyStop({ surveyId: survey.id })} csrf={props.ctx.csrf}>
            <Button variant="secondary">停止检查</Button>
          </PostForm>
        </>
      ) : null}
      <p>
        已检查{t.surveyed}个：{t.withErrors}个报告有错误，{t.clean}个未发现问题，{t.unreadable}个无法读取，
        {t.unfetched}个无法获取。
      </p>
      <p>
        <LinkButton href={paths.reports.surveyFile({ surveyId: survey.id, output: 'xlsx' })}>
          下载排名表（Excel）
        </LinkButton>{' '}
        <LinkButton href={paths.reports.surveyFile({ surveyId: survey.id, output: 'csv' })}>
          下载排名表（CSV）
        </LinkButton>
      </p>
      {t.read > 0 ? <LeagueCharts league={league} /> : null}
      <h2>排名（问题多的在前）</h2>
      <Table
        caption="各机关年度报告检查结果"
        columns={['名次', '机关', '层级', '年度', '结果', '错误', '提醒', '规则', '报告']}
      >
        {league.rows.map((r) => (
          <tr>
            <td>{r.rank}</td>
            <td>{r.agency}</td>
            <td>{r.level ? LEVEL_LABELS[r.level] : '—'}</td>
            <td>{r.year ?? '—'}</td>
            <td>
              {STATUS_LABELS[r.status]}
              {r.reason ? <div class="gk-hint">{r.reason}</div> : null}
            </td>
            <td>{r.errors}</td>
            <td>{r.warnings}</td>
            <td>
              {r.rules.map((id) => (
                <abbr title={RULE_TITLES[id]}>{id} </abbr>
              ))}
            </td>
            <td>
              <a href={r.reportUrl ?? r.url} rel="noopener noreferrer nofollow">
                {r.reportUrl ? '报告' : '网址'}
              </a>
            </td>
          </tr>
        ))}
      </Table>
    </AdminPage>
  );
}
