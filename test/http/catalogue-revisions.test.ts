import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

const DIBAO = '欣园街道城乡居民最低生活保障审核确认实施办法';
const FLOOD = '欣园街道防汛应急预案（2026年修订）';

describe('revising published catalogue items in place', () => {
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

  const row = (title: string) =>
    t.database.db
      .selectFrom('catalogue_items')
      .selectAll()
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
  const rowById = (id: number) =>
    t.database.db.selectFrom('catalogue_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** The revision form as the clerk would send it: the item's current values, some changed. */
  function formOf(r: Awaited<ReturnType<typeof row>>, over: Record<string, string>) {
    return {
      note: '',
      title: r.title,
      description: r.description ?? '',
      basis: r.basis,
      topicId: r.topic_id ? String(r.topic_id) : '',
      genre: r.genre,
      publisher: r.publisher,
      docNumber: r.doc_number ?? '',
      keywords: r.keywords ?? '',
      writtenOn: r.written_on ?? '',
      validity: r.validity ?? '',
      validityOn: r.validity_on ?? '',
      disclosureMethod: r.disclosure_method,
      bodyHtml: r.body_html,
      interpretsId: r.interprets_id ? String(r.interprets_id) : '',
      interpreter: r.interpreter ?? '',
      interpretationForm: r.interpretation_form ?? '',
      ...over,
    };
  }

  const search = async (q: string) =>
    textOf((await t.agent().get(`/search?q=${encodeURIComponent(q)}`)).body);

  it('keeps the published text public while a revision is reviewed, then publishes it with the same 索引号', async () => {
    const before = await row(DIBAO);
    const id = before.id;
    const page = await clerk.get(`/admin/catalogue/items/${id}`);
    assert.match(page.body, new RegExp(`href="/admin/catalogue/items/${id}/revise"[^>]*>修改</a>`));
    const form = await clerk.get(`/admin/catalogue/items/${id}/revise`);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /修改说明/);
    assert.match(form.body, new RegExp(`value="${DIBAO}"`));
    assert.doesNotMatch(form.body, /name="formedOn"/); // no new formation date for an edit

    const sent = await clerk.post(
      `/admin/catalogue/items/${id}/revise`,
      formOf(before, {
        note: '增加蒲公英帮办服务，删去民主评议环节',
        description: '明确低保申请受理、入户调查、公示和审核确认的程序与时限，新增蒲公英帮办服务。',
        bodyHtml: `${before.body_html}<p>第三条 行动不便的申请人可预约蒲公英帮办上门服务。</p>`,
      }),
    );
    assert.equal(sent.statusCode, 303, textOf(sent.body).slice(0, 600));
    assert.match(sent.headers.location as string, /revised=1/);

    // pending: the public page, the search and the row still show the published version
    const pending = await rowById(id);
    assert.equal(pending.version, before.version);
    assert.equal(pending.description, before.description);
    const publicPage = textOf((await t.agent().get(`/agencies/${xinyuanId}/items/${id}`)).body);
    assert.match(publicPage, /民主评议/);
    assert.doesNotMatch(publicPage, /蒲公英帮办/);
    assert.doesNotMatch(publicPage, /更新日期/);
    assert.match(await search('蒲公英帮办'), /找到 0 条结果/);
    assert.match(textOf((await reviewer.get('/admin')).body), /已发布信息的修改待审核 1 条/);
    assert.match(
      textOf((await reviewer.get('/admin/catalogue?status=published')).body),
      new RegExp(`${DIBAO} 行政规范性文件 \\S+ 已发布 修改待审核`),
    );
    const admin = textOf((await reviewer.get(`/admin/catalogue/items/${id}`)).body);
    assert.match(admin, /待审核的修改/);
    assert.match(admin, /修改说明：增加蒲公英帮办服务/);
    assert.match(admin, /内容概述 明确低保申请受理、入户调查、民主评议/);
    assert.match(admin, /正文 第一条/);

    // a clerk cannot approve (保密审查 is the reviewer's: 谁发布，谁负责)
    const revision = await t.database.db
      .selectFrom('catalogue_revisions')
      .selectAll()
      .where('item_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(revision.status, 'review');
    await clerk.get(`/admin/catalogue/items/${id}`);
    const forbidden = await clerk.post(`/admin/catalogue/items/${id}/revision/approve`, {
      revisionId: String(revision.id),
      revisionSecrecyNote: '同意',
    });
    assert.equal(forbidden.statusCode, 403);
    // no 保密审查 意见, no publishing
    await reviewer.get(`/admin/catalogue/items/${id}`);
    const missing = await reviewer.post(`/admin/catalogue/items/${id}/revision/approve`, {
      revisionId: String(revision.id),
      revisionSecrecyNote: ' ',
    });
    assert.equal(missing.statusCode, 400);
    assert.match(textOf(missing.body), /请填写保密审查意见/);
    assert.equal((await rowById(id)).version, before.version);

    const ok = await reviewer.post(`/admin/catalogue/items/${id}/revision/approve`, {
      revisionId: String(revision.id),
      revisionSecrecyNote: '修改内容不涉密，同意发布',
    });
    assert.equal(ok.statusCode, 303, textOf(ok.body).slice(0, 600));
    const afterRow = await rowById(id);
    assert.equal(afterRow.status, 'published');
    assert.equal(afterRow.index_no, before.index_no);
    assert.equal(afterRow.published_on, '2026-03-06');
    assert.equal(afterRow.revised_on, '2026-11-25');
    assert.equal(afterRow.publish_due, before.publish_due); // no new Art. 26 deadline
    assert.equal(afterRow.formed_on, before.formed_on);
    assert.equal(afterRow.version, before.version + 1);
    assert.match(afterRow.body_html, /蒲公英帮办/);

    const shown = await t.agent().get(`/agencies/${xinyuanId}/items/${id}`);
    const text = textOf(shown.body);
    assert.match(text, /蒲公英帮办/);
    assert.match(text, /发布日期 2026年3月6日/);
    assert.match(text, /更新日期 2026年11月25日/);
    assert.match(text, new RegExp(`索引号 ${before.index_no}`));
    // the interpretation keeps its link both ways
    assert.match(text, /政策解读 《欣园街道城乡居民最低生活保障审核确认实施办法》政策解读/);
    const interp = await row('《欣园街道城乡居民最低生活保障审核确认实施办法》政策解读');
    assert.equal(interp.interprets_id, id);
    const interpPage = textOf((await t.agent().get(`/agencies/${xinyuanId}/items/${interp.id}`)).body);
    assert.match(interpPage, new RegExp(`相关政策文件 ${DIBAO}`));

    // search: the new words are found, the removed ones are not
    assert.match(await search('蒲公英帮办'), /找到 1 条结果/);
    assert.match(await search('民主评议'), /找到 0 条结果/);

    // staff see every version with what changed, and the revision record
    const history = textOf((await clerk.get(`/admin/catalogue/items/${id}`)).body);
    assert.match(
      history,
      /第 \d+ 版 已发布 修改：增加蒲公英帮办服务，删去民主评议环节（内容概述、正文）；保密审查：修改内容不涉密，同意发布 更新日期、内容概述、正文/,
    );
    assert.match(history, /修改记录/);
    assert.match(history, /已通过并发布（第 \d+ 版）/);
    const old = await clerk.get(`/admin/catalogue/items/${id}/versions/${before.version}`);
    assert.match(textOf(old.body), /民主评议/);

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('entity_type', '=', 'catalogue_item')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['revision-create', 'revision-approve'],
    );

    // feeds carry the update
    const rss = await t.agent().get(`/agencies/${xinyuanId}/feed.rss`);
    assert.match(rss.body, /<atom:updated>2026-11-25T02:00:00.000Z<\/atom:updated>/);
    assert.match(rss.body, /（2026-11-25 更新）/);
    const atom = await t.agent().get(`/agencies/${xinyuanId}/feed.atom`);
    assert.match(
      atom.body,
      /<title>欣园街道城乡居民最低生活保障审核确认实施办法<\/title>[\s\S]*?<updated>2026-11-25T02:00:00.000Z<\/updated>[\s\S]*?<published>2026-03-06/,
    );
  });

  it('leaves the published item unchanged when a revision is returned', async () => {
    const before = await row(FLOOD);
    await clerk.get(`/admin/catalogue/items/${before.id}/revise`);
    const sent = await clerk.post(
      `/admin/catalogue/items/${before.id}/revise`,
      formOf(before, { note: '更正标题', title: '欣园街道防汛抗旱应急预案（2026年修订）' }),
    );
    assert.equal(sent.statusCode, 303);
    const rev = await t.database.db
      .selectFrom('catalogue_revisions')
      .selectAll()
      .where('item_id', '=', before.id)
      .where('status', '=', 'review')
      .executeTakeFirstOrThrow();
    await reviewer.get(`/admin/catalogue/items/${before.id}`);
    const noReason = await reviewer.post(`/admin/catalogue/items/${before.id}/revision/reject`, {
      revisionId: String(rev.id),
      revisionComment: '',
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(textOf(noReason.body), /请填写退回的理由/);
    const stale = await reviewer.post(`/admin/catalogue/items/${before.id}/revision/reject`, {
      revisionId: String(rev.id + 1000),
      revisionComment: '不同意',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(textOf(stale.body), /待审核的修改已经变化/);
    const rejected = await reviewer.post(`/admin/catalogue/items/${before.id}/revision/reject`, {
      revisionId: String(rev.id),
      revisionComment: '抗旱内容尚未审定',
    });
    assert.equal(rejected.statusCode, 303);
    const afterRow = await rowById(before.id);
    assert.equal(afterRow.title, FLOOD);
    assert.equal(afterRow.version, before.version);
    assert.equal(afterRow.revised_on, null);
    assert.equal(afterRow.updated_at, before.updated_at);
    const publicText = textOf((await t.agent().get(`/agencies/${xinyuanId}/items/${before.id}`)).body);
    assert.match(publicText, /防汛应急预案/);
    assert.doesNotMatch(publicText, /防汛抗旱|更新日期/);
    assert.match(await search('防汛抗旱'), /找到 0 条结果/);
    const again = await clerk.get(`/admin/catalogue/items/${before.id}/revise`);
    assert.match(textOf(again.body), /上一次修改已被退回（.*）：抗旱内容尚未审定/);
    const item = textOf((await clerk.get(`/admin/catalogue/items/${before.id}`)).body);
    assert.match(item, /已退回，.*：抗旱内容尚未审定/);
    assert.doesNotMatch(item, /待审核的修改/);
  });

  it('refuses a revision without a note or without any change, keeping what was typed', async () => {
    const r = await row('欣园街道办事处2026年部门预算公开');
    await clerk.get(`/admin/catalogue/items/${r.id}/revise`);
    const noNote = await clerk.post(
      `/admin/catalogue/items/${r.id}/revise`,
      formOf(r, { keywords: '预算 三公经费' }),
    );
    assert.equal(noNote.statusCode, 400);
    assert.match(noNote.body, /<title>错误：/);
    assert.match(textOf(noNote.body), /请填写修改说明/);
    assert.match(noNote.body, /value="预算 三公经费"/);
    const same = await clerk.post(`/admin/catalogue/items/${r.id}/revise`, formOf(r, { note: '核对' }));
    assert.equal(same.statusCode, 400);
    assert.match(textOf(same.body), /没有任何修改/);
    const badTitle = await clerk.post(
      `/admin/catalogue/items/${r.id}/revise`,
      formOf(r, { note: 'x', title: '' }),
    );
    assert.equal(badTitle.statusCode, 400);
    assert.match(textOf(badTitle.body), /请填写名称/);
    assert.equal(
      (
        await t.database.db
          .selectFrom('catalogue_revisions')
          .select('id')
          .where('item_id', '=', r.id)
          .execute()
      ).length,
      0,
    );
    // a second submission while one is under review updates it (one revision under review at a time)
    for (const kw of ['预算', '预算 公开']) {
      const ok = await clerk.post(
        `/admin/catalogue/items/${r.id}/revise`,
        formOf(r, { note: '补充关键词', keywords: kw }),
      );
      assert.equal(ok.statusCode, 303);
    }
    const revs = await t.database.db
      .selectFrom('catalogue_revisions')
      .selectAll()
      .where('item_id', '=', r.id)
      .execute();
    assert.equal(revs.length, 1);
    assert.match(revs[0]!.proposed_json, /"keywords":"预算 公开"/);
    // the clerk can withdraw it; nothing was published
    await clerk.get(`/admin/catalogue/items/${r.id}`);
    const cancelled = await clerk.post(`/admin/catalogue/items/${r.id}/revision/cancel`, {
      revisionId: String(revs[0]!.id),
    });
    assert.equal(cancelled.statusCode, 303);
    const final = await rowById(r.id);
    assert.equal(final.keywords, r.keywords);
    assert.equal(final.version, r.version);
  });

  it('cancels a pending revision when the item is withdrawn', async () => {
    const r = await row('欣园街道办事处政府信息公开工作制度');
    await clerk.get(`/admin/catalogue/items/${r.id}/revise`);
    assert.equal(
      (
        await clerk.post(
          `/admin/catalogue/items/${r.id}/revise`,
          formOf(r, { note: '改名', title: '欣园街道政务公开工作制度' }),
        )
      ).statusCode,
      303,
    );
    await reviewer.get(`/admin/catalogue/items/${r.id}`);
    assert.equal(
      (await reviewer.post(`/admin/catalogue/items/${r.id}/withdraw`, { withdrawnReason: '制度重新修订' }))
        .statusCode,
      303,
    );
    const rev = await t.database.db
      .selectFrom('catalogue_revisions')
      .select('status')
      .where('item_id', '=', r.id)
      .executeTakeFirstOrThrow();
    assert.equal(rev.status, 'cancelled');
    assert.equal((await rowById(r.id)).title, r.title);
  });
});
