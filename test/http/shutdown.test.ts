/**
 * Graceful shutdown of a real `gongkai serve` process (decision 012): SIGTERM → /readyz 503 at once,
 * requests still served during the grace, exit 0; a second signal exits 1 at once. Runs in the SQLite
 * pass (the PostgreSQL pass has test/http/multiserver.test.ts, which stops a server under load).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { request, startApp, tempFolder } from '../support/cluster.ts';
import { testDialect } from '../support/test-db.ts';

describe('graceful shutdown of the server process', {
  skip:
    testDialect() === 'postgres'
      ? 'runs in the SQLite pass; multiserver.test.ts stops servers on PostgreSQL'
      : false,
}, () => {
  const work = tempFolder('gk-shutdown-');
  const env = (name: string) => ({
    DATABASE_URL: `sqlite:${work.dir}/${name}.db`,
    NODE_ENV: 'test',
    GONGKAI_DEMO: 'false',
    UPLOAD_DIR: `${work.dir}/uploads`,
    SESSION_SECRET: 'shutdown-test-secret-0123456789-abcdefghijkl',
  });
  after(() => work.remove());

  it('SIGTERM: not ready at once, still serving during the grace, then exit 0', async () => {
    const app = await startApp(env('one'));
    app.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const ready = await request({ port: app.port, path: '/readyz' });
    assert.equal(ready.status, 503);
    assert.equal(JSON.parse(ready.body).reason, 'shutting_down');
    assert.equal(ready.headers.connection, 'close', 'each response closes its connection while stopping');
    assert.equal((await request({ port: app.port, path: '/healthz' })).status, 200);
    assert.equal(await app.exited, 0, app.output());
    assert.match(app.output(), /Gongkai 已停止/);
  });

  it('a second signal exits 1 at once', async () => {
    const app = await startApp(env('two'));
    app.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    app.child.kill('SIGTERM');
    assert.equal(await app.exited, 1, app.output());
    assert.match(app.output(), /再次收到 SIGTERM/);
  });
});
