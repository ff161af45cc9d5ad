import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startUp } from '../../src/cli/start.ts';
import { DEV_SESSION_SECRET } from '../../src/config.ts';
import type { Io } from '../../src/shared/io.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/** C1: no installation signs cookies with a secret published in the source. */
describe('the cookie-signing secret', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.destroy());

  const io: Io = { stdout: () => {}, stderr: () => {} };
  const url = () =>
    database.target.kind === 'sqlite' ? `sqlite:${database.target.file}` : database.target.url;

  it('is made on first start when none is configured, and every server on the database gets the same one', async () => {
    const starts = await Promise.all(
      [1, 2].map(() => startUp(io, { NODE_ENV: 'development', DATABASE_URL: url(), LOG_LEVEL: 'silent' })),
    );
    const secrets: string[] = [];
    for (const s of starts) {
      assert.ok(typeof s !== 'number');
      secrets.push(s.deps.config.sessionSecret);
      await s.close();
    }
    assert.equal(secrets[0], secrets[1]);
    assert.ok((secrets[0] ?? '').length >= 60);
    assert.notEqual(secrets[0], DEV_SESSION_SECRET);
    const again = await startUp(io, { NODE_ENV: 'development', DATABASE_URL: url(), LOG_LEVEL: 'silent' });
    assert.ok(typeof again !== 'number');
    assert.equal(again.deps.config.sessionSecret, secrets[0], 'a restart keeps it (sessions survive)');
    await again.close();
  });

  it('a configured secret is used as it is; the published one is refused', async () => {
    const own = 'an-operator-chosen-secret-0123456789-abcdefghijkl';
    const s = await startUp(io, { DATABASE_URL: url(), SESSION_SECRET: own, LOG_LEVEL: 'silent' });
    assert.ok(typeof s !== 'number');
    assert.equal(s.deps.config.sessionSecret, own);
    await s.close();
    const errors: string[] = [];
    const refused = await startUp(
      { stdout: () => {}, stderr: (m: string) => errors.push(m) },
      {
        DATABASE_URL: url(),
        SESSION_SECRET: DEV_SESSION_SECRET,
      },
    );
    assert.equal(refused, 1);
    assert.match(errors.join('\n'), /公开过的示例值/);
  });
});
