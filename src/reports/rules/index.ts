import type { ReportTables } from '../format/tables.ts';
import type { FormatId } from '../format/types.ts';
import { checkSums } from './arithmetic.ts';
import {
  checkCarryOver,
  checkCopiedFromParent,
  checkFeeMention,
  checkKinds,
  checkLayout,
  checkValidDocuments,
} from './cross.ts';
import type { Finding } from './findings.ts';
import { sortFindings } from './findings.ts';
import { checkHints } from './hints.ts';
import { checkNarrative, ownScope } from './narrative.ts';
import { checkProse } from './prose.ts';
import { checkStructure } from './structure.ts';
import type { CellId } from './sums.ts';

export { checkSums } from './arithmetic.ts';
export * from './cross.ts';
export * from './findings.ts';
export { checkHints } from './hints.ts';
export {
  checkNarrative,
  type NarrativeQuantity,
  narrativeFigures,
  ownScope,
  tableQuantity,
  widerThanReport,
} from './narrative.ts';
export { checkProse } from './prose.ts';
export { checkStructure, findHeadings } from './structure.ts';
export { type CellId, cellId, findCulprits, sumConstraints } from './sums.ts';

export interface RuleInput {
  readonly format: FormatId;
  /** Data year of the report (not the publication year); null when unknown. */
  readonly year: number | null;
  readonly tables: ReportTables;
  /** The report's prose (everything outside the tables). */
  readonly narrative?: string;
  /** The whole text as read (its lines are the file's lines): the outline and the wording hints. */
  readonly text?: string;
  /** The same body's report for year − 1 (X1, X2). */
  readonly previousYear?: ReportTables;
  /** The parent government's report for the same year (COPY). */
  readonly parent?: ReportTables;
  /** Cells the reader could not read: they take part in no rule. */
  readonly unknownCells?: ReadonlySet<CellId>;
  /** The reporting body (a people's government's 全区/全市 sentences are its own scope). */
  readonly agency?: string | null;
}

/**
 * Runs every rule over one report's tables. Pure: same input, same findings (same ids).
 *
 * @example
 * runRules({ format: '2021', year: 2021, tables }).filter((f) => f.severity === 'error')
 */
export function runRules(input: RuleInput): Finding[] {
  const unknown = input.unknownCells ?? new Set<CellId>();
  const findings: Finding[] = [
    ...checkLayout(input.format, input.year, input.tables),
    ...checkKinds(input.format, input.tables),
    ...checkSums(input.tables, unknown),
  ];
  if (input.narrative !== undefined) {
    const own = ownScope(input.agency);
    findings.push(...checkNarrative(input.tables, input.narrative, unknown, input.year, own));
    findings.push(...checkFeeMention(input.tables, input.narrative));
    findings.push(...checkProse(input.tables, input.narrative, input.year, own));
  }
  if (input.text !== undefined) {
    findings.push(...checkStructure(input.text));
    findings.push(...checkHints(input.text));
  }
  if (input.previousYear) {
    findings.push(...checkCarryOver(input.tables, input.previousYear));
    findings.push(...checkValidDocuments(input.tables, input.previousYear));
  }
  if (input.parent) findings.push(...checkCopiedFromParent(input.tables, input.parent));
  return sortFindings(findings);
}
