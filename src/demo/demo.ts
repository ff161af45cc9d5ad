import { generatePassword, hashPassword } from '../accounts/password.ts';
import type { Role } from '../accounts/roles.ts';
import { insertUser } from '../accounts/user.repository.ts';
import { countAgencies, insertAgency, insertReadingPlace } from '../agencies/agency.repository.ts';
import type { Agency, AgencyInput } from '../agencies/agency.rules.ts';
import { loadApplicationsDemo } from '../applications/demo.ts';
import { appendAudit, SYSTEM_ACTOR } from '../audit/audit.repository.ts';
import { loadCatalogueDemo } from '../catalogue/demo.ts';
import type { Db } from '../db/database.ts';
import { loadReportsDemo } from '../reports/demo.ts';
import { organizationCodeCheckChar, unifiedSocialCreditCodeCheckChar } from '../shared/identifiers.ts';

/**
 * Demo data: the agency of the seed report (宽城区欣园街道办事处) in its real hierarchy, two 宽城区
 * departments and one more street office, and one account per role. The codes are made up for the
 * demo but carry valid check characters; contact details are fictitious.
 */
interface DemoAgency {
  key: string;
  parent: string | null;
  name: string;
  shortName: string;
  level: AgencyInput['level'];
  kind: AgencyInput['kind'];
  region: string;
  orgBody: string;
  office?: Partial<
    Pick<
      AgencyInput,
      | 'officeName'
      | 'officeAddress'
      | 'officeHours'
      | 'officePhone'
      | 'officeFax'
      | 'officeEmail'
      | 'officePostcode'
    >
  >;
}

export function demoCodes(region: string, orgBody: string): { creditCode: string; orgCode: string } {
  const orgCode = orgBody + organizationCodeCheckChar(orgBody);
  const first17 = `11${region}${orgCode}`;
  return { orgCode, creditCode: first17 + unifiedSocialCreditCodeCheckChar(first17) };
}

const HOURS = '工作日 上午 8:30—11:30，下午 13:30—17:00（法定节假日除外）';

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  {
    key: 'jilin',
    parent: null,
    name: '吉林省人民政府',
    shortName: '吉林省',
    level: 'province',
    kind: 'government',
    region: '220000',
    orgBody: '01384201',
  },
  {
    key: 'changchun',
    parent: 'jilin',
    name: '长春市人民政府',
    shortName: '长春市',
    level: 'city',
    kind: 'government',
    region: '220100',
    orgBody: '01374903',
  },
  {
    key: 'kuancheng',
    parent: 'changchun',
    name: '长春市宽城区人民政府',
    shortName: '宽城区人民政府',
    level: 'county',
    kind: 'government',
    region: '220103',
    orgBody: '01376511',
    office: {
      officeName: '宽城区人民政府办公室（区政务公开办公室）',
      officeAddress: '吉林省长春市宽城区政务大厦（演示地址）',
      officeHours: HOURS,
      officePhone: '0431-80000001',
      officeFax: '0431-80000002',
      officeEmail: 'gongkai-kc@example.gov.cn',
      officePostcode: '130051',
    },
  },
  {
    key: 'xinyuan',
    parent: 'kuancheng',
    name: '宽城区欣园街道办事处',
    shortName: '欣园街道',
    level: 'township',
    kind: 'dispatched',
    region: '220103',
    orgBody: '41273562',
    office: {
      officeName: '欣园街道党政综合办公室',
      officeAddress: '吉林省长春市宽城区欣园街道办事处一楼政务公开窗口（演示地址）',
      officeHours: HOURS,
      officePhone: '0431-80000011',
      officeFax: '0431-80000012',
      officeEmail: 'xinyuan@example.gov.cn',
      officePostcode: '130051',
    },
  },
  {
    key: 'tuanshan',
    parent: 'kuancheng',
    name: '宽城区团山街道办事处',
    shortName: '团山街道',
    level: 'township',
    kind: 'dispatched',
    region: '220103',
    orgBody: '41273570',
  },
  {
    key: 'finance',
    parent: 'kuancheng',
    name: '长春市宽城区财政局',
    shortName: '宽城区财政局',
    level: 'county',
    kind: 'department',
    region: '220103',
    orgBody: '01376538',
  },
  {
    key: 'civil',
    parent: 'kuancheng',
    name: '长春市宽城区民政局',
    shortName: '宽城区民政局',
    level: 'county',
    kind: 'department',
    region: '220103',
    orgBody: '01376546',
  },
];

