import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestContext } from '../support/test-app.ts';

describe('reply letters as PDF', () => {
  let t: TestContext;
  const dir = mkdtempSync(join(tmpdir(), 'gk-letter-'));
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints an approved letter in Chromium, with its text extractable', async () => {
    const letter = await t.database.db
      .selectFrom('application_letters')
      .innerJoin('applications', 'applications.id', 'application_letters.application_id')
      .select([
        'application_letters.id as id',
        'application_letters.application_id as appId',
        'application_letters.title as title',
      ])
      .where('application_letters.status', '=', 'sent')
      .orderBy('application_letters.id')
      .executeTakeFirstOrThrow();
    const a = t.agent();
    await a.login('demo-clerk');
    const page = await a.get(`/admin/applications/${letter.appId}/letters/${letter.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`/admin/applications/${letter.appId}/letters/${letter.id}/pdf`));
    const res = await t.app.inject({
      method: 'GET',
      url: `/admin/applications/${letter.appId}/letters/${letter.id}/pdf`,
      headers: { cookie: `gk_session=${a.cookie('gk_session')}` },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(text.includes(letter.title.replace(/\s+/g, '')), 'the title is in the PDF text');
    assert.match(text, /政府信息公开/);
  });

  it('is only for staff of the handling agency’s scope', async () => {
    const letter = await t.database.db
      .selectFrom('application_letters')
      .select(['id', 'application_id'])
      .executeTakeFirstOrThrow();
    const res = await t.agent().get(`/admin/applications/${letter.application_id}/letters/${letter.id}/pdf`);
    assert.equal(res.statusCode, 303, 'anonymous visitors are sent to the login page');
  });
});
