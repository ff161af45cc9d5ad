/**
 * Database → AssessmentInput for one agency and one period (docs/domain/README.md#assessment). Every capability whose data is
 * read here is present in this build; a part that cannot be read from the records is passed as
 * `{ unavailable: reason }` so the screen says 无法评估 with the reason, never a silent pass.
 *
 * Letters are read from their text (`parseLetter`): the 复议机关, 六十日, 六个月 and 复议前置 wording, the
 * cited provisions, the 落款. Whether a letter was sealed is recorded when it is sent (电子印章, 纸质文书加盖
 * 公章, or none); for letters sent before that was asked `sealed` is null: A06 reports it as unknown
 * instead of missing.
 */
import { findAgenciesByIds } from '../agencies/agency.repository.ts';
import { type Agency, reviewBodyFor } from '../agencies/agency.rules.ts';
import { LETTER_KINDS } from '../applications/letters.ts';
import {
  type CaseEvent,
  type CaseOutcome,
  computeDeadlines,
  outcomeLabel,
  type ReceiptChannel,
} from '../applications/rules/timeline.ts';
import type { Calendar } from '../calendar/calendar.ts';
import type { IsoDate } from '../calendar/dates.ts';
import { workingDaysBetween } from '../calendar/workdays.ts';
import { listTopics, type Topic, topicLabel } from '../catalogue/catalogue.repository.ts';
import { ART20_ITEMS, basisLabel } from '../catalogue/catalogue.rules.ts';
import type { Executor } from '../db/database.ts';
import type { LitigationCase } from '../litigation/litigation.rules.ts';
import { checkDocument, type ReportDocument } from '../reports/report.model.ts';
import type { AnnualReport } from '../reports/report.repository.ts';
import { dueDate, reportFormat } from '../reports/report.service.ts';
import { paths } from '../shared/paths.ts';
import {
  type AgencyRows,
  type ApplicationRow,
  BULK_CHUNK,
  type CatalogueRow,
  type LetterRow,
  rowsForAgencies,
} from './assessment.repository.ts';
import type {
  AnnualReportRecord,
  ApplicationRecord,
  AssessmentInput,
  CaseLetter,
  CatalogueItem,
  DeliveryMode,
  GuideInfo,
  LetterKind,
  LetterRemedies,
  LitigationResult,
  Message,
  Period,
  PortalColumn,
  ValidityMark,
} from './input.ts';

