/**
 * 平台与栏目: the site — its columns, their freshness, links and downloads, and the probes (P06 P10 W05 W07).
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
  deduct,
  type Failure,
  family,
  isNa,
  itemRef,
  known,
  na,
  publishedBy,
  scan,
  Tally,
  veto,
} from './kit.ts';

const { define, defineManual } = family('platform');

/** Column freshness ([W-2015a], [L-YH]): 动态/要闻 every 2 weeks. */
export const DYNAMIC_COLUMN_DAYS = 14;
/** 通知公告/政策文件 at least every 6 months. */
export const SLOW_COLUMN_MONTHS = 6;
/** Veto at this many stale columns, or this many blank columns ([W-2015a]). */
export const STALE_COLUMNS_VETO = 5;
export const BLANK_COLUMNS_VETO = 5;

/** The four standard first-level columns of the 专栏 (spec §4.2; exact mandate UNCONFIRMED). */
export const REQUIRED_COLUMNS: readonly { kind: PortalColumn['kind']; title: string }[] = [
  { kind: 'guide', title: '政府信息公开指南' },
  { kind: 'rules', title: '政府信息公开制度' },
  { kind: 'statutory', title: '法定主动公开内容' },
  { kind: 'annualReport', title: '政府信息公开年报' },
];

export const P01 = define({
  id: 'P01',
  title: '专栏结构完整',
  description:
    '一级栏目包括政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报，且均有内容。',
  ...veto(3),
  source: 'spec §4.2（61号，四个栏目 UNCONFIRMED）; [E-TOC15]',
  confidence: 'partial',
  unconfirmedNote: '61号文是否恰好要求这四个一级栏目尚未核实。',
  fixEffort: 2,
  run(ctx) {
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
});

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

export const P05 = define({
  id: 'P05',
  title: '栏目不更新、空白栏目（否决）',
  description: `检查点有${STALE_COLUMNS_VETO}个以上栏目超期未更新（动态类2周、通知公告和政策文件类6个月），或${BLANK_COLUMNS_VETO}个以上空白栏目。`,
  ...veto(4),
  source: '[W-2015a]; [W-NN]; 2019年阈值 RECOLLECTION',
  confidence: 'recollection',
  unconfirmedNote: '阈值出自2015年普查评分表；19号文沿用的具体阈值来自回忆，待核实。',
  run(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const { stale, blank: blanks } = columnProblems(ctx, cols);
    if (stale.length >= STALE_COLUMNS_VETO || blanks.length >= BLANK_COLUMNS_VETO)
      return { failures: [...stale, ...blanks], checked: cols.length, status: 'fail' };
    if (stale.length + blanks.length === 0) return { failures: [], checked: cols.length };
    const reason = `${stale.length}个栏目超期未更新、${blanks.length}个空白栏目，未达到否决标准（见P05a）。`;
    return { failures: [], checked: cols.length, reason };
  },
});

export const P05a = define({
  id: 'P05a',
  title: '栏目及时更新、无空白栏目',
  description: '每个超期未更新的栏目、每个空白栏目各扣分（动态类2周、通知公告和政策文件类6个月）。',
  ...deduct(4, 1),
  source: '[L-YH]（杜绝空白栏目）; [W-2015a]',
  confidence: 'confirmed',
  run(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const { stale, blank: blanks } = columnProblems(ctx, cols);
    return { failures: [...stale, ...blanks], checked: cols.length };
  },
});

export const P05b = define({
  id: 'P05b',
  title: '政策文件类一级栏目6个月内有更新',
  description: '监测时间点前6个月内，政策文件类一级栏目有更新。',
  ...deduct(5, 5),
  source: '[W-SELF]（扣5分）',
  confidence: 'partial',
  unconfirmedNote: '出自依19号文的自查表，国家指标原文未能完整读取。',
  run(ctx) {
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const policy = cols.filter((c) => c.level === 1 && c.kind === 'policy');
    if (policy.length === 0) return na('未找到政策文件类一级栏目（请在栏目设置中标明栏目类型）。');
    return scan(policy, (c, t) => {
      const until = c.lastItemOn === null ? null : addMonths(c.lastItemOn, SLOW_COLUMN_MONTHS);
      const stale = until === null || ctx.cp > until;
      const why = c.lastItemOn
        ? `最近一次更新为${cn(c.lastItemOn)}，6个月内未更新`
        : '没有注明日期的信息，视为未更新';
      t.judge(columnRef(c), stale ? [why] : []);
    });
  },
});

export const P06 = defineManual({
  id: 'P06',
  title: '站内搜索有效',
  description: '随机抽取已发布信息，按标题和文号搜索，目标信息排在前3位的比例不低于99%。',
  points: 2,
  source: '[E-TOC15]; [W-SELF]; 测试方法 DERIVED',
  confidence: 'derived',
  unconfirmedNote: '抽样测试方法为系统设计，非评估机构规则。',
  how: '运行站内搜索抽样测试并录入结果。',
});

export const P08 = define({
  id: 'P08',
  title: '链接和附件有效',
  description: '已发布页面无失效链接，附件可下载；规范性文件同时提供WORD和PDF版本。',
  ...deduct(3, 1),
  source: '[W-NN]（链接可用性）; [L-JZ]',
  confidence: 'confirmed',
  fixEffort: 1,
  run(ctx) {
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
      t.judge(itemRef(i), p);
    }
    return t.checked === 0 ? na('尚未运行链接检查，也没有下载版本记录。') : t.outcome();
  },
});

export const P10 = defineManual({
  id: 'P10',
  title: '咨询电话畅通',
  description: '定期拨打指南公布的咨询电话，能够接通并答复。',
  points: 2,
  source: '[E-TOC15]（咨询电话畅通性）',
  confidence: 'confirmed',
  how: '定期拨打咨询电话测试并录入结果。',
});

export const W05 = defineManual({
  id: 'W05',
  title: '无严重表述错误',
  description: '发布前对领导姓名、职务等作词典核对，无严重错别字、虚假或违规内容。',
  points: 3,
  source: '[W-2015a]',
  confidence: 'confirmed',
  how: '录入发布前审核（领导姓名职务核对、禁用内容检查）的核验结果。',
});

export const W07 = defineManual({
  id: 'W07',
  title: '网站可访问',
  description: '外部监测每天至少20次、超时15秒，每周访问失败率低于5%。',
  points: 3,
  source: '[W-2015a]',
  confidence: 'confirmed',
  how: '录入外部可用性监测的结果。',
});

export const PLATFORM_INDICATORS = [P01, P05, P05a, P05b, P06, P08, P10, W05, W07] as const;
