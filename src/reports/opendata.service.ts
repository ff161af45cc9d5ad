import { agenciesFingerprint, findAgencyByIdOrCode } from '../agencies/agency.repository.ts';
import type { Agency } from '../agencies/agency.rules.ts';
import type { Executor } from '../db/database.ts';
import { AppError, notFound } from '../shared/http/errors.ts';
import { paths } from '../shared/paths.ts';
import {
  CSV_BOM,
  csvHeader,
  csvLine,
  OPEN_DATA_COLUMNS,
  OPEN_DATA_VERSION,
  type OpenDataValue,
  openDataEtag,
  openDataJsonObject,
  openDataRow,
} from './opendata.rules.ts';
import type { ReportDocument } from './report.model.ts';
import { type PublishedSelection, publishedFingerprint, publishedReportPage } from './report.repository.ts';

/** Open data of published reports (issue 15): the selection from the query, the ETag, the rows as a stream. */

/** Rows read per query while streaming (memory holds one page at a time). */
export const OPEN_DATA_PAGE = 200;

export interface OpenDataQuery {
  readonly selection: PublishedSelection;
  readonly agency: Agency | null;
  readonly subtree: boolean;
}

/** Reads `?agency=ID|CODE&subtree=1&year=YYYY`; a bad value is a 400/404 with a Chinese message. */
export async function openDataQuery(db: Executor, query: Record<string, unknown>): Promise<OpenDataQuery> {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const agencyKey = text(query.agency);
  const subtree = ['1', 'true', 'yes'].includes(text(query.subtree));
  const yearText = text(query.year);
  let year: number | undefined;
  if (yearText) {
    if (!/^\d{4}$/.test(yearText)) throw new AppError('bad_request', '年度应为四位数字，例如 2024。');
    year = Number(yearText);
  }
  if (!agencyKey) {
    if (subtree) throw new AppError('bad_request', '选择“含下级机构”时，请同时给出机构代码（agency）。');
    return { selection: { year }, agency: null, subtree: false };
  }
  const agency = await findAgencyByIdOrCode(db, agencyKey.slice(0, 30));
  if (!agency) throw notFound('机构');
  return {
    selection: subtree ? { subtreePath: agency.path, year } : { agencyId: agency.id, year },
    agency,
    subtree,
  };
}

/** The ETag of the file a query gives (changes with any publication, withdrawal or agency change). */
export async function openDataTag(
  db: Executor,
  q: OpenDataQuery,
  kind: 'csv' | 'json',
  baseUrl: string,
): Promise<string> {
  const [reports, agencies] = await Promise.all([
    publishedFingerprint(db, q.selection),
    agenciesFingerprint(db),
  ]);
  return openDataEtag([
    kind,
    baseUrl,
    q.selection.agencyId ?? null,
    q.selection.subtreePath ?? null,
    q.selection.year ?? null,
    reports.count,
    reports.latest,
    reports.idSum,
    agencies.count,
    agencies.latest,
  ]);
}

/** Every published agency-year of the selection as open-data values, one database page at a time (in order of publication records). */
export async function* openDataRows(
  db: Executor,
  selection: PublishedSelection,
  baseUrl: string,
  pageSize = OPEN_DATA_PAGE,
): AsyncGenerator<OpenDataValue[][]> {
  const base = baseUrl.replace(/\/+$/, '');
  let after: number | null = null;
  for (;;) {
    const page = await publishedReportPage(db, selection, after, pageSize);
    if (page.length === 0) return;
    yield page.map((r) =>
      openDataRow({
        agencyId: r.agencyId,
        agencyCode: r.agencyCreditCode ?? r.agencyOrgCode,
        agencyName: r.agencyName,
        agencyLevel: r.agencyLevel,
        parentId: r.parentId,
        parentCode: r.parentCreditCode ?? r.parentOrgCode,
        parentName: r.parentName,
        publishedAt: r.publishedAt,
        url: base + paths.reports.published({ agencyId: r.agencyId, year: r.year }),
        doc: JSON.parse(r.publishedJson) as ReportDocument,
      }),
    );
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) return;
    after = last.id;
  }
}

/** The CSV file: UTF-8 with BOM, a header line of column keys, one line per agency-year. */
export async function* openDataCsv(db: Executor, selection: PublishedSelection, baseUrl: string) {
  yield CSV_BOM + csvHeader();
  for await (const rows of openDataRows(db, selection, baseUrl)) yield rows.map(csvLine).join('');
}

/** The JSON file: `{ columns: [...], rows: [{ key: value }] }`, written as it is read. */
export async function* openDataJson(db: Executor, selection: PublishedSelection, baseUrl: string) {
  yield `{"version":${OPEN_DATA_VERSION},"columns":${JSON.stringify(OPEN_DATA_COLUMNS)},\n"rows":[`;
  let first = true;
  for await (const rows of openDataRows(db, selection, baseUrl)) {
    const text = rows.map(openDataJsonObject).join(',\n');
    yield first ? `\n${text}` : `,\n${text}`;
    first = false;
  }
  yield '\n]}\n';
}
