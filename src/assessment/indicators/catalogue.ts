/**
 * 主动公开/目录 (docs/domain/assessment.md#catalogue): what is published, when, and with which metadata.
 */
import type { Calendar } from '../../calendar/calendar.ts';
import { addCalendarDays, type IsoDate } from '../../calendar/dates.ts';
import { addWorkingDays } from '../../calendar/workdays.ts';
import { ART26_PUBLISH_WORKING_DAYS } from '../../catalogue/statute.ts';
import type { CatalogueItem } from '../input.ts';
import {
  blank,
  catalogue,
  cn,
  decisionOf,
  eachPublishedItem,
  type Failure,
  type GuideField,
  guideFields,
  guideOf,
  isNa,
  itemRef,
  known,
  na,
  publishedBy,
  publishedInPeriod,
  type RecordRef,
  type Runs,
  scan,
} from './kit.ts';

const ART12_FIELDS: readonly GuideField[] = [
  ['classification', '政府信息的分类'],
  ['arrangement', '编排体系'],
  ['obtainingMethod', '获取方式'],
  ['officeName', '工作机构名称'],
  ['officeAddress', '办公地址'],
  ['officeHours', '办公时间'],
  ['phone', '联系电话'],
  ['fax', '传真号码'],
  ['internetContact', '互联网联系方式'],
  ['onlineApplicationUrl', '在线申请入口'],
  ['postalAddress', '信函申请邮寄地址'],
  ['statesTimeLimits', '答复期限'],
  ['statesFees', '收费规定'],
  ['statesRemedies', '救济途径'],
];

/** The Art. 26 publication deadline of an item. */
export function publishDue(cal: Calendar, i: CatalogueItem): IsoDate | null {
  const formed = i.formedOrChangedOn ?? i.formedOn;
  if (!formed) return null;
  return addWorkingDays(cal, formed, i.publishWithinWorkingDays ?? ART26_PUBLISH_WORKING_DAYS).date;
}

function guideRef(id: string): RecordRef {
  return { type: 'guide', id: `guide:${id}`, label: '政府信息公开指南' };
}

/** Metadata every published item carries (P03); 公文 also carry a 文号 and a validity mark. */
function missingMetadata(i: CatalogueItem): string[] {
  const m: string[] = [];
  if (blank(i.indexNo)) m.push('索引号');
  if (blank(i.title)) m.push('名称');
  if (blank(i.summary)) m.push('内容概述');
  if (!i.formedOn) m.push('生成日期');
  if (blank(i.publisher)) m.push('发布机构');
  if (blank(i.topic)) m.push('主题分类');
  if (i.isNormativeDoc || i.isPolicyDoc) {
    if (blank(i.docNumber)) m.push('文号');
    if (!i.validity) m.push('有效性');
  }
  return m;
}

/** How each row of the area is judged (its definition: `definitions.ts`). */
export const CATALOGUE_RUNS = {
  /** 政府信息公开指南完整、及时更新 */
  P02(ctx) {
    const g = guideOf(ctx);
    if (isNa(g)) return g;
    const failures: Failure[] = guideFields(g, ART12_FIELDS).map((label) => ({
      ref: guideRef(label),
      message: `指南缺少“${label}”。`,
    }));
    const oldest = addCalendarDays(ctx.cp, -ctx.opts.guideMaxAgeDays);
    if (g.updatedOn === null || g.updatedOn < oldest) {
      failures.push({
        ref: guideRef('updated'),
        message: g.updatedOn
          ? `指南最近一次更新为${cn(g.updatedOn)}，已超过${ctx.opts.guideMaxAgeDays}天。`
          : '指南未记录更新日期。',
      });
    } else if (g.organisationChangedOn !== null && g.updatedOn < g.organisationChangedOn) {
      failures.push({
        ref: guideRef('updated'),
        message: `机构或联系方式于${cn(g.organisationChangedOn)}变更，指南尚未更新。`,
      });
    }
    return { failures, checked: ART12_FIELDS.length + 1 };
  },
  /** 目录元数据完整 */
  P03: (ctx) =>
    eachPublishedItem(
      ctx,
      () => true,
      (i, t) => t.judge(itemRef, i, missingMetadata(i), undefined, '目录信息缺少'),
      '发布的信息',
    ),
  /** 按时公开，不超期、不提前 */
  P04: (ctx) =>
    scan(
      catalogue(ctx),
      (i, t) => {
        const pubInPeriod = publishedInPeriod(ctx, i);
        const formed = i.formedOrChangedOn ?? i.formedOn;
        if (!formed) {
          if (pubInPeriod) t.skip(itemRef(i), '缺少生成（形成或变更）日期，无法判断是否按时公开。');
          return;
        }
        const due = publishDue(ctx.cal, i) as IsoDate;
        const dec = decisionOf(ctx, i.publishedOn ?? null, due);
        if (!dec.judged && !pubInPeriod) return;
        const published = publishedBy(ctx, i) ? (i.publishedOn as IsoDate) : null;
        const p: string[] = [];
        if (dec.judged && dec.late) {
          p.push(
            dec.done === null
              ? `应于${cn(due)}前公开，至${cn(ctx.cp)}仍未公开`
              : `${cn(formed)}形成，应于${cn(due)}前公开，${cn(dec.done)}才公开，超期`,
          );
        }
        const released = i.releasedOn ?? i.formedOn;
        if (pubInPeriod && released && published !== null && published < released) {
          p.push(`${cn(released)}印发，${cn(published)}即已公开，提前公开`);
        }
        t.judge(itemRef, i, p, false);
      },
      '应公开或已公开的信息',
    ),
  /** 目录与网站一致（无“两张皮”） */
  P07(ctx) {
    const out = scan(catalogue(ctx), (i, t) => {
      if (!publishedBy(ctx, i) || !known(i.matchesSite)) return;
      t.checked++;
      if (!i.matchesSite) t.fail(itemRef(i), '目录信息与网站栏目中的信息不一致或缺失。');
    });
    return isNa(out) || out.checked > 0 ? out : na('尚未比对目录与网站栏目（没有比对结果）。');
  },
} satisfies Runs;
