import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { catalogueFigures } from '../../src/catalogue/report-figures.ts';
import { itemForm } from '../support/catalogue-form.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

function itemIdOf(location: string | undefined): number {
  const m = /\/admin\/catalogue\/items\/(\d+)/.exec(location ?? '');
  assert.ok(m, `no item id in ${location}`);
  return Number(m[1]);
}

describe('proactive disclosure catalogue', () => {
  let t: TestContext;
  let clerk: Agent;
  let reviewer: Agent;
  let xinyuanId: number;
  before(async () => {
    t = await startTestApp();
    clerk = t.agent();
    await clerk.login('demo-clerk');
    reviewer = t.agent();
    await reviewer.login('demo-reviewer');
    xinyuanId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!.id;
  });
  after(async () => t.close());

  async function draft(over: Record<string, string> = {}): Promise<number> {
    await clerk.get('/admin/catalogue/new');
    const res = await clerk.post('/admin/catalogue/new', itemForm(over));
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 800));
    return itemIdOf(res.headers.location as string);
  }

  async function publish(id: number, extra: Record<string, string> = {}) {
    await clerk.get(`/admin/catalogue/items/${id}`);
    const sub = await clerk.post(`/admin/catalogue/items/${id}/submit`, {});
    assert.equal(sub.statusCode, 303, textOf(sub.body).slice(0, 800));
    await reviewer.get(`/admin/catalogue/items/${id}`);
    return reviewer.post(`/admin/catalogue/items/${id}/publish`, {
      secrecyNote: '不涉密，同意公开',
      ...extra,
    });
  }

  it('serves the demo columns with items by Article 20 item and validity marks', async () => {
    const s = t.agent();
    const res = await s.get(`/agencies/${xinyuanId}/columns/proactive`);
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.doesNotMatch(text, /建设中/);
    assert.match(text, /欣园街道城乡居民最低生活保障审核确认实施办法/);
    assert.match(text, /（七）财政预决算（1）/);
    const repealed = await s.get(`/agencies/${xinyuanId}/columns/proactive?validity=repealed`);
    assert.match(textOf(repealed.body), /公共停车泊位管理暂行办法/);
    assert.match(textOf(repealed.body), /废止（2025年12月31日）/);
    assert.doesNotMatch(textOf(repealed.body), /最低生活保障/);
    const byYear = await s.get(`/agencies/${xinyuanId}/columns/proactive?year=2025`);
    assert.match(textOf(byYear.body), /网格化/);
    assert.doesNotMatch(textOf(byYear.body), /最低生活保障/);
    const system = await s.get(`/agencies/${xinyuanId}/columns/system`);
    assert.match(textOf(system.body), /政府信息公开工作制度/);
    const agencyPage = await s.get(`/agencies/${xinyuanId}`);
    assert.doesNotMatch(textOf(agencyPage.body), /政府信息公开制度.{0,40}建设中/);
  });

  it('shows the metadata block, the interpretation and its policy together', async () => {
    const s = t.agent();
    const list = await s.get(`/agencies/${xinyuanId}/columns/proactive?basis=art20:11`);
    const m = /href="(\/agencies\/\d+\/items\/(\d+))">欣园街道城乡居民最低生活保障审核确认实施办法</.exec(
      list.body,
    );
    assert.ok(m);
    const res = await s.get(m[1]!);
    const text = textOf(res.body);
    for (const label of [
      '索引号',
      '主题分类',
      '发布机构',
      '成文日期',
      '发布日期',
      '文号',
      '有效性',
      '公开方式',
    ]) {
      assert.match(text, new RegExp(label));
    }
    assert.match(text, /民政、扶贫、救灾\\社会福利/);
    assert.match(text, /欣园办发〔2026〕3号/);
    assert.match(
      text,
      /政策解读 《欣园街道城乡居民最低生活保障审核确认实施办法》政策解读 ?（起草部门，图解）/,
    );
    const interp = /href="(\/agencies\/\d+\/items\/\d+)">《欣园街道/.exec(res.body);
    assert.ok(interp);
    const back = await s.get(interp[1]!);
    assert.match(textOf(back.body), /相关政策文件 欣园街道城乡居民最低生活保障审核确认实施办法/);
  });

  it('runs draft → review → publish with 保密审查, 索引号, sanitised body, versions and audit', async () => {
    const id = await draft({
      title: '<script>alert("t")</script>冬季救助通知',
      bodyHtml:
        '<p onclick="x()">正文<img src=x onerror=alert(1)><script>alert(1)</script></p><a href="javascript:alert(2)">链接</a>',
    });
    const page = await clerk.get(`/admin/catalogue/items/${id}`);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.doesNotMatch(page.body, /onerror|onclick|javascript:/);
    assert.match(page.body, /&lt;script&gt;alert/);
    // the clerk cannot publish
    await clerk.post(`/admin/catalogue/items/${id}/submit`, {});
    const forbidden = await clerk.post(`/admin/catalogue/items/${id}/publish`, { secrecyNote: 'x' });
    assert.equal(forbidden.statusCode, 403);
    // no secrecy review, no publishing; the item stays in review
    await reviewer.get(`/admin/catalogue/items/${id}`);
    const missing = await reviewer.post(`/admin/catalogue/items/${id}/publish`, { secrecyNote: '' });
    assert.equal(missing.statusCode, 400);
    assert.match(textOf(missing.body), /请填写保密审查意见/);
    const row = await t.database.db
      .selectFrom('catalogue_items')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'review');
    assert.equal(row.index_no, null);
    const ok = await reviewer.post(`/admin/catalogue/items/${id}/publish`, {
      secrecyNote: '不涉密，同意公开',
    });
    assert.equal(ok.statusCode, 303);
    const published = await t.database.db
      .selectFrom('catalogue_items')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(published.status, 'published');
    assert.match(published.index_no ?? '', /^41273562\w\/2026-\d{5}$/);
    assert.equal(published.published_on, '2026-11-25');
    const versions = await t.database.db
      .selectFrom('catalogue_item_versions')
      .selectAll()
      .where('item_id', '=', id)
      .execute();
    assert.deepEqual(
      versions.map((v) => v.status),
      ['draft', 'review', 'published'],
    );
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_type', '=', 'catalogue_item')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['create', 'submit', 'publish'],
    );
    const portal = await t.agent().get(`/agencies/${xinyuanId}/items/${id}`);
    assert.equal(portal.statusCode, 200);
    assert.doesNotMatch(portal.body, /<script>alert|onerror|javascript:/);
    const v1 = await clerk.get(`/admin/catalogue/items/${id}/versions/1`);
    assert.equal(v1.statusCode, 200);
  });

  it('refuses a bad item form with every problem listed and the answers kept', async () => {
    await clerk.get('/admin/catalogue/new');
    const res = await clerk.post(
      '/admin/catalogue/new',
      itemForm({ title: '', docType: 'normative', validity: '', formedOn: '2026-13-01', basis: 'art20:99' }),
    );
    assert.equal(res.statusCode, 400);
    const text = textOf(res.body);
    assert.match(res.body, /<title>错误：/);
    assert.match(text, /请填写名称/);
    assert.match(text, /规章和行政规范性文件必须标注有效性/);
    assert.match(text, /形成或变更日期应为有效日期/);
    assert.match(text, /请选择所属的第二十条事项/);
    assert.match(res.body, /明确冬季低保和临时救助的发放时间/);
  });

  it('keeps a policy back until its interpretation or a recorded reason, and publishes both together', async () => {
    const policy = await draft({
      title: '欣园街道居家养老服务补贴办法',
      docType: 'normative',
      validity: 'valid',
      basis: 'art20:1',
    });
    const refused = await publish(policy);
    assert.equal(refused.statusCode, 400);
    assert.match(textOf(refused.body), /该文件尚无政策解读/);
    const interp = await draft({
      title: '图解：居家养老服务补贴办法',
      docType: 'interpretation',
      interpretsId: String(policy),
      interpreter: '起草部门',
      interpretationForm: '图解',
    });
    await clerk.get(`/admin/catalogue/items/${interp}`);
    assert.equal((await clerk.post(`/admin/catalogue/items/${interp}/submit`, {})).statusCode, 303);
    await reviewer.get(`/admin/catalogue/items/${policy}`);
    const ok = await reviewer.post(`/admin/catalogue/items/${policy}/publish`, { secrecyNote: '同意' });
    assert.equal(ok.statusCode, 303);
    const rows = await t.database.db
      .selectFrom('catalogue_items')
      .select(['id', 'status', 'index_no'])
      .where('id', 'in', [policy, interp])
      .execute();
    assert.ok(rows.every((r) => r.status === 'published' && r.index_no));
    const page = await t.agent().get(`/agencies/${xinyuanId}/items/${policy}`);
    assert.match(textOf(page.body), /图解：居家养老服务补贴办法 ?（起草部门，图解）/);

    const alone = await draft({
      title: '欣园街道门前三包管理规定',
      docType: 'normative',
      validity: 'valid',
      basis: 'art20:1',
    });
    const withReason = await publish(alone, { noInterpretationReason: '内容简单，无需解读' });
    assert.equal(withReason.statusCode, 303);
  });

  it('withdraws with a reason, marks validity on the item, and never reuses a 索引号', async () => {
    const id = await draft({
      title: '欣园街道临时占道管理规定',
      docType: 'normative',
      validity: 'valid',
      basis: 'art20:1',
    });
    await publish(id, { noInterpretationReason: '试行' });
    const before = await t.database.db
      .selectFrom('catalogue_items')
      .select('index_no')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await reviewer.get(`/admin/catalogue/items/${id}`);
    const noReason = await reviewer.post(`/admin/catalogue/items/${id}/withdraw`, { withdrawnReason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(textOf(noReason.body), /请填写撤回的理由/);
    assert.equal(
      (await reviewer.post(`/admin/catalogue/items/${id}/withdraw`, { withdrawnReason: '文号有误' }))
        .statusCode,
      303,
    );
    assert.equal((await t.agent().get(`/agencies/${xinyuanId}/items/${id}`)).statusCode, 404);
    assert.equal(
      await t.database.db
        .selectFrom('catalogue_grams')
        .select('gram')
        .where('item_id', '=', id)
        .executeTakeFirst(),
      undefined,
    );
    // back to draft, review, republish: same 索引号
    await reviewer.post(`/admin/catalogue/items/${id}/return`, { reviewComment: '更正文号' });
    await publish(id, { noInterpretationReason: '试行' });
    const afterRow = await t.database.db
      .selectFrom('catalogue_items')
      .select(['index_no', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(afterRow.status, 'published');
    assert.equal(afterRow.index_no, before.index_no);
    // repeal it
    await reviewer.get(`/admin/catalogue/items/${id}`);
    const bad = await reviewer.post(`/admin/catalogue/items/${id}/validity`, {
      validity: 'repealed',
      validityOn: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /请填写废止日期/);
    assert.equal(
      (
        await reviewer.post(`/admin/catalogue/items/${id}/validity`, {
          validity: 'repealed',
          validityOn: '2026-11-25',
        })
      ).statusCode,
      303,
    );
    const page = await t.agent().get(`/agencies/${xinyuanId}/items/${id}`);
    assert.match(textOf(page.body), /本文件已废止（2026年11月25日），仅供查阅/);
  });

  it('gives unique 索引号 to items published at the same time', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await draft({ title: `并发发布测试第${i}号` }));
    for (const id of ids) {
      await clerk.get(`/admin/catalogue/items/${id}`);
      await clerk.post(`/admin/catalogue/items/${id}/submit`, {});
    }
    await reviewer.get(`/admin/catalogue/items/${ids[0]}`);
    const results = await Promise.all(
      ids.map((id) => reviewer.post(`/admin/catalogue/items/${id}/publish`, { secrecyNote: '同意' })),
    );
    assert.ok(results.every((r) => r.statusCode === 303));
    const rows = await t.database.db
      .selectFrom('catalogue_items')
      .select('index_no')
      .where('index_no', 'is not', null)
      .execute();
    const numbers = rows.map((r) => r.index_no);
    assert.equal(new Set(numbers).size, numbers.length);
  });

  it('searches one character to long phrases, in relevance or date order, with highlights and filters', async () => {
    const s = t.agent();
    const two = await s.get(`/search?q=${encodeURIComponent('救助')}`);
    assert.equal(two.statusCode, 200);
    const text = textOf(two.body);
    assert.match(text, /找到 \d+ 条结果/);
    assert.match(two.body, /<mark>救助<\/mark>/);
    // relevance: title matches first
    const titles = [...two.body.matchAll(/<h3>\s*<a[^>]*>([\s\S]*?)<\/a>/g)].map((m) => textOf(m[1]!));
    const firstMiss = titles.findIndex((x) => !x.includes('救助'));
    assert.ok(titles[0]?.includes('救助'), titles.join(' | '));
    if (firstMiss > 0)
      assert.ok(
        titles.slice(firstMiss).every((x) => !x.includes('救助')),
        titles.join(' | '),
      );
    const one = await s.get('/search?q=' + encodeURIComponent('汛'));
    assert.match(one.body, /防<mark>汛<\/mark>应急预案/);
    assert.match(textOf(one.body), /单字检索/);
    const phrase = await s.get('/search?q=' + encodeURIComponent('最低生活保障审核确认'));
    assert.match(textOf(phrase.body), /找到 2 条结果/);
    const notAdjacent = await s.get('/search?q=' + encodeURIComponent('保障审核低保'));
    assert.match(textOf(notAdjacent.body), /找到 0 条结果/);
    const twoTerms = await s.get('/search?q=' + encodeURIComponent('低保 图解'));
    assert.match(textOf(twoTerms.body), /找到 1 条结果/);
    const full = await s.get('/search?q=' + encodeURIComponent('ＡＢＣ低保'));
    assert.match(textOf(full.body), /找到 0 条结果/);
    const kuancheng = (await findAgencyByName(t.database.db, '长春市宽城区人民政府'))!;
    const scoped = await s.get(`/search?q=${encodeURIComponent('改造')}&agency=${kuancheng.id}&order=date`);
    assert.match(scoped.body, /老旧小区<mark>改造<\/mark>/);
    const other = await s.get(`/search?q=${encodeURIComponent('改造')}&agency=${xinyuanId}`);
    assert.match(textOf(other.body), /找到 0 条结果/);
    const valid = await s.get(`/search?q=${encodeURIComponent('办法')}&validity=repealed`);
    assert.match(valid.body, /公共停车泊位管理暂行<mark>办法<\/mark>/);
    assert.doesNotMatch(textOf(valid.body), /最低生活保障审核确认实施办法/);
    const dated = await s.get(`/search?q=${encodeURIComponent('欣园')}&order=date`);
    const dates = [...textOf(dated.body).matchAll(/· (\d{4})年(\d{1,2})月(\d{1,2})日/g)].map(
      (m) => `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`,
    );
    assert.deepEqual(dates, [...dates].sort().reverse());
    const xss = await s.get('/search?q=' + encodeURIComponent('<script>alert(1)</script>'));
    assert.doesNotMatch(xss.body, /<script>alert\(1\)/);
  });

  it('offers RSS, Atom, an LED text feed, a WeChat article and a notice sheet', async () => {
    const s = t.agent();
    const rss = await s.get(`/agencies/${xinyuanId}/feed.rss`);
    assert.match(String(rss.headers['content-type']), /application\/rss\+xml/);
    assert.match(rss.body, /<title>欣园街道城乡居民最低生活保障审核确认实施办法<\/title>/);
    const atom = await s.get(`/agencies/${xinyuanId}/feed.atom?basis=art20:7`);
    assert.match(atom.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assert.match(atom.body, /部门预算/);
    assert.doesNotMatch(atom.body, /最低生活保障/);
    const led = await s.get(`/agencies/${xinyuanId}/led.txt`);
    assert.match(String(led.headers['content-type']), /text\/plain/);
    assert.doesNotMatch(led.body, /<p>|<table|<h3>/);
    assert.match(led.body, /2026-03-06 欣园街道城乡居民最低生活保障审核确认实施办法/);
    const item = await t.database.db
      .selectFrom('catalogue_items')
      .select('id')
      .where('title', '=', '欣园街道城乡居民最低生活保障审核确认实施办法')
      .executeTakeFirstOrThrow();
    const wechat = await clerk.get(`/admin/catalogue/items/${item.id}/wechat`);
    assert.equal(wechat.statusCode, 200);
    assert.match(wechat.body, /style=&quot;margin:0 0 1em;line-height:1.75/);
    const sheet = await clerk.get(`/admin/catalogue/notice-sheet?ids=${item.id}`);
    assert.match(textOf(sheet.body), /政府信息公开公示栏.*最低生活保障/);
  });

  it('takes questions and error reports from the public; clerks answer and publish answers', async () => {
    const pub = t.agent();
    const form = await pub.get(`/agencies/${xinyuanId}/interaction`);
    assert.match(textOf(form.body), /低保申请需要到哪里提交材料/);
    const empty = await pub.post(`/agencies/${xinyuanId}/interaction`, { name: '', body: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(textOf(empty.body), /请填写您的称呼/);
    const asked = await pub.post(`/agencies/${xinyuanId}/interaction`, {
      name: '赵先生',
      contact: '',
      body: '临时救助怎么申请？',
    });
    assert.equal(asked.statusCode, 303);
    const item = await t.database.db
      .selectFrom('catalogue_items')
      .select('id')
      .where('title', '=', '欣园街道防汛应急预案（2026年修订）')
      .executeTakeFirstOrThrow();
    await pub.get(`/agencies/${xinyuanId}/items/${item.id}`);
    const report = await pub.post(`/agencies/${xinyuanId}/items/${item.id}/report-error`, {
      name: '钱女士',
      contact: '',
      body: '转移路线中的地名写错了',
    });
    assert.equal(report.statusCode, 303);
    const row = await t.database.db
      .selectFrom('catalogue_messages')
      .selectAll()
      .where('kind', '=', 'error_report')
      .where('item_id', '=', item.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.received_on, '2026-11-25');
    assert.equal(row.due_on, '2026-11-30'); // 3 working days: Thu, Fri, Mon
    const q = await t.database.db
      .selectFrom('catalogue_messages')
      .select('id')
      .where('body', '=', '临时救助怎么申请？')
      .executeTakeFirstOrThrow();
    const inbox = await clerk.get('/admin/catalogue/messages');
    assert.match(textOf(inbox.body), /已超期/); // the demo error report of 2026-11-18
    const answered = await clerk.post(`/admin/catalogue/messages/${q.id}/answer`, {
      answer: '向社区居委会提出申请。',
      publish: '1',
    });
    assert.equal(answered.statusCode, 303);
    const after2 = await pub.get(`/agencies/${xinyuanId}/interaction`);
    assert.match(textOf(after2.body), /临时救助怎么申请？ 答（2026年11月25日）：向社区居委会提出申请。/);
  });

  it('shows review and Art. 26 overdue marks on the dashboard', async () => {
    const res = await reviewer.get('/admin');
    const text = textOf(res.body);
    assert.match(text, /主动公开信息待审核 \d+ 条/);
    assert.match(text, /超过第二十六条公开期限 \d+ 条/);
  });

  it('lets the reviewer set the 索引号 pattern, refusing one that cannot be unique', async () => {
    await reviewer.get('/admin/catalogue/settings');
    const bad = await reviewer.post('/admin/catalogue/settings', { indexPattern: '{yyyy}-{seq5}' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /必须包含 \{code\}/);
    assert.equal(
      (await reviewer.post('/admin/catalogue/settings', { indexPattern: '{credit}/{yyyy}-{seq6}' }))
        .statusCode,
      303,
    );
    const id = await draft({ title: '新格式索引号测试' });
    await publish(id);
    const row = await t.database.db
      .selectFrom('catalogue_items')
      .select('index_no')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.match(row.index_no ?? '', /^11220103\w{10}\/2026-\d{6}$/);
  });

  it('lets administrators extend the 主题分类 taxonomy, and only them', async () => {
    const admin = t.agent();
    await admin.login('demo-admin');
    const page = await admin.get('/admin/catalogue/topics');
    const parent = /<option value="(\d+)">民政、扶贫、救灾<\/option>/.exec(page.body)?.[1];
    assert.ok(parent);
    assert.equal(
      (await admin.post('/admin/catalogue/topics', { parentId: parent, name: '乡村振兴' })).statusCode,
      303,
    );
    const form = await clerk.get('/admin/catalogue/new');
    assert.match(form.body, /民政、扶贫、救灾\\乡村振兴/);
    await reviewer.get('/admin/catalogue/settings');
    assert.equal(
      (await reviewer.post('/admin/catalogue/topics', { parentId: parent, name: '别的' })).statusCode,
      403,
    );
  });

  it('counts Article 20 (一) figures for the annual report', async () => {
    const f = await catalogueFigures(t.database.db, [xinyuanId], 2025);
    assert.ok(f);
    assert.equal(f.normativeDocs.made, 1); // 网格化 (2025)
    assert.equal(f.normativeDocs.repealed, 1); // 停车泊位 (repealed 2025-12-31)
    assert.equal(f.normativeDocs.valid, 1); // 网格化: no validity mark, still in force
    assert.equal(f.regulations.made, 0);
    assert.equal(await catalogueFigures(t.database.db, [], 2025), null);
  });

  it('remembers 长者模式 in a cookie and marks every page; only a POST with its token switches it', async () => {
    const s = t.agent();
    await s.get('/search');
    const toggle = await s.post('/preferences/elder', { back: '/search' });
    assert.equal(toggle.statusCode, 303);
    assert.equal(toggle.headers.location, '/search');
    assert.equal(s.cookie('gk_elder'), '1');
    const page = await s.get(`/agencies/${xinyuanId}`);
    assert.match(page.body, /<html lang="zh-CN" class="gk-elder"/);
    const evil = await s.post('/preferences/elder', { back: '//evil.example' });
    assert.equal(evil.headers.location, '/');
    assert.equal(s.cookie('gk_elder'), '0');
    // A GET (a crawler, an old link) changes nothing and goes back.
    const crawled = await s.get('/preferences/elder?back=/search');
    assert.equal(crawled.statusCode, 303);
    assert.equal(crawled.headers.location, '/search');
    assert.equal(s.cookie('gk_elder'), '0');
    // Without the CSRF token the switch is refused.
    const forged = await s.post('/preferences/elder', { back: '/' }, { csrf: null });
    assert.equal(forged.statusCode, 403);
    assert.equal(s.cookie('gk_elder'), '0');
  });
});
