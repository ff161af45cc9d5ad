import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findAgency } from '../agencies/agency.repository.ts';
import { AGENCY_LEVELS, type AgencyLevel } from '../agencies/agency.rules.ts';
import { loadChartEngine } from '../shared/charts/chart.ts';
import type { Deps } from '../shared/deps.ts';
import { sendDownload } from '../shared/http/download.ts';
import { AppError, notFound } from '../shared/http/errors.ts';
import { sendPage } from '../shared/http/page.ts';
import { idOf, type RouteParams } from '../shared/http/route-params.ts';
import { sendStoredBytes } from '../shared/http/stored-bytes.ts';
import { paths } from '../shared/paths.ts';
import { ComparePage, type CompareRow } from './compare.views.tsx';
import { CONTENT_TYPES, isOutputFormat, outputFileName, renderOutput } from './render/index.ts';
import { PdfUnavailableError } from './render/pdf.ts';
import { REPORT_CSS } from './render/report-css.ts';
import type { ReportDocument } from './report.model.ts';
import {
  type AnnualReport,
  listPublishedReports,
  publishedDocuments,
  publishedYears,
} from './report.repository.ts';
import { publishedReport } from './report.service.ts';
import { publishedReportFile } from './report-files.service.ts';
import { PublishedReportPage, ReportsColumnPage } from './report-public.views.tsx';
import { figuresOf, yearSeries } from './trends.rules.ts';

type PublishedParams = { Params: RouteParams<typeof paths.reports.published> };

/** Sends a report's stored file (see report-files.service.ts) with its tag, ranges and Chinese name. */
export async function sendStoredReportFile(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Deps['db'],
  report: AnnualReport,
  output: string,
  now: string,
) {
  if (!isOutputFormat(output)) throw notFound('文件');
  let file: Awaited<ReturnType<typeof publishedReportFile>>;
  try {
    file = await publishedReportFile(db, report, output, now);
  } catch (err) {
    if (!(err instanceof PdfUnavailableError)) throw err;
    throw new AppError('conflict', '暂时无法生成 PDF 文件，请下载 Word 或网页版本。');
  }
  const { meta, load } = file;
  return sendStoredBytes(request, reply, {
    type: meta.mime,
    fileName: meta.fileName,
    size: meta.size,
    sha256: meta.sha256,
    // Stored once per publication: caches keep it but ask again (304 while it is the same file).
    cacheControl: 'public, no-cache',
    load,
  });
}

/** Sends a report document as one of its files (HTML, DOCX, PDF, XLSX, JSON), rendered now, as a download. */
export async function sendReportFile(reply: FastifyReply, doc: ReportDocument, output: string) {
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
  });
}

/** Public: the report stylesheet, the agency's 政府信息公开年报 column, each published report and its files. */
export async function registerPublicReportRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;

  app.get(paths.reports.css.pattern, { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(REPORT_CSS),
  );

  app.get<{ Params: RouteParams<typeof paths.reports.column> }>(
    paths.reports.column.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const agency = await findAgency(db, idOf(request.params.agencyId));
      if (!agency) throw notFound('机构');
      const [reports] = await Promise.all([listPublishedReports(db, agency.id), loadChartEngine()]);
      const series = yearSeries(reports.flatMap((r) => (r.published ? [r.published] : [])));
      return sendPage(reply, <ReportsColumnPage agency={agency} reports={reports} series={series} />);
    },
  );

  app.get(paths.reports.compare.pattern, { config: { access: 'public' } }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const level: AgencyLevel = (AGENCY_LEVELS as readonly unknown[]).includes(q.level)
      ? (q.level as AgencyLevel)
      : 'township';
    const years = await publishedYears(db, level);
    const asked = Number(q.year);
    const year = years.includes(asked) ? asked : (years[0] ?? null);
    const [docs, lastYear] =
      year === null
        ? [[], []]
        : await Promise.all([
            publishedDocuments(db, { level, year }),
            publishedDocuments(db, { level, year: year - 1 }),
            loadChartEngine(),
          ]);
    const before = new Map(lastYear.map((d) => [d.agencyId, figuresOf(d.doc.tables)]));
    const rows: CompareRow[] = docs
      .map((d) => ({
        agencyId: d.agencyId,
        agencyName: d.agencyName,
        values: figuresOf(d.doc.tables),
        lastYear: before.get(d.agencyId) ?? null,
      }))
      .sort(
        (a, b) =>
          (b.values.newReceived ?? -1) - (a.values.newReceived ?? -1) ||
          a.agencyName.localeCompare(b.agencyName, 'zh-CN'),
      );
    return sendPage(reply, <ComparePage level={level} year={year} years={years} rows={rows} />);
  });

  const published = (request: FastifyRequest<PublishedParams>) =>
    publishedReport(db, idOf(request.params.agencyId), request.params.year);
  app.get<PublishedParams>(
    paths.reports.published.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const { agency, doc } = await published(request);
      return sendPage(reply, <PublishedReportPage agency={agency} doc={doc} />);
    },
  );
  app.get<{ Params: RouteParams<typeof paths.reports.publishedFile> }>(
    paths.reports.publishedFile.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const { report } = await published(request);
      return sendStoredReportFile(
        request,
        reply,
        db,
        report,
        request.params.output,
        deps.clock.now().toISOString(),
      );
    },
  );
}
