import { z } from 'zod';
import { optionalText } from '../shared/form-fields.ts';
import { checkOrganizationCode, checkUnifiedSocialCreditCode, normalizeCode } from '../shared/identifiers.ts';

export const AGENCY_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];
export const LEVEL_LABELS: Readonly<Record<AgencyLevel, string>> = {
  province: '省级',
  city: '市级',
  county: '县（区）级',
  township: '乡镇（街道）级',
};

export const AGENCY_KINDS = ['government', 'department', 'dispatched', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const KIND_LABELS: Readonly<Record<AgencyKind, string>> = {
  government: '人民政府',
  department: '部门',
  dispatched: '派出机关',
  other: '其他',
};

export interface Agency {
  readonly id: number;
  readonly parentId: number | null;
  readonly path: string;
  readonly depth: number;
  readonly name: string;
  readonly shortName: string | null;
  readonly level: AgencyLevel;
  readonly kind: AgencyKind;
  readonly creditCode: string | null;
  readonly orgCode: string | null;
  readonly office: OfficeContacts;
  readonly website: string | null;
  readonly sortOrder: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OfficeContacts {
  readonly name: string | null;
  readonly address: string | null;
  readonly hours: string | null;
  readonly phone: string | null;
  readonly fax: string | null;
  readonly email: string | null;
  readonly postcode: string | null;
}

export interface ReadingPlace {
  readonly id: number;
  readonly agencyId: number;
  readonly name: string;
  readonly address: string;
  readonly hours: string | null;
}

/** The 9-character 组织机构代码 that 索引号 starts with: its own, or the one inside the credit code. */
export function agencyCodeForIndex(a: Pick<Agency, 'creditCode' | 'orgCode'>): string | null {
  if (a.orgCode) return a.orgCode.replace('-', '');
  if (a.creditCode && a.creditCode.length === 18) return a.creditCode.slice(8, 17);
  return null;
}

/** Some agencies: a list of ids, or every agency in the subtree below a path. */
export type AgencySelection = { readonly ids: readonly number[] } | { readonly subtreePath: string };

export function pathOf(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** An optional official code, normalised, checked with `check` (its message, or null when valid). */
const optionalCode = (check: (code: string) => string | null) =>
  z
    .string()
    .transform((v) => normalizeCode(v))
    .transform((v) => (v === '' ? null : v))
    .superRefine((v, ctx) => {
      if (v === null) return;
      const msg = check(v);
      if (msg) ctx.addIssue({ code: 'custom', message: msg });
    });

const PHONE = /^[0-9+\-()（）\s、，,转]{5,60}$/;

/** The agency form: validates and normalises what a user typed. */
export const agencyFormSchema = z
  .object({
    name: z.string().trim().min(1, '请填写机构全称').max(100, '机构全称不能超过 100 个字'),
    shortName: optionalText(30, '简称'),
    parentId: z
      .string()
      .trim()
      .transform((v) => (v === '' ? null : Number(v)))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0), '请选择上级机构'),
    level: z.enum(AGENCY_LEVELS, { message: '请选择行政层级' }),
    kind: z.enum(AGENCY_KINDS, { message: '请选择机构类型' }),
    creditCode: optionalCode(checkUnifiedSocialCreditCode),
    orgCode: optionalCode(checkOrganizationCode),
    officeName: optionalText(100, '公开工作机构名称'),
    officeAddress: optionalText(200, '办公地址'),
    officeHours: optionalText(200, '办公时间'),
    officePhone: optionalText(60, '联系电话').refine(
      (v) => v === null || PHONE.test(v),
      '联系电话只能包含数字、空格和 - ( ) +',
    ),
    officeFax: optionalText(60, '传真号码').refine(
      (v) => v === null || PHONE.test(v),
      '传真号码只能包含数字、空格和 - ( ) +',
    ),
    officeEmail: optionalText(120, '电子邮箱').refine(
      (v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
      '电子邮箱格式不正确，例如 gongkai@example.gov.cn',
    ),
    officePostcode: optionalText(6, '邮政编码').refine(
      (v) => v === null || /^\d{6}$/.test(v),
      '邮政编码应为 6 位数字',
    ),
    website: optionalText(200, '网址').refine(
      (v) => v === null || /^https?:\/\/\S+$/.test(v),
      '网址应以 http:// 或 https:// 开头',
    ),
    sortOrder: z
      .string()
      .trim()
      .transform((v) => (v === '' ? 0 : Number(v)))
      .refine((v) => Number.isInteger(v) && v >= 0 && v <= 100000, '排序应为 0–100000 的整数'),
  })
  .superRefine((v, ctx) => {
    if (v.creditCode === null && v.orgCode === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['creditCode'],
        message: '请填写统一社会信用代码或组织机构代码（至少一项）',
      });
    }
    if (v.creditCode && v.orgCode && v.creditCode.slice(8, 17) !== v.orgCode.replace('-', '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['orgCode'],
        message: '组织机构代码与统一社会信用代码第 9–17 位不一致',
      });
    }
  });

export type AgencyInput = z.output<typeof agencyFormSchema>;

export const readingPlaceSchema = z.object({
  placeName: z.string().trim().min(1, '请填写查阅场所名称').max(100, '名称不能超过 100 个字'),
  placeAddress: z.string().trim().min(1, '请填写查阅场所地址').max(200, '地址不能超过 200 个字'),
  placeHours: optionalText(200, '开放时间'),
});

/** Whether moving `agency` under `newParentPath` would put it inside its own subtree. */
export function wouldCreateCycle(agencyPath: string, newParentPath: string | null): boolean {
  return newParentPath?.startsWith(agencyPath) ?? false;
}

/**
 * The 行政复议机关 for acts of `agency` under 行政复议法 (2023) Art. 24: the 本级人民政府 for a
 * department or a 派出机关 (e.g. a 街道办事处 → its 区/县 government), the next government up for a
 * government. `ancestors` run from the root down to the direct parent.
 * Choice (not covered here): vertically managed departments (海关、税务…) follow Art. 27; a province
 * government reviews its own acts (Art. 25). In both cases we return the agency's own name and the
 * guide says so; an administrator can override the text per agency when a later issue adds it.
 */
export function reviewBodyFor(
  agency: Pick<Agency, 'name' | 'kind'>,
  ancestors: readonly Pick<Agency, 'name' | 'kind'>[],
): string {
  const governments = ancestors.filter((a) => a.kind === 'government');
  const nearest = governments[governments.length - 1];
  if (!nearest) return agency.name;
  return nearest.name;
}
