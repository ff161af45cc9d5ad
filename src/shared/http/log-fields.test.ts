import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestLogFields } from './log-fields.ts';

describe('request log fields', () => {
  it('never keep the query string: an ID number or a phone number searched for stays out of the log', () => {
    const line = JSON.stringify(
      requestLogFields({
        method: 'GET',
        url: '/search?q=220103197007079012&p=13912345678',
        id: 'r1',
        ip: '10.0.0.9',
      }),
    );
    assert.doesNotMatch(line, /220103197007079012|13912345678/);
    assert.match(line, /"url":"\/search\?…"/);
    assert.match(line, /"remoteAddress":"10.0.0.9"/);
    assert.equal(requestLogFields({ method: 'GET', url: '/healthz' }).url, '/healthz');
  });
});
