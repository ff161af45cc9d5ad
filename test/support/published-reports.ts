import assert from 'node:assert/strict';
import type { Agency } from '../../src/agencies/agency.rules.ts';
import type { Db } from '../../src/db/database.ts';
import type { Cell } from '../../src/reports/format/tables.ts';
import type { ReportDocument } from '../../src/reports/report.model.ts';
import {
  findAnnualReport,
  insertAnnualReport,
  listPublishedReports,
  updateAnnualReport,
} from '../../src/reports/report.repository.ts';
import { yearSeries } from '../../src/reports/trends.rules.ts';

/**
 * Seeds published reports for tests through the report repository: a copy of the demo's published 2020
 * report of 欣园街道 for another agency or year, with table-3 totals scaled by `factor` (so years differ).
 */
export async function seedPublishedReport(
  db: Db,
  template: ReportDocument,
  agency: Agency,
  year: number,
  options: { factor?: number; publish?: boolean; charts?: boolean } = {},
): Promise<ReportDocument> {
  const factor = options.factor ?? 1;
  const scale = (row: readonly Cell[]) => row.map((v) => (v === null ? null : Math.round(v * factor)));
  const applications: Record<string, Cell[]> = {};
  for (const [k, row] of Object.entries(template.tables.applications)) applications[k] = scale(row ?? []);
  const base: ReportDocument = {
    ...template,
    agencyId: agency.id,
    agencyName: agency.name,
    year,
    tables: { ...template.tables, applications, review: scale(template.tables.review) },
    signedOn: `${year + 1}-01-20`,
  };
  // 附图 as buildDocument makes it: the earlier published years and this one.
  const earlier = (await listPublishedReports(db, agency.id)).flatMap((r) =>
    r.published && r.year < year ? [r.published] : [],
  );
  const doc: ReportDocument = options.charts ? { ...base, trend: yearSeries([...earlier, base]) } : base;
  const now = `${year + 1}-01-20T02:00:00.000Z`;
  const existing = await findAnnualReport(db, agency.id, year);
  assert.equal(existing, null, `no report yet for ${agency.name} ${year}`);
  const draft = await insertAnnualReport(
    db,
    {
      agencyId: agency.id,
      year,
      narrative: { overview: '', problems: '', other: '' },
      article20: {} as never,
    },
    now,
    null,
  );
  if (options.publish === false) return doc;
  await updateAnnualReport(db, draft, { status: 'published', publishedAt: now, published: doc }, now, null);
  return doc;
}
