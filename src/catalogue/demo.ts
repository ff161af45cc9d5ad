import type { Agency } from '../agencies/agency.rules.ts';
import { agencyCodeForIndex } from '../agencies/agency.rules.ts';
import { loadHolidayEntries } from '../calendar/calendar.repository.ts';
import { buildCalendar } from '../calendar/calendar.ts';
import type { Trx } from '../db/database.ts';
import { findItem, indexItem, insertVersion } from './catalogue.repository.ts';
import { DEFAULT_INDEX_PATTERN, type DocType, formatIndexNumber, type Validity } from './catalogue.rules.ts';
import { publishDueOf, searchTextOf } from './catalogue.service.ts';
import { nextIndexSerial } from './index-number.repository.ts';
import { normalizeText, sortKeyOf } from './search.rules.ts';

interface DemoItem {
  readonly key: string;
  readonly agency: 'xinyuan' | 'kuancheng';
  readonly status: 'published' | 'review' | 'draft';
  readonly docType: DocType;
  readonly basis: string;
  readonly topic: readonly [string, string] | null;
  readonly title: string;
  readonly description: string;
  readonly genre: string;
  readonly docNumber?: string;
  readonly writtenOn?: string;
  readonly formedOn: string;
  readonly publishedOn?: string;
  readonly validity?: Validity;
  readonly validityOn?: string;
  readonly body: string;
  readonly interprets?: string;
  readonly interpreter?: string;
  readonly interpretationForm?: string;
  readonly noInterpretationReason?: string;
}

