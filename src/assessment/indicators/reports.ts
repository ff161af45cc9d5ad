/**
 * 年度报告 (docs/domain/assessment.md#reports): R01 judges every report falling due; R02–R08 judge the
 * reports published in the period, report by report.
 */
import type { IsoDate } from '../../calendar/dates.ts';
import { FORMATS } from '../../reports/format/formats.ts';
import type { ReportTables } from '../../reports/format/tables.ts';
import { APPLICANT_COLUMN_KEYS } from '../../reports/format/types.ts';
import type { Finding } from '../../reports/rules/findings.ts';
import { type AnnualReportRecord, inPeriod, isMissing } from '../input.ts';
import { percent, textSimilarity } from '../similarity.ts';
import {
  type Ctx,
  cn,
  firstMissing,
  isNa,
  known,
  na,
  type Outcome,
  type Runs,
  reportPartRef,
  reportRef,
  reports,
  scan,
  type Tally,
  type Unassessable,
} from './kit.ts';

/** R07: key of the section 五、存在的主要问题及改进情况 in `AnnualReportRecord.sections`. */
export const PROBLEMS_SECTION = '五';
/** R07: a 问题及改进 section shorter than this is boilerplate (DERIVED). */
export const MIN_PROBLEMS_SECTION_CHARS = 100;

type Sections = Readonly<Record<string, string>>;

/** `judge` over the reports published in the period (by the check point); none → 无法评估. */
function eachPublishedReport(
  ctx: Ctx,
  judge: (r: AnnualReportRecord, t: Tally) => void,
): Outcome | Unassessable {
  const list = reports(ctx);
  if (isNa(list)) return list;
  const published = list.filter(
    (r) => inPeriod(r.publishedOn, ctx.from, ctx.to) && (r.publishedOn as IsoDate) <= ctx.cp,
  );
  if (published.length === 0) return na('评估期内没有发布年度报告（是否按时发布见R01）。');
  return scan(published, judge);
}

/** The outcome, or 无法评估 with `reason` when no report was judged. */
function orNa(out: Outcome | Unassessable, reason: string): Outcome | Unassessable {
  return isNa(out) || out.checked > 0 ? out : na(reason);
}

function normalizeHeading(s: string): string {
  return s.replace(/\s+/g, '');
}

/** Key of a table cell for `explainedCells`: `applications:granted:total`, `review:3`, `proactive:fees.amountWanYuan`. */
export function cellKey(
  table: 'applications' | 'review' | 'proactive',
  row: string,
  column?: string,
): string {
  return column === undefined ? `${table}:${row}` : `${table}:${row}:${column}`;
}

const REVIEW_LABELS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] as const;
const REVIEW_GROUPS = ['行政复议', '未经复议直接起诉', '复议后起诉'] as const;

export interface TableDifference {
  readonly key: string;
  readonly label: string;
  readonly published: unknown;
  readonly recounted: unknown;
}

/** Cells where the published tables differ from the recount. */
export function tableDifferences(published: ReportTables, recounted: ReportTables): TableDifference[] {
  const out: TableDifference[] = [];
  const rows = new Set([...Object.keys(published.applications), ...Object.keys(recounted.applications)]);
  for (const row of rows) {
    const a = published.applications[row as keyof ReportTables['applications']];
    const b = recounted.applications[row as keyof ReportTables['applications']];
    APPLICANT_COLUMN_KEYS.forEach((col, idx) => {
      const x = a?.[idx] ?? null;
      const y = b?.[idx] ?? null;
      if ((x ?? 0) !== (y ?? 0)) {
        const key = cellKey('applications', row, col);
        out.push({ key, label: `表三 ${row} ${col}`, published: x, recounted: y });
      }
    });
  }
  for (let i = 0; i < Math.max(published.review.length, recounted.review.length); i++) {
    const x = published.review[i] ?? null;
    const y = recounted.review[i] ?? null;
    if ((x ?? 0) !== (y ?? 0)) {
      const label = `表四 ${REVIEW_GROUPS[Math.floor(i / 5)] ?? ''} ${REVIEW_LABELS[i % 5] ?? ''}`;
      out.push({ key: cellKey('review', String(i)), label, published: x, recounted: y });
    }
  }
  const keys = new Set([...Object.keys(published.proactive), ...Object.keys(recounted.proactive)]);
  for (const k of keys) {
    const x = published.proactive[k] ?? null;
    const y = recounted.proactive[k] ?? null;
    const text = typeof x === 'string' || typeof y === 'string';
    if (text ? (x ?? '') !== (y ?? '') : (x ?? 0) !== (y ?? 0))
      out.push({ key: cellKey('proactive', k), label: `表二 ${k}`, published: x, recounted: y });
  }
  return out;
}

