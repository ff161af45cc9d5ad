/**
 * Test and demo builder of realistic assessment inputs: a clean 街道 that passes every assessable
 * indicator, factories with named traits for each fault, and a large input for the benchmark.
 *
 * Fixed dates (2025, covered by the seed holiday calendar): the period is the year 2025, today is
 * 2025-06-30. Nothing is random.
 */
import type { CaseEvent, CaseOutcome } from '../applications/rules/timeline.ts';
import { buildCalendar, type Calendar } from '../calendar/calendar.ts';
import { addCalendarDays, type IsoDate } from '../calendar/dates.ts';
import { SEED_HOLIDAY_YEARS } from '../calendar/holidays-data.ts';
import { addWorkingDays } from '../calendar/workdays.ts';
import { FORMATS } from '../reports/format/formats.ts';
import { emptyTables, freezeTables, type ReportTables } from '../reports/format/tables.ts';
import type {
  AgencyProfile,
  AnnualReportRecord,
  ApplicationRecord,
  AssessmentInput,
  Attestation,
  CaseLetter,
  CatalogueItem,
  GuideInfo,
  Message,
  PortalColumn,
  RegisterEntry,
  Section,
} from './input.ts';

export const CAL: Calendar = buildCalendar(SEED_HOLIDAY_YEARS);
export const TODAY = '2025-06-30';
export const PERIOD = { from: '2025-01-01', to: '2025-12-31' } as const;
export const AGENCY_NAME = '长春市宽城区新源街道办事处';
export const REVIEW_BODY = '长春市宽城区人民政府';

export function wd(date: IsoDate, n: number): IsoDate {
  return addWorkingDays(CAL, date, n).date;
}

// ---------------------------------------------------------------------------------------------------------
// Agency

export function guide(patch: Partial<GuideInfo> = {}): GuideInfo {
  return {
    classification: '按主题、体裁分类',
    arrangement: '按索引号编排',
    obtainingMethod: '主动公开、依申请公开',
    officeName: '新源街道党政综合办公室',
    officeAddress: '长春市宽城区新源街1号',
    officeHours: '工作日8:30—11:30，13:00—17:00',
    phone: '0431-80000000',
    fax: '0431-80000001',
    internetContact: 'xinyuan@kuancheng.gov.cn',
    onlineApplicationUrl: 'https://www.kuancheng.gov.cn/ysqgk',
    postalAddress: '长春市宽城区新源街1号',
    postcode: '130051',
    postalRecipient: '新源街道党政综合办公室（政府信息公开申请）',
    statesTimeLimits: true,
    statesFees: true,
    statesRemedies: true,
    updatedOn: '2025-01-10',
    organisationChangedOn: null,
    ...patch,
  };
}

