import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireViewer } from '../../accounts/auth.ts';
import { loadChartEngine } from '../../shared/charts/chart.ts';
import type { Deps } from '../../shared/deps.ts';
import { sendDownload } from '../../shared/http/download.ts';
import { notFound } from '../../shared/http/errors.ts';
import { formBody, orFormError } from '../../shared/http/forms.ts';
import { clientIp, noticeFrom, sendAdminPage } from '../../shared/http/page.ts';
import { idOf, type RouteParams } from '../../shared/http/route-params.ts';
import { paths } from '../../shared/paths.ts';
import { tableBytes } from '../../shared/table-export.ts';
import { leagueTable } from './league.rules.ts';
import { startSurvey, stopSurvey, surveyInScope, surveyProgress, surveysOf } from './survey.service.ts';
import { SurveyListPage, SurveyPage } from './survey.views.tsx';

type SurveyParams = { Params: RouteParams<typeof paths.reports.survey> };
type FileParams = { Params: RouteParams<typeof paths.reports.surveyFile> };

const FIELDS = ['title', 'urls', 'year', 'own'] as const;

/** Surveys of published reports (a supervisor's league table of the bodies under them). */
export async function registerSurveyRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const access = { access: 'reports.survey' } as const;

  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors?: Record<string, string>,
  ) =>
    sendAdminPage(
      request,
      reply,
      'reports',
      SurveyListPage,
      { surveys: await surveysOf(deps, requireViewer(request)), values, errors },
      errors ? 400 : 200,
    );

  app.get(paths.reports.surveys.pattern, { config: access }, (request, reply) =>
    listPage(request, reply, {}),
  );

  app.post(paths.reports.surveys.pattern, { config: access }, async (request, reply) => {
    const body = formBody(request.body);
    const values = Object.fromEntries(FIELDS.map((f) => [f, body[f] ?? '']));
    return orFormError(
      async () => {
        const id = await startSurvey(deps, requireViewer(request), clientIp(request), {
          title: values.title ?? '',
          urls: values.urls ?? '',
          year: values.year ?? '',
          own: values.own === '1',
        });
        return reply.redirect(paths.reports.survey({ surveyId: id }, { started: 1 }), 303);
      },
      (errors) => listPage(request, reply, values, errors),
    );
  });

  const load = (request: FastifyRequest<SurveyParams>) =>
    surveyInScope(deps, requireViewer(request), idOf(request.params.surveyId));

  app.get<SurveyParams>(paths.reports.survey.pattern, { config: access }, async (request, reply) => {
    const progress = await surveyProgress(deps, await load(request));
    if (progress.league.totals.read > 0) await loadChartEngine();
    return sendAdminPage(request, reply, 'reports', SurveyPage, {
      progress,
      notice: noticeFrom(request, { started: '检查已开始。', stopped: '检查已停止。' }),
    });
  });

  app.post<SurveyParams>(paths.reports.surveyStop.pattern, { config: access }, async (request, reply) => {
    const survey = await load(request);
    await stopSurvey(deps, requireViewer(request), clientIp(request), survey);
    return reply.redirect(paths.reports.survey({ surveyId: survey.id }, { stopped: 1 }), 303);
  });

  app.get<FileParams>(paths.reports.surveyFile.pattern, { config: access }, async (request, reply) => {
    const output = request.params.output;
    if (output !== 'csv' && output !== 'xlsx') throw notFound('文件');
    const survey = await surveyInScope(deps, requireViewer(request), idOf(request.params.surveyId));
    const { league } = await surveyProgress(deps, survey);
    const fileName = `年度报告检查排名-${survey.id}.${output}`;
    const body = await tableBytes(fileName, leagueTable(league));
    return sendDownload(reply, {
      type:
        output === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName,
      body: body!,
    });
  });
}
