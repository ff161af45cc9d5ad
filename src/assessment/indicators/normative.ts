/**
 * 规范性文件与解读 (docs/domain/assessment.md#normative), and W06 for other policy documents.
 */
import { addCalendarDays, type IsoDate } from '../../calendar/dates.ts';
import { type CatalogueItem, inPeriod, VALIDITY_MARKS } from '../input.ts';
import { quartersIn } from '../periods.ts';
import {
  blank,
  type Ctx,
  catalogue,
  cn,
  columns,
  eachPublishedItem,
  isNa,
  itemRef,
  na,
  nothingToCheck,
  type Outcome,
  publishedBy,
  type Runs,
  scan,
  Tally,
  type Unassessable,
} from './kit.ts';

/** N05: the quarterly 备案 list may follow its quarter by this many calendar days (DERIVED). */
export const FILING_GRACE_DAYS = 31;

function normativePublishedBy(ctx: Ctx, items: readonly CatalogueItem[]): CatalogueItem[] {
  return items.filter((i) => i.isNormativeDoc && publishedBy(ctx, i));
}

/** Why a published 规范性文件's validity mark is wrong, or null. */
function validityProblem(ctx: Ctx, i: CatalogueItem, repealedBy: ReadonlyMap<string, CatalogueItem>) {
  if (!i.validity || !(VALIDITY_MARKS as readonly string[]).includes(i.validity)) return '未标注有效性';
  if (i.validity !== '有效') return null;
  const by = repealedBy.get(i.id);
  if (by) return `已被${itemRef(by).label}（${cn(by.publishedOn as IsoDate)}发布）废止或修改，仍标注为“有效”`;
  if (i.validUntil && i.validUntil < ctx.cp) return `有效期至${cn(i.validUntil)}，已届满，仍标注为“有效”`;
  return null;
}

function interpretationProblems(ctx: Ctx, i: CatalogueItem): { problems: string[]; fixable: boolean } {
  const list = i.interpretations ?? [];
  const published = list.filter((x) => x.publishedOn && x.publishedOn <= ctx.cp);
  if (published.length === 0) return { problems: ['没有发布配套解读'], fixable: false };
  const latestOk = addCalendarDays(i.publishedOn as IsoDate, ctx.opts.interpretationLagDays);
  const problems: string[] = [];
  let fixable = true;
  const timely = published.filter((x) => (x.publishedOn as IsoDate) <= latestOk);
  if (timely.length === 0) {
    const first = published.map((x) => x.publishedOn as IsoDate).sort()[0] as IsoDate;
    problems.push(
      ctx.opts.interpretationLagDays === 0
        ? `解读${cn(first)}发布，未与文件（${cn(i.publishedOn as IsoDate)}）同步发布`
        : `解读${cn(first)}发布，晚于文件发布${ctx.opts.interpretationLagDays}天以上`,
    );
    fixable = false;
  }
  if (published.every((x) => x.linksBack !== true)) problems.push('解读与文件未相互链接');
  return { problems, fixable };
}

function interpretationIndicator(
  ctx: Ctx,
  pick: (i: CatalogueItem) => boolean,
  what: string,
): Outcome | Unassessable {
  return eachPublishedItem(
    ctx,
    pick,
    (i, t) => {
      const { problems, fixable } = interpretationProblems(ctx, i);
      t.judge(itemRef, i, problems, fixable);
    },
    what,
  );
}

/** Metadata of a 规范性文件 (N04). */
function missingNormativeMetadata(i: CatalogueItem): string[] {
  const m: string[] = [];
  if (blank(i.docNumber)) m.push('文号');
  if (!i.formedOn) m.push('成文日期');
  if (!i.validity) m.push('有效性');
  if ((i.keywords?.filter((k) => k.trim() !== '').length ?? 0) === 0) m.push('关键词');
  if (blank(i.publisher)) m.push('发布机关');
  if (blank(i.category)) m.push('信息分类');
  if (blank(i.indexNo)) m.push('索引号');
  if (blank(i.topic)) m.push('主题分类');
  return m;
}

