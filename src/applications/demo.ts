import type { Agency } from '../agencies/agency.rules.ts';
import { loadHolidayEntries } from '../calendar/calendar.repository.ts';
import { buildCalendar, type Calendar } from '../calendar/calendar.ts';
import { addCalendarDays } from '../calendar/dates.ts';
import { isWorkingDay } from '../calendar/workdays.ts';
import type { Trx } from '../db/database.ts';
import { localDate } from '../shared/clock.ts';
import {
  organizationCodeCheckChar,
  residentIdCheckChar,
  unifiedSocialCreditCodeCheckChar,
} from '../shared/identifiers.ts';
import {
  insertApplication,
  insertEvent,
  insertLetter,
  nextSerial,
  saveDerived,
  setRepeatOf,
  updateLetter,
} from './application.repository.ts';
import type { ApplicantInput, ApplicantType } from './application.rules.ts';
import { newLookupCode } from './application.rules.ts';
import { draftLetter, type LetterKind, remediesParagraph } from './letters.ts';
import { type CaseEvent, computeDeadlines, type ReceiptChannel } from './rules/timeline.ts';

const REG = '《中华人民共和国政府信息公开条例》';

/** A reply letter of a demo case, drafted from the template and completed as a clerk would. */
interface DemoReply {
  readonly kind: LetterKind;
  readonly basis: string;
  /** Placeholder texts of the template and what the clerk wrote instead. */
  readonly fill: readonly (readonly [string, string])[];
  readonly sentAgo: number;
  /** A fault for the 政务公开体检 to find: the clerk deleted the remedies paragraph. */
  readonly withoutRemedies?: boolean;
}

/** The working day `n` working days before `date`. */
function workingDaysBefore(cal: Calendar, date: string, n: number): string {
  let d = date;
  let count = 0;
  while (count < n) {
    d = addCalendarDays(d, -1);
    if (isWorkingDay(cal, d)) count++;
  }
  return d;
}

function idNumber(body17: string): string {
  return `${body17}${residentIdCheckChar(body17)}`;
}

/** A checksum-valid 统一社会信用代码 from its first 16 characters (the 9th–16th are the org-code body). */
function creditCode(body16: string): string {
  const org = body16.slice(8, 16);
  const body17 = `${body16}${organizationCodeCheckChar(org)}`;
  return `${body17}${unifiedSocialCreditCodeCheckChar(body17)}`;
}

function person(name: string, id17: string, phone: string, request: string): ApplicantInput {
  return {
    applicantType: 'naturalPerson',
    applicantName: name,
    idDocType: 'resident_id',
    idDocName: null,
    idDocNumber: idNumber(id17),
    creditCode: null,
    contactPerson: null,
    phone,
    email: null,
    address: '长春市宽城区（演示地址）',
    postcode: '130051',
    request,
    purpose: null,
    formWanted: 'paper',
    delivery: 'post',
  };
}

function org(
  type: ApplicantType,
  name: string,
  code17: string,
  phone: string,
  request: string,
): ApplicantInput {
  return {
    applicantType: type,
    applicantName: name,
    idDocType: null,
    idDocName: null,
    idDocNumber: null,
    creditCode: creditCode(code17),
    contactPerson: '王经理',
    phone,
    email: 'contact@example.com',
    address: null,
    postcode: null,
    request,
    purpose: null,
    formWanted: 'email',
    delivery: 'email',
  };
}

/**
 * Demo records of this capability, loaded with the rest of the demo into an empty database: a realistic set
 * of current cases of 欣园街道 relative to today (open, due soon, overdue, 补正, third-party consultation,
 * extended, closed with different outcomes, a possible repeat). The 2020 cases come from loadReportsDemo.
 */