const ITEMS: readonly DemoItem[] = [
  {
    key: 'xy-system',
    agency: 'xinyuan',
    status: 'published',
    docType: 'system',
    basis: 'art20:15',
    topic: ['综合政务', '政务公开'],
    title: '欣园街道办事处政府信息公开工作制度',
    description: '规定本街道主动公开、依申请公开、保密审查和监督考核的工作程序。',
    genre: '规定',
    writtenOn: '2026-02-10',
    formedOn: '2026-02-10',
    publishedOn: '2026-02-12',
    body: '<h3>第一章 总则</h3><p>第一条 为做好本街道政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本制度。</p><p>第二条 街道党政综合办公室是本街道政府信息公开工作机构，负责日常工作。</p><h3>第二章 保密审查</h3><p>第三条 拟公开的政府信息，由经办人提出，经分管领导进行保密审查后发布。</p>',
  },
  {
    key: 'xy-dibao',
    agency: 'xinyuan',
    status: 'published',
    docType: 'normative',
    basis: 'art20:11',
    topic: ['民政、扶贫、救灾', '社会福利'],
    title: '欣园街道城乡居民最低生活保障审核确认实施办法',
    description: '明确低保申请受理、入户调查、民主评议、公示和审核确认的程序与时限。',
    genre: '办法',
    docNumber: '欣园办发〔2026〕3号',
    writtenOn: '2026-03-02',
    formedOn: '2026-03-02',
    publishedOn: '2026-03-06',
    validity: 'valid',
    body: '<p>第一条 为规范最低生活保障（低保）审核确认工作，制定本办法。</p><p>第二条 申请低保以家庭为单位，由申请人向户籍所在地社区提出书面申请。</p><ul><li>社区在 3 个工作日内完成受理；</li><li>街道在 10 个工作日内完成入户调查；</li><li>调查结果在社区公示 7 天。</li></ul><table><tr><th scope="col">事项</th><th scope="col">时限</th></tr><tr><td>受理</td><td>3 个工作日</td></tr><tr><td>审核确认</td><td>20 个工作日</td></tr></table>',
  },
  {
    key: 'xy-dibao-jd',
    agency: 'xinyuan',
    status: 'published',
    docType: 'interpretation',
    basis: 'art20:11',
    topic: ['民政、扶贫、救灾', '社会福利'],
    title: '《欣园街道城乡居民最低生活保障审核确认实施办法》政策解读',
    description: '一图读懂低保申请的条件、材料和办理流程。',
    genre: '解读',
    formedOn: '2026-03-02',
    publishedOn: '2026-03-06',
    interprets: 'xy-dibao',
    interpreter: '起草部门',
    interpretationForm: '图解',
    body: '<h3>一、谁可以申请？</h3><p>共同生活的家庭成员人均收入低于当地低保标准，且家庭财产符合规定的，可以申请低保。</p><h3>二、需要哪些材料？</h3><p>身份证、户口簿、收入证明。</p>',
  },
  {
    key: 'xy-grid',
    agency: 'xinyuan',
    status: 'published',
    docType: 'normative',
    basis: 'art20:1',
    topic: ['综合政务', '其他'],
    title: '欣园街道社区网格化服务管理办法',
    description: '规定社区网格的划分、网格员职责和考核办法。',
    genre: '办法',
    docNumber: '欣园办发〔2025〕7号',
    writtenOn: '2025-06-10',
    formedOn: '2025-06-10',
    publishedOn: '2025-06-16',
    // Deliberately without a validity mark: a realistic fault for the assessment feature to find.
    noInterpretationReason: '内部管理办法，已在社区宣讲会逐条说明',
    body: '<p>第一条 为提升社区治理精细化水平，制定本办法。</p><p>第二条 每个网格配备专职网格员一名。</p>',
  },
  {
    key: 'xy-old-fee',
    agency: 'xinyuan',
    status: 'published',
    docType: 'normative',
    basis: 'art20:1',
    topic: ['财政、金融、审计', '财政'],
    title: '欣园街道公共停车泊位管理暂行办法',
    description: '已被宽城区统一的停车管理规定取代。',
    genre: '办法',
    docNumber: '欣园办发〔2021〕2号',
    writtenOn: '2021-04-01',
    formedOn: '2021-04-01',
    publishedOn: '2021-04-06',
    validity: 'repealed',
    validityOn: '2025-12-31',
    noInterpretationReason: '2021 年发布时尚无解读同步要求的工作机制',
    body: '<p>第一条 为规范辖区公共停车泊位管理，制定本办法。</p>',
  },
  {
    key: 'xy-budget',
    agency: 'xinyuan',
    status: 'published',
    docType: 'general',
    basis: 'art20:7',
    topic: ['财政、金融、审计', '财政'],
    title: '欣园街道办事处2026年部门预算公开',
    description: '2026 年收支预算总表、财政拨款支出预算表和“三公”经费预算情况说明。',
    genre: '预算决算',
    formedOn: '2026-02-20',
    publishedOn: '2026-02-27',
    body: '<p>2026 年收支预算总额 1,286.5 万元，其中一般公共预算拨款 1,250.0 万元。</p><p>“三公”经费预算 3.2 万元，比上年减少 0.4 万元。</p>',
  },
  {
    key: 'xy-functions',
    agency: 'xinyuan',
    status: 'published',
    docType: 'general',
    basis: 'art20:2',
    topic: ['综合政务', '政务公开'],
    title: '欣园街道办事处机构职能',
    description: '街道办事处的主要职责、内设机构、办公地址、办公时间和联系方式。',
    genre: '其他',
    formedOn: '2026-01-05',
    publishedOn: '2026-01-08',
    body: '<h3>主要职责</h3><p>贯彻执行党和国家的路线方针政策，统筹辖区公共服务、城市管理和社会治理。</p><h3>办公时间</h3><p>工作日 8:30—17:00。</p>',
  },
  {
    key: 'xy-emergency',
    agency: 'xinyuan',
    status: 'published',
    docType: 'general',
    basis: 'art20:12',
    topic: ['综合政务', '应急管理'],
    title: '欣园街道防汛应急预案（2026年修订）',
    description: '汛期风险点、预警响应分级和转移安置路线。',
    genre: '方案',
    formedOn: '2026-05-20',
    publishedOn: '2026-05-28',
    body: '<p>一、适用范围：本街道辖区内的防汛抢险和救灾工作。</p><p>二、预警响应分为四级。</p>',
  },
  {
    key: 'xy-relief',
    agency: 'xinyuan',
    status: 'published',
    docType: 'general',
    basis: 'art21:社会救助',
    topic: ['民政、扶贫、救灾', '社会福利'],
    title: '欣园街道2026年第三季度临时救助情况公示',
    description: '第三季度临时救助 12 户，救助金额合计 3.6 万元。',
    genre: '名单',
    formedOn: '2026-10-09',
    publishedOn: '2026-10-15',
    body: '<p>2026 年第三季度共实施临时救助 12 户 27 人，发放救助金 3.6 万元。</p>',
  },
  {
    key: 'xy-late',
    agency: 'xinyuan',
    status: 'review',
    docType: 'general',
    basis: 'art20:13',
    topic: ['市场监管、安全生产监管', '安全生产监管'],
    title: '欣园街道2026年第三季度安全生产检查情况',
    description: '检查生产经营单位 86 家，发现并整改隐患 41 处。',
    genre: '通报',
    formedOn: '2026-10-08',
    body: '<p>第三季度共检查辖区生产经营单位 86 家，发现隐患 41 处，已全部整改。</p>',
  },
  {
    key: 'kc-renovation',
    agency: 'kuancheng',
    status: 'published',
    docType: 'normative',
    basis: 'art21:市政建设',
    topic: ['城乡建设、环境保护', '城乡建设（含住房）'],
    title: '宽城区老旧小区改造项目管理办法',
    description: '老旧小区改造的项目申报、居民意见征询、施工监管和验收移交。',
    genre: '办法',
    docNumber: '宽府发〔2026〕5号',
    writtenOn: '2026-04-08',
    formedOn: '2026-04-08',
    publishedOn: '2026-04-15',
    validity: 'valid',
    body: '<p>第一条 为规范老旧小区改造项目管理，制定本办法。</p><p>第二条 改造项目应当征询居民意见，同意率不低于三分之二。</p>',
  },
  {
    key: 'kc-renovation-jd',
    agency: 'kuancheng',
    status: 'published',
    docType: 'interpretation',
    basis: 'art21:市政建设',
    topic: ['城乡建设、环境保护', '城乡建设（含住房）'],
    title: '区住建局负责人解读《宽城区老旧小区改造项目管理办法》',
    description: '在线访谈：改造哪些内容、居民如何参与、费用怎样分担。',
    genre: '解读',
    formedOn: '2026-04-08',
    publishedOn: '2026-04-15',
    interprets: 'kc-renovation',
    interpreter: '部门主要负责人',
    interpretationForm: '在线访谈',
    body: '<p>问：哪些小区纳入改造？</p><p>答：2000 年底前建成、基础设施老化的住宅小区。</p>',
  },
  {
    key: 'kc-projects',
    agency: 'kuancheng',
    status: 'published',
    docType: 'general',
    basis: 'art20:10',
    topic: ['国民经济管理、国有资产监管', '重大建设项目'],
    title: '宽城区2026年重大建设项目批准和实施情况',
    description: '列入 2026 年区级重大建设项目 18 个，已开工 15 个。',
    genre: '报告',
    formedOn: '2026-07-01',
    publishedOn: '2026-07-10',
    body: '<p>2026 年区级重大建设项目 18 个，总投资 46.8 亿元；截至 6 月底已开工 15 个。</p>',
  },
  {
    key: 'kc-fees',
    agency: 'kuancheng',
    status: 'published',
    docType: 'general',
    basis: 'art20:8',
    topic: ['财政、金融、审计', '财政'],
    title: '宽城区行政事业性收费项目目录（2026年）',
    description: '区级行政事业性收费项目、依据和标准。',
    genre: '名单',
    formedOn: '2026-01-10',
    publishedOn: '2026-01-15',
    body: '<table><tr><th scope="col">项目</th><th scope="col">依据</th></tr><tr><td>不动产登记费</td><td>发改价格规〔2016〕2559号</td></tr></table>',
  },
];

