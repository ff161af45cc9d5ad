import ExcelJS from 'exceljs';
import type { Scope } from '../accounts/roles.ts';
import { listAgencies } from '../agencies/agency.repository.ts';
import type { AgencySelection } from '../agencies/agency.rules.ts';
import { applicationFacts } from '../applications/supervision-figures.ts';
import { workingDaysBetween } from '../calendar/workdays.ts';
import { catalogueCounts } from '../catalogue/supervision-figures.ts';
import { litigationCounts } from '../litigation/supervision-figures.ts';
import type { Deps } from '../shared/deps.ts';
import {
  LITIGATION_RESULT_LABELS,
  LITIGATION_RESULTS,
  type Period,
  type SupervisionFigures,
  supervisionFigures,
} from './supervision.rules.ts';

/** The agencies a scope covers, as a selection for the capabilities' figure queries. */
export function selectionOf(scope: Scope): AgencySelection {
  switch (scope.kind) {
    case 'all':
      return { subtreePath: '/' };
    case 'subtree':
      return { subtreePath: scope.path };
    case 'agency':
      return { ids: [scope.agencyId] };
    case 'none':
      return { ids: [] };
  }
}

/** The supervisors' figures of a scope for a period: four reads, then the pure computation. */
export async function loadSupervision(
  deps: Pick<Deps, 'db' | 'calendar'>,
  scope: Scope,
  period: Period,
  today: string,
): Promise<SupervisionFigures> {
  const { db } = deps;
  const selection = selectionOf(scope);
  const asOf = today < period.to ? today : period.to;
  const [agencies, applications, litigation, catalogue, cal] = await Promise.all([
    listAgencies(db, scope),
    applicationFacts(db, selection, period.from, period.to),
    litigationCounts(db, selection, period.from, period.to),
    catalogueCounts(db, selection, period.from, period.to, asOf),
    deps.calendar.get(db),
  ]);
  return supervisionFigures({
    period,
    today,
    agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
    applications,
    litigation,
    catalogue,
    workingDaysBetween: (from, to) => workingDaysBetween(cal, from, to),
  });
}

type Column<T> = readonly [header: string, width: number, cell: (row: T) => ExcelJS.CellValue];

function addSheet<T>(wb: ExcelJS.Workbook, name: string, columns: readonly Column<T>[], rows: readonly T[]) {
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map(([header, width], i) => ({ header, key: `c${i}`, width }));
  for (const row of rows) ws.addRow(columns.map(([, , cell]) => cell(row)));
  ws.getRow(1).font = { bold: true };
}

/** The same figures as the page, one sheet per chart: 概况, 月度, 办理结果, 按机构, 复议诉讼, 主动公开. */
export async function supervisionXlsx(f: SupervisionFigures, scopeName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  const t = f.totals;
  addSheet(
    wb,
    '概况',
    [
      ['项目', 28, (r: [string, ExcelJS.CellValue]) => r[0]],
      ['数值', 40, (r) => r[1]],
    ],
    [
      ['范围', scopeName],
      ['统计期间', `${f.period.from} 至 ${f.period.to}`],
      ['逾期判断日', f.asOf],
      ['机构数', f.agencyCount],
      ['新收申请', t.received],
      ['办结', t.finished],
      ['按期答复', t.onTime],
      ['超期答复', t.late],
      ['逾期未办结', t.openOverdue],
      ['按期答复率（%）', t.onTimePercent],
      ['平均答复用时（工作日）', t.averageWorkingDays],
    ],
  );
  addSheet(
    wb,
    '月度',
    [
      ['月份', 10, (m: SupervisionFigures['months'][number]) => m.month],
      ['新收申请', 12, (m) => m.received],
      ['办结', 12, (m) => m.finished],
    ],
    f.months,
  );
  addSheet(
    wb,
    '办理结果',
    [
      ['年报行', 26, (o: SupervisionFigures['outcomes'][number]) => o.key],
      ['办理结果', 60, (o) => o.label],
      ['件数', 10, (o) => o.count],
    ],
    f.outcomes,
  );
  addSheet(
    wb,
    '按机构',
    [
      ['机构', 36, (a: SupervisionFigures['agencies'][number]) => a.agency.name],
      ['办结', 10, (a) => a.finished],
      ['按期答复', 10, (a) => a.onTime],
      ['超期答复', 10, (a) => a.late],
      ['逾期未办结', 12, (a) => a.openOverdue],
      ['按期答复率（%）', 16, (a) => a.onTimePercent],
      ['平均答复用时（工作日）', 20, (a) => a.averageWorkingDays],
    ],
    f.agencies,
  );
  addSheet(
    wb,
    '复议诉讼',
    [
      ['类别', 20, (l: SupervisionFigures['litigation'][number]) => l.label],
      ...LITIGATION_RESULTS.map(
        (r): Column<SupervisionFigures['litigation'][number]> => [
          LITIGATION_RESULT_LABELS[r],
          12,
          (l) => l.byResult[r],
        ],
      ),
      ['总计', 10, (l) => l.total],
    ],
    f.litigation,
  );
  addSheet(
    wb,
    '主动公开',
    [
      ['机构', 36, (c: SupervisionFigures['catalogue'][number]) => c.agency.name],
      ['本期发布', 10, (c) => c.published],
      ['超过第二十六条期限发布', 22, (c) => c.publishedLate],
      ['逾期未发布', 12, (c) => c.unpublishedOverdue],
    ],
    f.catalogue,
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
