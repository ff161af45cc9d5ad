import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixtureText } from '../../src/reports/fixtures.testing.ts';
import { startTestApp, type TestContext, textOf } from '../support/test-app.ts';

/** The checker page counts each distinct error once: the count it states equals the errors it lists. */
describe('report checker page: error count', () => {
  let t: TestContext;
  before(async () => {
    t = await startTestApp({ demo: false });
  });
  after(async () => t.close());

  const listed = (html: string, tag: '错误' | '提醒') =>
    [
      ...html.matchAll(
        /<li id="finding-[^"]+"><strong class="gk-tag gk-tag--(red|yellow)">([^<]+)<\/strong>/g,
      ),
    ].filter((m) => m[2] === tag).length;

  it('00.txt: the 三（七）总计 row printed as 0 while 61 were answered is one error, stated and listed once', async () => {
    const pub = t.agent();
    await pub.get('/tools/report-checker');
    const res = await pub.post('/tools/report-checker', { text: fixtureText('00') });
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /结论 发现 1 项错误/);
    assert.match(text, /共发现错误 1 项，提醒 10 项。/);
    assert.equal(listed(res.body, '错误'), 1);
    assert.equal(listed(res.body, '提醒'), 10, 'one reading warning and nine on the outline');
    // The one error names both cells the correction changes.
    assert.match(text, /三（七）总计·自然人最可能填错：表中为0，应为61（同时三（七）总计·总计改为61）/);
    assert.match(text, /同一处错误也涉及三（七）总计·总计/);
  });

  it('the count stated equals the errors listed on every sample report', async () => {
    const pub = t.agent();
    await pub.get('/tools/report-checker');
    // 01: thirteen separate errors; 07: one joint correction of two cells; 12: two separate errors.
    for (const [name, expected] of [
      ['01', 13],
      ['07', 1],
      ['12', 2],
    ] as const) {
      const res = await pub.post('/tools/report-checker', { text: fixtureText(name) });
      const text = textOf(res.body);
      assert.match(text, new RegExp(`结论 发现 ${expected} 项错误`), name);
      assert.match(text, new RegExp(`共发现错误 ${expected} 项`), name);
      assert.equal(listed(res.body, '错误'), expected, name);
    }
  });
});