/** The default period: 1 January of the current year to today. */
export function defaultPeriod(today: IsoDate): Period {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

// ---------------------------------------------------------------------------------------------------------
// Letters

/** The notices among a case's letters; every other kind of `LETTER_KINDS` is a reply (Art. 36). */
const NOTICE_KINDS: ReadonlyMap<string, LetterKind> = new Map<string, LetterKind>([
  ['correction', 'correction'],
  ['extension', 'extension'],
  ['fee', 'fee'],
  ['third_party', 'consultation'],
  ['third_party_decision', 'consultation'],
]);
const REPLY_KINDS: ReadonlySet<string> = new Set(LETTER_KINDS.filter((k) => !NOTICE_KINDS.has(k)));

function letterKindOf(kind: string): LetterKind {
  return NOTICE_KINDS.get(kind) ?? (REPLY_KINDS.has(kind) ? 'reply' : 'other');
}

function isoFromChinese(y: string, m: string, d: string): IsoDate {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** A placeholder left in a template (`______`, `____年__月__日`). */
const PLACEHOLDER = /_{2,}/;

/** Cited provisions: 《…》第…条(第（…）项)? — the law name is carried to following bare articles. */
export function citedProvisions(body: string): string[] {
  const out: string[] = [];
  const re =
    /(《[^》]{2,40}》)?(第[一二三四五六七八九十百零〇\d]+条(?:第[一二三四五六七八九十\d]+款)?(?:第（[一二三四五六七八九十\d]+）项)?)/g;
  let law = '';
  for (const m of body.matchAll(re)) {
    if (m[1]) law = m[1];
    out.push(`${law}${m[2]}`);
  }
  return [...new Set(out)];
}

/** The remedies paragraph read from a letter's text; null when the letter states none. */
export function remediesOf(body: string): LetterRemedies | null {
  const reviewBody = /向([^，。；\n]{2,40}?)申请行政复议/.exec(body)?.[1]?.trim() ?? null;
  const reviewDays = /(六十|60)日/.test(body) ? 60 : null;
  const courtMonths = /(六|6)个月/.test(body) ? 6 : null;
  const reviewFirst = /应当先[^。]{0,40}申请行政复议|复议前置/.test(body);
  if (reviewBody === null && reviewDays === null && courtMonths === null && !reviewFirst) return null;
  return { reviewBody, reviewDays, courtMonths, reviewFirst, court: null };
}

function reasonOf(body: string): string | null {
  const explicit = /理由(?:如下)?[：:]\s*([^\n]+)/.exec(body)?.[1]?.trim();
  if (explicit !== undefined) return PLACEHOLDER.test(explicit) || explicit === '' ? null : explicit;
  const finding = /经(?:审查|检索|核查)，([^。]+)。/.exec(body)?.[1]?.trim();
  return finding && !PLACEHOLDER.test(finding) ? finding : null;
}

const DELIVERY: Readonly<Record<string, DeliveryMode>> = {
  post: 'post',
  pickup: 'in_person',
  email: 'email',
  online: 'online',
};

/**
 * A letter as the assessment reads it: its formal elements found in the text.
 *
 * @example parseLetter(row, app, 'granted', ['宽城区欣园街道办事处']).remedies?.reviewDays // 60
 */
export function parseLetter(
  l: LetterRow,
  app: Pick<ApplicationRow, 'request' | 'deliveryMethod' | 'applicantName'>,
  outcome: CaseOutcome | null,
): CaseLetter {
  const body = l.body.replace(/\r\n/g, '\n');
  const lines = body
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const addressee = /^([^：:\n]{1,60})[：:]$/.exec(lines[0] ?? '')?.[1]?.trim() ?? null;
  const received = /于(\d{4})年(\d{1,2})月(\d{1,2})日收到/.exec(body);
  const last = lines.at(-1) ?? '';
  const dated = /^\d{4}年\d{1,2}月\d{1,2}日$/.test(last) || /^_+年/.test(last);
  const signedBy = (dated ? lines.at(-2) : last)?.trim() ?? null;
  const kind = letterKindOf(l.kind);
  const request = app.request.trim();
  const accessPath =
    /获取[^。]{0,20}(方式|途径|网址)[^。]*[：:][^。]+/.exec(body)?.[0] ??
    /(网址|链接)[：:]\s*\S+/.exec(body)?.[0] ??
    null;
  return {
    id: String(l.id),
    kind,
    title: l.title,
    docNumber: l.docNumber,
    issuedOn: l.sentOn,
    addressee,
    receivedDateStated: received
      ? isoFromChinese(received[1] as string, received[2] as string, received[3] as string)
      : null,
    requestRestated: request !== '' && (body.includes(request) || /申请(获取|公开)“[^”]+”/.test(body)),
    conclusion: kind === 'reply' ? outcome : null,
    legalBasis: citedProvisions(body),
    reasonText: reasonOf(body),
    remedies: remediesOf(body),
    signedBy: signedBy && !PLACEHOLDER.test(signedBy) ? signedBy : null,
    sealed: l.seal === null ? null : l.seal !== 'none',
    attachments: /见附件|附件[：:]/.test(body) ? [{ name: '附件' }] : [],
    accessPath: accessPath && !PLACEHOLDER.test(accessPath) ? accessPath : null,
    delivery: app.deliveryMethod ? (DELIVERY[app.deliveryMethod] ?? null) : null,
    itemsListed: kind === 'correction' ? !/补正[：:]\s*_{2,}/.test(body) : null,
    correctionDeadlineStated: kind === 'correction' ? /于\d{4}年\d{1,2}月\d{1,2}日前/.test(body) : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Applications

type ApplicationRows = Pick<AgencyRows, 'apps' | 'events' | 'letters'>;

const NO_LETTERS: readonly LetterRow[] = [];

function applicationRecords(rows: ApplicationRows, cal: Calendar): ApplicationRecord[] {
  const out: ApplicationRecord[] = [];
  for (const a of rows.apps) {
    const events = rows.events.get(a.id) ?? [];
    let deadlines: ReturnType<typeof computeDeadlines> | undefined;
    try {
      deadlines = events[0]?.type === 'received' ? computeDeadlines(events as CaseEvent[], cal) : undefined;
    } catch {
      deadlines = undefined;
    }
    const outcome = deadlines?.outcome ?? (a.outcome as CaseOutcome | null) ?? null;
    // Only sent letters are read (the repository selects no others); each is parsed once.
    const letters = (rows.letters.get(a.id) ?? NO_LETTERS).map((l) => parseLetter(l, a, outcome));
    out.push({
      id: String(a.id),
      serial: a.serial,
      channel: a.channel as ReceiptChannel,
      submittedOn: a.submittedOn,
      events,
      ...(deadlines ? { deadlines } : {}),
      letters,
      register: {
        applicant: a.applicantName,
        receivedOn: a.submittedOn,
        request: a.request,
        repliedOn: a.closedOn,
        result: a.outcome ? outcomeLabel(a.outcome as CaseOutcome) : null,
      },
      // The online and clerk forms ask for 用途 only as an optional field (Art. 29 does not require it).
      purposeDemanded: false,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Catalogue and columns

const VALIDITY: Readonly<Record<string, ValidityMark>> = { valid: '有效', expired: '失效', repealed: '废止' };

/** The key of the 规范性文件 library column (every normative document is listed there). */
export const NORMATIVE_COLUMN = 'normative';

/** Shared by every item without a 解读 (most of them): one array instead of one per item. */
const NO_INTERPRETATIONS: CatalogueItem['interpretations'] = Object.freeze([]);

function catalogueRecords(
  rows: readonly CatalogueRow[],
  topics: readonly Topic[],
  cal: Calendar,
): CatalogueItem[] {
  const interpretations = new Map<number, CatalogueRow[]>();
  for (const r of rows) {
    if (r.interpretsId === null || r.status !== 'published') continue;
    let list = interpretations.get(r.interpretsId);
    if (!list) {
      list = [];
      interpretations.set(r.interpretsId, list);
    }
    list.push(r);
  }
  const labels = new Map<number | null, string | null>();
  const labelOf = (id: number | null): string | null => {
    let label = labels.get(id);
    if (label === undefined) {
      label = topicLabel(topics, id);
      labels.set(id, label);
    }
    return label;
  };
  return rows.map<CatalogueItem>((r) => {
    const override =
      r.publishDue && r.formedOn && r.publishDue !== r.formedOn
        ? workingDaysBetween(cal, r.formedOn, r.publishDue)
        : null;
    const interpreted = interpretations.get(r.id);
    const item: CatalogueItem = {
      id: String(r.id),
      indexNo: r.indexNo,
      title: r.title,
      summary: r.description,
      formedOn: r.formedOn,
      publishedOn: r.status === 'published' ? r.publishedOn : null,
      publisher: r.publisher,
      docNumber: r.docNumber,
      validity: r.validity ? (VALIDITY[r.validity] ?? null) : null,
      topic: labelOf(r.topicId),
      category: r.genre,
      keywords: r.keywords ? r.keywords.split(/[,，;；\s]+/).filter((k) => k !== '') : [],
      isNormativeDoc: r.docType === 'normative',
      isPolicyDoc: r.docType === 'rule',
      interpretations: interpreted
        ? interpreted.map((x) => ({
            id: String(x.id),
            title: x.title,
            publishedOn: x.publishedOn,
            // The portal links a 解读 and its document both ways (catalogue-portal views).
            linksBack: true,
          }))
        : NO_INTERPRETATIONS,
      columnKey: r.docType === 'normative' ? NORMATIVE_COLUMN : r.basis,
      // The portal columns are rendered from these records: 目录 and 网站 cannot diverge.
      matchesSite: r.status === 'published' ? true : null,
    };
    return override !== null && override > 0 ? { ...item, publishWithinWorkingDays: override } : item;
  });
}

/** Art. 20 sub-columns that must be kept current: 法规文件 is the 政策文件 column (6 months). */
const COLUMN_KINDS: Readonly<Record<string, PortalColumn['kind']>> = { 'art20:1': 'policy' };
/** The 规范性文件库 is a register, renewed by the yearly 清理 rather than by new items. */
export const NORMATIVE_LIBRARY_UPDATE_DAYS = 366;

function maxDate(dates: readonly (string | null)[]): IsoDate | null {
  let m: string | null = null;
  for (const d of dates) if (d !== null && (m === null || d > m)) m = d;
  return m;
}

function columnRecords(
  rows: readonly CatalogueRow[],
  reportsPublished: readonly IsoDate[],
  today: IsoDate,
): PortalColumn[] {
  const published = rows.filter((r) => r.status === 'published' && r.publishedOn !== null);
  const of = (pick: (r: CatalogueRow) => boolean): { itemCount: number; lastItemOn: IsoDate | null } => {
    const list = published.filter(pick);
    return { itemCount: list.length, lastItemOn: maxDate(list.map((r) => r.publishedOn)) };
  };
  const cols: PortalColumn[] = [
    // The guide is generated from the agency's current data: always present and current.
    { key: 'guide', title: '政府信息公开指南', kind: 'guide', level: 1, itemCount: 1, lastItemOn: today },
    {
      key: 'system',
      title: '政府信息公开制度',
      kind: 'rules',
      level: 1,
      ...of((r) => r.docType === 'system'),
    },
    {
      key: 'proactive',
      title: '法定主动公开内容',
      kind: 'statutory',
      level: 1,
      ...of((r) => r.docType !== 'system'),
    },
    {
      key: 'reports',
      title: '政府信息公开年报',
      kind: 'annualReport',
      level: 1,
      itemCount: reportsPublished.length,
      lastItemOn: maxDate(reportsPublished),
    },
  ];
  const bases = new Set(published.filter((r) => r.docType !== 'system').map((r) => r.basis));
  const ordered = [
    ...ART20_ITEMS.map((i) => `art20:${i.no}`).filter((b) => bases.has(b)),
    ...[...bases].filter((b) => !b.startsWith('art20:')).sort(),
  ];
  for (const b of ordered) {
    const label = basisLabel(b);
    const short = ART20_ITEMS.find((i) => `art20:${i.no}` === b)?.short;
    cols.push({
      key: b,
      title: short ?? label.replace(/^第二十一条\s*/, ''),
      kind: COLUMN_KINDS[b] ?? 'other',
      level: 2,
      ...of((r) => r.basis === b && r.docType !== 'system'),
    });
  }
  const normative = of((r) => r.docType === 'normative');
  if (normative.itemCount > 0) {
    cols.push({
      key: NORMATIVE_COLUMN,
      title: '规范性文件',
      kind: 'normative',
      level: 2,
      ...normative,
      expectedUpdateDays: NORMATIVE_LIBRARY_UPDATE_DAYS,
    });
  }
  return cols;
}

// ---------------------------------------------------------------------------------------------------------
// Annual reports

const SECTION_KEYS = { overview: '一', problems: '五', other: '六' } as const;

function sectionsOf(doc: ReportDocument): Record<string, string> {
  return {
    [SECTION_KEYS.overview]: doc.narrative.overview,
    [SECTION_KEYS.problems]: doc.narrative.problems,
    [SECTION_KEYS.other]: doc.narrative.other,
  };
}

function reportRecords(
  reports: readonly AnnualReport[],
  agency: Agency,
  period: Period,
  localDateOf: (iso: string) => IsoDate,
): AnnualReportRecord[] {
  const byYear = new Map(reports.map((r) => [r.year, r]));
  const firstYear = Number(period.from.slice(0, 4)) - 1;
  const lastYear = Number(period.to.slice(0, 4)) - 1;
  const out: AnnualReportRecord[] = [];
  for (let year = Math.max(2019, firstYear); year <= lastYear; year++) {
    const r = byYear.get(year) ?? null;
    const prev = byYear.get(year - 1)?.published ?? null;
    const doc = r?.status === 'published' ? r.published : null;
    const publishedOn = doc && r?.publishedAt ? localDateOf(r.publishedAt) : null;
    out.push({
      year,
      dueOn: dueDate(agency, year, r),
      publishedOn,
      formatUsed: doc ? doc.format : null,
      formatExpected: reportFormat(year, r),
      ...(doc
        ? {
            findings: checkDocument(doc, prev?.tables),
            tables: doc.tables,
            recountedTables: { unavailable: '尚未按台账重新统计已公布年报的表格（请在年报页面核对）' },
            sections: sectionsOf(doc),
            previousSections: prev ? sectionsOf(prev) : { unavailable: `${year - 1}年度年报未在本系统发布` },
            copies: 1,
            silentEdits: 0,
          }
        : {}),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The whole input

export interface LoadOptions {
  readonly today: IsoDate;
  readonly calendar: Calendar;
  readonly period?: Period;
  /** Converts a stored UTC timestamp to the local date (config time zone). */
  readonly localDateOf: (iso: string) => IsoDate;
}

/** The records of one agency as read from the database, with its ancestors and the topic tree. */
interface AgencyData extends AgencyRows {
  readonly ancestors: readonly Agency[];
  readonly topics: readonly Topic[];
}

function ancestorIdsOf(agency: Agency): number[] {
  return agency.path
    .split('/')
    .filter((s) => s !== '')
    .map(Number)
    .filter((id) => id !== agency.id);
}

/**
 * Agencies whose rows are read together on the province path. Small on purpose: the rows of a chunk live
 * until its last agency is assessed, and rows that outlive a young-generation collection are copied and
 * promoted; 25 agencies (about 10,000 rows) halve the garbage-collection time of 200 at the same number of
 * rows read (bench/assessment.bench.ts). Nine queries per chunk are still far fewer than ten per agency.
 */
export const INPUT_CHUNK = 25;

/**
 * The input of one agency: the province path (`loadAssessmentInputs`) with that agency alone, so that an
 * agency assessed alone and in its province read the same rows the same way.
 *
 * @example await loadAssessmentInput(db, agency, { today, calendar, localDateOf })
 */
export async function loadAssessmentInput(
  db: Executor,
  agency: Agency,
  opts: LoadOptions,
): Promise<AssessmentInput> {
  for await (const { input } of loadAssessmentInputs(db, [agency], opts)) return input;
  throw new Error(`no input loaded for agency ${agency.id}`);
}

/**
 * The inputs of many agencies (a supervisor's subtree, a province), in the given order, read in bulk: the
 * ancestors and the topics once, then nine queries per chunk of `chunkSize` agencies. Only a chunk's rows
 * are held at once, and each input is built when the caller asks for it: an input assessed and dropped
 * before the next is built dies young (cheap to collect) instead of living as long as its chunk.
 *
 * @example for await (const { agency, input } of loadAssessmentInputs(db, agencies, opts)) assess(input)
 */
export async function* loadAssessmentInputs(
  db: Executor,
  agencies: readonly Agency[],
  opts: LoadOptions,
  chunkSize = INPUT_CHUNK,
): AsyncGenerator<{ agency: Agency; input: AssessmentInput }> {
  const period = opts.period ?? defaultPeriod(opts.today);
  const known = new Map<number, Agency>(agencies.map((a) => [a.id, a]));
  const missing = [...new Set(agencies.flatMap(ancestorIdsOf))].filter((id) => !known.has(id));
  const [topics, ...ancestorChunks] = await Promise.all([
    listTopics(db),
    ...Array.from({ length: Math.ceil(missing.length / BULK_CHUNK) }, (_, k) =>
      findAgenciesByIds(db, missing.slice(k * BULK_CHUNK, (k + 1) * BULK_CHUNK)),
    ),
  ]);
  for (const list of ancestorChunks) for (const a of list) known.set(a.id, a);
  for (let i = 0; i < agencies.length; i += chunkSize) {
    const chunk = agencies.slice(i, i + chunkSize);
    const rows = await rowsForAgencies(
      db,
      chunk.map((a) => a.id),
      period.from,
      period.to,
    );
    for (const agency of chunk) {
      const r = rows.get(agency.id) as AgencyRows;
      const ancestors = ancestorIdsOf(agency).flatMap((id) => {
        const a = known.get(id);
        return a ? [a] : [];
      });
      const data: AgencyData = { ...r, ancestors, topics };
      yield { agency, input: buildInput(agency, data, period, opts) };
    }
  }
}

function buildInput(agency: Agency, data: AgencyData, period: Period, opts: LoadOptions): AssessmentInput {
  const { placeNames, messages, cases } = data;
  const ancestors = [...data.ancestors].sort((a, b) => a.depth - b.depth);
  const o = agency.office;
  const guide: GuideInfo = {
    classification: '按条例第二十条、第二十一条所列事项分类',
    arrangement: '按主题分类和信息形成时间编排',
    obtainingMethod: `在本机关政府信息公开专栏查阅${placeNames.length > 0 ? `，或到${placeNames.join('、')}查阅` : ''}`,
    officeName: o.name,
    officeAddress: o.address,
    officeHours: o.hours,
    phone: o.phone,
    fax: o.fax,
    internetContact: o.email ?? agency.website,
    onlineApplicationUrl: paths.applications.apply({ agencyId: agency.id }),
    postalAddress: o.address,
    postcode: o.postcode,
    postalRecipient: o.name,
    // The guide is generated: it always states the time limits, fees and remedies, from current data.
    statesTimeLimits: true,
    statesFees: true,
    statesRemedies: true,
    updatedOn: opts.today,
    organisationChangedOn: opts.localDateOf(agency.updatedAt),
  };
  const toMessage = (m: (typeof messages)[number]): Message => ({
    id: String(m.id),
    label: `${m.kind === 'question' ? '咨询留言' : '找错留言'}（${m.name}，${m.receivedOn}）`,
    receivedOn: m.receivedOn,
    answeredOn: m.answeredOn,
  });
  const litigation: LitigationResult[] = cases.map((c) => ({
    id: String(c.id),
    kind: c.kind === 'review' ? 'review' : 'litigation',
    decidedOn: c.decidedOn,
    result: c.result as LitigationCase['result'],
    ...(c.caseNumber ? { label: c.caseNumber } : {}),
  }));
  const reportDates = data.reports
    .filter((r) => r.status === 'published' && r.publishedAt)
    .map((r) => opts.localDateOf(r.publishedAt as string));
  return {
    agency: {
      name: agency.name,
      kind: agency.kind,
      level: agency.level,
      reviewBody: reviewBodyFor(agency, ancestors),
      signatureNames: agency.shortName ? [agency.shortName] : [],
      guide,
    },
    period,
    today: opts.today,
    calendar: opts.calendar,
    applications: applicationRecords(data, opts.calendar),
    catalogue: catalogueRecords(data.items, data.topics, opts.calendar),
    columns: columnRecords(data.items, reportDates, opts.today),
    annualReports: reportRecords(data.reports, agency, period, opts.localDateOf),
    litigation,
    interaction: {
      questions: messages.filter((m) => m.kind === 'question').map(toMessage),
      errorReports: messages.filter((m) => m.kind === 'error_report').map(toMessage),
      statisticsPublishedOn: { unavailable: '系统尚未记录留言办理统计的公开日期' },
    },
    attestations: data.attestations,
  };
}
