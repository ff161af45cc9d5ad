import { FORMATS, formatForYear } from '../format/formats.ts';
import type { ReportTables } from '../format/tables.ts';
import { applicationsLayout } from '../format/tables.ts';
import type { FormatId } from '../format/types.ts';
import { APPLICANT_COLUMN_KEYS } from '../format/types.ts';
import { type Finding, finding } from './findings.ts';
import { columnName } from './labels.ts';

/** Cross-year (X1–X3), layout, cell-kind (R5) and parent-copy rules. */

/** X1: 二、上年结转 (year N) must equal 四、结转下年度继续办理 (year N−1), per column. */
export function checkCarryOver(tables: ReportTables, previous: ReportTables): Finding[] {
  const now = tables.applications.carriedOver;
  const before = previous.applications.carryForward;
  if (!now || !before) return [];
  const out: Finding[] = [];
  now.forEach((v, i) => {
    const p = before[i] ?? null;
    if (v === null && p === null) return;
    if ((v ?? 0) === (p ?? 0)) return;
    const column = APPLICANT_COLUMN_KEYS[i] ?? String(i);
    out.push(
      finding({
        rule: 'X1',
        severity: 'warning',
        table: 'applications',
        row: 'carriedOver',
        column,
        expected: p ?? 0,
        actual: v,
        message: `二、上年结转“${columnName(column)}”为${v ?? '空白'}，但上一年度报告的四、结转下年度继续办理为${p ?? 0}。两者通常应相等，请核对或在报告中说明原因。`,
      }),
    );
  });
  return out;
}

/** X2 (2021 table 2): 现行有效件数(N) ≈ 现行有效件数(N−1) + 本年制发件数 − 本年废止件数. */
export function checkValidDocuments(tables: ReportTables, previous: ReportTables): Finding[] {
  const out: Finding[] = [];
  for (const [key, name] of [
    ['regulations', '规章'],
    ['normativeDocs', '行政规范性文件'],
  ] as const) {
    const valid = tables.proactive[`${key}.valid`];
    const made = tables.proactive[`${key}.made`];
    const repealed = tables.proactive[`${key}.repealed`];
    const before = previous.proactive[`${key}.valid`];
    if (typeof valid !== 'number' || typeof made !== 'number' || typeof repealed !== 'number') continue;
    if (typeof before !== 'number') continue;
    const expected = before + made - repealed;
    if (expected === valid) continue;
    out.push(
      finding({
        rule: 'X2',
        severity: 'warning',
        table: 'proactive',
        row: key,
        column: `${key}.valid`,
        expected,
        actual: valid,
        message: `${name}现行有效件数为${valid}，按上年${before}加本年制发${made}减本年废止${repealed}应为${expected}。如有修改、重新认定等原因，请在报告中说明；否则请核对。`,
      }),
    );
  }
  return out;
}

/** X3: applications dropped for unpaid fees, but the report never mentions 信息处理费. */
export function checkFeeMention(tables: ReportTables, narrative: string): Finding[] {
  const overdue = tables.applications['other.overdueFee'];
  const n = overdue ? (overdue[6] ?? overdue.slice(0, 6).reduce<number>((s, v) => s + (v ?? 0), 0)) : 0;
  if (n <= 0 || /信息处理费|处理费/.test(narrative)) return [];
  return [
    finding({
      rule: 'X3',
      severity: 'warning',
      table: 'applications',
      row: 'other.overdueFee',
      column: 'total',
      expected: null,
      actual: n,
      message: `表中有${n}件申请因逾期未缴纳费用不再处理，但报告正文没有说明收取信息处理费的情况。请在“六、其他需要报告的事项”中写明发出收费通知的件数和金额、实际收取的金额。`,
    }),
  ];
}

/** LAYOUT: what to write when the applications table has the other format's rows, by the format the year needs. */
const APPLICATIONS_LAYOUT_ADVICE: Readonly<Record<FormatId, (year: number) => string>> = {
  '2021': (year) =>
    `${year}年度报告应使用2021年格式（国办公开办函〔2021〕30号），但“（六）其他处理”只有一行，是2019年旧格式。请改为“1.申请人无正当理由逾期不补正……”“2.申请人逾期未按收费通知要求缴纳费用……”“3.其他”三行。`,
  '2019': (year) =>
    `${year}年度报告应使用2019年格式（（六）其他处理为一行），但表中使用了2021年格式的三行。请确认报告年度。`,
};

