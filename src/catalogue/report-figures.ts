import type { Executor } from '../db/database.ts';
import type { CatalogueCounts } from '../reports/count/count.ts';
import { type Validity, validityOn } from './catalogue.rules.ts';

/**
 * Article 20 (一) figures the catalogue produces for the annual report of some agencies in a year:
 * the report's own shape (2021 format: 本年制发件数 / 本年废止件数 / 现行有效件数; 2019 format:
 * 本年新制作数量 / 本年新公开数量 / 对外公开总数量).
 */
export type CatalogueFigures = CatalogueCounts;

interface Doc {
  readonly writtenOn: string | null;
  readonly publishedOn: string;
  readonly validity: Validity | null;
  readonly validityOn: string | null;
}

/**
 * Counting rules (pure, so the report engineer and the tests share them). A document is 制发/制作 in
 * the year of its 成文日期 (the 发布日期 when that is missing); 废止 in the year its 失效 or 废止 date
 * falls (both end its validity); 现行有效 when made by the year's end and not marked 失效/废止 on 31 December
 * (a document lacking its validity mark counts as valid: the mark is missing, not the validity).
 * 2019: 新公开 = published in the year; 对外公开总数 = published by the year's end.
 */
export function countFigures(docs: readonly Doc[], year: number) {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const inYear = (d: string | null) => d !== null && d >= start && d <= end;
  const made = (d: Doc) => d.writtenOn ?? d.publishedOn;
  return {
    made: docs.filter((d) => inYear(made(d))).length,
    repealed: docs.filter((d) => d.validity !== 'valid' && d.validity !== null && inYear(d.validityOn))
      .length,
    valid: docs.filter((d) => {
      const v = validityOn(d, end);
      return made(d) <= end && d.publishedOn <= end && v !== 'repealed' && v !== 'expired';
    }).length,
    newMade: docs.filter((d) => inYear(made(d))).length,
    newPublished: docs.filter((d) => inYear(d.publishedOn)).length,
    totalPublished: docs.filter((d) => d.publishedOn <= end).length,
  };
}

interface DocRow {
  readonly doc_type: string;
  readonly written_on: string | null;
  readonly published_on: string | null;
  readonly validity: string | null;
  readonly validity_on: string | null;
}

function figuresOf(rows: readonly DocRow[], year: number): CatalogueFigures {
  const docs = (t: string): Doc[] =>
    rows
      .filter((r) => r.doc_type === t && r.published_on !== null)
      .map((r) => ({
        writtenOn: r.written_on,
        publishedOn: r.published_on as string,
        validity: r.validity as Validity | null,
        validityOn: r.validity_on,
      }));
  const rules = countFigures(docs('rule'), year);
  const normative = countFigures(docs('normative'), year);
  return {
    regulations: { made: rules.made, repealed: rules.repealed, valid: rules.valid },
    normativeDocs: { made: normative.made, repealed: normative.repealed, valid: normative.valid },
    regulations2019: {
      newMade: rules.newMade,
      newPublished: rules.newPublished,
      totalPublished: rules.totalPublished,
    },
    normativeDocs2019: {
      newMade: normative.newMade,
      newPublished: normative.newPublished,
      totalPublished: normative.totalPublished,
    },
  };
}

/**
 * The figures counted from the catalogue for the given agencies (one agency, or a subtree for a
 * roll-up) and year; null while the catalogue holds no items for them (the report then uses the
 * figures entered by hand). Only published items count (withdrawn ones were never validly public).
 */
export async function catalogueFigures(
  db: Executor,
  agencyIds: readonly number[],
  year: number,
): Promise<CatalogueFigures | null> {
  if (agencyIds.length === 0) return null;
  const any = await db
    .selectFrom('catalogue_items')
    .select('id')
    .where('agency_id', 'in', agencyIds)
    .limit(1)
    .executeTakeFirst();
  if (!any) return null;
  const rows = await db
    .selectFrom('catalogue_items')
    .select(['doc_type', 'written_on', 'published_on', 'validity', 'validity_on'])
    .where('agency_id', 'in', agencyIds)
    .where('status', '=', 'published')
    .where('doc_type', 'in', ['rule', 'normative'])
    .execute();
  return figuresOf(rows, year);
}

/**
 * For every agency of a subtree (its materialised path) whose catalogue holds items, exactly the figures
 * `catalogueFigures` gives for that agency alone — in two queries whatever the number of agencies (a
 * roll-up of a province). Agencies whose catalogue is empty are absent (their reports use hand-entered
 * figures).
 */
export async function catalogueFiguresByAgency(
  db: Executor,
  subtreePath: string,
  year: number,
): Promise<Map<number, CatalogueFigures>> {
  const inSubtree = db.selectFrom('agencies').select('id').where('path', 'like', `${subtreePath}%`);
  const [withItems, rows] = await Promise.all([
    db
      .selectFrom('catalogue_items')
      .select('agency_id')
      .distinct()
      .where('agency_id', 'in', inSubtree)
      .execute(),
    db
      .selectFrom('catalogue_items')
      .select(['agency_id', 'doc_type', 'written_on', 'published_on', 'validity', 'validity_on'])
      .where('agency_id', 'in', inSubtree)
      .where('status', '=', 'published')
      .where('doc_type', 'in', ['rule', 'normative'])
      .execute(),
  ]);
  const byAgency = new Map<number, DocRow[]>();
  for (const r of rows) {
    const id = Number(r.agency_id);
    const list = byAgency.get(id);
    if (list) list.push(r);
    else byAgency.set(id, [r]);
  }
  return new Map(
    withItems.map((r) => [Number(r.agency_id), figuresOf(byAgency.get(Number(r.agency_id)) ?? [], year)]),
  );
}
