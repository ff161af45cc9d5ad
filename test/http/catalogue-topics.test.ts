import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

const DIBAO = '欣园街道城乡居民最低生活保障审核确认实施办法';

describe('主题分类 administration', () => {
  let t: TestContext;
  let admin: Agent;
  let clerk: Agent;
  let xinyuanId: number;
  let welfareId: number; // 民政、扶贫、救灾\社会福利, used by the demo's 低保 items
  let parentId: number;
  before(async () => {
    t = await startTestApp();
    admin = t.agent();
    await admin.login('demo-admin');
    clerk = t.agent();
    await clerk.login('demo-clerk');
    xinyuanId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!.id;
    const parent = await t.database.db
      .selectFrom('catalogue_topics')
      .select('id')
      .where('name', '=', '民政、扶贫、救灾')
      .where('parent_id', 'is', null)
      .executeTakeFirstOrThrow();
    parentId = parent.id;
    welfareId = (
      await t.database.db
        .selectFrom('catalogue_topics')
        .select('id')
        .where('parent_id', '=', parentId)
        .where('name', '=', '社会福利')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(async () => t.close());

  const dibao = () =>
    t.database.db
      .selectFrom('catalogue_items')
      .select(['id', 'topic_id'])
      .where('title', '=', DIBAO)
      .executeTakeFirstOrThrow();

  it('lists the taxonomy with its use, for administrators only', async () => {
    const list = await admin.get('/admin/catalogue/topics');
    assert.equal(list.statusCode, 200);
    const text = textOf(list.body);
    assert.match(text, /民政、扶贫、救灾 启用 0/);
    assert.match(text, /社会福利 启用 \d+/);
    const reviewer = t.agent();
    await reviewer.login('demo-reviewer');
    assert.equal((await reviewer.get('/admin/catalogue/topics')).statusCode, 403);
    await reviewer.get('/admin/catalogue/settings');
    assert.equal(
      (await reviewer.post(`/admin/catalogue/topics/${welfareId}`, { name: '别的名字' })).statusCode,
      403,
    );
    assert.equal((await clerk.get(`/admin/catalogue/topics/${welfareId}`)).statusCode, 403);
  });

  it('renames a topic: items keep it and show the new name', async () => {
    const before = await dibao();
    assert.equal(before.topic_id, welfareId);
    await admin.get(`/admin/catalogue/topics/${welfareId}`);
    const empty = await admin.post(`/admin/catalogue/topics/${welfareId}`, { name: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>错误：/);
    assert.match(textOf(empty.body), /请填写分类名称/);
    const dup = await admin.post(`/admin/catalogue/topics/${welfareId}`, { name: '减灾救灾' });
    assert.equal(dup.statusCode, 400);
    assert.match(textOf(dup.body), /该上级分类下已有“减灾救灾”/);
    assert.match(dup.body, /value="减灾救灾"/); // what was typed is kept
    const long = await admin.post(`/admin/catalogue/topics/${welfareId}`, { name: '长'.repeat(41) });
    assert.match(textOf(long.body), /分类名称不能超过 40 个字/);
    const ok = await admin.post(`/admin/catalogue/topics/${welfareId}`, { name: '社会福利与养老服务' });
    assert.equal(ok.statusCode, 303);
    const after = await dibao();
    assert.equal(after.topic_id, welfareId);
    const page = textOf((await t.agent().get(`/agencies/${xinyuanId}/items/${after.id}`)).body);
    assert.match(page, /主题分类 民政、扶贫、救灾\\社会福利与养老服务/);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('entity_type', '=', 'catalogue_topic')
      .where('entity_id', '=', String(welfareId))
      .execute();
    assert.deepEqual(
      audit.map((a) => a.summary),
      ['主题分类“民政、扶贫、救灾\\社会福利”改名为“社会福利与养老服务”'],
    );
  });

  it('switches a topic off for new items while existing items and portal filters still show it', async () => {
    await admin.get(`/admin/catalogue/topics/${welfareId}`);
    const off = await admin.post(`/admin/catalogue/topics/${welfareId}/active`, { active: '0' });
    assert.equal(off.statusCode, 303);
    const listed = textOf((await admin.get('/admin/catalogue/topics')).body);
    assert.match(listed, /社会福利与养老服务 已停用/);

    // not offered on the new-item form, nor accepted from it, nor from an import, nor in the template
    const form = await clerk.get('/admin/catalogue/new');
    assert.doesNotMatch(form.body, new RegExp(`<option value="${welfareId}"`));
    assert.match(form.body, /民政、扶贫、救灾\\减灾救灾/);
    const refused = await clerk.post('/admin/catalogue/new', {
      title: '关于发放高龄津贴的通知',
      description: '',
      docType: 'general',
      basis: 'art20:11',
      topicId: String(welfareId),
      genre: '通知',
      publisher: '宽城区欣园街道办事处',
      docNumber: '',
      keywords: '',
      writtenOn: '',
      formedOn: '2026-11-20',
      deadlineOverride: '',
      validity: '',
      validityOn: '',
      disclosureMethod: '主动公开',
      bodyHtml: '<p>正文</p>',
      interpretsId: '',
      interpreter: '',
      interpretationForm: '',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(textOf(refused.body), /该主题分类已停用，请选择其他分类/);
    assert.match(refused.body, /value="关于发放高龄津贴的通知"/);
    const template = await clerk.get('/admin/catalogue/import/template.xlsx');
    assert.equal(template.statusCode, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const labels: string[] = [];
    book.getWorksheet('可用的主题分类')!.eachRow((r) => labels.push(String(r.getCell(1).value)));
    assert.ok(labels.includes('民政、扶贫、救灾\\减灾救灾'));
    assert.ok(!labels.some((l) => l.includes('社会福利')), labels.join(','));

    // existing items keep and show it; the revision form still offers it as the item's own topic
    const item = await dibao();
    assert.equal(item.topic_id, welfareId);
    const page = textOf((await t.agent().get(`/agencies/${xinyuanId}/items/${item.id}`)).body);
    assert.match(page, /民政、扶贫、救灾\\社会福利与养老服务/);
    const revise = await clerk.get(`/admin/catalogue/items/${item.id}/revise`);
    assert.match(
      revise.body,
      new RegExp(`<option value="${welfareId}" selected[^>]*>[^<]*社会福利与养老服务（已停用）`),
    );
    const column = await t.agent().get(`/agencies/${xinyuanId}/columns/proactive`);
    assert.match(
      column.body,
      new RegExp(`<option value="${welfareId}">民政、扶贫、救灾\\\\社会福利与养老服务</option>`),
    );
    const filtered = textOf(
      (await t.agent().get(`/agencies/${xinyuanId}/columns/proactive?topic=${welfareId}`)).body,
    );
    assert.match(filtered, new RegExp(DIBAO));
    assert.doesNotMatch(filtered, /防汛应急预案/);

    // and back on
    await admin.get(`/admin/catalogue/topics/${welfareId}`);
    assert.equal(
      (await admin.post(`/admin/catalogue/topics/${welfareId}/active`, { active: '1' })).statusCode,
      303,
    );
    assert.match((await clerk.get('/admin/catalogue/new')).body, new RegExp(`<option value="${welfareId}"`));
    const actions = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'catalogue_topic')
      .where('entity_id', '=', String(welfareId))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      actions.map((a) => a.action),
      ['update', 'disable', 'enable'],
    );
  });

  it('adds a sub-topic, refusing empty and duplicate names', async () => {
    await admin.get(`/admin/catalogue/topics/${parentId}`);
    const dup = await admin.post('/admin/catalogue/topics', {
      parentId: String(parentId),
      name: '扶贫',
      from: 'topic',
    });
    assert.equal(dup.statusCode, 400);
    assert.match(textOf(dup.body), /该上级分类下已有“扶贫”/);
    const empty = await admin.post('/admin/catalogue/topics', { parentId: '', name: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(textOf(empty.body), /请填写分类名称/);
    const top = await admin.post('/admin/catalogue/topics', { parentId: '', name: '国防' });
    assert.match(textOf(top.body), /已有一级分类“国防”/);
    const ok = await admin.post('/admin/catalogue/topics', {
      parentId: String(parentId),
      name: '乡村振兴',
      from: 'topic',
    });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `/admin/catalogue/topics/${parentId}?saved=1`);
    assert.match((await clerk.get('/admin/catalogue/new')).body, /民政、扶贫、救灾\\乡村振兴/);
  });
});
