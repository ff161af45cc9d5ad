import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthedUser, can, requireViewer } from '../accounts/auth.ts';
import { scopeIncludes } from '../accounts/roles.ts';
import { findAgency, listAgencies } from '../agencies/agency.repository.ts';
import { sortTree } from '../agencies/agency.routes.tsx';
import type { Agency } from '../agencies/agency.rules.ts';
import { agencyInScope } from '../agencies/agency.service.ts';
import { isIsoDate } from '../calendar/dates.ts';
import { catalogueFigures } from '../catalogue/report-figures.ts';
import { registerLitigationRoutes } from '../litigation/litigation.routes.tsx';
import { localDate } from '../shared/clock.ts';
import type { Deps } from '../shared/deps.ts';
import { sendDownload } from '../shared/http/download.ts';
import { AppError, conflict, notFound } from '../shared/http/errors.ts';
import { formBody } from '../shared/http/forms.ts';
import { adminContext, sendPage } from '../shared/http/page.ts';
import { paths } from '../shared/paths.ts';
import { article20Fields, article20Values, parseArticle20 } from './article20.rules.ts';
import { checkBytes, checkText } from './checker.ts';
import { findExplanation, listExplanations } from './explanation.repository.ts';
import {
  annotateFindings,
  explanationsExport,
  isFindingId,
  mayExplain,
  parseExplanationNote,
} from './explanation.rules.ts';
import { explainFinding, removeExplanation } from './explanation.service.ts';
import { formatForYear } from './format/formats.ts';
import { CONTENT_TYPES, isOutputFormat, outputFileName, renderOutput } from './render/index.ts';
import { PdfUnavailableError } from './render/pdf.ts';
import { REPORT_CSS } from './render/report-css.ts';
import {
  defaultNarrative,
  NARRATIVE_SECTIONS,
  type NarrativeTemplates,
  type ReportDocument,
  unknownPlaceholders,
} from './report.model.ts';
import { findAnnualReport, listPublishedReports, reportsForYear } from './report.repository.ts';
import {
  advanceReport,
  assertYear,
  buildDocument,
  dueDate,
  editReport,
  ReportBlockedError,
  reportFindings,
  reportFormat,
  rollup,
  type WorkflowAction,
} from './report.service.ts';
import {
  Article20Form,
  CheckerPage,
  ExplainFindingPage,
  NarrativeForm,
  PublishedReportPage,
  ReportListPage,
  ReportShowPage,
  ReportsColumnPage,
  RollupPage,
  SettingsForm,
} from './report.views.tsx';

/** Limits of the public checker: uploads and pasted text. */
export const CHECKER_LIMITS = { fileSize: 10 * 1024 * 1024, fieldSize: 3 * 1024 * 1024, files: 1, fields: 4 };
export const CHECKER_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };

