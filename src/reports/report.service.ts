import { type AuthedUser, can } from '../accounts/auth.ts';
import { findAgency } from '../agencies/agency.repository.ts';
import type { Agency, AgencySelection } from '../agencies/agency.rules.ts';
import { actorOf, agencyInScope } from '../agencies/agency.service.ts';
import { applicationCounts, applicationCountsByAgency } from '../applications/report-counts.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { catalogueFigures, catalogueFiguresByAgency } from '../catalogue/report-figures.ts';
import type { Db, Executor } from '../db/database.ts';
import { casesForYear } from '../litigation/litigation.repository.ts';
import { AppError, conflict, notFound } from '../shared/http/errors.ts';
import { type Article20Figures, countReport, sumTables } from './count/count.ts';
import { explainedIdsForYear } from './explanation.repository.ts';
import { unexplainedErrors } from './explanation.rules.ts';
import { formatForYear } from './format/formats.ts';
import type { ReportTables } from './format/tables.ts';
import type { FormatId } from './format/types.ts';
import { OUTPUT_FORMATS } from './render/index.ts';
import {
  ARTICLE_49_DUE,
  checkDocument,
  defaultNarrative,
  type ReportDocument,
  renderNarrative,
} from './report.model.ts';
import {
  type AnnualReport,
  findAnnualReport,
  insertAnnualReport,
  listPublishedReports,
  type ReportChanges,
  type ReportStatus,
  reportsForYear,
  updateAnnualReport,
} from './report.repository.ts';
import { deleteReportFiles } from './report-file.repository.ts';
import { storePublishedFiles } from './report-files.service.ts';
import type { Finding } from './rules/findings.ts';
import { yearSeries } from './trends.rules.ts';

/** Use cases of the annual report: counting, editing, the draft → published workflow, roll-up. */

export const STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
  draft: '草稿',
  submitted: '已提交审核',
  approved: '已审核通过',
  published: '已发布',
};

/** The format a report uses: the agency's override for the year, else by year (docs/domain/report-formats.md#which-format). */
export function reportFormat(year: number, report: Pick<AnnualReport, 'formatOverride'> | null): FormatId {
  return report?.formatOverride ?? formatForYear(year).id;
}

/** Tables counted from the records of the selected agencies for a year. */
export async function countTables(
  db: Executor,
  agencies: AgencySelection,
  agencyIds: readonly number[],
  year: number,
  format: FormatId,
  article20: Article20Figures,
): Promise<ReportTables> {
  const [groups, cases, catalogue] = await Promise.all([
    applicationCounts(db, agencies, year),
    casesForYear(db, agencies, year),
    catalogueFigures(db, agencyIds, year),
  ]);
  return countReport({ format, year, applications: groups, litigation: cases, article20, catalogue });
}

/** The report document of an agency for a year, counted now from the records. */
export async function buildDocument(
  db: Executor,
  agency: Pick<Agency, 'id' | 'name'>,
  year: number,
  report: AnnualReport | null,
  today: string,
): Promise<ReportDocument> {
  const format = reportFormat(year, report);
  const tables = await countTables(
    db,
    { ids: [agency.id] },
    [agency.id],
    year,
    format,
    report?.article20 ?? {},
  );
  const templates = report?.narrative ?? defaultNarrative(year);
  // 同比 placeholders are filled from last year's published report only (never typed).
  const previous = (await findAnnualReport(db, agency.id, year - 1))?.published?.tables ?? null;
  // 附图: this year's figures with those of the earlier published reports (never of drafts).
  const trend = templates.charts
    ? yearSeries([
        ...(await listPublishedReports(db, agency.id)).flatMap((r) =>
          r.published && r.year < year ? [r.published] : [],
        ),
        { year, tables },
      ])
    : undefined;
  return {
    version: 1,
    agencyId: agency.id,
    agencyName: agency.name,
    year,
    format,
    tables,
    narrative: renderNarrative(templates, tables, { year, agencyName: agency.name, previous }),
    signedOn: report?.signedOn ?? today,
    ...(trend ? { trend } : {}),
  };
}