/** How each row of the area is judged (its definition: `definitions.ts`). */
export const NORMATIVE_RUNS = {
  /** 规范性文件集中公开、现行有效库 */
  N01(ctx) {
    const items = catalogue(ctx);
    if (isNa(items)) return items;
    const cols = columns(ctx);
    if (isNa(cols)) return cols;
    const library = new Set(cols.filter((c) => c.kind === 'normative').map((c) => c.key));
    const docs = normativePublishedBy(ctx, items).filter((i) => i.validity === '有效' || !i.validity);
    if (library.size === 0) {
      if (docs.length === 0)
        return { failures: [], checked: 0, reason: nothingToCheck('现行有效的规范性文件') };
      return na('未设置规范性文件栏目（请在栏目设置中将其类型标为“规范性文件”）。');
    }
    return scan(docs, (i, t) => {
      t.checked++;
      if (!i.columnKey || !library.has(i.columnKey))
        t.fail(itemRef(i), '现行有效的规范性文件未列入规范性文件栏目。');
    });
  },
  /** 规范性文件标注有效性 */
  N02(ctx) {
    const items = catalogue(ctx);
    if (isNa(items)) return items;
    const repealedBy = new Map<string, CatalogueItem>();
    for (const i of items) {
      if (!publishedBy(ctx, i)) continue;
      for (const r of i.repeals ?? []) repealedBy.set(r, i);
    }
    return scan(
      normativePublishedBy(ctx, items),
      (i, t) => {
        t.checked++;
        const problem = validityProblem(ctx, i, repealedBy);
        if (problem !== null) t.fail(itemRef(i), `${problem}。`);
      },
      '已发布的规范性文件',
    );
  },
  /** 规范性文件解读同步发布、相互链接 */
  N03: (ctx) => interpretationIndicator(ctx, (i) => i.isNormativeDoc, '发布的规范性文件'),
  /** 规范性文件元数据 */
  N04: (ctx) =>
    eachPublishedItem(
      ctx,
      (i) => i.isNormativeDoc,
      (i, t) => t.judge(itemRef, i, missingNormativeMetadata(i), undefined, '规范性文件缺少'),
      '发布的规范性文件',
    ),
  /** 备案情况按季度公开 */
  N05(ctx) {
    const items = catalogue(ctx);
    if (isNa(items)) return items;
    // `special` absent on every item: the catalogue does not mark 备案目录 at all (not the same as none).
    if (items.every((i) => i.special === undefined))
      return na('目录未标记规范性文件备案目录，无法判断是否按季度公开。');
    const filings = items.filter((i) => i.special === 'filing' && publishedBy(ctx, i));
    const t = new Tally();
    for (const q of quartersIn(ctx.input.period)) {
      const last = addCalendarDays(q.to, FILING_GRACE_DAYS);
      if (!inPeriod(last, ctx.from, ctx.to) || last > ctx.cp) continue;
      t.checked++;
      if (filings.some((f) => (f.publishedOn as IsoDate) >= q.from && (f.publishedOn as IsoDate) <= last))
        continue;
      const label = `${q.from.slice(0, 4)}年第${Math.floor((Number(q.from.slice(5, 7)) - 1) / 3) + 1}季度`;
      const ref = { type: 'item', id: `filing:${q.from}`, label: `${label}备案目录` } as const;
      t.fail(ref, `${label}的规范性文件备案目录未在${cn(last)}前公开。`, false);
    }
    return t.outcomeOr('评估期内没有到期应公开备案目录的季度。');
  },
  /** 政策文件配发解读 */
  W06: (ctx) =>
    interpretationIndicator(ctx, (i) => i.isPolicyDoc === true && !i.isNormativeDoc, '发布的政策文件'),
} satisfies Runs;