export function agency(patch: Partial<AgencyProfile> = {}): AgencyProfile {
  return {
    name: AGENCY_NAME,
    kind: 'dispatched',
    level: 'township',
    reviewBody: REVIEW_BODY,
    guide: guide(),
    ...patch,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Applications

let letterSeq = 0;

/** A complete reply letter for a granted request. */
export function replyLetter(
  id: string,
  receivedOn: IsoDate,
  issuedOn: IsoDate,
  patch: Partial<CaseLetter> = {},
) {
  letterSeq++;
  const letter: CaseLetter = {
    id: `L-${id}`,
    kind: 'reply',
    title: '政府信息公开申请答复书',
    docNumber: `新源公复〔2025〕${letterSeq}号`,
    issuedOn,
    addressee: '张某某',
    receivedDateStated: receivedOn,
    requestRestated: true,
    conclusion: 'granted',
    legalBasis: ['《政府信息公开条例》第三十六条第（二）项'],
    reasonText: null,
    remedies: { reviewBody: REVIEW_BODY, reviewDays: 60, court: '长春市宽城区人民法院', courtMonths: 6 },
    signedBy: AGENCY_NAME,
    sealed: true,
    attachments: [{ name: '新源街道2024年老旧小区改造项目清单.pdf' }],
    delivery: 'post',
    ...patch,
  };
  return letter;
}

/** Letter fields for a refusal (不予公开, Art. 16 process information) with 复议前置. */
export const REFUSAL: Partial<CaseLetter> = {
  conclusion: 'denied.processInfo',
  legalBasis: ['《政府信息公开条例》第十六条第二款'],
  reasonText: '所申请信息为讨论记录，属于过程性信息。',
  attachments: [],
  remedies: { reviewBody: REVIEW_BODY, reviewDays: 60, reviewFirst: true },
};

export interface ApplicationSpec {
  readonly id: string;
  /** Online submission confirmed the same day. */
  readonly receivedOn?: IsoDate;
  /** Answer date; null = still open. Default: 10 working days after receipt. */
  readonly answeredOn?: IsoDate | null;
  readonly outcome?: CaseOutcome;
  /** Events between receipt and the answer. */
  readonly middle?: readonly CaseEvent[];
  /** Patch of the reply letter; null = no letter. */
  readonly letter?: Partial<CaseLetter> | null;
  readonly letters?: Section<readonly CaseLetter[]>;
  readonly register?: Section<RegisterEntry>;
  readonly channel?: ApplicationRecord['channel'];
}

/** A realistic case: online, confirmed on submission, answered in writing with a complete letter. */
export function application(spec: ApplicationSpec): ApplicationRecord {
  const receivedOn = spec.receivedOn ?? '2025-03-03';
  const answeredOn = spec.answeredOn === undefined ? wd(receivedOn, 10) : spec.answeredOn;
  const outcome: CaseOutcome =
    spec.outcome ?? (spec.letter?.conclusion as CaseOutcome | undefined) ?? 'granted';
  const channel = spec.channel ?? 'online';
  const received: CaseEvent =
    channel === 'online'
      ? { type: 'received', channel: 'online', submittedOn: receivedOn, confirmedOn: receivedOn }
      : channel === 'post_signed'
        ? { type: 'received', channel: 'post_signed', submittedOn: receivedOn, signedOn: receivedOn }
        : channel === 'post_plain'
          ? { type: 'received', channel: 'post_plain', submittedOn: receivedOn }
          : { type: 'received', channel, submittedOn: receivedOn };
  const events: CaseEvent[] = [received, ...(spec.middle ?? [])];
  if (answeredOn !== null) {
    if (outcome === 'other.overdueCorrection') events.push({ type: 'correctionLapsed', on: answeredOn });
    else if (outcome === 'withdrawn') events.push({ type: 'withdrawn', on: answeredOn });
    else events.push({ type: 'answered', on: answeredOn, outcome: outcome as never });
  }
  const letters: Section<readonly CaseLetter[]> =
    spec.letters !== undefined
      ? spec.letters
      : spec.letter === null || answeredOn === null
        ? []
        : [replyLetter(spec.id, receivedOn, answeredOn, { conclusion: outcome, ...spec.letter })];
  const register: Section<RegisterEntry> =
    spec.register !== undefined
      ? spec.register
      : {
          applicant: '张某某',
          receivedOn,
          request: '新源街道2024年老旧小区改造项目清单',
          repliedOn: answeredOn,
          result: answeredOn === null ? null : '予以公开',
        };
  return {
    id: spec.id,
    serial: `2025-${spec.id}`,
    channel,
    submittedOn: receivedOn,
    events,
    letters,
    register,
    purposeDemanded: false,
  };
}

/** Named traits: each returns a case with exactly one fault (or a boundary). */
export const applicationTraits = {
  /** Answered on the last day of the 20-WD period. */
  answeredOnDueDate: (id: string, receivedOn: IsoDate = '2025-03-03') =>
    application({ id, receivedOn, answeredOn: wd(receivedOn, 20) }),
  /** Answered one working day after the due date. */
  overdue: (id: string, receivedOn: IsoDate = '2025-03-03') =>
    application({ id, receivedOn, answeredOn: wd(receivedOn, 21) }),
  /** Not answered, the due date long past. */
  openOverdue: (id: string, receivedOn: IsoDate = '2025-03-03') =>
    application({ id, receivedOn, answeredOn: null }),
  /** A refusal whose letter names no remedies. */
  letterWithoutRemedies: (id: string) =>
    application({ id, outcome: 'denied.processInfo', letter: { ...REFUSAL, remedies: null } }),
  /** A refusal whose letter omits the 复议前置 notice. */
  refusalWithoutReviewFirst: (id: string) =>
    application({
      id,
      outcome: 'denied.processInfo',
      letter: { ...REFUSAL, remedies: { reviewBody: REVIEW_BODY, reviewDays: 60, courtMonths: 6 } },
    }),
  /** A refusal that cites no provision. */
  refusalWithoutBasis: (id: string) =>
    application({ id, outcome: 'denied.processInfo', letter: { ...REFUSAL, legalBasis: [] } }),
  /** Answered by phone only. */
  phoneReply: (id: string) => application({ id, letter: { delivery: 'phone' } }),
  /** Signed by an internal division, no seal. */
  letterSignedByDivision: (id: string) =>
    application({ id, letter: { signedBy: '新源街道党政综合办公室', sealed: false } }),
  /** Correction requested `n` working days after receipt. */
  correctionAfter: (id: string, n: number, receivedOn: IsoDate = '2025-03-03') => {
    const on = wd(receivedOn, n);
    const back = wd(on, 5);
    return application({
      id,
      receivedOn,
      answeredOn: wd(back, 10),
      middle: [
        { type: 'correctionRequested', on, dueOn: wd(on, 10) },
        { type: 'correctionReceived', on: back },
      ],
    });
  },
  /** Extended by 20 WD and answered on the extended due date. */
  extendedAnsweredOnDue: (id: string, receivedOn: IsoDate = '2025-03-03') =>
    application({
      id,
      receivedOn,
      answeredOn: wd(receivedOn, 40),
      middle: [{ type: 'extensionApproved', on: wd(receivedOn, 15), workingDays: 20, approvedBy: '王主任' }],
    }),
  /** Not in the register. */
  unregistered: (id: string) => application({ id, register: { unavailable: '未登记' } }),
} as const;

// ---------------------------------------------------------------------------------------------------------
// Catalogue and columns

let itemSeq = 0;

export function item(patch: Partial<CatalogueItem> & { id: string }): CatalogueItem {
  itemSeq++;
  return {
    indexNo: `11220103MB1234567X/2025-${String(itemSeq).padStart(5, '0')}`,
    title: '新源街道关于开展2025年春季爱国卫生运动的通知',
    summary: '部署辖区春季爱国卫生运动。',
    formedOn: '2025-03-03',
    publishedOn: '2025-03-05',
    publisher: AGENCY_NAME,
    topic: '卫生、体育\\卫生',
    category: '通知',
    isNormativeDoc: false,
    columnKey: 'tzgg',
    brokenLinks: 0,
    matchesSite: true,
    ...patch,
  };
}

/** A 规范性文件 with every mark, WORD/PDF downloads and a 解读 published the same day. */
export function normativeDoc(patch: Partial<CatalogueItem> & { id: string }): CatalogueItem {
  const publishedOn = patch.publishedOn ?? '2025-04-10';
  return item({
    title: '新源街道居民自治事项管理办法',
    summary: '规定居民自治事项的范围和程序。',
    formedOn: '2025-04-08',
    publishedOn,
    docNumber: '新源发〔2025〕3号',
    validity: '有效',
    keywords: ['居民自治', '管理办法'],
    category: '规范性文件',
    isNormativeDoc: true,
    isPolicyDoc: true,
    columnKey: 'gfxwj',
    downloads: ['word', 'pdf'],
    interpretations: [
      { id: `${patch.id}-jd`, title: '《新源街道居民自治事项管理办法》解读', publishedOn, linksBack: true },
    ],
    ...patch,
  });
}

export const itemTraits = {
  /** Published on the 20th working day after formation (boundary: passes). */
  publishedOnDeadline: (id: string, formedOn: IsoDate = '2025-03-03') =>
    item({ id, formedOn, publishedOn: wd(formedOn, 20) }),
  /** Published on the 21st working day (fails). */
  publishedLate: (id: string, formedOn: IsoDate = '2025-03-03') =>
    item({ id, formedOn, publishedOn: wd(formedOn, 21) }),
  /** Published before the document was issued. */
  publishedEarly: (id: string) => item({ id, formedOn: '2025-03-10', publishedOn: '2025-03-07' }),
  /** No 索引号 and no 内容概述. */
  missingMetadata: (id: string) => item({ id, indexNo: null, summary: '' }),
  normativeWithoutValidity: (id: string) => normativeDoc({ id, validity: null }),
  normativeWithoutInterpretation: (id: string) => normativeDoc({ id, interpretations: [] }),
  /** 解读 one day after the document. */
  normativeLateInterpretation: (id: string) =>
    normativeDoc({
      id,
      publishedOn: '2025-04-10',
      interpretations: [{ id: `${id}-jd`, publishedOn: '2025-04-11', linksBack: true }],
    }),
} as const;

/** A portal column: key, title, kind, level, item count, date of the newest item. */
function column(
  key: string,
  title: string,
  kind: PortalColumn['kind'],
  level: number,
  itemCount: number,
  lastItemOn: IsoDate,
): PortalColumn {
  return { key, title, kind, level, itemCount, lastItemOn };
}

export function columns(patch: readonly PortalColumn[] = []): PortalColumn[] {
  const base: PortalColumn[] = [
    column('zn', '政府信息公开指南', 'guide', 1, 1, '2025-01-10'),
    column('zd', '政府信息公开制度', 'rules', 1, 3, '2024-03-01'),
    column('fd', '法定主动公开内容', 'statutory', 1, 120, '2025-06-25'),
    column('nb', '政府信息公开年报', 'annualReport', 1, 6, '2025-01-20'),
    column('gzdt', '工作动态', 'dynamic', 2, 300, '2025-06-26'),
    column('tzgg', '通知公告', 'notice', 2, 80, '2025-05-20'),
    column('zcwj', '政策文件', 'policy', 1, 40, '2025-04-10'),
    column('gfxwj', '规范性文件', 'normative', 2, 12, '2025-04-10'),
  ];
  const byKey = new Map(base.map((c) => [c.key, c]));
  for (const c of patch) byKey.set(c.key, c);
  return [...byKey.values()];
}

/** A 动态 column last updated 2025-05-01: stale at 2025-06-30 (2 weeks). */
export function staleColumn(key = 'sqdt'): PortalColumn {
  return { key, title: '社区动态', kind: 'dynamic', level: 2, itemCount: 25, lastItemOn: '2025-05-01' };
}

export function blankColumn(key = 'kbl'): PortalColumn {
  return { key, title: `专题${key}`, kind: 'other', level: 2, itemCount: 0, lastItemOn: null };
}

// ---------------------------------------------------------------------------------------------------------
// Annual reports

export const SECTIONS_2024: Readonly<Record<string, string>> = {
  一: '2024年，新源街道坚持以公开为常态、不公开为例外，围绕老旧小区改造、社区养老服务和背街小巷整治等群众关切事项，通过区政府门户网站街道专栏集中发布政府信息，全年主动公开各类信息二百余条，办理依申请公开事项十一件，均在法定期限内答复。',
  二: '主动公开方面，本街道重点公开了行政规范性文件、财政预决算和民生项目实施情况，新制发规范性文件两件并同步发布政策解读。',
  三: '全年收到政府信息公开申请十一件，其中予以公开七件、部分公开一件、不予公开一件、无法提供两件。',
  四: '全年未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。',
  五: '存在的问题：一是部分栏目更新频率不高，社区动态类信息发布不够及时；二是政策解读形式较为单一，图解、视频等形式运用不足。改进情况：针对上年度指出的信息发布审核流程不规范问题，本年度已建立三审制度并逐条登记发布台账。下一步，街道将建立栏目更新提醒机制，明确各社区信息员职责，并在重要政策发布时同步推出图解解读。',
  六: '本年度未收取信息处理费。',
};

export const SECTIONS_2023: Readonly<Record<string, string>> = {
  一: '2023年，街道按照区政务公开办部署，完成了政府信息公开专栏的迁移和栏目规范化调整，梳理历史文件一百余件，对失效文件逐一作出标注。',
  二: '本年度在专栏发布工作动态、通知公告等信息一百五十余条，公布了年度财政预算和重点民生实事项目清单。',
  三: '本年度共受理申请六件，答复结果以予以公开为主，另有一件因申请内容不明确经补正后办结。',
  四: '行政复议和行政诉讼均为零。',
  五: '主要问题是信息发布审核流程不够规范，个别信息发布前未经分管领导审签；工作人员业务培训偏少。改进措施：制定信息发布审核办法，组织社区工作人员参加区级培训两次。',
  六: '无其他需要报告的事项。',
};

export function tables(patch: Record<string, number> = {}): ReportTables {
  const t = emptyTables('2021');
  const set = (row: keyof typeof t.applications, values: number[]) => {
    t.applications[row] = values;
  };
  for (const key of Object.keys(t.applications)) set(key as never, [0, 0, 0, 0, 0, 0, 0]);
  set('newReceived', [10, 1, 0, 0, 0, 0, 11]);
  set('granted', [6, 1, 0, 0, 0, 0, 7]);
  set('partial', [1, 0, 0, 0, 0, 0, 1]);
  set('denied.processInfo', [1, 0, 0, 0, 0, 0, 1]);
  set('unable.notHeld', [2, 0, 0, 0, 0, 0, 2]);
  set('totalProcessed', [10, 1, 0, 0, 0, 0, 11]);
  t.review = Array(15).fill(0);
  for (const k of Object.keys(t.proactive)) t.proactive[k] = 0;
  t.proactive['normativeDocs.made'] = 2;
  t.proactive['normativeDocs.valid'] = 12;
  for (const [k, v] of Object.entries(patch)) t.proactive[k] = v;
  return freezeTables(t);
}

export function annualReport(patch: Partial<AnnualReportRecord> = {}): AnnualReportRecord {
  return {
    year: 2024,
    dueOn: '2025-01-31',
    publishedOn: '2025-01-20',
    formatUsed: '2021',
    formatExpected: '2021',
    sectionHeadings: FORMATS['2021'].sections,
    findings: [],
    tables: tables(),
    recountedTables: tables(),
    explainedCells: [],
    sections: SECTIONS_2024,
    previousSections: SECTIONS_2023,
    copies: 1,
    silentEdits: 0,
    hasGraphic: true,
    ...patch,
  };
}

/** This year's text is last year's with a date changed: the 雷同 fault. */
export function copiedReport(): AnnualReportRecord {
  const copied: Record<string, string> = {};
  for (const [k, v] of Object.entries(SECTIONS_2023)) copied[k] = v.replace('2023年', '2024年');
  return annualReport({ sections: copied });
}

// ---------------------------------------------------------------------------------------------------------
// Interaction and attestations

export function question(id: string, receivedOn: IsoDate, answeredOn: IsoDate | null): Message {
  return { id, label: `咨询留言${id}`, receivedOn, answeredOn };
}

export function errorReport(id: string, receivedOn: IsoDate, answeredOn: IsoDate | null): Message {
  return { id, label: `找错留言${id}`, receivedOn, answeredOn };
}

export const MANUAL_IDS = ['A01', 'P06', 'P09', 'P10', 'W05', 'W07', 'S01'] as const;

export function attestations(on: IsoDate = '2025-03-01', passed = true): Attestation[] {
  return MANUAL_IDS.map((indicatorId) => ({ indicatorId, on, passed, by: '李科员' }));
}

// ---------------------------------------------------------------------------------------------------------
// Whole inputs

/** A clean agency: every assessable indicator passes (R-rows judge the 2024 report due 2025-01-31). */
export function cleanInput(patch: Partial<AssessmentInput> = {}): AssessmentInput {
  return {
    agency: agency(),
    period: PERIOD,
    today: TODAY,
    calendar: CAL,
    applications: [
      application({ id: '001', receivedOn: '2025-01-06' }),
      application({ id: '002', receivedOn: '2025-03-03' }),
      application({ id: '003', receivedOn: '2025-04-01', outcome: 'denied.processInfo', letter: REFUSAL }),
      applicationTraits.answeredOnDueDate('004', '2025-05-06'),
      applicationTraits.correctionAfter('005', 7, '2025-02-10'),
      applicationTraits.extendedAnsweredOnDue('006', '2025-03-17'),
    ],
    catalogue: [
      item({ id: 'i1' }),
      itemTraits.publishedOnDeadline('i2', '2025-05-06'),
      normativeDoc({ id: 'n1' }),
      item({
        id: 'f1',
        title: '2025年第一季度规范性文件备案目录',
        special: 'filing',
        publishedOn: '2025-04-15',
        formedOn: '2025-04-14',
      }),
      item({
        id: 'f2',
        title: '2024年第四季度规范性文件备案目录',
        special: 'filing',
        publishedOn: '2025-01-15',
        formedOn: '2025-01-14',
      }),
    ],
    columns: columns(),
    annualReports: [annualReport()],
    litigation: [
      { id: 'fy1', kind: 'review', decidedOn: '2025-05-20', result: 'upheld', label: '宽政复〔2025〕8号' },
    ],
    interaction: {
      questions: ['2025-01-06', '2025-02-10', '2025-03-10', '2025-04-07', '2025-05-12', '2025-06-03'].map(
        (on, i) => question(`q${i + 1}`, on, addCalendarDays(on, 4)),
      ),
      errorReports: [errorReport('e1', '2025-04-25', '2025-04-29')],
      statisticsPublishedOn: ['2025-01-05', '2025-04-05'],
    },
    attestations: attestations(),
    ...patch,
  };
}

/** The demo faults of the 政务公开体检 (docs/domain/README.md#assessment): an overdue case, a letter without remedies, a 规范性文件 without its
 *  validity mark, a stale column and a report copied from last year — and nothing else wrong. */
export function faultyInput(): AssessmentInput {
  const clean = cleanInput();
  return {
    ...clean,
    applications: [
      ...(clean.applications as ApplicationRecord[]),
      applicationTraits.overdue('101', '2025-04-01'),
      applicationTraits.letterWithoutRemedies('102'),
    ],
    catalogue: [...(clean.catalogue as CatalogueItem[]), itemTraits.normativeWithoutValidity('n2')],
    columns: columns([staleColumn()]),
    annualReports: [copiedReport()],
  };
}

/** A large agency for the benchmark: `cases` applications and `items` catalogue items over 2025. */
export function largeInput(cases: number, items: number): AssessmentInput {
  const apps: ApplicationRecord[] = [];
  for (let i = 0; i < cases; i++) {
    const receivedOn = addCalendarDays('2025-01-02', i % 150);
    const trait = i % 50;
    if (trait === 0) apps.push(applicationTraits.overdue(`b${i}`, receivedOn));
    else if (trait === 1) apps.push(applicationTraits.correctionAfter(`b${i}`, 8, receivedOn));
    else apps.push(application({ id: `b${i}`, receivedOn }));
  }
  const cat: CatalogueItem[] = [];
  for (let i = 0; i < items; i++) {
    const formedOn = addCalendarDays('2025-01-02', i % 160);
    if (i % 40 === 0) cat.push(normativeDoc({ id: `c${i}`, formedOn, publishedOn: wd(formedOn, 2) }));
    else cat.push(item({ id: `c${i}`, formedOn, publishedOn: wd(formedOn, (i % 25) + 1) }));
  }
  const qs: Message[] = [];
  for (let i = 0; i < 500; i++) {
    const on = addCalendarDays('2025-01-02', i % 170);
    qs.push(question(`bq${i}`, on, addCalendarDays(on, 5)));
  }
  return cleanInput({
    applications: apps,
    catalogue: cat,
    interaction: { questions: qs, errorReports: [], statisticsPublishedOn: ['2025-06-01'] },
  });
}
