import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AuthedUser, requireViewer } from '../accounts/auth.ts';
import { isIsoDate } from '../calendar/dates.ts';
import { loadChartEngine } from '../shared/charts/chart.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { CONTENT_TYPES, sendDownload } from '../shared/http/download.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import {
  type AgencySort,
  defaultPeriod,
  isAgencySort,
  MAX_PERIOD_MONTHS,
  monthsOf,
  type Period,
} from './supervision.rules.ts';
import { loadSupervision, supervisionXlsx } from './supervision.service.ts';
import { type SupervisionForm, SupervisionPage } from './supervision.views.tsx';

/** The period of the query, or the default with a Chinese message (the user's input kept in the form). */
export function periodFromQuery(
  q: Record<string, unknown>,
  today: string,
): { period: Period; form: SupervisionForm } {
  const from = typeof q.from === 'string' ? q.from.trim().slice(0, 20) : '';
  const to = typeof q.to === 'string' ? q.to.trim().slice(0, 20) : '';
  const fallback = defaultPeriod(today);
  if (!from && !to) return { period: fallback, form: { ...fallback, error: null } };
  let error: string | null = null;
  if (!isIsoDate(from) || !isIsoDate(to)) error = '请按“年-月-日”填写起始日期和截止日期，例如 2026-01-01。';
  else if (from > to) error = '起始日期不能晚于截止日期。';
  else if (monthsOf({ from, to }).length > MAX_PERIOD_MONTHS)
    error = `统计期间最长 ${MAX_PERIOD_MONTHS} 个月，请缩短期间。`;
  return error
    ? { period: fallback, form: { from, to, error } }
    : { period: { from, to }, form: { from, to, error } };
}

function scopeName(viewer: AuthedUser): string {
  if (viewer.scope.kind === 'all') return '全部机构';
  const name = viewer.agencyName ?? '本机构';
  return viewer.scope.kind === 'subtree' ? `${name}及下属机构` : name;
}

/** 统计图表 (issue 15): the supervisors' figures of their scope as charts, and the same as a workbook. */
export async function registerStatisticsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const today = todayIn(deps.clock, deps.config.timeZone);
  const load = async (request: FastifyRequest) => {
    const viewer = requireViewer(request);
    const q = request.query as Record<string, unknown>;
    const { period, form } = periodFromQuery(q, today());
    const sort: AgencySort = isAgencySort(q.sort) ? q.sort : 'onTime';
    const figures = await loadSupervision(deps, viewer.scope, period, today());
    return { viewer, figures, form, sort, all: q.all === '1' };
  };

  app.get(
    paths.statistics.supervision.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const [{ viewer, figures, form, sort, all }] = await Promise.all([load(request), loadChartEngine()]);
      return sendPage(
        reply,
        <SupervisionPage
          ctx={adminContext(request, reply, 'statistics')}
          scopeName={scopeName(viewer)}
          figures={figures}
          form={form}
          sort={sort}
          all={all}
        />,
        form.error ? 400 : 200,
      );
    },
  );

  app.get(
    paths.statistics.supervisionXlsx.pattern,
    { config: { access: 'applications.view' } },
    async (request, reply) => {
      const { viewer, figures } = await load(request);
      const name = scopeName(viewer);
      return sendDownload(reply, {
        type: CONTENT_TYPES.xlsx,
        fileName: `统计图表-${name}-${figures.period.from}-${figures.period.to}.xlsx`,
        body: await supervisionXlsx(figures, name),
      });
    },
  );
}
