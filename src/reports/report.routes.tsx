import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { can, requireViewer } from '../accounts/auth.ts';
import { scopeIncludes } from '../accounts/roles.ts';
import { listAgencies } from '../agencies/agency.repository.ts';
import { sortTree } from '../agencies/agency.routes.tsx';
import { catalogueFigures } from '../catalogue/report-figures.ts';
import { todayIn } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/http/errors.ts';
import { type FormBody, formBody } from '../shared/http/forms.ts';
import { sendAdminPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { paths } from '../shared/paths.ts';
import type { AdminContext } from '../shared/ui/layout.tsx';
import { article20Fields, article20Values, parseArticle20 } from './article20.rules.ts';
import { registerCheckerRoutes } from './checker.routes.tsx';
import { listExplanations } from './explanation.repository.ts';
import { registerExplanationRoutes } from './explanation.routes.tsx';
import { annotateFindings, mayExplain } from './explanation.rules.ts';
import { formatForYear } from './format/formats.ts';
import { registerOpenDataRoutes } from './opendata.routes.tsx';
import { defaultNarrative } from './report.model.ts';
import { reportsForYear } from './report.repository.ts';
import {
  advanceReport,
  availableActions,
  currentDocument,
  dueDate,
  editReport,
  ReportBlockedError,
  reportFindings,
  reportFormat,
  reportInScope,
  rollup,
} from './report.service.ts';
import {
  Article20Form,
  NarrativeForm,
  ReportListPage,
  ReportShowPage,
  SettingsForm,
} from './report.views.tsx';
import {
  type DraftChanges,
  narrativeValues,
  type Parsed,
  parseNarrative,
  parseSettings,
  settingsValues,
} from './report-forms.ts';
import { registerPublicReportRoutes, sendReportFile, sendStoredReportFile } from './report-public.routes.tsx';
import { RollupPage } from './rollup.views.tsx';
import { registerSurveyRoutes } from './survey/survey.routes.tsx';

/** The first data year the application keeps reports for (the 2019 format's first year). */
const FIRST_REPORT_YEAR = 2019;

const NOTICES: Record<string, string> = {
  saved: '已保存。',
  submit: '报告已提交审核。',
  approve: '报告已审核通过。',
  publish: '报告已发布，公众可在本机关的政府信息公开年报栏目查看。',
  reopen: '报告已退回草稿，可以修改。',
  explained: '已标记为已说明。',
  unexplained: '已取消“已说明”标记。',
};

type ReportParams = { Params: RouteParams<typeof paths.reports.show> };
type Loaded = Awaited<ReturnType<typeof reportInScope>>;
/** What every page of a draft form gets: the request's context, the report's agency and year, the form. */
interface DraftPageProps {
  readonly ctx: AdminContext;
  readonly agency: Loaded['agency'];
  readonly year: number;
  readonly values: FormBody;
  readonly errors?: Record<string, string> | undefined;
}
/** One form of a report draft: its values as stored, its parser, its page. */
interface DraftForm {
  readonly values: FormBody;
  readonly parse: (body: unknown) => Parsed<DraftChanges>;
  readonly page: (props: DraftPageProps) => JSX.Element;
}
type ActionParams = { Params: RouteParams<typeof paths.reports.action> };
type DownloadParams = { Params: RouteParams<typeof paths.reports.download> };

/**
 * Routes of the annual-report capability (年度报告): staff pages and workflow here; 已说明 marks, public
 * pages and the public checker in their own plugins. (Litigation registers itself; see app.tsx.)
 */
export async function registerReportRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (scope) => reportPageRoutes(scope, deps));
  await app.register(async (scope) => registerExplanationRoutes(scope, deps));
  await app.register(async (scope) => registerPublicReportRoutes(scope, deps));
  await app.register(async (scope) => registerOpenDataRoutes(scope, deps));
  await app.register(async (scope) => registerCheckerRoutes(scope, deps));
  await app.register(async (scope) => registerSurveyRoutes(scope, deps));
}