/** Section-by-section similarity of a report to the previous year's, 0…1. */
export function sectionSimilarities(
  current: Sections,
  previous: Sections,
): { key: string; similarity: number }[] {
  return Object.keys(current)
    .filter((k) => previous[k] !== undefined && (current[k] ?? '').trim() !== '')
    .map((k) => ({ key: k, similarity: textSimilarity(current[k] ?? '', previous[k] ?? '') }));
}

/** How each row of the area is judged (its definition: `definitions.ts`). */
export const REPORT_RUNS = {
  /** 年度报告按时发布 */
  R01(ctx) {
    const out = scan(reports(ctx), (r, t) => {
      const late = t.late(ctx, r.publishedOn, r.dueOn);
      if (late === null) return;
      const when = late.done === null ? `至${cn(ctx.cp)}仍未发布` : `${cn(late.done)}才发布`;
      t.fail(reportRef(r), `应于${cn(r.dueOn)}前发布，${when}。`, false);
    });
    return orNa(out, '评估期内没有到期或发布的年度报告。');
  },
  /** 一份规范文本，修改留痕 */
  R02(ctx) {
    const out = eachPublishedReport(ctx, (r, t) => {
      if (!known(r.copies) && !known(r.silentEdits)) return;
      t.checked++;
      if (known(r.copies) && r.copies > 1) t.fail(reportRef(r), `发现${r.copies}个内容不一致的版本。`);
      if (known(r.silentEdits) && r.silentEdits > 0)
        t.fail(reportRef(r), `发布后有${r.silentEdits}处修改未公开修订说明。`);
    });
    return orNa(out, '尚未检查年度报告的版本和修改记录。');
  },
  /** 使用当年的全国统一格式 */
  R03: (ctx) =>
    eachPublishedReport(ctx, (r, t) => {
      if (r.formatUsed === null) return t.skip(reportRef(r), '未记录年报所用格式。');
      const expected = FORMATS[r.formatExpected];
      const p: string[] = [];
      if (r.formatUsed !== r.formatExpected)
        p.push(`应使用${expected.issuedBy}格式，实际使用${FORMATS[r.formatUsed].issuedBy}格式`);
      if (r.sectionHeadings) {
        const have = new Set(r.sectionHeadings.map(normalizeHeading));
        const lack = expected.sections.filter((s) => !have.has(normalizeHeading(s)));
        if (lack.length > 0) p.push(`缺少“${lack.join('”“')}”部分`);
      }
      const layout = isMissing(r.findings)
        ? []
        : (r.findings as readonly Finding[]).filter((f) => f.rule === 'LAYOUT' && f.severity === 'error');
      if (layout.length > 0) p.push(`表格版式不符：${layout[0]?.message ?? ''}`);
      t.judge(reportRef, r, p);
    }),
  /** 年报数据勾稽无误 */
  R04: (ctx) =>
    eachPublishedReport(ctx, (r, t) => {
      const missing = firstMissing([[r.findings, '尚未用检查器检查该年报。']]);
      if (missing !== null) return t.skip(reportRef(r), missing);
      t.checked++;
      for (const f of r.findings as readonly Finding[]) {
        if (f.severity !== 'error' || f.rule === 'LAYOUT') continue;
        const where = [f.table, f.row, f.column].filter((x) => x !== null).join(' / ');
        t.fail(reportPartRef('report-cell', r, f.id, where), `${f.rule}：${f.message}`);
      }
    }),
  /** 年报数据与台账一致 */
  R05: (ctx) =>
    eachPublishedReport(ctx, (r, t) => {
      const missing = firstMissing([
        [r.tables, '未提供已公布的年报表格。'],
        [r.recountedTables, '未能按台账重新统计年报表格。'],
      ]);
      if (missing !== null) return t.skip(reportRef(r), missing);
      t.checked++;
      const explained = new Set(r.explainedCells ?? []);
      for (const d of tableDifferences(r.tables as ReportTables, r.recountedTables as ReportTables)) {
        if (explained.has(d.key)) continue;
        t.fail(
          reportPartRef('report-cell', r, d.key, d.label),
          `公布为${d.published ?? '空'}，按台账统计为${d.recounted ?? '空'}，差异没有说明。`,
        );
      }
    }),
  /** 年报不雷同 */
  R06(ctx) {
    const metrics: Record<string, number> = {};
    const threshold = ctx.opts.similarityThreshold;
    const out = eachPublishedReport(ctx, (r, t) => {
      const missing = firstMissing([
        [r.sections, '未提供年报正文。'],
        [r.previousSections, '未提供上一年度年报正文。'],
      ]);
      if (missing !== null) return t.skip(reportRef(r), missing);
      for (const s of sectionSimilarities(r.sections as Sections, r.previousSections as Sections)) {
        t.checked++;
        metrics[`similarity.${r.year}.${s.key}`] = percent(s.similarity);
        if (s.similarity > threshold) {
          t.fail(
            reportPartRef('report', r, s.key, `第${s.key}部分`),
            `与上一年度报告相似度${percent(s.similarity)}%，超过${percent(threshold)}%。`,
            false,
          );
        }
      }
    });
    if (isNa(out)) return out;
    if (out.checked === 0 && (out.skipped ?? []).length === 0)
      return na('年报正文与上一年度没有可比较的部分。');
    return { ...out, metrics };
  },
  /** 问题及改进情况具体 */
  R07: (ctx) =>
    eachPublishedReport(ctx, (r, t) => {
      const missing = firstMissing([[r.sections, '未提供年报正文。']]);
      if (missing !== null) return t.skip(reportRef(r), missing);
      const text = (r.sections as Sections)[PROBLEMS_SECTION] ?? '';
      const ref = reportPartRef('report', r, PROBLEMS_SECTION, '第五部分');
      const length = Array.from(text.replace(/\s+/g, '')).length;
      t.checked++;
      if (length < MIN_PROBLEMS_SECTION_CHARS)
        t.fail(ref, `只有${length}字，不足${MIN_PROBLEMS_SECTION_CHARS}字。`, false);
      t.checked++;
      if (!/上年|上一年|去年|上年度/.test(text) && !text.includes(`${r.year - 1}年`))
        t.fail(ref, '没有回应上一年度的问题和改进措施。', false);
      const prev = isMissing(r.previousSections)
        ? undefined
        : (r.previousSections as Sections)[PROBLEMS_SECTION];
      if (prev === undefined) return;
      t.checked++;
      const s = textSimilarity(text, prev);
      if (s > ctx.opts.similarityThreshold) t.fail(ref, `与上一年度第五部分相似度${percent(s)}%。`, false);
    }),
  /** 图解版本 */
  R08(ctx) {
    const out = eachPublishedReport(ctx, (r, t) => {
      if (!known(r.hasGraphic)) return;
      t.checked++;
      if (r.hasGraphic === false) t.fail(reportRef(r), '没有图解版本。', false);
    });
    return orNa(out, '未记录年报是否配有图解。');
  },
} satisfies Runs;