/**
 * The document a report page shows (the published snapshot once published, else counted now) and
 * its findings, checked against the previous year's published tables.
 */
export async function reportFindings(
  db: Executor,
  agency: Pick<Agency, 'id' | 'name'>,
  year: number,
  report: AnnualReport | null,
  today: string,
): Promise<{ doc: ReportDocument; findings: Finding[] }> {
  const doc = await currentDocument(db, agency, year, report, today);
  const previous = await findAnnualReport(db, agency.id, year - 1);
  return { doc, findings: checkDocument(doc, previous?.published?.tables) };
}

/** The due date of a report: the one set on it, else the statutory one (ARTICLE_49_DUE). */
export function dueDate(
  agency: Pick<Agency, 'kind'>,
  year: number,
  report: Pick<AnnualReport, 'dueOn'> | null,
) {
  if (report?.dueOn) return report.dueOn;
  return `${year + 1}-${agency.kind === 'government' ? ARTICLE_49_DUE.government : ARTICLE_49_DUE.other}`;
}

/** A report of an agency in the viewer's scope for a year (null while nothing was saved), or 404. */
export async function reportInScope(
  db: Executor,
  viewer: AuthedUser,
  agencyId: number,
  rawYear: string,
): Promise<{ agency: Agency; year: number; report: AnnualReport | null }> {
  const agency = await agencyInScope(db, viewer, agencyId);
  const year = assertYear(rawYear);
  return { agency, year, report: await findAnnualReport(db, agency.id, year) };
}

/** A published report of any agency (public pages), or 404. */
export async function publishedReport(
  db: Executor,
  agencyId: number,
  rawYear: string,
): Promise<{ agency: Agency; doc: ReportDocument; report: AnnualReport }> {
  const agency = await findAgency(db, agencyId);
  if (!agency) throw notFound('机构');
  const report = await findAnnualReport(db, agency.id, assertYear(rawYear));
  if (!report?.published) throw notFound('年度报告');
  return { agency, doc: report.published, report };
}

/** The workflow steps the viewer may take on a report in this status. */
export function availableActions(viewer: AuthedUser, status: ReportStatus | null): WorkflowAction[] {
  const s = status ?? 'draft';
  return (Object.keys(TRANSITIONS) as WorkflowAction[]).filter(
    (a) =>
      TRANSITIONS[a].from.includes(s) && can(viewer, a === 'submit' ? 'reports.edit' : 'reports.approve'),
  );
}

/** The document a download serves: the published snapshot once published, else counted now. */
export async function currentDocument(
  db: Executor,
  agency: Pick<Agency, 'id' | 'name'>,
  year: number,
  report: AnnualReport | null,
  today: string,
): Promise<ReportDocument> {
  return report?.status === 'published' && report.published
    ? report.published
    : buildDocument(db, agency, year, report, today);
}

/** Error findings that block submission and publication. */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

function snapshot(r: AnnualReport) {
  return {
    status: r.status,
    formatOverride: r.formatOverride,
    narrative: r.narrative,
    article20: r.article20,
    dueOn: r.dueOn,
    signedOn: r.signedOn,
  };
}

async function loadOrCreate(
  trx: Executor,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  year: number,
  now: string,
): Promise<AnnualReport> {
  const found = await findAnnualReport(trx, agency.id, year);
  if (found) return found;
  const created = await insertAnnualReport(
    trx,
    { agencyId: agency.id, year, narrative: defaultNarrative(year), article20: {} },
    now,
    viewer.id,
  );
  await appendAudit(trx, {
    actor: actorOf(viewer, ip),
    at: now,
    action: 'create',
    entityType: 'annual_report',
    entityId: created.id,
    agencyId: agency.id,
    summary: `建立“${agency.name}”${year}年度政府信息公开工作年度报告草稿`,
    after: snapshot(created),
  });
  return created;
}