export async function loadApplicationsDemo(
  trx: Trx,
  agencies: ReadonlyMap<string, Agency>,
  now: string,
): Promise<void> {
  const xinyuan = agencies.get('xinyuan');
  if (!xinyuan) return;
  const cal = buildCalendar(await loadHolidayEntries(trx));
  const today = localDate(new Date(now), 'Asia/Shanghai');
  const ago = (n: number) => workingDaysBefore(cal, today, n);
  /** 复议机关 of a 街道 (派出机关): the district government (reviewBodyFor). */
  const reviewBody = agencies.get('kuancheng')?.name ?? xinyuan.name;

  const zhang = person(
    '张明',
    '22010319800512301',
    '13804310001',
    '2026年欣园街道老旧小区改造项目的实施方案及资金使用情况',
  );
  const cases: {
    applicant: ApplicantInput;
    channel: ReceiptChannel;
    source: string;
    events: (received: string) => CaseEvent[];
    reply?: DemoReply;
    repeatOfIndex?: number;
  }[] = [
    {
      applicant: zhang,
      channel: 'in_person',
      source: 'demo',
      events: (r) => [
        { type: 'received', channel: 'in_person', submittedOn: r },
        { type: 'answered', on: ago(30), outcome: 'granted' },
      ],
      reply: {
        kind: 'granted',
        basis: `${REG}第三十六条第（二）项`,
        fill: [['，或请您于____年__月__日前到本机关获取', '']],
        sentAgo: 30,
      },
    },
    {
      applicant: person(
        '李华',
        '22010219751103202',
        '13904310002',
        '欣园街道2026年低保对象评审程序的相关文件',
      ),
      channel: 'in_person',
      source: 'demo',
      events: (r) => [{ type: 'received', channel: 'in_person', submittedOn: r }],
    },
    {
      applicant: person(
        '王芳',
        '22010419900220402',
        '13604310003',
        '辖区内违章建筑拆除的行政执法决定书（2026年9月）',
      ),
      channel: 'post_signed',
      source: 'demo',
      events: (r) => [
        { type: 'received', channel: 'post_signed', submittedOn: addCalendarDays(r, -2), signedOn: r },
      ],
    },
    {
      applicant: person('赵强', '22010519681009501', '13704310004', '欣园街道办事处2025年度部门预算和决算'),
      channel: 'email',
      source: 'demo',
      events: (r) => [{ type: 'received', channel: 'email', submittedOn: r, confirmedOn: r }],
    },
    {
      applicant: person('刘洋', '22010619951201602', '13504310005', '关于某小区的文件'),
      channel: 'post_plain',
      source: 'demo',
      events: (r) => [
        { type: 'received', channel: 'post_plain', submittedOn: r, confirmedOn: r },
        { type: 'correctionRequested', on: ago(3), dueOn: addCalendarDays(today, 14) },
      ],
    },
    {
      applicant: org(
        'legalService',
        '吉林某某律师事务所',
        '31220000MD012345',
        '043188880006',
        '欣园街道与某物业服务企业签订的物业服务合同',
      ),
      channel: 'in_person',
      source: 'demo',
      events: (r) => [
        { type: 'received', channel: 'in_person', submittedOn: r },
        {
          type: 'thirdPartyConsultationSent',
          on: ago(6),
          party: '长春某物业服务有限公司',
          deliveredOn: ago(5),
        },
      ],
    },
    {
      applicant: org(
        'commercial',
        '长春某建筑工程有限公司',
        '91220103MA012345',
        '043188880007',
        '2026年欣园街道道路维修工程的招标文件和中标结果',
      ),
      channel: 'fax',
      source: 'demo',
      events: (r) => [
        { type: 'received', channel: 'fax', submittedOn: r, confirmedOn: r },
        { type: 'extensionApproved', on: ago(2), workingDays: 15, approvedBy: '欣园街道党政综合办公室主任' },
      ],
    },
    {
      applicant: person('陈静', '22010319850707702', '13304310008', '某居民的低保申请材料及家庭收入核查记录'),
      channel: 'in_person',
      source: 'demo',
      events: (r) => [
        { type: 'received', channel: 'in_person', submittedOn: r },
        { type: 'answered', on: ago(40), outcome: 'denied.thirdParty' },
      ],
      reply: {
        kind: 'denied',
        basis: `${REG}第十五条、第三十二条`,
        fill: [
          [
            '__________（请写明不予公开的具体理由）',
            '所申请的低保申请材料及家庭收入核查记录含有申请人的个人隐私，经书面征求其意见，其不同意公开，且不公开不会对公共利益造成重大影响',
          ],
        ],
        sentAgo: 40,
      },
    },
    {
      applicant: person('周磊', '22010219920315802', '13204310009', '1998年欣园地区土地征收的批复文件'),
      channel: 'post_signed',
      source: 'demo',
      events: (r) => [
        { type: 'received', channel: 'post_signed', submittedOn: r, signedOn: r },
        { type: 'answered', on: ago(50), outcome: 'unable.notHeld' },
      ],
      reply: { kind: 'not_exist', basis: REG, fill: [], sentAgo: 50, withoutRemedies: true },
    },
    {
      applicant: person('吴敏', '22010119700125902', '13104310010', '要求街道查处邻居违章搭建并答复处理结果'),
      channel: 'in_person',
      source: 'demo',
      events: (r) => [
        { type: 'received', channel: 'in_person', submittedOn: r },
        { type: 'answered', on: ago(60), outcome: 'notProcessed.petition' },
      ],
      reply: {
        kind: 'not_processed',
        basis: `${REG}第三十九条第一款`,
        fill: [
          [
            '理由如下：__________。',
            '理由如下：您要求查处邻居违章搭建并答复处理结果，属于通过政府信息公开申请提出的投诉举报，请通过12345热线或向城市管理部门举报。',
          ],
        ],
        sentAgo: 60,
      },
    },
    {
      applicant: person('郑丽', '22010419880808102', '13004310011', '欣园街道2026年社区工作者招聘的考试成绩'),
      channel: 'in_person',
      source: 'demo',
      events: (r) => [
        { type: 'received', channel: 'in_person', submittedOn: r },
        { type: 'withdrawn', on: ago(70) },
      ],
    },
    {
      applicant: person('孙伟', '22010519790419202', '15004310012', '欣园街道辖区2026年防汛应急预案'),
      channel: 'online',
      source: 'online',
      events: (r) => [{ type: 'received', channel: 'online', submittedOn: r, confirmedOn: r }],
    },
    {
      applicant: { ...zhang, request: '欣园街道老旧小区改造项目2026年的实施方案和资金使用情况' },
      channel: 'in_person',
      source: 'demo',
      events: (r) => [{ type: 'received', channel: 'in_person', submittedOn: r }],
      repeatOfIndex: 0,
    },
  ];
  // Working days before today at which each case was received (same order as above).
  const receivedAgo = [45, 18, 23, 3, 5, 10, 22, 55, 70, 75, 80, 1, 2];
  const ids: number[] = [];
  for (const [i, c] of cases.entries()) {
    const received = ago(receivedAgo[i] ?? 1);
    const events = c.events(received);
    const first = events[0] as Extract<CaseEvent, { type: 'received' }>;
    const receiptDay = first.signedOn ?? first.confirmedOn ?? first.submittedOn;
    const serial = await nextSerial(trx, xinyuan.id, Number(receiptDay.slice(0, 4)));
    const id = await insertApplication(trx, {
      agencyId: xinyuan.id,
      serial,
      lookupCode: newLookupCode(),
      source: c.source,
      applicant: c.applicant,
      channel: c.channel,
      submittedOn: first.submittedOn,
      repeatOfId: null,
      createdBy: null,
      now,
    });
    ids.push(id);
    for (const [k, e] of events.entries()) {
      const note = e.type === 'answered' ? '法律依据：《中华人民共和国政府信息公开条例》第三十六条' : null;
      await insertEvent(trx, id, k + 1, e, note, now, null);
    }
    await saveDerived(trx, id, computeDeadlines(events, cal), now);
    if (c.repeatOfIndex !== undefined) await setRepeatOf(trx, id, ids[c.repeatOfIndex] ?? null);
    if (c.reply) {
      const sentOn = ago(c.reply.sentAgo);
      const answered = events.find((e) => e.type === 'answered');
      const draft = draftLetter(c.reply.kind, {
        agencyName: xinyuan.name,
        reviewBody,
        applicantName: c.applicant.applicantName,
        applicantType: c.applicant.applicantType,
        serial,
        receivedOn: receiptDay,
        request: c.applicant.request,
        today: sentOn,
        outcome: answered?.type === 'answered' ? answered.outcome : null,
        basis: c.reply.basis,
        replyDue: null,
        correctionDue: null,
        extension: null,
        fee: null,
        thirdParty: null,
        officePhone: xinyuan.office.phone,
        officeAddress: xinyuan.office.address,
      });
      let body = draft.body;
      for (const [from, to] of c.reply.fill) body = body.replace(from, to);
      if (c.reply.withoutRemedies) body = body.replace(`\n\n${remediesParagraph(reviewBody, false)}`, '');
      const letterId = await insertLetter(trx, {
        applicationId: id,
        kind: c.reply.kind,
        title: draft.title,
        body,
        now,
        by: null,
      });
      await updateLetter(trx, letterId, { status: 'approved', approved_at: now }, now);
      await updateLetter(trx, letterId, { status: 'sent', sent_on: sentOn, seal: 'electronic' }, now);
    }
  }
}
