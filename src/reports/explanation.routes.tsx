import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireViewer } from '../accounts/auth.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { sendDownload } from '../shared/http/download.ts';
import { conflict } from '../shared/http/errors.ts';
import { formBody } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import { listExplanations } from './explanation.repository.ts';
import { explanationsExport, parseExplanationNote } from './explanation.rules.ts';
import { explainFinding, explanationTarget, removeExplanation } from './explanation.service.ts';
import { reportInScope } from './report.service.ts';
import { ExplainFindingPage } from './report.views.tsx';

type ReportParams = { Params: RouteParams<typeof paths.reports.show> };
type FindingParams = { Params: RouteParams<typeof paths.reports.explain> };

/**
 * "已说明" marks on the findings of a report: supervisors of a parent agency and administrators mark a
 * finding or remove a mark (explanationTarget says who may); anyone who sees the report exports them.
 */
export async function registerExplanationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock, config } = deps;
  const today = todayIn(clock, config.timeZone);
  const now = () => clock.now().toISOString();

  const load = (request: FastifyRequest<ReportParams>) =>
    reportInScope(db, requireViewer(request), idOf(request.params.agencyId), request.params.year);
  const target = async (request: FastifyRequest<FindingParams>) => {
    const report = await load(request);
    const findingId = request.params.findingId;
    const marked = await explanationTarget(db, requireViewer(request), report, findingId, today());
    return { ...report, ...marked, findingId };
  };

  const explainPage = async (request: FastifyRequest<FindingParams>, reply: FastifyReply, post: boolean) => {
    const x = await target(request);
    const values = post ? formBody(request.body) : { note: x.mark?.note ?? '' };
    // A mark is made only on a finding that occurs now; a stale one can only be removed.
    if (post && !x.finding) throw conflict('这个问题已不再出现，不能再标记为已说明；可以删除失效的说明。');
    const parsed = post ? parseExplanationNote(values.note) : null;
    if (parsed?.ok && x.finding) {
      await explainFinding(
        db,
        requireViewer(request),
        request.ip,
        x.agency,
        x.year,
        x.finding,
        parsed.note,
        now(),
      );
      const show = paths.reports.show({ agencyId: x.agency.id, year: x.year }, { done: 'explained' });
      return reply.redirect(`${show}#finding-${x.findingId}`, 303);
    }
    const errors = parsed && !parsed.ok ? { note: parsed.error } : undefined;
    return sendPage(
      reply,
      <ExplainFindingPage
        ctx={adminContext(request, reply, 'reports')}
        agency={x.agency}
        year={x.year}
        findingId={x.findingId}
        finding={x.finding}
        mark={x.mark}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };
  app.get<FindingParams>(
    paths.reports.explain.pattern,
    { config: { access: 'reports.view' } },
    (request, reply) => explainPage(request, reply, false),
  );
  app.post<FindingParams>(
    paths.reports.explain.pattern,
    { config: { access: 'reports.view' } },
    (request, reply) => explainPage(request, reply, true),
  );
  app.post<FindingParams>(
    paths.reports.unexplain.pattern,
    { config: { access: 'reports.view' } },
    async (request, reply) => {
      const x = await target(request);
      await removeExplanation(db, requireViewer(request), request.ip, x.agency, x.year, x.findingId, now());
      return reply.redirect(
        paths.reports.show({ agencyId: x.agency.id, year: x.year }, { done: 'unexplained' }),
        303,
      );
    },
  );

  app.get<ReportParams>(
    paths.reports.explanations.pattern,
    { config: { access: 'reports.view' } },
    async (request, reply) => {
      const { agency, year } = await load(request);
      const marks = await listExplanations(db, agency.id, year);
      return sendDownload(reply, {
        type: 'application/json; charset=utf-8',
        fileName: `${agency.name}${year}年度报告-已说明.json`,
        body: `${JSON.stringify(explanationsExport(marks), null, 2)}\n`,
      });
    },
  );
}