/**
 * Demo records of this capability, loaded with the rest of the demo into an empty database.
 * `agencies` is keyed as in DEMO_AGENCIES (jilin, changchun, kuancheng, xinyuan, tuanshan, finance, civil).
 */
export async function loadCatalogueDemo(
  trx: Trx,
  agencies: ReadonlyMap<string, Agency>,
  now: string,
): Promise<void> {
  const cal = buildCalendar(await loadHolidayEntries(trx));
  const topics = await trx.selectFrom('catalogue_topics').select(['id', 'parent_id', 'name']).execute();
  const topicId = (t: readonly [string, string] | null) => {
    if (!t) return null;
    const parent = topics.find((x) => x.parent_id === null && x.name === t[0]);
    return topics.find((x) => x.parent_id === parent?.id && x.name === t[1])?.id ?? null;
  };
  const ids = new Map<string, number>();
  for (const d of ITEMS) {
    const agency = agencies.get(d.agency);
    if (!agency) continue;
    const r = await trx
      .insertInto('catalogue_items')
      .values({
        agency_id: agency.id,
        status: d.status,
        index_no: null,
        version: 1,
        doc_type: d.docType,
        basis: d.basis,
        topic_id: topicId(d.topic),
        title: d.title,
        description: d.description,
        genre: d.genre,
        publisher: agency.name,
        doc_number: d.docNumber ?? null,
        keywords: null,
        written_on: d.writtenOn ?? null,
        formed_on: d.formedOn,
        publish_due: publishDueOf(cal, d.formedOn, null),
        deadline_override: null,
        published_on: null,
        validity: d.validity ?? null,
        validity_on: d.validityOn ?? null,
        disclosure_method: '主动公开',
        body_html: d.body,
        interprets_id: d.interprets ? (ids.get(d.interprets) ?? null) : null,
        interpreter: d.interpreter ?? null,
        interpretation_form: d.interpretationForm ?? null,
        no_interpretation_reason: d.noInterpretationReason ?? null,
        secrecy_note:
          d.status === 'published' ? '经审查，不涉及国家秘密、商业秘密和个人隐私，同意公开。' : null,
        search_title: '',
        search_text: '',
        created_at: now,
        created_by: null,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(d.key, r.id);
    if (d.status === 'published' && d.publishedOn) {
      const year = Number(d.publishedOn.slice(0, 4));
      const seq = await nextIndexSerial(trx, agency.id, year);
      const indexNo = formatIndexNumber(DEFAULT_INDEX_PATTERN, {
        code: agencyCodeForIndex(agency) ?? '000000000',
        credit: agency.creditCode,
        year,
        seq,
      });
      const sortKey = sortKeyOf(d.publishedOn, r.id);
      const base = (await findItem(trx, r.id))!;
      const text = searchTextOf({ ...base, indexNo });
      await trx
        .updateTable('catalogue_items')
        .set({
          index_no: indexNo,
          published_on: d.publishedOn,
          sort_key: sortKey,
          reviewed_at: now,
          search_title: normalizeText(d.title),
          search_text: normalizeText(text),
        })
        .where('id', '=', r.id)
        .execute();
      await indexItem(trx, { id: r.id, agencyId: agency.id, title: d.title }, text, sortKey);
    }
    await insertVersion(trx, (await findItem(trx, r.id))!, '演示数据', now, null);
  }
  const xinyuan = agencies.get('xinyuan');
  if (xinyuan) {
    await trx
      .insertInto('catalogue_messages')
      .values([
        {
          agency_id: xinyuan.id,
          item_id: null,
          kind: 'question',
          name: '王女士',
          contact: null,
          body: '低保申请需要到哪里提交材料？',
          received_on: '2026-11-02',
          due_on: null,
          answer: '请携带材料到户籍所在社区居委会提交，社区在 3 个工作日内受理。',
          answered_on: '2026-11-03',
          answered_by: null,
          published: 1,
          created_at: now,
        },
        {
          agency_id: xinyuan.id,
          item_id: ids.get('xy-budget') ?? null,
          kind: 'error_report',
          name: '李先生',
          contact: 'li@example.com',
          body: '预算公开中“三公”经费的合计数与分项之和不一致。',
          received_on: '2026-11-18',
          due_on: '2026-11-23',
          answer: null,
          answered_on: null,
          answered_by: null,
          published: 0,
          created_at: now,
        },
      ])
      .execute();
  }
}
