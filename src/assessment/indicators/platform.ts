/**
 * 平台与栏目 (docs/domain/assessment.md#platform): the site — its columns, their freshness, links and
 * downloads, and the probes (P06 P10 W05 W07).
 */
import { addCalendarDays, type IsoDate } from '../../calendar/dates.ts';
import type { PortalColumn } from '../input.ts';
import { addMonths } from '../periods.ts';
import {
  type Ctx,
  catalogue,
  cn,
  columnRef,
  columns,
  type Failure,
  isNa,
  itemRef,
  known,
  na,
  publishedBy,
  type Runs,
  scan,
  Tally,
} from './kit.ts';

/** Column freshness ([W-2015a], [L-YH]): 动态/要闻 every 2 weeks. */
export const DYNAMIC_COLUMN_DAYS = 14;
/** 通知公告/政策文件 at least every 6 months. */
export const SLOW_COLUMN_MONTHS = 6;
/** Veto at this many stale columns, or this many blank columns ([W-2015a]). */
export const STALE_COLUMNS_VETO = 5;
export const BLANK_COLUMNS_VETO = 5;

/** The four standard first-level columns of the 专栏 (docs/domain/catalogue.md#platform; exact mandate UNCONFIRMED). */
export const REQUIRED_COLUMNS: readonly { kind: PortalColumn['kind']; title: string }[] = [
  { kind: 'guide', title: '政府信息公开指南' },
  { kind: 'rules', title: '政府信息公开制度' },
  { kind: 'statutory', title: '法定主动公开内容' },
  { kind: 'annualReport', title: '政府信息公开年报' },
];

/** The last day a column may go without a new item, or null when it need not be updated. */
export function freshUntil(c: PortalColumn): IsoDate | null {
  if (c.lastItemOn === null) return null;
  if (known(c.expectedUpdateDays)) return addCalendarDays(c.lastItemOn, c.expectedUpdateDays);
  switch (c.kind) {
    case 'dynamic':
      return addCalendarDays(c.lastItemOn, DYNAMIC_COLUMN_DAYS);
    case 'notice':
    case 'policy':
    case 'normative':
      return addMonths(c.lastItemOn, SLOW_COLUMN_MONTHS);
    default:
      return null;
  }
}

function needsUpdates(c: PortalColumn): boolean {
  return (
    known(c.expectedUpdateDays) ||
    c.kind === 'dynamic' ||
    c.kind === 'notice' ||
    c.kind === 'policy' ||
    c.kind === 'normative'
  );
}

/** Stale and blank columns at the check point. */
function columnProblems(ctx: Ctx, cols: readonly PortalColumn[]): { stale: Failure[]; blank: Failure[] } {
  const stale: Failure[] = [];
  const blankCols: Failure[] = [];
  for (const c of cols) {
    if (c.itemCount === 0) {
      blankCols.push({ ref: columnRef(c), message: '空白栏目，没有任何内容。' });
      continue;
    }
    if (!needsUpdates(c)) continue;
    const until = freshUntil(c);
    if (until === null) {
      stale.push({ ref: columnRef(c), message: '栏目信息均未注明发布日期，视为不更新。' });
    } else if (ctx.cp > until) {
      stale.push({
        ref: columnRef(c),
        message: `最近一次更新为${cn(c.lastItemOn as IsoDate)}，应在${cn(until)}前更新，至${cn(ctx.cp)}未更新。`,
      });
    }
  }
  return { stale, blank: blankCols };
}

/** How each row of the area is judged (its definition: `definitions.ts`). */
export const PLATFORM_RUNS = {
  /** 专栏结构完整 */
  P01(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const t = new Tally();
    for (const req of REQUIRED_COLUMNS) {
      const found = cols.filter((c) => c.level === 1 && (c.kind === req.kind || c.title === req.title));
      t.checked++;
      if (found.length === 0) {
        const ref = { type: 'column', id: `missing:${req.kind}`, label: `“${req.title}”栏目` } as const;
        t.fail(ref, `专栏缺少一级栏目“${req.title}”。`);
      } else if (found.every((c) => c.itemCount === 0)) {
        t.fail(columnRef(found[0] as PortalColumn), `一级栏目“${req.title}”没有内容。`);
      }
    }
    return t.outcome();
  },
  /** 栏目不更新、空白栏目（否决） */
  P05(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const { stale, blank: blanks } = columnProblems(ctx, cols);
    if (stale.length >= STALE_COLUMNS_VETO || blanks.length >= BLANK_COLUMNS_VETO)
      return { failures: [...stale, ...blanks], checked: cols.length, status: 'fail' };
    if (stale.length + blanks.length === 0) return { failures: [], checked: cols.length };
    const reason = `${stale.length}个栏目超期未更新、${blanks.length}个空白栏目，未达到否决标准（见P05a）。`;
    return { failures: [], checked: cols.length, reason };
  },
  /** 栏目及时更新、无空白栏目 */
  P05a(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const { stale, blank: blanks } = columnProblems(ctx, cols);
    return { failures: [...stale, ...blanks], checked: cols.length };
  },
  /** 政策文件类一级栏目6个月内有更新 */
  P05b(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const policy = cols.filter((c) => c.level === 1 && c.kind === 'policy');
    if (policy.length === 0) return na('未找到政策文件类一级栏目（请在栏目设置中标明栏目类型）。');
    return scan(policy, (c, t) => {
      const until = c.lastItemOn === null ? null : addMonths(c.lastItemOn, SLOW_COLUMN_MONTHS);
      t.checked++;
      if (until !== null && ctx.cp <= until) return;
      const why = c.lastItemOn
        ? `最近一次更新为${cn(c.lastItemOn)}，6个月内未更新`
        : '没有注明日期的信息，视为未更新';
      t.fail(columnRef(c), `${why}。`);
    });
  },
  /** 链接和附件有效 */
  P08(ctx) {
    const items = catalogue(ctx);
    if (isNa(items)) return items;
    const t = new Tally();
    for (const i of items) {
      if (!publishedBy(ctx, i)) continue;
      const linksKnown = known(i.brokenLinks);
      const downloads = i.isNormativeDoc ? i.downloads : null;
      if (!linksKnown && !known(downloads)) continue;
      const p: string[] = [];
      if (linksKnown && (i.brokenLinks as number) > 0) p.push(`${i.brokenLinks}个链接或附件失效`);
      if (known(downloads)) {
        const lack = [downloads.includes('word') ? null : 'WORD', downloads.includes('pdf') ? null : 'PDF'];
        if (lack.some(Boolean)) p.push(`规范性文件未提供${lack.filter(Boolean).join('、')}版本下载`);
      }
      t.judge(itemRef, i, p);
    }
    return t.checked === 0 ? na('尚未运行链接检查，也没有下载版本记录。') : t.outcome();
  },
} satisfies Runs;