export const DEMO_USERS: readonly {
  login: string;
  displayName: string;
  role: Role;
  agency: string | null;
}[] = [
  { login: 'demo-admin', displayName: '演示管理员', role: 'admin', agency: null },
  {
    login: 'demo-supervisor',
    displayName: '宽城区政务公开主管（演示）',
    role: 'supervisor',
    agency: 'kuancheng',
  },
  { login: 'demo-reviewer', displayName: '欣园街道分管领导（演示）', role: 'reviewer', agency: 'xinyuan' },
  { login: 'demo-clerk', displayName: '欣园街道经办人（演示）', role: 'clerk', agency: 'xinyuan' },
];

export interface DemoResult {
  readonly loaded: boolean;
  /** The demo password when it was generated here (to be printed once), else null. */
  readonly generatedPassword: string | null;
  readonly agencies: ReadonlyMap<string, Agency>;
}

/** Loads the demo into an empty database; does nothing when any agency exists. */
export async function loadDemoIfEmpty(db: Db, now: string, password: string | null): Promise<DemoResult> {
  if ((await countAgencies(db)) > 0) return { loaded: false, generatedPassword: null, agencies: new Map() };
  const pw = password ?? generatePassword();
  const hash = await hashPassword(pw);
  const agencies = new Map<string, Agency>();
  await db.transaction().execute(async (trx) => {
    for (const d of DEMO_AGENCIES) {
      const parent = d.parent ? (agencies.get(d.parent) ?? null) : null;
      const codes = demoCodes(d.region, d.orgBody);
      const input: AgencyInput = {
        name: d.name,
        shortName: d.shortName,
        parentId: parent?.id ?? null,
        level: d.level,
        kind: d.kind,
        creditCode: codes.creditCode,
        orgCode: codes.orgCode,
        officeName: d.office?.officeName ?? null,
        officeAddress: d.office?.officeAddress ?? null,
        officeHours: d.office?.officeHours ?? null,
        officePhone: d.office?.officePhone ?? null,
        officeFax: d.office?.officeFax ?? null,
        officeEmail: d.office?.officeEmail ?? null,
        officePostcode: d.office?.officePostcode ?? null,
        website: null,
        sortOrder: 0,
      };
      const agency = await insertAgency(trx, input, parent, now);
      agencies.set(d.key, agency);
    }
    const xinyuan = agencies.get('xinyuan')!;
    await insertReadingPlace(
      trx,
      xinyuan.id,
      {
        name: '欣园街道政务服务中心政府信息查阅点',
        address: '欣园街道办事处一楼大厅（演示地址）',
        hours: HOURS,
      },
      now,
    );
    await insertReadingPlace(
      trx,
      xinyuan.id,
      {
        name: '宽城区图书馆政府信息查阅室',
        address: '长春市宽城区（演示地址）',
        hours: '周二至周日 9:00—17:00',
      },
      now,
    );
    for (const u of DEMO_USERS) {
      const agencyId = u.agency ? agencies.get(u.agency)!.id : null;
      await insertUser(
        trx,
        { login: u.login, displayName: u.displayName, role: u.role, agencyId, passwordHash: hash },
        now,
      );
    }
    await loadReportsDemo(trx, agencies, now);
    await loadApplicationsDemo(trx, agencies, now);
    await loadCatalogueDemo(trx, agencies, now);
    await appendAudit(trx, {
      actor: SYSTEM_ACTOR,
      at: now,
      action: 'create',
      entityType: 'demo',
      entityId: null,
      agencyId: null,
      summary: `加载演示数据：${DEMO_AGENCIES.length} 个机构、${DEMO_USERS.length} 个账号`,
    });
  });
  return { loaded: true, generatedPassword: password ? null : pw, agencies };
}
