import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

describe('managing agencies and accounts, with the audit log', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  const validForm = (over: Record<string, string> = {}) => ({
    name: '宽城区东广场街道办事处',
    shortName: '东广场街道',
    parentId: '',
    level: 'township',
    kind: 'dispatched',
    creditCode: '',
    orgCode: '41273589-4',
    officeName: '东广场街道党政综合办公室',
    officeAddress: '长春市宽城区',
    officeHours: '工作日 8:30—17:00',
    officePhone: '0431-80000021',
    officeFax: '',
    officeEmail: 'dgc@example.gov.cn',
    officePostcode: '130051',
    website: '',
    sortOrder: '3',
    ...over,
  });

  it('rejects a bad agency form with every problem listed and the answers kept', async () => {
    const s = t.agent();
    await s.login('demo-admin');
    await s.get('/admin/agencies/new');
    const res = await s.post(
      '/admin/agencies/new',
      validForm({
        name: '',
        orgCode: '12345678-0',
        officeEmail: 'not-an-email',
        officePostcode: '13005',
        level: '',
      }),
    );
    assert.equal(res.statusCode, 400);
    const text = textOf(res.body);
    assert.match(res.body, /<title>错误：/);
    assert.match(text, /存在以下问题/);
    assert.match(text, /请填写机构全称/);
    assert.match(text, /请选择行政层级/);
    assert.match(text, /组织机构代码/);
    assert.match(text, /电子邮箱格式不正确/);
    assert.match(text, /邮政编码应为 6 位数字/);
    assert.match(res.body, /value="not-an-email"/);
    assert.match(res.body, /value="东广场街道党政综合办公室"/);
  });

  it('creates an agency under a parent and records it in the audit log', async () => {
    const s = t.agent();
    await s.login('demo-admin');
    const parent = await findAgencyByName(t.database.db, '长春市宽城区人民政府');
    await s.get('/admin/agencies/new');
    const orgCode = '41273589';
    // compute a valid check character the same way the form validates it
    const { organizationCodeCheckChar } = await import('../../src/shared/identifiers.ts');
    const res = await s.post(
      '/admin/agencies/new',
      validForm({
        parentId: String(parent!.id),
        orgCode: `${orgCode}-${organizationCodeCheckChar(orgCode)}`,
      }),
    );
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 500));
    const created = await findAgencyByName(t.database.db, '宽城区东广场街道办事处');
    assert.ok(created);
    assert.equal(created.parentId, parent!.id);
    assert.equal(created.path, `${parent!.path}${created.id}/`);
    assert.equal(created.orgCode, `${orgCode}${organizationCodeCheckChar(orgCode)}`);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'agency')
      .where('entity_id', '=', String(created.id))
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'create');
    assert.equal(audit[0]!.user_login, 'demo-admin');
    assert.ok(JSON.parse(audit[0]!.after_json!).name === '宽城区东广场街道办事处');
    // The supervisor of 宽城区 now sees it too.
    const sup = t.agent();
    await sup.login('demo-supervisor');
    assert.ok(textOf((await sup.get('/admin/agencies')).body).includes('宽城区东广场街道办事处'));
  });

  it('refuses a duplicate name and a second agency with the same credit code', async () => {
    const s = t.agent();
    await s.login('demo-admin');
    await s.get('/admin/agencies/new');
    const xinyuan = await findAgencyByName(t.database.db, '宽城区欣园街道办事处');
    const res = await s.post(
      '/admin/agencies/new',
      validForm({ name: '宽城区欣园街道办事处', orgCode: '', creditCode: xinyuan!.creditCode! }),
    );
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /已存在名为“宽城区欣园街道办事处”的机构/);
    assert.match(textOf(res.body), /该统一社会信用代码已被其他机构使用/);
  });

  it('lets the reviewer edit its agency, with before and after in the audit log', async () => {
    const s = t.agent();
    await s.login('demo-reviewer');
    const xinyuan = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    const page = await s.get(`/admin/agencies/${xinyuan.id}/edit`);
    assert.equal(page.statusCode, 200);
    const values = Object.fromEntries(
      [...page.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [
        m[1]!,
        m[2]!.replace(/&amp;/g, '&'),
      ]),
    );
    const res = await s.post(`/admin/agencies/${xinyuan.id}/edit`, {
      ...validForm(),
      ...values,
      name: xinyuan.name,
      parentId: String(xinyuan.parentId),
      level: xinyuan.level,
      kind: xinyuan.kind,
      creditCode: xinyuan.creditCode ?? '',
      orgCode: xinyuan.orgCode ?? '',
      officePhone: '0431-89999999',
    });
    assert.equal(res.statusCode, 303, textOf(res.body).slice(0, 600));
    const updated = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    assert.equal(updated.office.phone, '0431-89999999');
    const entry = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'update')
      .where('entity_id', '=', String(xinyuan.id))
      .executeTakeFirst();
    assert.ok(entry);
    assert.equal(JSON.parse(entry.before_json!).office.phone, '0431-80000011');
    assert.equal(JSON.parse(entry.after_json!).office.phone, '0431-89999999');
    // The reviewer cannot move its agency elsewhere in the tree.
    const moved = await s.post(`/admin/agencies/${xinyuan.id}/edit`, {
      ...validForm(),
      name: xinyuan.name,
      parentId: '1',
      orgCode: xinyuan.orgCode ?? '',
      creditCode: xinyuan.creditCode ?? '',
    });
    assert.equal(moved.statusCode, 400);
    assert.match(textOf(moved.body), /不能调整上级机构/);
  });

  it('refuses to move an agency under its own descendant', async () => {
    const s = t.agent();
    await s.login('demo-admin');
    const kc = (await findAgencyByName(t.database.db, '长春市宽城区人民政府'))!;
    const xy = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    await s.get(`/admin/agencies/${kc.id}/edit`);
    const res = await s.post(`/admin/agencies/${kc.id}/edit`, {
      ...validForm(),
      name: kc.name,
      parentId: String(xy.id),
      level: 'county',
      kind: 'government',
      orgCode: kc.orgCode ?? '',
      creditCode: kc.creditCode ?? '',
    });
    assert.equal(res.statusCode, 400);
    assert.match(textOf(res.body), /上级机构不能是本机构或其下属机构/);
  });

  it('adds and removes reading places (条例第二十五条)', async () => {
    const s = t.agent();
    await s.login('demo-reviewer');
    const xy = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    await s.get(`/admin/agencies/${xy.id}`);
    const bad = await s.post(`/admin/agencies/${xy.id}/reading-places`, {
      placeName: '',
      placeAddress: '',
      placeHours: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /请填写查阅场所名称/);
    const ok = await s.post(`/admin/agencies/${xy.id}/reading-places`, {
      placeName: '社区公开栏',
      placeAddress: '欣园社区',
      placeHours: '',
    });
    assert.equal(ok.statusCode, 303);
    const place = await t.database.db
      .selectFrom('reading_places')
      .selectAll()
      .where('name', '=', '社区公开栏')
      .executeTakeFirstOrThrow();
    await s.get(`/admin/agencies/${xy.id}`);
    const del = await s.post(`/admin/agencies/${xy.id}/reading-places/${place.id}/delete`, {});
    assert.equal(del.statusCode, 303);
    assert.equal(
      await t.database.db
        .selectFrom('reading_places')
        .select('id')
        .where('id', '=', place.id)
        .executeTakeFirst(),
      undefined,
    );
  });

  it('creates accounts, refusing weak passwords and duplicate names', async () => {
    const s = t.agent();
    await s.login('demo-admin');
    const xy = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    await s.get('/admin/users/new');
    const weak = await s.post('/admin/users/new', {
      login: 'clerk2',
      displayName: '王五',
      role: 'clerk',
      agencyId: String(xy.id),
      password: 'abc',
      active: '1',
    });
    assert.equal(weak.statusCode, 400);
    assert.match(textOf(weak.body), /密码至少 12 个字符/);
    const noAgency = await s.post('/admin/users/new', {
      login: 'clerk2',
      displayName: '王五',
      role: 'clerk',
      agencyId: '',
      password: 'Strong-Pass-99',
      active: '1',
    });
    assert.match(textOf(noAgency.body), /请选择所属机构/);
    const ok = await s.post('/admin/users/new', {
      login: 'clerk2',
      displayName: '王五',
      role: 'clerk',
      agencyId: String(xy.id),
      password: 'Strong-Pass-99',
      active: '1',
    });
    assert.equal(ok.statusCode, 303);
    const dup = await s.post('/admin/users/new', {
      login: 'clerk2',
      displayName: '王五',
      role: 'clerk',
      agencyId: String(xy.id),
      password: 'Strong-Pass-99',
      active: '1',
    });
    assert.match(textOf(dup.body), /用户名“clerk2”已被使用/);
    const c = t.agent();
    await c.login('clerk2', 'Strong-Pass-99');
  });

  it('shows the audit log filtered by agency, user and date', async () => {
    const s = t.agent();
    await s.login('demo-admin');
    const xy = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!;
    const byAgency = await s.get(`/admin/audit?agency=${xy.id}`);
    assert.equal(byAgency.statusCode, 200);
    assert.match(textOf(byAgency.body), /修改机构“宽城区欣园街道办事处”的信息/);
    const bad = await s.get('/admin/audit?from=2026-13-01');
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /开始日期格式应为/);
    const future = await s.get('/admin/audit?from=2030-01-01');
    assert.match(textOf(future.body), /共 0 条记录/);
    const today = await s.get('/admin/audit?from=2026-11-25&to=2026-11-25');
    assert.doesNotMatch(textOf(today.body), /共 0 条记录/);
  });

  it('keeps the audit log append-only in the database itself', async () => {
    await assert.rejects(sql`UPDATE audit_log SET summary = 'tampered'`.execute(t.database.db));
    await assert.rejects(sql`DELETE FROM audit_log`.execute(t.database.db));
  });
});
