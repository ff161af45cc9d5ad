import type { Executor } from '../db/database.ts';

/** Article 20 (一) figures the catalogue produces for the annual report of some agencies in a year. */
export interface CatalogueFigures {
  /** 2021 format: 本年制发件数 / 本年废止件数 / 现行有效件数 */
  readonly regulations: { readonly made: number; readonly repealed: number; readonly valid: number };
  readonly normativeDocs: { readonly made: number; readonly repealed: number; readonly valid: number };
  /** 2019 format: 本年新制作数量 / 本年新公开数量 / 对外公开总数量 */
  readonly regulations2019: {
    readonly newMade: number;
    readonly newPublished: number;
    readonly totalPublished: number;
  };
  readonly normativeDocs2019: {
    readonly newMade: number;
    readonly newPublished: number;
    readonly totalPublished: number;
  };
}

/**
 * The figures counted from the catalogue for the given agencies (one agency, or a subtree for a
 * roll-up) and year; null while the catalogue holds no items for them (the report then uses the
 * figures entered by hand).
 */
export async function catalogueFigures(
  _db: Executor,
  _agencyIds: readonly number[],
  _year: number,
): Promise<CatalogueFigures | null> {
  return null;
}