function requireDraft(r: AnnualReport): void {
  if (r.status !== 'draft')
    throw conflict(
      `报告当前状态为“${STATUS_LABELS[r.status]}”，不能修改。如需修改，请审核人先将报告退回草稿。`,
    );
}

/** Saves edits of a draft (narrative, Article 20 figures, format override, dates), with its audit entry. */
export async function editReport(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  year: number,
  changes: Pick<ReportChanges, 'narrative' | 'article20' | 'formatOverride' | 'dueOn' | 'signedOn'>,
  what: string,
  now: string,
): Promise<AnnualReport> {
  return db.transaction().execute(async (trx) => {
    const report = await loadOrCreate(trx, viewer, ip, agency, year, now);
    requireDraft(report);
    const updated = await updateAnnualReport(trx, report, changes, now, viewer.id);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: 'update',
      entityType: 'annual_report',
      entityId: report.id,
      agencyId: agency.id,
      summary: `修改“${agency.name}”${year}年度报告的${what}`,
      before: snapshot(report),
      after: snapshot(updated),
    });
    return updated;
  });
}

export type WorkflowAction = 'submit' | 'approve' | 'publish' | 'reopen';

const TRANSITIONS: Readonly<
  Record<WorkflowAction, { from: readonly ReportStatus[]; to: ReportStatus; label: string }>
> = {
  submit: { from: ['draft'], to: 'submitted', label: '提交审核' },
  approve: { from: ['submitted'], to: 'approved', label: '审核通过' },
  publish: { from: ['approved'], to: 'published', label: '发布' },
  reopen: { from: ['submitted', 'approved', 'published'], to: 'draft', label: '退回草稿' },
};

export class ReportBlockedError extends Error {
  constructor(readonly findings: readonly Finding[]) {
    super('report has error findings');
  }
}

/**
 * One workflow step, recorded in the audit log. Submitting, approving and publishing are refused
 * while the generated report has error findings (they are re-checked at every step, because the
 * records may have changed since).
 */
export async function advanceReport(
  db: Db,
  viewer: AuthedUser,
  ip: string | null,
  agency: Agency,
  year: number,
  action: WorkflowAction,
  now: string,
  today: string,
): Promise<AnnualReport> {
  const t = TRANSITIONS[action];
  const advanced = await db.transaction().execute(async (trx) => {
    const report = await loadOrCreate(trx, viewer, ip, agency, year, now);
    if (!t.from.includes(report.status)) {
      throw conflict(`报告当前状态为“${STATUS_LABELS[report.status]}”，不能${t.label}。`);
    }
    const changes: { -readonly [K in keyof ReportChanges]: ReportChanges[K] } = { status: t.to };
    let published: ReportDocument | null = null;
    if (action !== 'reopen') {
      const doc = await buildDocument(trx, agency, year, report, today);
      const previous = await findAnnualReport(trx, agency.id, year - 1);
      const errors = blockingFindings(checkDocument(doc, previous?.published?.tables));
      if (errors.length > 0) throw new ReportBlockedError(errors);
      published = doc;
    }
    if (action === 'submit') Object.assign(changes, { submittedAt: now, submittedBy: viewer.id });
    if (action === 'approve') Object.assign(changes, { approvedAt: now, approvedBy: viewer.id });
    if (action === 'publish') {
      const signedOn = report.signedOn ?? today;
      Object.assign(changes, { publishedAt: now, published: { ...published, signedOn } });
      // The files of the previous publication go with it; the new ones are stored after commit.
      await deleteReportFiles(trx, report.id);
    }
    const updated = await updateAnnualReport(trx, report, changes, now, viewer.id);
    await appendAudit(trx, {
      actor: actorOf(viewer, ip),
      at: now,
      action: `report.${action}`,
      entityType: 'annual_report',
      entityId: report.id,
      agencyId: agency.id,
      summary: `${t.label}：“${agency.name}”${year}年度政府信息公开工作年度报告`,
      before: { status: report.status },
      after:
        action === 'publish' && published
          ? { status: updated.status, tables: published.tables }
          : { status: updated.status },
    });
    return updated;
  });
  // Rendered outside the transaction (the PDF takes seconds); a file that fails here is rendered on
  // its first download instead (report-files.service.ts).
  if (action === 'publish') await storePublishedFiles(db, advanced, OUTPUT_FORMATS, now);
  return advanced;
}

