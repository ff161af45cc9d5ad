import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findAgencyByName } from '../../src/agencies/agency.repository.ts';
import { purgeExpiredUploads } from '../../src/applications/documents.service.ts';
import { CalendarProvider } from '../../src/calendar/calendar.repository.ts';
import { residentIdCheckChar } from '../../src/shared/identifiers.ts';
import { shownStep, walkToCheck } from '../support/apply-form.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

/** V4: anonymous uploads are bounded per client address and purged on a schedule, not only on the next upload. */
describe('anonymous uploads: a quota per address and a scheduled purge', () => {
  let t: TestContext;
  let agencyId: number;
  const uploadDir = mkdtempSync(join(tmpdir(), 'gk-quota-'));
  before(async () => {
    t = await startTestApp({ config: { UPLOAD_DIR: uploadDir, UPLOAD_QUOTA_MB: '1' } });
    agencyId = (await findAgencyByName(t.database.db, '宽城区欣园街道办事处'))!.id;
  });
  after(async () => {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  const id17 = '22010319900101301';
  const answers = {
    applicantType: 'naturalPerson',
    applicantName: '上传配额',
    idDocType: 'resident_id',
    idDocName: '',
    idDocNumber: `${id17}${residentIdCheckChar(id17)}`,
    creditCode: '',
    contactPerson: '',
    phone: '13811112222',
    email: '',
    address: '长春市宽城区配额路1号',
    postcode: '130051',
    request: '欣园街道2026年度社区养老服务中心建设项目的立项批复',
    purpose: '',
    formWanted: 'paper',
    delivery: 'post',
  };
  const photo = (kb: number) =>
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(kb * 1024 - 4, 0x41)]);
  const files = (kb: number) => [{ field: 'idFiles', name: '身份证.jpg', content: photo(kb) }];
  const stored = () =>
    existsSync(join(uploadDir, 'applications')) ? readdirSync(join(uploadDir, 'applications')).length : 0;

  it('refuses uploads past the quota from one address, never-submitted forms included; another address is not held up', async () => {
    const bot = t.agent();
    const first = await walkToCheck(t, bot, agencyId, answers, files(600));
    assert.equal(first.statusCode, 200, textOf(first.body).slice(0, 300));
    assert.match(textOf(first.body), /身份证明文件 身份证\.jpg（600 KB）/);
    // A second form from the same address, never submitted either: 600 + 600 KB passes the 1 MB quota.
    const second = await walkToCheck(t, bot, agencyId, answers, files(600));
    assert.equal(second.statusCode, 400);
    assert.equal(shownStep(second.body), 'files');
    assert.match(textOf(second.body), /24 小时内上传但尚未提交的文件已达 1 MB 的上限/);
    assert.equal(stored(), 1, 'the refused file was not kept');
    const citizen = t.agent();
    const ok = await walkToCheck(t, citizen, agencyId, answers, files(600));
    assert.equal(ok.statusCode, 200, 'another address uploads as usual');
    assert.match(textOf(ok.body), /身份证明文件 身份证\.jpg（600 KB）/);
    assert.equal(stored(), 2);
  });

  it('purges pending uploads older than 24 hours on schedule (gongkai purge-uploads), files included', async () => {
    const deps = {
      config: t.config,
      db: t.database.db,
      dialect: t.database.dialect,
      clock: t.clock,
      calendar: new CalendarProvider(),
    };
    assert.equal(await purgeExpiredUploads(deps, t.clock.now().toISOString()), 0, 'nothing is old yet');
    const later = new Date(t.clock.now().getTime() + 25 * 3600_000).toISOString();
    assert.equal(await purgeExpiredUploads(deps, later), 2);
    assert.equal(stored(), 0);
  });
});
