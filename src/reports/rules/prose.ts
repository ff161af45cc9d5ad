import type { ReportTables } from '../format/tables.ts';
import { type Finding, finding } from './findings.ts';
import { compactProse, narrativeFigures, tableQuantity, widerThanReport } from './narrative.ts';

/**
 * PROSE: sentences of the report that contradict each other or the report itself.
 * - "所有申请均已办结" while the report carries applications over to next year (in the table's
 *   四、结转下年度继续办理, or in another sentence): a carried-over application is, by definition, not
 *   finished this year.
 * - A sentence that states this year's work under another year ("2023年，共收到申请34件" in the 2024
 *   report) — a copied paragraph. Comparisons (较2023年, 同比, 上年) and periods (截至) are not this.
 * Warnings: prose can be read two ways; the clerk decides.
 */

const ALL_DONE =
  /(?:所有|全部|各项|受理的)[^。；！]{0,24}?(?:均|都|全部)?(?:已|已经)?(?:在[^。；]{0,10}?内)?(?:按时|依法|按要求|如期)?(?:办结|办理完成|办理完毕|答复完毕|完成办理|全部办结)/;
const NONE_LEFT = /(?:无|没有)(?:结转|未办结|积压)/;

function sentenceOf(prose: string, index: number): string {
  const start = Math.max(prose.lastIndexOf('。', index), prose.lastIndexOf('；', index)) + 1;
  const ends = ['。', '；'].map((p) => prose.indexOf(p, index)).filter((i) => i >= 0);
  const end = ends.length > 0 ? Math.min(...ends) + 1 : prose.length;
  const s = prose.slice(start, end);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

function proseFinding(
  row: string,
  message: string,
  expected: number | string | null,
  actual: number | string | null,
) {
  return finding({
    rule: 'PROSE',
    severity: 'warning',
    table: 'narrative',
    row,
    column: null,
    expected,
    actual,
    message,
  });
}

/** "All done" against a carry-over: the table's row 四 or a stated figure. */
function allDoneButCarried(tables: ReportTables, prose: string, own: string | null): Finding[] {
  const m = ALL_DONE.exec(prose) ?? NONE_LEFT.exec(prose);
  if (!m) return [];
  const sentence = sentenceOf(prose, m.index);
  if (widerThanReport(sentence, own)) return [];
  const table = tableQuantity(tables, 'carryForward');
  const stated = narrativeFigures(prose, null, own).find((f) => f.quantity === 'carryForward' && f.value > 0);
  if ((table ?? 0) <= 0 && !stated) return [];
  const carried = stated?.value ?? table ?? 0;
  const where = stated ? `正文又写“${stated.quote}”` : `表三“四、结转下年度继续办理”总计为${table}件`;
  return [
    proseFinding(
      'allDoneVsCarried',
      `正文写“${sentence}”，但${where}：结转下年度继续办理的申请本年并未办结，两处说法矛盾。请改正其中一处（例如写明“除${carried}件结转下年度继续办理外，均已办结”）。`,
      0,
      carried,
    ),
  ];
}

const COMPARISON = /较|比|同比|环比|上一?年|去年|相比|增长|下降|减少|增加|截至|截止|以来|至今|起|期间|分别/;
const WORK_FIGURE =
  /(?:共?收到|新收|受理|办结|答复|主动公开|公开[^。；]{0,6}信息|发布[^。；]{0,6}信息)[^。；]{0,30}?\d+(?:\s*\d)*\s*(?:件|条|篇)/;

/** Sentences that state this year's work figures under another year. */
function otherYear(prose: string, year: number, own: string | null): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<number>();
  for (const m of prose.matchAll(/((?:19|20)\d\d)年度?/g)) {
    const stated = Number(m[1]);
    if (stated === year || seen.has(stated)) continue;
    const sentence = sentenceOf(prose, m.index ?? 0);
    if (COMPARISON.test(sentence) || !WORK_FIGURE.test(sentence) || widerThanReport(sentence, own)) continue;
    // The year must lead its clause ("2023年，我局共收到…"), not date a document or an event.
    const after = prose.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 2);
    if (/^\d|^[0-9]{1,2}月|^第/.test(after) || /^\d/.test(after)) continue;
    seen.add(stated);
    out.push(
      proseFinding(
        `otherYear-${stated}`,
        `正文写“${sentence}”，说的是${stated}年的数字，而这是${year}年度的报告。若是照搬了往年的段落，请改为${year}年的情况；若是有意对比，请写明“较${stated}年”。`,
        year,
        stated,
      ),
    );
  }
  return out;
}

/** Contradictions inside the prose (PROSE findings). */
export function checkProse(
  tables: ReportTables,
  narrative: string,
  year: number | null,
  own: string | null = null,
): Finding[] {
  const prose = compactProse(narrative);
  return [...allDoneButCarried(tables, prose, own), ...(year === null ? [] : otherYear(prose, year, own))];
}