async function reportPageRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock, config } = deps;
  const today = todayIn(clock, config.timeZone);
  const now = () => clock.now().toISOString();

  app.get(paths.reports.list.pattern, { config: { access: 'reports.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const thisYear = Number(today().slice(0, 4));
    const raw = String((request.query as Record<string, unknown>).year ?? '');
    const year =
      /^\d{4}$/.test(raw) && Number(raw) >= FIRST_REPORT_YEAR && Number(raw) <= thisYear
        ? Number(raw)
        : thisYear - 1;
    const agencies = sortTree(await listAgencies(db, viewer.scope));
    const reports = new Map(
      (await reportsForYear(db, { ids: agencies.map((a) => a.id) }, year)).map((r) => [r.agencyId, r]),
    );
    const rows = agencies.map((agency) => {
      const report = reports.get(agency.id) ?? null;
      return { agency, report, due: dueDate(agency, year, report) };
    });
    const years = Array.from({ length: thisYear - FIRST_REPORT_YEAR }, (_, i) => thisYear - 1 - i);
    return sendAdminPage(request, reply, 'reports', ReportListPage, {
      year,
      rows,
      years,
      canSurvey: can(viewer, 'reports.survey'),
    });
  });

  const load = (request: FastifyRequest<ReportParams>) =>
    reportInScope(db, requireViewer(request), idOf(request.params.agencyId), request.params.year);
  const saved = (reply: FastifyReply, agencyId: number, year: number, done = 'saved') =>
    reply.redirect(paths.reports.show({ agencyId, year }, { done }), 303);

  const showPage = async (
    request: FastifyRequest<ReportParams>,
    reply: FastifyReply,
    blocked?: ReportBlockedError['findings'],
  ) => {
    const viewer = requireViewer(request);
    const { agency, year, report } = await load(request);
    const { doc, findings } = await reportFindings(db, agency, year, report, today());
    const marks = annotateFindings(findings, await listExplanations(db, agency.id, year));
    const done = (request.query as Record<string, unknown>).done;
    const page = {
      agency,
      year,
      report,
      doc,
      findings,
      due: dueDate(agency, year, report),
      actions: availableActions(viewer, report?.status ?? null),
      canEdit: can(viewer, 'reports.edit'),
      notice: typeof done === 'string' ? NOTICES[done] : undefined,
      blocked,
      explained: marks.explained,
      stale: marks.stale,
      canExplain: mayExplain(viewer, agency.path),
    };
    return sendAdminPage(request, reply, 'reports', ReportShowPage, page, blocked ? 409 : 200);
  };
  app.get<ReportParams>(
    paths.reports.show.pattern,
    { config: { access: 'reports.view' } },
    (request, reply) => showPage(request, reply),
  );

  /**
   * A form of the draft: GET shows it; POST parses it and saves the changes (editReport, audited as
   * `what`), or shows it again with the errors and what was typed.
   */
  const draftForm = (
    path: { readonly pattern: string },
    what: string,
    setup: (loaded: Loaded) => Promise<DraftForm> | DraftForm,
  ) => {
    const handle = async (request: FastifyRequest<ReportParams>, reply: FastifyReply, post: boolean) => {
      const loaded = await load(request);
      const { agency, year } = loaded;
      const form = await setup(loaded);
      const parsed = post ? form.parse(request.body) : null;
      if (parsed?.ok) {
        await editReport(db, requireViewer(request), request.ip, agency, year, parsed.data, what, now());
        return saved(reply, agency.id, year);
      }
      const page = parsed
        ? { agency, year, values: parsed.values, errors: parsed.errors }
        : { agency, year, values: form.values };
      return sendAdminPage(request, reply, 'reports', form.page, page, parsed ? 400 : 200);
    };
    const options = { config: { access: 'reports.edit' as const } };
    app.get<ReportParams>(path.pattern, options, (request, reply) => handle(request, reply, false));
    app.post<ReportParams>(path.pattern, options, (request, reply) => handle(request, reply, true));
  };

  // Narrative (sections 一, 五, 六)
  draftForm(paths.reports.narrative, '正文', ({ year, report }) => ({
    values: narrativeValues(report?.narrative ?? defaultNarrative(year)),
    parse: parseNarrative,
    page: (props) => <NarrativeForm {...props} format={reportFormat(year, report)} />,
  }));

  // Article 20 figures (第二十条（一） from the catalogue when it holds items)
  draftForm(paths.reports.article20, '第二十条数据', async ({ agency, year, report }) => {
    const fromCatalogue = (await catalogueFigures(db, [agency.id], year)) !== null;
    const fields = article20Fields(reportFormat(year, report), !fromCatalogue);
    return {
      values: article20Values(fields, report?.article20 ?? {}),
      parse: (body) => {
        const values = formBody(body);
        const parsed = parseArticle20(fields, values);
        if (!parsed.ok) return { ok: false, values, errors: parsed.errors };
        return { ok: true, data: { article20: { ...(report?.article20 ?? {}), ...parsed.figures } } };
      },
      page: (props) => <Article20Form {...props} fields={fields} fromCatalogue={fromCatalogue} />,
    };
  });

  // Format override, due date and signature date of one report
  draftForm(paths.reports.settings, '格式与日期设置', ({ agency, year, report }) => ({
    values: settingsValues(report),
    parse: (body) => parseSettings(body, year),
    page: (props) => (
      <SettingsForm
        {...props}
        defaultFormat={formatForYear(year).name}
        defaultDue={dueDate(agency, year, null)}
      />
    ),
  }));

  // Workflow: the clerk submits; reviewers approve, publish and reopen. Error findings block a step.
  const step = async (request: FastifyRequest<ReportParams>, reply: FastifyReply, action: string) => {
    if (action !== 'submit' && action !== 'approve' && action !== 'publish' && action !== 'reopen')
      throw notFound('操作');
    const { agency, year } = await load(request);
    try {
      await advanceReport(db, requireViewer(request), request.ip, agency, year, action, now(), today());
    } catch (err) {
      if (!(err instanceof ReportBlockedError)) throw err;
      return showPage(request, reply, err.findings);
    }
    return saved(reply, agency.id, year, action);
  };
  app.post<ReportParams>(
    paths.reports.submit.pattern,
    { config: { access: 'reports.edit' } },
    (request, reply) => step(request, reply, 'submit'),
  );
  app.post<ActionParams>(
    paths.reports.action.pattern,
    { config: { access: 'reports.approve' } },
    (request, reply) => step(request, reply, request.params.action),
  );

  app.get<DownloadParams>(
    paths.reports.download.pattern,
    { config: { access: 'reports.view' } },
    async (request, reply) => {
      const { agency, year, report } = await load(request);
      // A published report: the files as published (stored); otherwise counted now.
      if (report?.status === 'published' && report.published)
        return sendStoredReportFile(request, reply, db, report, request.params.output, now());
      const doc = await currentDocument(db, agency, year, report, today());
      return sendReportFile(reply, doc, request.params.output);
    },
  );

  // Roll-up for supervisors: the agency and every agency below it in the viewer's scope
  app.get<ReportParams>(
    paths.reports.rollup.pattern,
    { config: { access: 'reports.view' } },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const { agency, year } = await load(request);
      const subtree = await listAgencies(db, { kind: 'subtree', agencyId: agency.id, path: agency.path });
      const r = await rollup(
        db,
        agency,
        sortTree(subtree.filter((a) => scopeIncludes(viewer.scope, a.path))),
        year,
      );
      return sendAdminPage(request, reply, 'reports', RollupPage, { root: agency, rollup: r });
    },
  );
}