export interface RollupAgency {
  readonly agency: Pick<Agency, 'id' | 'name' | 'path' | 'depth' | 'kind'>;
  readonly tables: ReportTables;
  readonly report: AnnualReport | null;
  /** Error findings of the agency's own generated report. */
  readonly errors: readonly Finding[];
  /** Those errors not marked 已说明 by a supervisor. */
  readonly unexplained: readonly Finding[];
  /** Whether the agency has no published report for the year. */
  readonly missing: boolean;
}

export interface Rollup {
  readonly year: number;
  readonly format: FormatId;
  /** The parent's figures: itself plus every agency below it, at any depth. */
  readonly total: ReportTables;
  readonly agencies: readonly RollupAgency[];
}

/**
 * Roll-up for a supervisor: one GROUP BY over the subtree's applications (per agency), the cases and
 * the reports of the year; figures summed per agency and in total. Each agency's tables are counted
 * from exactly the inputs its own report uses (countTables): its hand-entered Article 20 figures and,
 * when its catalogue holds items, the 第二十条（一） figures `catalogueFigures` counts for it alone
 * (`catalogueFiguresByAgency`: the same figures for all agencies in two queries), so
 * the parent's table = the sum of its agencies' own reports.
 */
export async function rollup(
  db: Executor,
  root: Agency,
  subtree: readonly Agency[],
  year: number,
): Promise<Rollup> {
  const format = formatForYear(year).id;
  const selection = { subtreePath: root.path };
  const [byAgency, cases, reports, catalogueBy, explained] = await Promise.all([
    applicationCountsByAgency(db, selection, year),
    casesForYear(db, selection, year),
    reportsForYear(db, selection, year),
    catalogueFiguresByAgency(db, root.path, year),
    explainedIdsForYear(db, selection, year),
  ]);
  const casesBy = new Map<number, (typeof cases)[number][]>();
  for (const c of cases) {
    const list = casesBy.get(c.agencyId);
    if (list) list.push(c);
    else casesBy.set(c.agencyId, [c]);
  }
  const reportsBy = new Map(reports.map((r) => [r.agencyId, r]));
  const agencies: RollupAgency[] = subtree.map((agency) => {
    const report = reportsBy.get(agency.id) ?? null;
    const tables = countReport({
      format,
      year,
      applications: byAgency.get(agency.id) ?? [],
      litigation: casesBy.get(agency.id) ?? [],
      article20: report?.article20 ?? {},
      catalogue: catalogueBy.get(agency.id) ?? null,
    });
    // Without a report row the agency has the default template, whose figures are placeholders
    // filled from tables that hold R1–R4 by construction: nothing to check (and 10,000 agencies
    // stay fast). With a row, the clerk's narrative and Article 20 figures are checked.
    const errors = report
      ? blockingFindings(
          checkDocument({
            version: 1,
            agencyId: agency.id,
            agencyName: agency.name,
            year,
            format: reportFormat(year, report),
            tables,
            narrative: renderNarrative(report.narrative, tables, { year, agencyName: agency.name }),
            signedOn: '',
          }),
        )
      : [];
    const unexplained = unexplainedErrors(errors, explained.get(agency.id) ?? new Set<string>());
    return { agency, tables, report, errors, unexplained, missing: !report?.published };
  });
  return {
    year,
    format,
    total: sumTables(
      format,
      agencies.map((a) => a.tables),
    ),
    agencies,
  };
}

export function assertYear(raw: string): number {
  const year = /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(year) || year < 2008 || year > 2100)
    throw new AppError('not_found', '没有找到该年度的报告。');
  return year;
}