function param(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name] ?? '';
}
function idParam(request: FastifyRequest, name: string): number {
  const raw = param(request, name);
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

function availableActions(viewer: AuthedUser, status: string | null): WorkflowAction[] {
  const out: WorkflowAction[] = [];
  const s = status ?? 'draft';
  if (s === 'draft' && can(viewer, 'reports.edit')) out.push('submit');
  if (s === 'submitted' && can(viewer, 'reports.approve')) out.push('approve');
  if (s === 'approved' && can(viewer, 'reports.approve')) out.push('publish');
  if (s !== 'draft' && can(viewer, 'reports.approve')) out.push('reopen');
  return out;
}

const NOTICES: Record<string, string> = {
  saved: '已保存。',
  submit: '报告已提交审核。',
  approve: '报告已审核通过。',
  publish: '报告已发布，公众可在本机关的政府信息公开年报栏目查看。',
  reopen: '报告已退回草稿，可以修改。',
  explained: '已标记为已说明。',
  unexplained: '已取消“已说明”标记。',
};

/** Routes of the annual-report capability (年度报告, checker page) and of the litigation cases. */
export async function registerReportRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, clock, config } = deps;
  const today = () => localDate(clock.now(), config.timeZone);
  const now = () => clock.now().toISOString();

  app.get(paths.reports.css.pattern, { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(REPORT_CSS),
  );

  app.get(paths.reports.list.pattern, { config: { access: 'reports.view' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const thisYear = Number(today().slice(0, 4));
    const raw = String((request.query as Record<string, unknown>).year ?? '');
    const year =
      /^\d{4}$/.test(raw) && Number(raw) >= 2019 && Number(raw) <= thisYear ? Number(raw) : thisYear - 1;
    const agencies = sortTree(await listAgencies(db, viewer.scope));
    const reports = new Map(
      (await reportsForYear(db, { ids: agencies.map((a) => a.id) }, year)).map((r) => [r.agencyId, r]),
    );
    const rows = agencies.map((agency) => {
      const report = reports.get(agency.id) ?? null;
      return { agency, report, due: dueDate(agency, year, report) };
    });
    const years = Array.from({ length: thisYear - 2019 }, (_, i) => thisYear - 1 - i);
    return sendPage(
      reply,
      <ReportListPage ctx={adminContext(request, reply, 'reports')} year={year} rows={rows} years={years} />,
    );
  });

  const load = async (request: FastifyRequest) => {
    const viewer = requireViewer(request);
    const agency = await agencyInScope(db, viewer, idParam(request, 'agencyId'));
    const year = assertYear(param(request, 'year'));
    const report = await findAnnualReport(db, agency.id, year);
    return { viewer, agency, year, report };
  };

  const showPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { blocked?: ReportBlockedError['findings'] } = {},
    status = 200,
  ) => {
    const { viewer, agency, year, report } = await load(request);
    const { doc, findings } = await reportFindings(db, agency, year, report, today());
    const marks = annotateFindings(findings, await listExplanations(db, agency.id, year));
    const q = request.query as Record<string, unknown>;
    return sendPage(
      reply,
      <ReportShowPage
        ctx={adminContext(request, reply, 'reports')}
        agency={agency}
        year={year}
        report={report}
        doc={doc}
        findings={findings}
        due={dueDate(agency, year, report)}
        actions={availableActions(viewer, report?.status ?? null)}
        canEdit={can(viewer, 'reports.edit')}
        notice={typeof q.done === 'string' ? NOTICES[q.done] : undefined}
        blocked={extra.blocked}
        explained={marks.explained}
        stale={marks.stale}
        canExplain={mayExplain(viewer, agency.path)}
      />,
      status,
    );
  };

  app.get(paths.reports.show.pattern, { config: { access: 'reports.view' } }, (request, reply) =>
    showPage(request, reply),
  );

  // Narrative (sections 一, 五, 六)
  app.get(paths.reports.narrative.pattern, { config: { access: 'reports.edit' } }, async (request, reply) => {
    const { agency, year, report } = await load(request);
    const doc = await buildDocument(db, agency, year, report, today());
    const templates = report?.narrative ?? defaultNarrative(year);
    return sendPage(
      reply,
      <NarrativeForm
        ctx={adminContext(request, reply, 'reports')}
        agency={agency}
        year={year}
        format={doc.format}
        values={{ ...templates }}
      />,
    );
  });

  app.post(
    paths.reports.narrative.pattern,
    { config: { access: 'reports.edit' } },
    async (request, reply) => {
      const { viewer, agency, year, report } = await load(request);
      const values = formBody(request.body);
      const errors: Record<string, string> = {};
      const templates: Record<string, string> = {};
      for (const s of NARRATIVE_SECTIONS) {
        const v = (values[s] ?? '').replace(/\r\n/g, '\n').trim();
        templates[s] = v;
        if (v === '') errors[s] = '请填写这一部分的内容';
        else if (v.length > 20_000) errors[s] = '这一部分不能超过 20000 个字';
        else {
          const unknown = unknownPlaceholders(v);
          if (unknown.length > 0)
            errors[s] =
              `不认识的占位符：${unknown.map((u) => `{${u}}`).join('、')}。请使用页面上列出的占位符`;
        }
      }
      if (Object.keys(errors).length === 0) {
        await editReport(
          db,
          viewer,
          request.ip,
          agency,
          year,
          { narrative: templates as unknown as NarrativeTemplates },
          '正文',
          now(),
        );
        return reply.redirect(paths.reports.show({ agencyId: agency.id, year }, { done: 'saved' }), 303);
      }
      return sendPage(
        reply,
        <NarrativeForm
          ctx={adminContext(request, reply, 'reports')}
          agency={agency}
          year={year}
          format={reportFormat(year, report)}
          values={values}
          errors={errors}
        />,
        400,
      );
    },
  );

  // Article 20 figures
  const article20Page = async (request: FastifyRequest, reply: FastifyReply, post: boolean) => {
    const { viewer, agency, year, report } = await load(request);
    const format = reportFormat(year, report);
    const fromCatalogue = (await catalogueFigures(db, [agency.id], year)) !== null;
    const fields = article20Fields(format, !fromCatalogue);
    let values = article20Values(fields, report?.article20 ?? {});
    let errors: Record<string, string> | undefined;
    if (post) {
      values = formBody(request.body);
      const parsed = parseArticle20(fields, values);
      if (parsed.ok) {
        await editReport(
          db,
          viewer,
          request.ip,
          agency,
          year,
          { article20: { ...(report?.article20 ?? {}), ...parsed.figures } },
          '第二十条数据',
          now(),
        );
        return reply.redirect(paths.reports.show({ agencyId: agency.id, year }, { done: 'saved' }), 303);
      }
      errors = parsed.errors;
    }
    return sendPage(
      reply,
      <Article20Form
        ctx={adminContext(request, reply, 'reports')}
        agency={agency}
        year={year}
        fields={fields}
        values={values}
        errors={errors}
        fromCatalogue={fromCatalogue}
      />,
      errors ? 400 : 200,
    );
  };
  app.get(paths.reports.article20.pattern, { config: { access: 'reports.edit' } }, (request, reply) =>
    article20Page(request, reply, false),
  );
  app.post(paths.reports.article20.pattern, { config: { access: 'reports.edit' } }, (request, reply) =>
    article20Page(request, reply, true),
  );

  // Format override, due date and signature date of one report
  const settingsPage = async (request: FastifyRequest, reply: FastifyReply, post: boolean) => {
    const { viewer, agency, year, report } = await load(request);
    let values: Record<string, string> = {
      formatOverride: report?.formatOverride ?? '',
      dueOn: report?.dueOn ?? '',
      signedOn: report?.signedOn ?? '',
    };
    let errors: Record<string, string> | undefined;
    if (post) {
      values = formBody(request.body);
      const fo = (values.formatOverride ?? '').trim();
      const date = (v: string | undefined) =>
        (v ?? '')
          .trim()
          .replace(/[./年月]/g, '-')
          .replace(/日$/, '');
      const dueOn = date(values.dueOn);
      const signedOn = date(values.signedOn);
      const e: Record<string, string> = {};
      if (fo !== '' && fo !== '2019' && fo !== '2021') e.formatOverride = '请选择报告格式';
      if (dueOn !== '' && !isIsoDate(dueOn)) e.dueOn = '报送截止日应为有效日期，格式如 2025-01-31';
      if (signedOn !== '' && !isIsoDate(signedOn)) e.signedOn = '成文日期应为有效日期，格式如 2025-01-20';
      else if (signedOn !== '' && signedOn < `${year + 1}-01-01`)
        e.signedOn = `成文日期应在报告年度结束之后（${year + 1}年1月1日或以后）`;
      if (Object.keys(e).length === 0) {
        await editReport(
          db,
          viewer,
          request.ip,
          agency,
          year,
          {
            formatOverride: fo === '2019' || fo === '2021' ? fo : null,
            dueOn: dueOn || null,
            signedOn: signedOn || null,
          },
          '格式与日期设置',
          now(),
        );
        return reply.redirect(paths.reports.show({ agencyId: agency.id, year }, { done: 'saved' }), 303);
      }
      errors = e;
    }
    return sendPage(
      reply,
      <SettingsForm
        ctx={adminContext(request, reply, 'reports')}
        agency={agency}
        year={year}
        values={values}
        errors={errors}
        defaultFormat={formatForYear(year).name}
        defaultDue={dueDate(agency, year, null)}
      />,
      errors ? 400 : 200,
    );
  };
  app.get(paths.reports.settings.pattern, { config: { access: 'reports.edit' } }, (request, reply) =>
    settingsPage(request, reply, false),
  );
  app.post(paths.reports.settings.pattern, { config: { access: 'reports.edit' } }, (request, reply) =>
    settingsPage(request, reply, true),
  );

  // Workflow: submit (clerk), approve, publish, reopen (reviewer)
  app.post(paths.reports.action.pattern, { config: { access: 'reports.edit' } }, async (request, reply) => {
    const { viewer, agency, year } = await load(request);
    const action = param(request, 'action');
    if (action !== 'submit' && action !== 'approve' && action !== 'publish' && action !== 'reopen')
      throw notFound('操作');
    if (action !== 'submit' && !can(viewer, 'reports.approve')) {
      throw new AppError('forbidden', '只有审核人可以审核、发布或退回年度报告。');
    }
    try {
      await advanceReport(db, viewer, request.ip, agency, year, action, now(), today());
    } catch (err) {
      if (!(err instanceof ReportBlockedError)) throw err;
      return showPage(request, reply, { blocked: err.findings }, 409);
    }
    return reply.redirect(paths.reports.show({ agencyId: agency.id, year }, { done: action }), 303);
  });

  const sendOutput = async (reply: FastifyReply, doc: ReportDocument, output: string, inline: boolean) => {
    if (!isOutputFormat(output)) throw notFound('文件');
    let bytes: Buffer;
    try {
      bytes = await renderOutput(doc, output);
    } catch (err) {
      if (!(err instanceof PdfUnavailableError)) throw err;
      throw new AppError('conflict', '暂时无法生成 PDF 文件，请下载 Word 或网页版本。');
    }
    return sendDownload(reply, {
      type: CONTENT_TYPES[output],
      fileName: outputFileName(doc, output),
      body: bytes,
      inline,
    });
  };

  app.get(paths.reports.download.pattern, { config: { access: 'reports.view' } }, async (request, reply) => {
    const { agency, year, report } = await load(request);
    const doc =
      report?.status === 'published' && report.published
        ? report.published
        : await buildDocument(db, agency, year, report, today());
    return sendOutput(reply, doc, param(request, 'output'), false);
  });

  // "已说明" marks on findings (supervisors of a parent agency, administrators)
  const explainTarget = async (request: FastifyRequest) => {
    const loaded = await load(request);
    if (!mayExplain(loaded.viewer, loaded.agency.path))
      throw new AppError(
        'forbidden',
        '只有上级机构的政务公开主管或系统管理员可以将下属机构报告中的问题标记为已说明。',
      );
    const findingId = param(request, 'findingId');
    if (!isFindingId(findingId)) throw notFound('问题');
    const { findings } = await reportFindings(db, loaded.agency, loaded.year, loaded.report, today());
    const finding = findings.find((f) => f.id === findingId) ?? null;
    const mark = await findExplanation(db, loaded.agency.id, loaded.year, findingId);
    if (!finding && !mark) throw notFound('问题');
    return { ...loaded, findingId, finding, mark };
  };
  const explainPage = async (request: FastifyRequest, reply: FastifyReply, post: boolean) => {
    const x = await explainTarget(request);
    let values: Record<string, string> = { note: x.mark?.note ?? '' };
    let errors: Record<string, string> | undefined;
    if (post) {
      values = formBody(request.body);
      // A mark is made only on a finding that occurs now; a stale one can only be removed.
      if (!x.finding) throw conflict('这个问题已不再出现，不能再标记为已说明；可以删除失效的说明。');
      const parsed = parseExplanationNote(values.note);
      if (parsed.ok) {
        await explainFinding(db, x.viewer, request.ip, x.agency, x.year, x.finding, parsed.note, now());
        return reply.redirect(
          `${paths.reports.show({ agencyId: x.agency.id, year: x.year }, { done: 'explained' })}#finding-${x.findingId}`,
          303,
        );
      }
      errors = { note: parsed.error };
    }
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
  app.get(paths.reports.explain.pattern, { config: { access: 'reports.view' } }, (request, reply) =>
    explainPage(request, reply, false),
  );
  app.post(paths.reports.explain.pattern, { config: { access: 'reports.view' } }, (request, reply) =>
    explainPage(request, reply, true),
  );
  app.post(
    paths.reports.unexplain.pattern,
    { config: { access: 'reports.view' } },
    async (request, reply) => {
      const x = await explainTarget(request);
      await removeExplanation(db, x.viewer, request.ip, x.agency, x.year, x.findingId, now());
      return reply.redirect(
        paths.reports.show({ agencyId: x.agency.id, year: x.year }, { done: 'unexplained' }),
        303,
      );
    },
  );
  app.get(
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

  // Roll-up for supervisors
  app.get(paths.reports.rollup.pattern, { config: { access: 'reports.view' } }, async (request, reply) => {
    const { viewer, agency, year } = await load(request);
    const subtree = sortTree(
      (await listAgencies(db, { kind: 'subtree', agencyId: agency.id, path: agency.path })).filter((a) =>
        scopeIncludes(viewer.scope, a.path),
      ),
    );
    const r = await rollup(db, agency, subtree, year);
    return sendPage(
      reply,
      <RollupPage ctx={adminContext(request, reply, 'reports')} root={agency} rollup={r} />,
    );
  });

  // Public: the 政府信息公开年报 column, each published report and its files
  const publicAgency = async (request: FastifyRequest): Promise<Agency> => {
    const agency = await findAgency(db, idParam(request, 'agencyId'));
    if (!agency) throw notFound('机构');
    return agency;
  };
  app.get(paths.reports.column.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const agency = await publicAgency(request);
    return sendPage(
      reply,
      <ReportsColumnPage agency={agency} reports={await listPublishedReports(db, agency.id)} />,
    );
  });
  const publishedDoc = async (request: FastifyRequest) => {
    const agency = await publicAgency(request);
    const year = assertYear(param(request, 'year'));
    const report = await findAnnualReport(db, agency.id, year);
    if (!report?.published) throw notFound('年度报告');
    return { agency, doc: report.published };
  };
  app.get(paths.reports.published.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const { agency, doc } = await publishedDoc(request);
    return sendPage(reply, <PublishedReportPage agency={agency} doc={doc} />);
  });
  app.get(paths.reports.publishedFile.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const { doc } = await publishedDoc(request);
    return sendOutput(reply, doc, param(request, 'output'), false);
  });

  // Public checker: paste or upload; multipart only inside this scope, with limits.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: true,
      throwFileSizeLimit: false,
      limits: CHECKER_LIMITS,
    });
    // Multipart fields arrive as {value}; the CSRF check reads body._csrf as a string.
    scope.addHook('preValidation', async (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      if (!request.isMultipart() || !body) return;
      for (const [k, v] of Object.entries(body)) {
        if (v && typeof v === 'object' && 'type' in v && (v as { type: string }).type === 'field') {
          body[k] = (v as unknown as { value: unknown }).value;
        }
      }
    });
    scope.get(paths.reports.checker.pattern, { config: { access: 'public' } }, async (_request, reply) =>
      sendPage(reply, <CheckerPage csrf={reply.generateCsrf()} />),
    );
    scope.post(
      paths.reports.checker.pattern,
      { config: { access: 'public', rateLimit: CHECKER_RATE_LIMIT } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const text = typeof body.text === 'string' ? body.text : '';
        const file = body.file as
          | { type: 'file'; filename: string; toBuffer: () => Promise<Buffer>; file: { truncated: boolean } }
          | undefined;
        const errors: Record<string, string> = {};
        let result: Awaited<ReturnType<typeof checkBytes>> | undefined;
        if (file && file.type === 'file' && file.filename) {
          const bytes = await file.toBuffer();
          const ext = (/\.[A-Za-z0-9]{1,5}$/.exec(file.filename)?.[0] ?? '').toLowerCase();
          if (file.file.truncated) errors.file = '文件超过 10 MB，请压缩后重试，或粘贴报告文字';
          else if (!['.txt', '.html', '.htm', '.docx', '.pdf'].includes(ext))
            errors.file = '只能上传 .txt、.html、.docx 或 .pdf 文件';
          else if (bytes.length === 0) errors.file = '上传的文件是空的';
          else result = await checkBytes(bytes, ext, { fileName: file.filename.slice(0, 200) });
        } else if (text.trim() === '') {
          errors.text = '请粘贴报告文字，或选择要上传的文件';
        } else {
          result = checkText(text, { fileName: '粘贴的文字' });
        }
        const failed = Object.keys(errors).length > 0;
        return sendPage(
          reply,
          <CheckerPage
            csrf={reply.generateCsrf()}
            values={{ text }}
            errors={failed ? errors : undefined}
            result={result}
          />,
          failed ? 400 : 200,
        );
      },
    );
  });

  await registerLitigationRoutes(app, deps);
}
