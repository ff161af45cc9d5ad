import { randomInt } from 'node:crypto';
import type { Agency } from '../agencies/agency.rules.ts';
import { appendAudit, SYSTEM_ACTOR } from '../audit/audit.repository.ts';
import type { Trx } from '../db/database.ts';
import { emptyTables } from './format/tables.ts';
import type { NarrativeTemplates } from './report.model.ts';
import { findAnnualReport, insertAnnualReport, updateAnnualReport } from './report.repository.ts';
import { buildDocument } from './report.service.ts';

/**
 * Demo records of this capability, loaded with the rest of the demo into an empty database.
 * `agencies` is keyed as in DEMO_AGENCIES (jilin, changchun, kuancheng, xinyuan, tuanshan, finance, civil).
 *
 * 宽城区欣园街道办事处, 2020 (the seed report `test/fixtures/reports/00.txt`): 61 applications from natural
 * persons, received in person in 2020 and all answered 予以公开 within 2020, no carry-over; Article 20
 * figures all 0; the 2020 report published. Its 三（七）总计 is 61, where the seed printed 0.
 */
export const DEMO_YEAR = 2020;
export const DEMO_APPLICATIONS = 61;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const REQUESTS = [
  '欣园街道辖区老旧小区改造项目的实施方案和资金使用情况',
  '本人居住小区的物业服务企业选聘公示材料',
  '街道2020年城乡居民最低生活保障对象名单公示情况',
  '辖区内新冠肺炎疫情防控临时安置点的设置依据',
  '街道办事处关于违章建筑拆除的决定文书',
  '辖区公共停车位规划及收费标准',
];
const LOOKUP_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function lookupCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += LOOKUP_ALPHABET[randomInt(LOOKUP_ALPHABET.length)];
  return s;
}

/** Working days (Mon–Fri) of 2020 from 6 January to 30 November, spread evenly over n applications. */
function receiptDates(n: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(2020, 0, 6); t <= Date.UTC(2020, 10, 30); t += 86_400_000) {
    const d = new Date(t);
    const wd = d.getUTCDay();
    // skip weekends and the extended 2020 Spring Festival closure
    if (wd === 0 || wd === 6 || (t >= Date.UTC(2020, 0, 24) && t <= Date.UTC(2020, 1, 9))) continue;
    days.push(d.toISOString().slice(0, 10));
  }
  return Array.from({ length: n }, (_, i) => days[Math.floor((i * days.length) / n)] ?? '2020-06-01');
}

function plusDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * 86_400_000;
  const d = new Date(t);
  const wd = d.getUTCDay();
  const shift = wd === 6 ? 2 : wd === 0 ? 1 : 0;
  return new Date(t + shift * 86_400_000).toISOString().slice(0, 10);
}

export const DEMO_NARRATIVE_2020: NarrativeTemplates = {
  overview: [
    '{年度}年，欣园街道办事处在区委、区政府的正确领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，推进政府信息公开工作。本报告所列数据的统计期限为2020年1月1日至12月31日。',
    '（一）主动公开。通过区政府门户网站政府信息公开专栏、街道公开栏等渠道，及时公开机构职能、办事指南、民生政策等政府信息。',
    '（二）依申请公开。全年共收到政府信息公开申请{新收申请总数}件，上年结转{上年结转总数}件，办结{办结总数}件，其中予以公开{予以公开}件；{结转下年度总数}件结转下年度继续办理。',
    '（三）政府信息管理。严格执行公开前保密审查制度，及时更新政府信息公开指南。',
    '（四）政府信息公开平台建设。依托区政府门户网站集中发布政府信息，在街道便民服务大厅设置查阅点。',
    '（五）监督保障。成立由主任任组长的政务公开工作领导小组，明确专人负责。',
  ].join('\n'),
  problems:
    '存在的主要问题：工作人员对新修订的条例学习还不够深入，主动公开的内容还不够丰富。改进情况：加强学习培训，提高信息公开的及时性和规范性，丰富主动公开内容。',
  other: '本年度未收取信息处理费。无其他需要报告的事项。',
};