/** LAYOUT: the table layout does not match the report year. */
export function checkLayout(format: FormatId, year: number | null, tables: ReportTables): Finding[] {
  const out: Finding[] = [];
  const layout = applicationsLayout(tables);
  if (year !== null) {
    const expected = formatForYear(year).id;
    if (layout !== expected) {
      out.push(
        finding({
          rule: 'LAYOUT',
          severity: 'warning',
          table: 'applications',
          row: 'other',
          column: null,
          expected,
          actual: layout,
          message: APPLICATIONS_LAYOUT_ADVICE[expected](year),
        }),
      );
    }
    if (format !== expected) {
      out.push(
        finding({
          rule: 'LAYOUT',
          severity: 'warning',
          table: 'proactive',
          row: null,
          column: null,
          expected,
          actual: format,
          message: `${year}年度报告应使用${FORMATS[expected].name}（${FORMATS[expected].issuedBy}），但主动公开情况表用的是${FORMATS[format].name}的栏目。请按${expected}年格式重新填写。`,
        }),
      );
    }
  }
  return out;
}

/** R5: every cell holds a value of its kind (non-negative integers, signed 本年增/减, 万元 decimals). */
export function checkKinds(format: FormatId, tables: ReportTables): Finding[] {
  const out: Finding[] = [];
  const bad = (
    table: 'applications' | 'review' | 'proactive',
    row: string | null,
    column: string,
    v: unknown,
    what: string,
  ) =>
    out.push(
      finding({
        rule: 'R5',
        severity: 'error',
        table,
        row,
        column,
        expected: null,
        actual: typeof v === 'number' || typeof v === 'string' ? v : null,
        message: `${row ? `${row}·` : ''}${columnName(column)}为${String(v)}，${what}。请更正。`,
      }),
    );
  for (const [row, cells] of Object.entries(tables.applications)) {
    cells?.forEach((v, i) => {
      if (v !== null && (!Number.isInteger(v) || v < 0))
        bad('applications', row, APPLICANT_COLUMN_KEYS[i] ?? String(i), v, '申请件数只能是0或正整数');
    });
  }
  tables.review.forEach((v, i) => {
    if (v !== null && (!Number.isInteger(v) || v < 0))
      bad('review', null, String(i), v, '案件数只能是0或正整数');
  });
  for (const block of FORMATS[format].tables.proactive.blocks) {
    for (const row of block.rows) {
      for (const cell of row.cells) {
        const v = tables.proactive[cell.key];
        if (v === null || v === undefined) continue;
        if (cell.kind === 'count' && (typeof v !== 'number' || !Number.isInteger(v) || v < 0))
          bad('proactive', null, cell.key, v, '只能填0或正整数');
        if (cell.kind === 'signedCount' && (typeof v !== 'number' || !Number.isInteger(v)))
          bad('proactive', null, cell.key, v, '只能填整数（减少时写负数）');
        if (cell.kind === 'decimalWanYuan' && (typeof v !== 'number' || v < 0))
          bad('proactive', null, cell.key, v, '应填以万元为单位的金额（0或正数，可有小数）');
      }
    }
  }
  return out;
}

/** COPY: a department's figures equal its parent government's (copied instead of its own). */
export function checkCopiedFromParent(tables: ReportTables, parent: ReportTables): Finding[] {
  const out: Finding[] = [];
  const same = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
    a.length === b.length && a.every((v, i) => (v ?? 0) === (b[i] ?? 0));
  const nonZero = (a: readonly (number | null)[]) => a.some((v) => (v ?? 0) !== 0);
  if (nonZero(tables.review) && same(tables.review, parent.review)) {
    out.push(
      finding({
        rule: 'COPY',
        severity: 'warning',
        table: 'review',
        row: null,
        column: null,
        expected: null,
        actual: tables.review.map((v) => v ?? 0).join(','),
        message:
          '本单位行政复议、行政诉讼情况表的15个数字与上级政府（汇总）报告完全相同，可能照抄了汇总数。请填写以本单位为被申请人、被告的案件数。',
      }),
    );
  }
  const keys = Object.keys(tables.applications) as (keyof ReportTables['applications'])[];
  const allSame = keys.every((k) => {
    const a = tables.applications[k];
    const b = parent.applications[k];
    return a && b && same(a, b);
  });
  if (keys.length > 0 && allSame && keys.some((k) => nonZero(tables.applications[k] ?? []))) {
    out.push(
      finding({
        rule: 'COPY',
        severity: 'warning',
        table: 'applications',
        row: null,
        column: null,
        expected: null,
        actual: null,
        message:
          '本单位收到和处理政府信息公开申请情况表与上级政府（汇总）报告完全相同，可能照抄了汇总数。请只填本单位收到和办理的申请。',
      }),
    );
  }
  for (const [key, v] of Object.entries(tables.proactive)) {
    if (!key.startsWith('fees.') || typeof v !== 'number' || v === 0) continue;
    if (parent.proactive[key] === v) {
      out.push(
        finding({
          rule: 'COPY',
          severity: 'warning',
          table: 'proactive',
          row: 'fees',
          column: key,
          expected: null,
          actual: v,
          message: `本单位行政事业性收费数字（${v}）与上级政府（汇总）报告相同，可能照抄了汇总数。请填写本单位的收费情况。`,
        }),
      );
    }
  }
  return out;
}
