import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/accounts/api-token.service.ts';
import { createUser } from '../../src/accounts/user.service.ts';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { FORM_EVENT_TYPES } from '../../src/applications/event-forms.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.repository.ts';
import { finishSurveyIfComplete, insertSurvey } from '../../src/reports/survey/survey.repository.ts';
import {
  ACTOR_ROLES,
  ACTORS,
  type Actor,
  answers,
  type Expect,
  expectedAnswer,
  ROUTE_TABLE,
} from '../support/route-matrix.ts';
import { type Agent, startTestApp, type TestContext } from '../support/test-app.ts';

/** A route param for which the demo has no object. */
const NONE = 999_999;
const OTHER_PASSWORD = 'Tuanshan-Matrix-2026';

/**
 * Every route × every role × (for routes with an object) a caller of another agency: the answer must be
 * the one the route declares. Built from the app's own route table (`app.declaredRoutes`).
 */
describe('route × role × agency matrix', () => {
  let t: TestContext;
  const agents = new Map<Actor, Agent>();
  const params: Record<string, string | number> = {};

  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    const now = t.clock.now().toISOString();
    const xinyuan = await findAgencyByName(db, '宽城区欣园街道办事处');
    const tuanshan = await findAgencyByName(db, '宽城区团山街道办事处');
    const finance = await findAgencyByName(db, '长春市宽城区财政局');
    assert.ok(xinyuan && tuanshan && finance);
    const others = [
      ['otherClerk', 'tuanshan-clerk', 'clerk', tuanshan.id],
      ['otherReviewer', 'tuanshan-reviewer', 'reviewer', tuanshan.id],
      ['otherSupervisor', 'finance-supervisor', 'supervisor', finance.id],
    ] as const;
    for (const [actor, login, role, agencyId] of others) {
      assert.equal(ACTOR_ROLES[actor].role, role);
      await createUser(
        db,
        SYSTEM_ACTOR,
        { login, displayName: login, role, agencyId, email: null, password: OTHER_PASSWORD },
        now,
      );
    }
    // 欣园's objects, from the demo data (the reviewer's token made here).
    const letter = await db
      .selectFrom('application_letters')
      .innerJoin('applications', 'applications.id', 'application_letters.application_id')
      .select(['application_letters.id', 'application_letters.application_id'])
      .where('applications.agency_id', '=', xinyuan.id)
      .orderBy('application_letters.id')
      .executeTakeFirstOrThrow();
    const item = await db
      .selectFrom('catalogue_items')
      .select('id')
      .where('agency_id', '=', xinyuan.id)
      .where('status', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const message = await db
      .selectFrom('catalogue_messages')
      .select('id')
      .where('agency_id', '=', xinyuan.id)
      .executeTakeFirstOrThrow();
    const place = await db
      .selectFrom('reading_places')
      .select('id')
      .where('agency_id', '=', xinyuan.id)
      .executeTakeFirstOrThrow();
    const report = await db
      .selectFrom('annual_reports')
      .select('year')
      .where('agency_id', '=', xinyuan.id)
      .executeTakeFirstOrThrow();
    const clerk = await db
      .selectFrom('users')
      .select('id')
      .where('login', '=', 'demo-clerk')
      .executeTakeFirstOrThrow();
    const topic = await db
      .selectFrom('catalogue_topics')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const token = await createApiToken(db, 'demo-reviewer', '矩阵', now);
    // A finished survey of 宽城区 (its supervisor's), with no addresses: nothing is fetched.
    const kuancheng = await findAgencyByName(db, '长春市宽城区人民政府');
    assert.ok(kuancheng);
    const surveyId = await insertSurvey(
      db,
      { agencyId: kuancheng.id, title: '矩阵', year: null, createdBy: clerk.id, items: [] },
      now,
    );
    await finishSurveyIfComplete(db, surveyId, now);
    assert.ok(token.ok);
    Object.assign(params, {
      agencyId: xinyuan.id,
      applicationId: letter.application_id,
      letterId: letter.id,
      eventType: FORM_EVENT_TYPES[0] ?? 'extension',
      itemId: item.id,
      version: 1,
      page: 1,
      messageId: message.id,
      placeId: place.id,
      userId: clerk.id,
      topicId: topic.id,
      tokenId: token.id,
      surveyId,
      year: report.year,
      output: 'json',
      action: 'approve',
      column: 'proactive',
      uploadId: NONE,
      attachmentId: NONE,
      caseId: NONE,
      documentId: NONE,
      mailId: NONE,
      findingId: NONE,
    });
    const logins: Partial<Record<Actor, [string, string?]>> = {
      clerk: ['demo-clerk'],
      reviewer: ['demo-reviewer'],
      supervisor: ['demo-supervisor'],
      admin: ['demo-admin'],
      otherClerk: ['tuanshan-clerk', OTHER_PASSWORD],
      otherReviewer: ['tuanshan-reviewer', OTHER_PASSWORD],
      otherSupervisor: ['finance-supervisor', OTHER_PASSWORD],
    };
    for (const actor of ACTORS) {
      const agent = t.agent();
      const login = logins[actor];
      if (login) await agent.login(...login);
      else await agent.get('/admin/login');
      agents.set(actor, agent);
    }
  });
  after(async () => t.close());

  it('every route has an entry in the expectation table, and every entry a route', () => {
    const keys = new Set(t.app.declaredRoutes.map((r) => `${r.method} ${r.url}`));
    const missing = [...keys].filter((k) => !(k in ROUTE_TABLE));
    assert.deepEqual(
      missing,
      [],
      `routes without an entry in test/support/route-matrix.ts (add one with its expected answers): ${missing.join(', ')}`,
    );
    const stale = Object.keys(ROUTE_TABLE).filter((k) => !keys.has(k));
    assert.deepEqual(stale, [], `entries for routes that no longer exist: ${stale.join(', ')}`);
  });

  it('every route answers every caller as declared', async (ctx) => {
    const routes = [...new Map(t.app.declaredRoutes.map((r) => [`${r.method} ${r.url}`, r])).values()];
    const cases: {
      key: string;
      url: string;
      method: string;
      actor: Actor;
      expect: Expect;
      removes: boolean;
    }[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const entry = ROUTE_TABLE[key];
      if (!entry) continue; // reported by the test above
      const url = r.url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
        const v = params[name];
        if (v === undefined)
          throw new Error(`no value for the parameter :${name} of ${key} (add it to params)`);
        return encodeURIComponent(String(v));
      });
      let allowedOnce = false;
      for (const actor of ACTORS) {
        if (entry.anonymousOnly && actor !== 'anonymous') continue;
        const expect = expectedAnswer(r.access, entry, actor);
        if (entry.heavy && expect === 'allowed') {
          if (allowedOnce) continue;
          allowedOnce = true;
        }
        cases.push({ key, url, method: r.method, actor, expect, removes: entry.removes ?? false });
      }
    }
    // Refusals first (they change nothing), then reads, then writes (which may change what follows).
    const order = (c: (typeof cases)[number]) =>
      (['login', 'denied', 'hidden', 'absent'].includes(c.expect) ? 0 : c.method === 'GET' ? 1 : 2) * 10 +
      (c.removes ? 1 : 0);
    cases.sort((a, b) => order(a) - order(b));
    const failures: string[] = [];
    const timing: [number, string][] = [];
    for (const c of cases) {
      const agent = agents.get(c.actor) as Agent;
      const t0 = performance.now();
      const res = c.method === 'GET' ? await agent.get(c.url) : await agent.post(c.url, {});
      const ms = performance.now() - t0;
      if (process.env.MATRIX_TIMES) timing.push([ms, `${c.key} ${c.actor} ${res.statusCode}`]);
      const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
      if (!answers(c.expect, res.statusCode, location, c.removes))
        failures.push(
          `${c.key} as ${c.actor}: expected ${c.expect}, got ${res.statusCode}${location ? ` → ${location}` : ''}`,
        );
    }
    if (process.env.MATRIX_TIMES) {
      const byRoute = new Map<string, number>();
      for (const [ms, k] of timing)
        byRoute.set(
          k.split(' ').slice(0, 2).join(' '),
          (byRoute.get(k.split(' ').slice(0, 2).join(' ')) ?? 0) + ms,
        );
      console.log(
        [...byRoute]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 25)
          .map(([k, ms]) => `${Math.round(ms)} ${k}`)
          .join('\n'),
      );
    }
    const actorsPerRoute = ACTORS.length;
    ctx.diagnostic(
      `matrix: ${routes.length} routes × ${actorsPerRoute} callers (anonymous, 4 roles, 3 of other agencies) = ${cases.length} cases; ${failures.length} failed`,
    );
    console.log(
      `route × role × agency matrix: ${routes.length} routes × ${actorsPerRoute} callers = ${cases.length} cases`,
    );
    assert.deepEqual(failures, []);
  });
});