export async function loadReportsDemo(
  trx: Trx,
  agencies: ReadonlyMap<string, Agency>,
  now: string,
): Promise<void> {
  const xinyuan = agencies.get('xinyuan');
  if (!xinyuan) return;
  const dates = receiptDates(DEMO_APPLICATIONS);
  for (const [i, receivedOn] of dates.entries()) {
    const answeredOn = plusDays(receivedOn, 5 + (i % 9));
    const serial = `${DEMO_YEAR}-${String(i + 1).padStart(4, '0')}`;
    const surname = SURNAMES[i % SURNAMES.length] ?? '王';
    const app = await trx
      .insertInto('applications')
      .values({
        agency_id: xinyuan.id,
        serial,
        lookup_code: lookupCode(),
        source: 'demo',
        applicant_type: 'naturalPerson',
        applicant_name: `${surname}某某`,
        request_description: REQUESTS[i % REQUESTS.length] ?? REQUESTS[0]!,
        form_wanted: '纸质',
        delivery_method: '当面领取',
        channel: 'in_person',
        submitted_on: receivedOn,
        received_on: receivedOn,
        status: 'closed',
        outcome: 'granted',
        closed_on: answeredOn,
        reply_due: null,
        reply_due_provisional: 0,
        created_at: `${receivedOn}T01:30:00.000Z`,
        updated_at: `${answeredOn}T07:00:00.000Z`,
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('application_events')
      .values([
        {
          application_id: app.id,
          seq: 1,
          type: 'received',
          on_date: receivedOn,
          data_json: JSON.stringify({ type: 'received', channel: 'in_person', submittedOn: receivedOn }),
          note: null,
          created_at: `${receivedOn}T01:30:00.000Z`,
          created_by: null,
        },
        {
          application_id: app.id,
          seq: 2,
          type: 'answered',
          on_date: answeredOn,
          data_json: JSON.stringify({ type: 'answered', on: answeredOn, outcome: 'granted' }),
          note: null,
          created_at: `${answeredOn}T07:00:00.000Z`,
          created_by: null,
        },
      ])
      .execute();
  }

  // The 2020 report: Article 20 figures all 0 (as in the seed), narrative, published on 2021-01-20.
  const article20: Record<string, number | string> = {};
  for (const key of Object.keys(emptyTables('2019').proactive))
    article20[key] = key.endsWith('Text') ? '0' : 0;
  const existing = await findAnnualReport(trx, xinyuan.id, DEMO_YEAR);
  if (existing) return;
  const draft = await insertAnnualReport(
    trx,
    { agencyId: xinyuan.id, year: DEMO_YEAR, narrative: DEMO_NARRATIVE_2020, article20 },
    now,
    null,
  );
  const signedOn = '2021-01-20';
  const withDate = await updateAnnualReport(trx, draft, { signedOn }, now, null);
  const doc = await buildDocument(trx, xinyuan, DEMO_YEAR, withDate, signedOn);
  await updateAnnualReport(
    trx,
    withDate,
    {
      status: 'published',
      submittedAt: '2021-01-15T02:00:00.000Z',
      approvedAt: '2021-01-18T02:00:00.000Z',
      publishedAt: '2021-01-20T02:00:00.000Z',
      published: doc,
    },
    now,
    null,
  );
  await appendAudit(trx, {
    actor: SYSTEM_ACTOR,
    at: now,
    action: 'report.publish',
    entityType: 'annual_report',
    entityId: draft.id,
    agencyId: xinyuan.id,
    summary: `演示数据：发布“${xinyuan.name}”${DEMO_YEAR}年度政府信息公开工作年度报告`,
    after: { status: 'published', tables: doc.tables },
  });
}
